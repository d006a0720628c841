/* ops/warning_svc.c — early warnings: the evaluation job, reads and acknowledgements (see warning_svc.h). */
#include "ops/warning_svc.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "core/admin.h"
#include "core/privacy.h"
#include "core/scope.h"
#include "base/str.h"
#include "insight/classify.h"
#include "insight/warning.h"
#include "ops/stats_store.h" /* GW_STATS_TZ_OFFSET_MS: the local calendar */

const gw_ears_params GW_WARNING_EARS = { 3.0, 0.5, 3 };

/* ---- rises ---- */

typedef struct {
    char area[128];
    int64_t category_id, day, count;
} agg_row;

typedef struct {
    agg_row *rows;
    size_t n, cap;
    gw_err err;
} agg;

static void on_daycount(const char *path, int64_t category_id, int64_t day, int64_t count, void *arg)
{
    agg *a = arg;
    if (a->err) return;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        agg_row *r = realloc(a->rows, cap * sizeof *r);
        if (!r) { a->err = GW_E_NOMEM; return; }
        a->rows = r;
        a->cap = cap;
    }
    agg_row *r = &a->rows[a->n];
    if (gw_area_of(path, GW_WARNING_AREA_DEPTH, r->area, sizeof r->area)) return; /* not under a division */
    r->category_id = category_id;
    r->day = day;
    r->count = count;
    a->n++;
}

static int cmp_agg(const void *x, const void *y)
{
    const agg_row *a = x, *b = y;
    int c = strcmp(a->area, b->area);
    if (c) return c;
    if (a->category_id != b->category_id) return a->category_id < b->category_id ? -1 : 1;
    return (a->day > b->day) - (a->day < b->day);
}

typedef struct {
    gw_db *tx;
    int64_t now;
    int raised;
    gw_err err;
} rise_ctx;

static void on_rise(const gw_rise *r, void *arg)
{
    rise_ctx *c = arg;
    if (c->err) return;
    gw_warning_row w;
    memset(&w, 0, sizeof w);
    w.kind = GW_WK_RISE;
    snprintf(w.wkey, sizeof w.wkey, "rise:%s:%lld:%lld", r->area, (long long)r->category_id, (long long)r->day);
    snprintf(w.area_path, sizeof w.area_path, "%s", r->area);
    w.category_id = r->category_id;
    w.day_ms = r->day * GW_MS_PER_DAY - GW_STATS_TZ_OFFSET_MS;
    w.count = (int64_t)r->ears.value;
    w.baseline = r->ears.mean;
    w.score = r->ears.c2;
    w.updated_ms = c->now;
    c->err = gw_store_warning_rise_tickets(c->tx, r->area, r->category_id, w.day_ms, w.day_ms + GW_MS_PER_DAY,
                                           w.evidence, GW_WARNING_EVIDENCE_MAX, &w.nevidence);
    if (!c->err) c->err = gw_store_warning_upsert(c->tx, &w);
    if (!c->err) c->raised++;
}

gw_err gw_warning_series_load(gw_db *db, int64_t first_day, int64_t last_day, gw_warning_series *out)
{
    memset(out, 0, sizeof *out);
    int64_t from = (first_day - (GW_EARS_DAYS - 1)) * GW_MS_PER_DAY - GW_STATS_TZ_OFFSET_MS;
    int64_t to = (last_day + 1) * GW_MS_PER_DAY - GW_STATS_TZ_OFFSET_MS;
    agg a = { NULL, 0, 0, GW_OK };
    gw_err e = gw_store_warning_daycounts(db, from, to, GW_STATS_TZ_OFFSET_MS, on_daycount, &a);
    if (!e) e = a.err;
    out->owner = a.rows;
    out->rows = e ? NULL : malloc((a.n ? a.n : 1) * sizeof *out->rows);
    if (!e && !out->rows) e = GW_E_NOMEM;
    if (e) { gw_warning_series_free(out); return e; }
    if (a.n) qsort(a.rows, a.n, sizeof *a.rows, cmp_agg);
    for (size_t i = 0; i < a.n; i++) { /* grids of one area: one row per (area, category, day) */
        gw_daycount *r = out->rows;
        if (out->n && !cmp_agg(&a.rows[i], &a.rows[i - 1])) { r[out->n - 1].count += (double)a.rows[i].count; continue; }
        r[out->n++] = (gw_daycount){ a.rows[i].area, a.rows[i].category_id, a.rows[i].day, (double)a.rows[i].count };
    }
    return GW_OK;
}

void gw_warning_series_free(gw_warning_series *s)
{
    free(s->rows);
    free(s->owner);
    memset(s, 0, sizeof *s);
}

/* Yesterday and today so far, each against its own baseline. */
static gw_err evaluate_rises(gw_db *tx, int64_t now, int *raised)
{
    int64_t today = (now + GW_STATS_TZ_OFFSET_MS) / GW_MS_PER_DAY;
    gw_warning_series ser;
    gw_err e = gw_warning_series_load(tx, today - 1, today, &ser);
    if (e) return e;
    rise_ctx c = { tx, now, 0, GW_OK };
    e = gw_warn_rise_scan(ser.rows, ser.n, today - 1, today, &GW_WARNING_EARS, on_rise, &c);
    if (!e) e = c.err;
    *raised += c.raised;
    gw_warning_series_free(&ser);
    return e;
}

/* ---- repeat callers ---- */

#define REPEATERS_MAX 200

typedef struct {
    char key[GW_PHONE_MAX + 1];
    int64_t count;
} repeater;

typedef struct {
    repeater r[REPEATERS_MAX];
    int n;
} repeaters;

static void on_repeater(const char *phone_key, int64_t count, void *arg)
{
    repeaters *rs = arg;
    if (rs->n >= REPEATERS_MAX || !phone_key) return;
    snprintf(rs->r[rs->n].key, sizeof rs->r[rs->n].key, "%s", phone_key);
    rs->r[rs->n++].count = count;
}

/* The warning's key names the caller by a hash of the number (the number itself is never served). */
static void caller_hash(const char *phone_key, char *hex, size_t n)
{
    unsigned char h[12];
    crypto_generichash(h, sizeof h, (const unsigned char *)phone_key, strlen(phone_key),
                       (const unsigned char *)"gridwork.warning", 16);
    sodium_bin2hex(hex, n, h, sizeof h);
}

static gw_err one_repeater(gw_db *tx, const repeater *rp, int64_t from, int64_t now)
{
    gw_warning_row w;
    memset(&w, 0, sizeof w);
    char path[128], hex[25];
    gw_err e = gw_store_warning_caller_tickets(tx, rp->key, from, w.evidence, GW_WARNING_EVIDENCE_MAX, &w.nevidence,
                                               &w.day_ms, path, sizeof path);
    if (e || w.nevidence == 0) return e;
    if (gw_area_of(path, GW_WARNING_AREA_DEPTH, w.area_path, sizeof w.area_path)) snprintf(w.area_path, sizeof w.area_path, "/");
    caller_hash(rp->key, hex, sizeof hex);
    w.kind = GW_WK_REPEAT;
    snprintf(w.wkey, sizeof w.wkey, "repeat:%s", hex);
    gw_mask_phone(rp->key, w.subject, sizeof w.subject);
    w.count = rp->count;
    w.updated_ms = now;
    return gw_store_warning_upsert(tx, &w);
}

static gw_err evaluate_repeats(gw_db *tx, int64_t now, int *raised)
{
    repeaters *rs = calloc(1, sizeof *rs);
    if (!rs) return GW_E_NOMEM;
    int64_t from = now - GW_WARNING_REPEAT_DAYS * GW_MS_PER_DAY;
    gw_err e = gw_store_warning_repeaters(tx, from, GW_WARNING_REPEAT_MIN, REPEATERS_MAX, on_repeater, rs);
    for (int i = 0; !e && i < rs->n; i++)
        if (!(e = one_repeater(tx, &rs->r[i], from, now))) ++*raised;
    free(rs);
    return e;
}

/* ---- many people with one complaint ---- */

typedef struct {
    int64_t id;
    char area[128];
    char *text;
    char phone[GW_PHONE_MAX + 1];
    gw_textvec v;
} recent;

typedef struct {
    recent *r;
    int n;
    gw_err err;
} recents;

static void on_recent(int64_t id, const char *path, const char *description, const char *phone_key, void *arg)
{
    recents *rs = arg;
    recent *r = &rs->r[rs->n];
    if (rs->err || gw_area_of(path, GW_WARNING_AREA_DEPTH, r->area, sizeof r->area)) return;
    r->id = id;
    gw_copy(r->phone, sizeof r->phone, phone_key);
    uint32_t *idx = NULL;
    float *val = NULL;
    if (!(r->text = strdup(description ? description : "")) || gw_clf_vector(r->text, &idx, &val, &r->v.n)) {
        free(r->text);
        rs->err = GW_E_NOMEM;
        return;
    }
    r->v.idx = idx;
    r->v.val = val;
    rs->n++;
}

static int cmp_recent(const void *a, const void *b)
{
    const recent *x = a, *y = b;
    int c = strcmp(x->area, y->area);
    return c ? c : (x->id < y->id) - (x->id > y->id); /* newest first within an area */
}

/* One cluster of an area (members m[0..k), newest first) with enough different callers: its warning. */
static gw_err cluster_warning(gw_db *tx, recent *const *m, int k, int64_t now)
{
    int callers = 0;
    for (int i = 0; i < k; i++) {
        int seen = 0;
        for (int j = 0; m[i]->phone[0] && !seen && j < i; j++) seen = !strcmp(m[i]->phone, m[j]->phone);
        callers += !seen;
    }
    if (callers < GW_WARNING_CLUSTER_MIN) return GW_OK;
    gw_warning_row w;
    memset(&w, 0, sizeof w);
    const recent *first = m[k - 1];
    w.kind = GW_WK_CLUSTER;
    snprintf(w.wkey, sizeof w.wkey, "cluster:%s:%lld", first->area, (long long)first->id);
    gw_copy(w.area_path, sizeof w.area_path, first->area);
    char *masked = malloc(strlen(first->text) + 1);
    if (!masked) return GW_E_NOMEM;
    gw_mask_numbers(first->text, masked, strlen(first->text) + 1);
    gw_copy(w.subject, sizeof w.subject, masked);
    gw_utf8_scrub(w.subject); /* a character cut at the end */
    free(masked);
    w.count = k;
    w.day_ms = now;
    w.updated_ms = now;
    for (int i = 0; i < k && w.nevidence < GW_WARNING_EVIDENCE_MAX; i++) w.evidence[w.nevidence++] = m[i]->id;
    return gw_store_warning_upsert(tx, &w);
}

/* The reports of one area r[0..n): clusters of alike texts, one warning for each big enough. */
static gw_err area_clusters(gw_db *tx, recent *r, int n, int64_t now, int *raised)
{
    gw_textvec *v = malloc((size_t)n * sizeof *v);
    size_t *root = malloc((size_t)n * sizeof *root);
    recent **m = malloc((size_t)n * sizeof *m);
    gw_err e = v && root && m ? GW_OK : GW_E_NOMEM;
    for (int i = 0; !e && i < n; i++) v[i] = r[i].v;
    if (!e) gw_text_clusters(v, (size_t)n, GW_WARNING_CLUSTER_SIM, root);
    for (int c = 0; !e && c < n; c++) {
        if (root[c] != (size_t)c) continue;
        int k = 0;
        for (int i = c; i < n; i++)
            if (root[i] == (size_t)c) m[k++] = &r[i];
        if (k < GW_WARNING_CLUSTER_MIN) continue;
        if (!(e = cluster_warning(tx, m, k, now))) ++*raised;
    }
    free(v);
    free(root);
    free(m);
    return e;
}

static gw_err evaluate_clusters(gw_db *tx, int64_t now, int *raised)
{
    recents rs = { calloc(GW_WARNING_CLUSTER_SCAN, sizeof(recent)), 0, GW_OK };
    if (!rs.r) return GW_E_NOMEM;
    gw_err e = gw_store_warning_recent(tx, now - GW_WARNING_CLUSTER_DAYS * GW_MS_PER_DAY, GW_WARNING_CLUSTER_SCAN,
                                       on_recent, &rs);
    if (!e) e = rs.err;
    if (rs.n) qsort(rs.r, (size_t)rs.n, sizeof *rs.r, cmp_recent);
    for (int a = 0, b; !e && a < rs.n; a = b) {
        for (b = a + 1; b < rs.n && !strcmp(rs.r[a].area, rs.r[b].area); b++) continue;
        if (b - a >= GW_WARNING_CLUSTER_MIN) e = area_clusters(tx, rs.r + a, b - a, now, raised);
    }
    for (int i = 0; i < rs.n; i++) {
        free(rs.r[i].text);
        free((void *)rs.r[i].v.idx);
        free((void *)rs.r[i].v.val);
    }
    free(rs.r);
    return e;
}

gw_err gw_warnings_evaluate(gw_db *tx, int64_t now_ms, int *raised)
{
    *raised = 0;
    gw_err e = evaluate_rises(tx, now_ms, raised);
    if (!e) e = evaluate_repeats(tx, now_ms, raised);
    return e ? e : evaluate_clusters(tx, now_ms, raised);
}

static gw_err warning_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg)
{
    (void)slot_ms;
    (void)arg;
    int raised;
    return gw_warnings_evaluate(tx, now_ms, &raised);
}

gw_job gw_warning_job(int seconds)
{
    gw_job j = { GW_WARNING_JOB, (int64_t)(seconds < 1 ? 3600 : seconds) * 1000, warning_job, NULL, NULL };
    return j;
}

typedef struct {
    const gw_principal *who;
    int raised;
} run_arg;

static gw_err op_run(gw_db *tx, void *p)
{
    run_arg *a = p;
    int64_t now = gw_now_ms();
    gw_err e = gw_warnings_evaluate(tx, now, &a->raised);
    if (e) return e;
    char *d = gw_admin_detail_of(json_pack("{s:i}", "raised", a->raised));
    e = gw_admin_audit(tx, now, a->who->user_id, "warning.evaluate", "warning", 0, d);
    free(d);
    return e;
}

gw_err gw_warnings_run(gw_store *s, const gw_principal *who, int *raised, char *msg, size_t msgn)
{
    if (who->role != GW_R_ADMIN) { snprintf(msg, msgn, "only an administrator may run the warnings now"); return GW_E_FORBIDDEN; }
    run_arg a = { who, 0 };
    gw_err e = gw_store_write(s, op_run, &a);
    *raised = a.raised;
    return e;
}

/* ---- reads and acknowledgements ---- */

static const char *area_prefix(const gw_principal *who) { return who->role == GW_R_ADMIN ? "/" : who->div_path; }

gw_err gw_warnings_list(gw_db *db, const gw_principal *who, int kind, int state, size_t offset, size_t limit,
                        gw_warning_row *out, size_t *found, int64_t *total)
{
    if (!gw_may(who, GW_P_DASHBOARD_VIEW)) return GW_E_FORBIDDEN;
    return gw_store_warning_list(db, area_prefix(who), kind, state, offset, limit, out, found, total);
}

gw_err gw_warning_read(gw_db *db, const gw_principal *who, int64_t id, gw_warning_row *out)
{
    if (!gw_may(who, GW_P_DASHBOARD_VIEW)) return GW_E_FORBIDDEN;
    gw_err e = gw_store_warning_get(db, id, out);
    if (!e && !gw_scope_has_path(who, out->area_path)) e = GW_E_NOT_FOUND;
    return e;
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    const char *note;
    char *msg;
    size_t msgn;
} ack_arg;

static gw_err op_ack(gw_db *tx, void *p)
{
    ack_arg *a = p;
    gw_warning_row w;
    int64_t now = gw_now_ms();
    gw_err e = gw_warning_read(tx, a->who, a->id, &w);
    if (!e && (e = gw_store_warning_ack(tx, a->id, a->who->user_id, a->note, now)) == GW_E_CONFLICT)
        snprintf(a->msg, a->msgn, "warning %lld is already acknowledged", (long long)a->id);
    if (e) return e;
    char *d = gw_admin_detail_of(json_pack("{s:s,s:s}", "key", w.wkey, "note", a->note));
    e = gw_admin_audit(tx, now, a->who->user_id, "warning.ack", "warning", a->id, d);
    free(d);
    return e;
}

gw_err gw_warning_ack(gw_store *s, const gw_principal *who, int64_t id, const char *note, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_TICKET_SUPERVISE)) { snprintf(msg, msgn, "your role may not acknowledge warnings"); return GW_E_FORBIDDEN; }
    ack_arg a = { who, id, note ? note : "", msg, msgn };
    return gw_store_write(s, op_ack, &a);
}
