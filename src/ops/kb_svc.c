/* ops/kb_svc.c — see kb_svc.h. */
#include "ops/kb_svc.h"
#include "base/clock.h"
#include "core/admin.h"
#include "core/scope.h"
#include "json/reply.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gw_err check_in(const gw_kb_in *in, int create, char *msg, size_t msgn)
{
    gw_err e;
    /* a title and a body, once given, are never empty */
    if ((e = gw_json_check_text("title", in->title, create || in->title, GW_KB_TITLE_MAX, msg, msgn))) return e;
    if ((e = gw_json_check_text("body", in->body, create || in->body, GW_KB_BODY_MAX, msg, msgn))) return e;
    if ((e = gw_json_check_text("category", in->category, 0, GW_KB_CATEGORY_MAX, msg, msgn))) return e;
    if ((e = gw_json_check_text("tags", in->tags, 0, GW_KB_TAGS_MAX, msg, msgn))) return e;
    if (in->status && gw_kb_status_parse(in->status) < 0) {
        snprintf(msg, msgn, "status must be draft or published");
        return GW_E_INVALID;
    }
    return GW_OK;
}

static void apply_in(gw_kb_row *a, const gw_kb_in *in)
{
    if (in->title) snprintf(a->title, sizeof a->title, "%s", in->title);
    if (in->body) snprintf(a->body, sizeof a->body, "%s", in->body);
    if (in->category) snprintf(a->category, sizeof a->category, "%s", in->category);
    if (in->tags) snprintf(a->tags, sizeof a->tags, "%s", in->tags);
    if (in->status) a->status = gw_kb_status_parse(in->status);
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    const gw_kb_in *in;
    gw_kb_row *row;
} kb_write;

static char *detail_of(const gw_kb_row *a)
{
    return gw_admin_detail_of(json_pack("{s:s,s:s,s:s,s:s}", "title", a->title, "category", a->category, "tags",
                                        a->tags, "status", gw_kb_status_name(a->status)));
}

static gw_err op_save(gw_db *tx, void *arg)
{
    kb_write *w = arg;
    gw_err e;
    int64_t now = gw_now_ms();
    if (w->id) {
        if ((e = gw_store_kb_get(tx, w->id, w->row))) return e;
    } else {
        memset(w->row, 0, sizeof *w->row);
    }
    apply_in(w->row, w->in);
    w->row->updated_by = w->who->user_id;
    w->row->updated_ms = now;
    e = w->id ? gw_store_kb_update(tx, w->row) : gw_store_kb_insert(tx, w->row);
    if (e) return e;
    char *d = detail_of(w->row);
    e = gw_admin_audit(tx, now, w->who->user_id, w->id ? "kb.update" : "kb.create", "kb", w->row->id, d);
    free(d);
    return e ? e : gw_store_kb_get(tx, w->row->id, w->row);
}

static gw_err save(gw_store *s, const gw_principal *who, int64_t id, const gw_kb_in *in, gw_kb_row *out, char *msg,
                   size_t msgn)
{
    if (!gw_may(who, GW_P_KB_EDIT)) { snprintf(msg, msgn, "your role may not edit the knowledge base"); return GW_E_FORBIDDEN; }
    gw_err e = check_in(in, id == 0, msg, msgn);
    if (e) return e;
    kb_write w = { who, id, in, out };
    e = gw_store_write(s, op_save, &w);
    if (e == GW_E_NOT_FOUND) snprintf(msg, msgn, "no such article");
    return e;
}

gw_err gw_kb_create(gw_store *s, const gw_principal *who, const gw_kb_in *in, gw_kb_row *out, char *msg, size_t msgn)
{
    return save(s, who, 0, in, out, msg, msgn);
}

gw_err gw_kb_update(gw_store *s, const gw_principal *who, int64_t id, const gw_kb_in *in, gw_kb_row *out, char *msg,
                    size_t msgn)
{
    return save(s, who, id, in, out, msg, msgn);
}

typedef struct {
    const gw_principal *who;
    int64_t id;
} kb_del;

static gw_err op_delete(gw_db *tx, void *arg)
{
    kb_del *d = arg;
    gw_err e = gw_store_kb_delete(tx, d->id);
    return e ? e : gw_admin_audit(tx, gw_now_ms(), d->who->user_id, "kb.delete", "kb", d->id, NULL);
}

gw_err gw_kb_delete(gw_store *s, const gw_principal *who, int64_t id)
{
    if (!gw_may(who, GW_P_KB_EDIT)) return GW_E_FORBIDDEN;
    kb_del d = { who, id };
    return gw_store_write(s, op_delete, &d);
}

gw_err gw_kb_search(gw_db *db, const gw_principal *who, const char *q, int status, size_t offset, size_t limit,
                    gw_kb_row *out, size_t *found, int *more)
{
    char grams[GW_KB_QUERY_GRAMS][9];
    size_t n = q && *q ? gw_kb_query_grams(q, grams, GW_KB_QUERY_GRAMS) : 0;
    *found = 0;
    *more = 0;
    if (q && *q && !n) return GW_OK; /* nothing worth matching: no hits */
    gw_kb_query kq = { grams, n, gw_kb_min_hits(n), gw_may(who, GW_P_KB_EDIT) ? status : 1, offset, limit };
    return gw_store_kb_search(db, &kq, out, found, more);
}

gw_err gw_kb_get(gw_db *db, const gw_principal *who, int64_t id, gw_kb_row *out)
{
    gw_err e = gw_store_kb_get(db, id, out);
    if (!e && out->status != 1 && !gw_may(who, GW_P_KB_EDIT)) e = GW_E_NOT_FOUND;
    return e;
}

gw_err gw_kb_check_cited(gw_db *db, const int64_t *ids, int n, char *msg, size_t msgn)
{
    gw_kb_row *a = malloc(sizeof *a);
    if (!a) return GW_E_NOMEM;
    gw_err e = GW_OK;
    for (int i = 0; i < n && !e; i++) {
        e = gw_store_kb_get(db, ids[i], a);
        if (e == GW_E_NOT_FOUND || (!e && a->status != 1)) {
            snprintf(msg, msgn, "kb_ids: no published article %lld", (long long)ids[i]);
            e = GW_E_INVALID;
        }
    }
    free(a);
    return e;
}
