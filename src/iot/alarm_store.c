/* iot/alarm_store.c — SQL of alarms (see alarm_store.h). The upsert's conflict target names the partial
 * index's columns and predicate, which SQLite (3.24+) and PostgreSQL both take. */
#include "iot/alarm_store.h"

#include <stdio.h>
#include <string.h>

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static const char SQL_RAISE[] =
    "INSERT INTO alarms(device_id, alarm_type, severity, sev_rank, prev_rank, state, count, first_ms, last_ms)"
    " VALUES (?1, ?2, ?3, ?4, 0, 'active', 1, ?5, ?5)"
    " ON CONFLICT (device_id, alarm_type) WHERE state = 'active' DO UPDATE SET count = alarms.count + 1,"
    " last_ms = CASE WHEN excluded.last_ms > alarms.last_ms THEN excluded.last_ms ELSE alarms.last_ms END,"
    " prev_rank = alarms.sev_rank,"
    " severity = CASE WHEN excluded.sev_rank > alarms.sev_rank THEN excluded.severity ELSE alarms.severity END,"
    " sev_rank = CASE WHEN excluded.sev_rank > alarms.sev_rank THEN excluded.sev_rank ELSE alarms.sev_rank END"
    " RETURNING id, sev_rank, prev_rank, count, first_ms, last_ms, COALESCE(ticket_id, 0), acked";
static const char SQL_SET_TICKET[] = "UPDATE alarms SET ticket_id = ?2 WHERE id = ?1 RETURNING id";
static const char SQL_CLEAR[] =
    "UPDATE alarms SET state = 'cleared', cleared_ms = ?4 WHERE device_id = ?1 AND state = 'active'"
    " AND (CAST(?2 AS TEXT) IS NULL OR alarm_type = ?2) AND (CAST(?3 AS TEXT) IS NULL OR alarm_type <> ?3)"
    " RETURNING id, alarm_type, sev_rank, count, first_ms, last_ms, COALESCE(ticket_id, 0), acked";
static const char SQL_ACK[] =
    "UPDATE alarms SET acked = 1, acked_by = ?2, acked_ms = ?3 WHERE id = ?1 AND acked = 0 RETURNING id";
#define A_COLS                                                                                               \
    "a.id, a.device_id, d.device_id, d.name, a.alarm_type, a.sev_rank, a.prev_rank, a.state, a.acked, a.count,"  \
    " a.first_ms, a.last_ms, COALESCE(a.cleared_ms, 0), COALESCE(a.ticket_id, 0), COALESCE(t.track_code, '')"
#define A_FROM                                                                                                \
    " FROM alarms a JOIN devices d ON d.id = a.device_id LEFT JOIN divisions dv ON dv.id = d.division_id"     \
    " LEFT JOIN tickets t ON t.id = a.ticket_id"
static const char SQL_GET[] = "SELECT " A_COLS A_FROM " WHERE a.id = ?4 AND " GW_DEVICE_SCOPE_SQL("1", "2", "3");
#define A_WHERE                                                                                               \
    " WHERE " GW_DEVICE_SCOPE_SQL("1", "2", "3") " AND (CAST(?4 AS BIGINT) < 0 OR (a.state = 'active') ="       \
    " (CAST(?4 AS BIGINT) = 1)) AND (CAST(?5 AS BIGINT) < 0 OR a.acked = ?5) AND (CAST(?6 AS BIGINT) = 0 OR"     \
    " a.sev_rank = ?6) AND (CAST(?7 AS TEXT) IS NULL OR d.device_id = ?7)"
static const char SQL_LIST[] =
    "SELECT " A_COLS A_FROM A_WHERE " ORDER BY CASE WHEN a.state = 'active' THEN 0 ELSE 1 END, a.last_ms DESC,"
    " a.id DESC LIMIT CAST(?8 AS BIGINT) OFFSET CAST(?9 AS BIGINT)";
static const char SQL_COUNT[] = "SELECT COUNT(*)" A_FROM A_WHERE;
static const char SQL_COUNTS[] =
    "SELECT CASE WHEN a.state = 'active' THEN 1 ELSE 0 END, a.acked, a.sev_rank, COUNT(*)" A_FROM
    " WHERE " GW_DEVICE_SCOPE_SQL("1", "2", "3") " GROUP BY 1, 2, 3";

static const char SQL_ACTIVE[] =
    "SELECT sev_rank, acked, COUNT(*) FROM alarms WHERE state = 'active' GROUP BY sev_rank, acked";

gw_err gw_store_alarm_active(gw_db *db, int64_t counts[GW_SEV_CRITICAL + 1][2])
{
    memset(counts, 0, sizeof(int64_t) * 2 * (GW_SEV_CRITICAL + 1));
    gw_stmt *st = gw_db_prep(db, SQL_ACTIVE);
    if (!st) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        int64_t rank = gw_col_int(st, 0);
        if (rank >= 0 && rank <= GW_SEV_CRITICAL) counts[rank][gw_col_int(st, 1) != 0] += gw_col_int(st, 2);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static gw_severity sev_of(int64_t rank)
{
    return rank >= GW_SEV_WARNING && rank <= GW_SEV_CRITICAL ? (gw_severity)rank : GW_SEV_NONE;
}

gw_err gw_store_alarm_raise(gw_db *tx, int64_t device, const char *alarm_type, gw_severity sev, int64_t now,
                            gw_alarm_row *out)
{
    gw_stmt *st = gw_db_prep(tx, SQL_RAISE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, device);
    gw_bind_text(st, 2, alarm_type);
    gw_bind_text(st, 3, gw_severity_name(sev));
    gw_bind_int(st, 4, sev);
    gw_bind_int(st, 5, now);
    gw_err e = gw_step_row(st);
    if (e) return e;
    memset(out, 0, sizeof *out);
    out->id = gw_col_int(st, 0);
    out->device = device;
    cpy(out->alarm_type, sizeof out->alarm_type, alarm_type);
    out->severity = sev_of(gw_col_int(st, 1));
    out->prev_severity = sev_of(gw_col_int(st, 2));
    out->active = 1;
    out->count = gw_col_int(st, 3);
    out->first_ms = gw_col_int(st, 4);
    out->last_ms = gw_col_int(st, 5);
    out->ticket_id = gw_col_int(st, 6);
    out->acked = (int)gw_col_int(st, 7);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_alarm_set_ticket(gw_db *tx, int64_t id, int64_t ticket_id)
{
    gw_stmt *st = gw_db_prep(tx, SQL_SET_TICKET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, ticket_id);
    return gw_step_touched(st);
}

gw_err gw_store_alarm_clear(gw_db *tx, int64_t device, const char *alarm_type, const char *except, int64_t now,
                            gw_alarm_row *cleared, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(tx, SQL_CLEAR);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, device);
    gw_bind_text(st, 2, alarm_type);
    gw_bind_text(st, 3, except);
    gw_bind_int(st, 4, now);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == max) continue; /* cleared all the same; only the first max are reported */
        gw_alarm_row *a = &cleared[(*n)++];
        memset(a, 0, sizeof *a);
        a->id = gw_col_int(st, 0);
        a->device = device;
        cpy(a->alarm_type, sizeof a->alarm_type, gw_col_text(st, 1));
        a->severity = sev_of(gw_col_int(st, 2));
        a->count = gw_col_int(st, 3);
        a->first_ms = gw_col_int(st, 4);
        a->last_ms = gw_col_int(st, 5);
        a->ticket_id = gw_col_int(st, 6);
        a->acked = (int)gw_col_int(st, 7);
        a->cleared_ms = now;
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_alarm_ack(gw_db *tx, int64_t id, int64_t user, int64_t now)
{
    gw_stmt *st = gw_db_prep(tx, SQL_ACK);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_id(st, 2, user);
    gw_bind_int(st, 3, now);
    gw_err e = gw_step_touched(st);
    return e == GW_E_NOT_FOUND ? GW_E_CONFLICT : e; /* the caller has read it: it exists, acknowledged */
}

static void a_read(gw_stmt *st, gw_alarm_row *a)
{
    memset(a, 0, sizeof *a);
    a->id = gw_col_int(st, 0);
    a->device = gw_col_int(st, 1);
    cpy(a->device_id, sizeof a->device_id, gw_col_text(st, 2));
    cpy(a->device_name, sizeof a->device_name, gw_col_text(st, 3));
    cpy(a->alarm_type, sizeof a->alarm_type, gw_col_text(st, 4));
    a->severity = sev_of(gw_col_int(st, 5));
    a->prev_severity = sev_of(gw_col_int(st, 6));
    a->active = gw_col_text(st, 7) && !strcmp(gw_col_text(st, 7), "active");
    a->acked = (int)gw_col_int(st, 8);
    a->count = gw_col_int(st, 9);
    a->first_ms = gw_col_int(st, 10);
    a->last_ms = gw_col_int(st, 11);
    a->cleared_ms = gw_col_int(st, 12);
    a->ticket_id = gw_col_int(st, 13);
    cpy(a->ticket_code, sizeof a->ticket_code, gw_col_text(st, 14));
}

gw_err gw_store_alarm_get(gw_db *db, int64_t id, gw_alarm_row *out, gw_device_scope *sc)
{
    gw_stmt *st = gw_db_prep(db, SQL_GET);
    if (!st) return GW_E_INTERNAL;
    gw_device_scope_bind(st, 1, sc);
    gw_bind_int(st, 4, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    a_read(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

static void list_bind(gw_stmt *st, const gw_alarm_query *q)
{
    gw_device_scope_bind(st, 1, &q->scope);
    gw_bind_int(st, 4, q->state);
    gw_bind_int(st, 5, q->acked);
    gw_bind_int(st, 6, q->severity);
    gw_bind_text(st, 7, q->device_id);
}

gw_err gw_store_alarm_list(gw_db *db, const gw_alarm_query *q, gw_alarm_row *out, size_t *n, int64_t *total)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_COUNT);
    if (!st) return GW_E_INTERNAL;
    list_bind(st, q);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    if (!(st = gw_db_prep(db, SQL_LIST))) return GW_E_INTERNAL;
    list_bind(st, q);
    gw_bind_int(st, 8, (int64_t)q->limit);
    gw_bind_int(st, 9, (int64_t)q->offset);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == q->limit) { gw_stmt_reset(st); rc = 0; break; }
        a_read(st, &out[(*n)++]);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_alarm_counts(gw_db *db, const gw_device_scope *sc, int64_t counts[GW_SEV_CRITICAL + 1],
                             int64_t by_state[2][2])
{
    memset(counts, 0, sizeof(int64_t) * (GW_SEV_CRITICAL + 1));
    memset(by_state, 0, sizeof(int64_t) * 4);
    gw_stmt *st = gw_db_prep(db, SQL_COUNTS);
    if (!st) return GW_E_INTERNAL;
    gw_device_scope_bind(st, 1, sc);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        int active = gw_col_int(st, 0) != 0, acked = gw_col_int(st, 1) != 0;
        int64_t rank = gw_col_int(st, 2), n = gw_col_int(st, 3);
        by_state[active][acked] += n;
        if (active && rank >= 0 && rank <= GW_SEV_CRITICAL) counts[rank] += n;
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
