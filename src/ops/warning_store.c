/* ops/warning_store.c — SQL of early warnings (see warning_store.h). Portable SQL only. */
#include "ops/warning_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[GW_WK__COUNT] = { "rise", "repeat", "cluster" };
static const char *const state_names[GW_WS__COUNT] = { "open", "acknowledged" };

const char *gw_warning_kind_name(int k) { return k >= 0 && k < GW_WK__COUNT ? kind_names[k] : "unknown"; }
const char *gw_warning_state_name(int s) { return s >= 0 && s < GW_WS__COUNT ? state_names[s] : "unknown"; }

static int parse(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}
int gw_warning_kind_parse(const char *s) { return parse(kind_names, GW_WK__COUNT, s); }
int gw_warning_state_parse(const char *s) { return parse(state_names, GW_WS__COUNT, s); }

static const char SQL_DAYCOUNTS[] =
    "SELECT division_path, category_id, (created_ms + ?3) / 86400000 AS day, COUNT(*) FROM tickets"
    " WHERE created_ms >= ?1 AND created_ms < ?2 GROUP BY division_path, category_id, day";

gw_err gw_store_warning_daycounts(gw_db *db, int64_t from_ms, int64_t to_ms, int64_t tz_offset_ms,
                                  gw_daycount_row_fn fn, void *arg)
{
    gw_stmt *st = gw_db_prep(db, SQL_DAYCOUNTS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, from_ms);
    gw_bind_int(st, 2, to_ms);
    gw_bind_int(st, 3, tz_offset_ms);
    int rc;
    while ((rc = gw_step(st)) == 1)
        fn(gw_col_text(st, 0), gw_col_int(st, 1), gw_col_int(st, 2), gw_col_int(st, 3), arg);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static gw_err read_ids(gw_stmt *st, int64_t *ids, int max, int *n)
{
    int rc;
    *n = 0;
    while ((rc = gw_step(st)) == 1)
        if (*n < max) ids[(*n)++] = gw_col_int(st, 0);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static const char SQL_RISE_TICKETS[] =
    "SELECT id FROM tickets WHERE category_id = ?2 AND created_ms >= ?3 AND created_ms < ?4"
    " AND division_path LIKE CAST(?1 AS TEXT) || '%' ORDER BY id DESC LIMIT CAST(?5 AS BIGINT)";

gw_err gw_store_warning_rise_tickets(gw_db *db, const char *area, int64_t category_id, int64_t from_ms,
                                     int64_t to_ms, int64_t *ids, int max, int *n)
{
    gw_stmt *st = gw_db_prep(db, SQL_RISE_TICKETS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, area);
    gw_bind_int(st, 2, category_id);
    gw_bind_int(st, 3, from_ms);
    gw_bind_int(st, 4, to_ms);
    gw_bind_int(st, 5, max);
    return read_ids(st, ids, max, n);
}

static const char SQL_REPEATERS[] =
    "SELECT reporter_phone_key, COUNT(*) FROM tickets WHERE created_ms >= ?1 AND reporter_phone_key IS NOT NULL"
    " AND reporter_phone_key <> '' GROUP BY reporter_phone_key HAVING COUNT(*) >= ?2"
    " ORDER BY COUNT(*) DESC, reporter_phone_key LIMIT CAST(?3 AS BIGINT)";

gw_err gw_store_warning_repeaters(gw_db *db, int64_t from_ms, int64_t min_reports, int max, gw_repeat_row_fn fn,
                                  void *arg)
{
    gw_stmt *st = gw_db_prep(db, SQL_REPEATERS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, from_ms);
    gw_bind_int(st, 2, min_reports);
    gw_bind_int(st, 3, max);
    int rc;
    while ((rc = gw_step(st)) == 1) fn(gw_col_text(st, 0), gw_col_int(st, 1), arg);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static const char SQL_CALLER[] =
    "SELECT id, created_ms, division_path FROM tickets WHERE reporter_phone_key = ?1 AND created_ms >= ?2"
    " ORDER BY id DESC";

gw_err gw_store_warning_caller_tickets(gw_db *db, const char *phone_key, int64_t from_ms, int64_t *ids, int max,
                                       int *n, int64_t *latest_ms, char *path, size_t pathn)
{
    gw_stmt *st = gw_db_prep(db, SQL_CALLER);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, phone_key);
    gw_bind_int(st, 2, from_ms);
    int rc;
    *n = 0;
    while ((rc = gw_step(st)) == 1) {
        if (*n == 0) {
            *latest_ms = gw_col_int(st, 1);
            snprintf(path, pathn, "%s", gw_col_text(st, 2) ? gw_col_text(st, 2) : "/");
        }
        if (*n < max) ids[(*n)++] = gw_col_int(st, 0);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static const char SQL_RECENT[] =
    "SELECT id, division_path, description, COALESCE(reporter_phone_key, '') FROM tickets"
    " WHERE created_ms >= ?1 AND state <> 'invalid' ORDER BY id DESC LIMIT CAST(?2 AS BIGINT)";

gw_err gw_store_warning_recent(gw_db *db, int64_t from_ms, int max, gw_recent_row_fn fn, void *arg)
{
    gw_stmt *st = gw_db_prep(db, SQL_RECENT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, from_ms);
    gw_bind_int(st, 2, max);
    int rc;
    while ((rc = gw_step(st)) == 1)
        fn(gw_col_int(st, 0), gw_col_text(st, 1), gw_col_text(st, 2), gw_col_text(st, 3), arg);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static void evidence_text(const gw_warning_row *w, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = 0;
    for (int i = 0; i < w->nevidence && at < n; i++)
        at += (size_t)snprintf(buf + at, n - at, "%s%lld", i ? "," : "", (long long)w->evidence[i]);
}

static const char SQL_UPSERT[] =
    "INSERT INTO warnings(kind, wkey, area_path, category_id, day_ms, count, baseline, score, subject, evidence,"
    " state, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'open', ?11, ?11)"
    " ON CONFLICT (wkey) DO UPDATE SET day_ms = excluded.day_ms, baseline = excluded.baseline,"
    " score = excluded.score, evidence = excluded.evidence, updated_ms = excluded.updated_ms,"
    " state = CASE WHEN excluded.count > warnings.count THEN 'open' ELSE warnings.state END,"
    " count = excluded.count";

gw_err gw_store_warning_upsert(gw_db *tx, const gw_warning_row *w)
{
    char ev[GW_WARNING_EVIDENCE_MAX * 21 + 1];
    evidence_text(w, ev, sizeof ev);
    gw_stmt *st = gw_db_prep(tx, SQL_UPSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, gw_warning_kind_name(w->kind));
    gw_bind_text(st, 2, w->wkey);
    gw_bind_text(st, 3, w->area_path);
    gw_bind_id(st, 4, w->category_id);
    gw_bind_int(st, 5, w->day_ms);
    gw_bind_int(st, 6, w->count);
    gw_bind_double(st, 7, w->baseline);
    gw_bind_double(st, 8, w->score);
    gw_bind_text(st, 9, w->subject);
    gw_bind_text(st, 10, ev);
    gw_bind_int(st, 11, w->updated_ms);
    return gw_step_done(st);
}

#define COLS                                                                                          \
    "w.id, w.kind, w.state, w.wkey, w.area_path, COALESCE(d.name, ''), COALESCE(w.category_id, 0),"  \
    " COALESCE(c.name, ''), w.day_ms, w.count, w.baseline, w.score, w.subject, w.evidence,"          \
    " COALESCE(w.ack_by, 0), COALESCE(w.ack_ms, 0), COALESCE(w.ack_note, ''), w.created_ms, w.updated_ms"
#define FROM                                                                                          \
    " FROM warnings w LEFT JOIN divisions d ON d.path = w.area_path LEFT JOIN categories c ON c.id = w.category_id"

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static void read_row(gw_stmt *st, gw_warning_row *w)
{
    memset(w, 0, sizeof *w);
    w->id = gw_col_int(st, 0);
    w->kind = gw_warning_kind_parse(gw_col_text(st, 1));
    w->state = gw_warning_state_parse(gw_col_text(st, 2));
    cpy(w->wkey, sizeof w->wkey, gw_col_text(st, 3));
    cpy(w->area_path, sizeof w->area_path, gw_col_text(st, 4));
    cpy(w->area_name, sizeof w->area_name, gw_col_text(st, 5));
    w->category_id = gw_col_int(st, 6);
    cpy(w->category_name, sizeof w->category_name, gw_col_text(st, 7));
    w->day_ms = gw_col_int(st, 8);
    w->count = gw_col_int(st, 9);
    w->baseline = gw_col_double(st, 10);
    w->score = gw_col_double(st, 11);
    cpy(w->subject, sizeof w->subject, gw_col_text(st, 12));
    const char *ev = gw_col_text(st, 13);
    for (char *end; ev && *ev && w->nevidence < GW_WARNING_EVIDENCE_MAX; ev = *end ? end + 1 : end) {
        w->evidence[w->nevidence++] = strtoll(ev, &end, 10);
        if (end == ev) break;
    }
    w->ack_by = gw_col_int(st, 14);
    w->ack_ms = gw_col_int(st, 15);
    cpy(w->ack_note, sizeof w->ack_note, gw_col_text(st, 16));
    w->created_ms = gw_col_int(st, 17);
    w->updated_ms = gw_col_int(st, 18);
}

static const char SQL_GET[] = "SELECT " COLS FROM " WHERE w.id = ?1";

gw_err gw_store_warning_get(gw_db *db, int64_t id, gw_warning_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_row(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

#define WHERE_LIST                                                                                    \
    " WHERE w.area_path LIKE CAST(?1 AS TEXT) || '%'"                                                \
    " AND (CAST(?2 AS TEXT) IS NULL OR w.kind = CAST(?2 AS TEXT))"                                   \
    " AND (CAST(?3 AS TEXT) IS NULL OR w.state = CAST(?3 AS TEXT))"
static const char SQL_LIST[] = "SELECT " COLS FROM WHERE_LIST
                               " ORDER BY w.day_ms DESC, w.id DESC LIMIT CAST(?4 AS BIGINT) OFFSET CAST(?5 AS BIGINT)";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM warnings w" WHERE_LIST;

static void bind_list(gw_stmt *st, const char *prefix, int kind, int state)
{
    gw_bind_text(st, 1, prefix);
    gw_bind_text(st, 2, kind >= 0 ? gw_warning_kind_name(kind) : NULL);
    gw_bind_text(st, 3, state >= 0 ? gw_warning_state_name(state) : NULL);
}

gw_err gw_store_warning_list(gw_db *db, const char *prefix, int kind, int state, size_t offset, size_t limit,
                             gw_warning_row *out, size_t *found, int64_t *total)
{
    gw_stmt *st = gw_db_prep(db, SQL_LIST);
    if (!st) return GW_E_INTERNAL;
    bind_list(st, prefix, kind, state);
    gw_bind_int(st, 4, (int64_t)limit);
    gw_bind_int(st, 5, (int64_t)offset);
    int rc;
    *found = 0;
    while ((rc = gw_step(st)) == 1)
        if (*found < limit) read_row(st, &out[(*found)++]);
    if (rc < 0) return (gw_err)-rc;
    if (!(st = gw_db_prep(db, SQL_COUNT))) return GW_E_INTERNAL;
    bind_list(st, prefix, kind, state);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

static const char SQL_ACK[] =
    "UPDATE warnings SET state = 'acknowledged', ack_by = ?2, ack_ms = ?3, ack_note = ?4, updated_ms = ?3"
    " WHERE id = ?1 AND state = 'open' RETURNING id";

gw_err gw_store_warning_ack(gw_db *tx, int64_t id, int64_t by, const char *note, int64_t now_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_ACK);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_id(st, 2, by);
    gw_bind_int(st, 3, now_ms);
    gw_bind_text(st, 4, note);
    gw_err e = gw_step_touched(st);
    if (e != GW_E_NOT_FOUND) return e;
    gw_warning_row w;
    return gw_store_warning_get(tx, id, &w) == GW_OK ? GW_E_CONFLICT : GW_E_NOT_FOUND;
}

static const char SQL_OPEN[] = "SELECT COUNT(*) FROM warnings WHERE state = 'open' AND area_path LIKE CAST(?1 AS TEXT) || '%'";

gw_err gw_store_warning_open_count(gw_db *db, const char *prefix, int64_t *n)
{
    gw_stmt *st = gw_db_prep(db, SQL_OPEN);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, prefix);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *n = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}
