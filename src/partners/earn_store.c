/* partners/earn_store.c — SQL of the earning rules, activities and service records (see earn_store.h).
 * Portable SQL only. */
#include "partners/earn_store.h"

#include <stdio.h>
#include <string.h>

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

/* ---- rules ---- */

static const char SQL_RULE_INSERT[] =
    "INSERT INTO earn_rules(community_id, code, name, unit, points, daily_cap, total_cap, valid_from_ms, valid_to_ms,"
    " active, created_by, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)"
    " RETURNING id";
static const char SQL_RULE_UPDATE[] =
    "UPDATE earn_rules SET name = ?2, unit = ?3, points = ?4, daily_cap = ?5, total_cap = ?6, valid_from_ms = ?7,"
    " valid_to_ms = ?8, active = ?9, updated_ms = ?10 WHERE id = ?1 RETURNING id";
#define RULE_COLS                                                                                        \
    "r.id, r.community_id, COALESCE(c.path, ''), COALESCE(c.name, ''), r.code, r.name, r.unit, r.points,"   \
    " r.daily_cap, r.total_cap, r.valid_from_ms, r.valid_to_ms, r.active, COALESCE(r.created_by, 0),"     \
    " r.created_ms, r.updated_ms FROM earn_rules r LEFT JOIN divisions c ON c.id = r.community_id"
static const char SQL_RULE_GET[] = "SELECT " RULE_COLS " WHERE r.id = ?1";
static const char SQL_RULES[] =
    "SELECT " RULE_COLS " WHERE (CAST(?1 AS TEXT) IS NULL OR c.path LIKE CAST(?1 AS TEXT) || '%')"
    " AND (CAST(?2 AS BIGINT) = 0 OR r.community_id = CAST(?2 AS BIGINT)) ORDER BY r.id LIMIT CAST(?3 AS BIGINT)";
static const char SQL_USED[] =
    "SELECT COALESCE(SUM(points), 0) FROM earn_records WHERE partner_id = ?1 AND rule_id = ?2 AND status = 'confirmed'"
    " AND started_ms >= ?3 AND started_ms < ?4";

static void rule_read(gw_stmt *st, gw_earn_rule *r)
{
    memset(r, 0, sizeof *r);
    r->id = gw_col_int(st, 0);
    r->community_id = gw_col_int(st, 1);
    cpy(r->community_path, sizeof r->community_path, gw_col_text(st, 2));
    cpy(r->community_name, sizeof r->community_name, gw_col_text(st, 3));
    cpy(r->code, sizeof r->code, gw_col_text(st, 4));
    cpy(r->name, sizeof r->name, gw_col_text(st, 5));
    r->unit = (gw_earn_unit)gw_earn_unit_parse(gw_col_text(st, 6));
    r->points = gw_col_int(st, 7);
    r->daily_cap = gw_col_int(st, 8);
    r->total_cap = gw_col_int(st, 9);
    r->valid_from_ms = gw_col_int(st, 10);
    r->valid_to_ms = gw_col_int(st, 11);
    r->active = gw_col_int(st, 12) != 0;
    r->created_by = gw_col_int(st, 13);
    r->created_ms = gw_col_int(st, 14);
    r->updated_ms = gw_col_int(st, 15);
}

static void rule_bind(gw_stmt *st, const gw_earn_rule *r)
{
    gw_bind_int(st, 1, r->community_id);
    gw_bind_text(st, 2, r->code);
    gw_bind_text(st, 3, r->name);
    gw_bind_text(st, 4, gw_earn_unit_name(r->unit));
    gw_bind_int(st, 5, r->points);
    gw_bind_int(st, 6, r->daily_cap);
    gw_bind_int(st, 7, r->total_cap);
    gw_bind_int(st, 8, r->valid_from_ms);
    gw_bind_int(st, 9, r->valid_to_ms);
    gw_bind_int(st, 10, r->active ? 1 : 0);
    gw_bind_id(st, 11, r->created_by);
    gw_bind_int(st, 12, r->updated_ms);
}

gw_err gw_store_earn_rule_insert(gw_db *tx, gw_earn_rule *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_RULE_INSERT);
    if (!st) return GW_E_INTERNAL;
    rule_bind(st, r);
    gw_err e = gw_step_row(st);
    if (e) return e;
    r->id = gw_col_int(st, 0);
    r->created_ms = r->updated_ms;
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_earn_rule_update(gw_db *tx, const gw_earn_rule *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_RULE_UPDATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->id);
    gw_bind_text(st, 2, r->name);
    gw_bind_text(st, 3, gw_earn_unit_name(r->unit));
    gw_bind_int(st, 4, r->points);
    gw_bind_int(st, 5, r->daily_cap);
    gw_bind_int(st, 6, r->total_cap);
    gw_bind_int(st, 7, r->valid_from_ms);
    gw_bind_int(st, 8, r->valid_to_ms);
    gw_bind_int(st, 9, r->active ? 1 : 0);
    gw_bind_int(st, 10, r->updated_ms);
    return gw_step_touched(st);
}

gw_err gw_store_earn_rule_get(gw_db *db, int64_t id, gw_earn_rule *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_RULE_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    rule_read(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_earn_rules(gw_db *db, const char *div_prefix, int64_t community_id, gw_earn_rule *out, size_t max,
                           size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_RULES);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, div_prefix);
    gw_bind_int(st, 2, community_id);
    gw_bind_int(st, 3, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) rule_read(st, &out[(*n)++]);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_earn_used(gw_db *db, int64_t partner_id, int64_t rule_id, int64_t from_ms, int64_t to_ms,
                          int64_t *points)
{
    gw_stmt *st = gw_db_prep(db, SQL_USED);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, partner_id);
    gw_bind_int(st, 2, rule_id);
    gw_bind_int(st, 3, from_ms);
    gw_bind_int(st, 4, to_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *points = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

/* ---- activities ---- */

static const char SQL_ACT_INSERT[] =
    "INSERT INTO earn_activities(community_id, rule_id, title, lon, lat, radius_m, address, starts_ms, ends_ms, secret,"
    " created_by, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id";
#define ACT_COLS                                                                                         \
    "a.id, a.community_id, a.rule_id, COALESCE(c.path, ''), COALESCE(r.name, ''), a.title, a.lon, a.lat,"  \
    " a.radius_m, a.address, a.starts_ms, a.ends_ms, a.secret, COALESCE(a.created_by, 0), a.created_ms"     \
    " FROM earn_activities a LEFT JOIN divisions c ON c.id = a.community_id"                               \
    " LEFT JOIN earn_rules r ON r.id = a.rule_id"
static const char SQL_ACT_GET[] = "SELECT " ACT_COLS " WHERE a.id = ?1";
static const char SQL_ACTS[] =
    "SELECT " ACT_COLS " WHERE (CAST(?1 AS TEXT) IS NULL OR c.path LIKE CAST(?1 AS TEXT) || '%')"
    " AND (CAST(?2 AS BIGINT) = 0 OR a.community_id = CAST(?2 AS BIGINT)) AND a.ends_ms > ?3"
    " ORDER BY a.starts_ms DESC, a.id DESC LIMIT CAST(?4 AS BIGINT)";

static void act_read(gw_stmt *st, gw_earn_activity *a)
{
    memset(a, 0, sizeof *a);
    a->id = gw_col_int(st, 0);
    a->community_id = gw_col_int(st, 1);
    a->rule_id = gw_col_int(st, 2);
    cpy(a->community_path, sizeof a->community_path, gw_col_text(st, 3));
    cpy(a->rule_name, sizeof a->rule_name, gw_col_text(st, 4));
    cpy(a->title, sizeof a->title, gw_col_text(st, 5));
    a->place.lon = gw_col_double(st, 6);
    a->place.lat = gw_col_double(st, 7);
    a->radius_m = (int32_t)gw_col_int(st, 8);
    cpy(a->address, sizeof a->address, gw_col_text(st, 9));
    a->starts_ms = gw_col_int(st, 10);
    a->ends_ms = gw_col_int(st, 11);
    cpy(a->secret, sizeof a->secret, gw_col_text(st, 12));
    a->created_by = gw_col_int(st, 13);
    a->created_ms = gw_col_int(st, 14);
}

gw_err gw_store_earn_activity_insert(gw_db *tx, gw_earn_activity *a)
{
    gw_stmt *st = gw_db_prep(tx, SQL_ACT_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, a->community_id);
    gw_bind_int(st, 2, a->rule_id);
    gw_bind_text(st, 3, a->title);
    gw_bind_double(st, 4, a->place.lon);
    gw_bind_double(st, 5, a->place.lat);
    gw_bind_int(st, 6, a->radius_m);
    gw_bind_text(st, 7, a->address);
    gw_bind_int(st, 8, a->starts_ms);
    gw_bind_int(st, 9, a->ends_ms);
    gw_bind_text(st, 10, a->secret);
    gw_bind_id(st, 11, a->created_by);
    gw_bind_int(st, 12, a->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    a->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_earn_activity_get(gw_db *db, int64_t id, gw_earn_activity *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_ACT_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    act_read(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_earn_activities(gw_db *db, const char *div_prefix, int64_t community_id, int64_t ends_after_ms,
                                gw_earn_activity *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_ACTS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, div_prefix);
    gw_bind_int(st, 2, community_id);
    gw_bind_int(st, 3, ends_after_ms);
    gw_bind_int(st, 4, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) act_read(st, &out[(*n)++]);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* ---- service records ---- */

static const char SQL_REC_INSERT[] =
    "INSERT INTO earn_records(community_id, rule_id, partner_id, source, status, quantity, minutes, activity_id,"
    " beneficiary_id, started_ms, ended_ms, in_lon, in_lat, note, created_by, created_ms, updated_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16) RETURNING id";
static const char SQL_REC_UPDATE[] =
    "UPDATE earn_records SET status = ?2, ended_ms = ?3, minutes = ?4, out_lon = ?5, out_lat = ?6, points = ?7,"
    " transfer_id = ?8, revoke_transfer_id = ?9, revoked_points = ?10, reason = ?11, decided_by = ?12,"
    " decided_by_resident = ?13, decided_ms = ?14, revoked_by = ?15, revoked_ms = ?16, updated_ms = ?17"
    " WHERE id = ?1 RETURNING id";
#define REC_COLS                                                                                          \
    "e.id, e.community_id, e.rule_id, e.partner_id, COALESCE(c.path, ''), COALESCE(r.code, ''),"            \
    " COALESCE(r.name, ''), COALESCE(r.unit, 'service'), COALESCE(p.name, ''), COALESCE(p.kind, 'person'),"  \
    " COALESCE(p.resident_id, 0), e.source, e.status, e.quantity, e.minutes, COALESCE(e.activity_id, 0),"    \
    " COALESCE(e.beneficiary_id, 0), COALESCE(a.title, ''), e.started_ms, COALESCE(e.ended_ms, 0),"          \
    " CASE WHEN e.in_lon IS NULL THEN 0 ELSE 1 END, COALESCE(e.in_lon, 0), COALESCE(e.in_lat, 0),"          \
    " CASE WHEN e.out_lon IS NULL THEN 0 ELSE 1 END, COALESCE(e.out_lon, 0), COALESCE(e.out_lat, 0),"       \
    " e.points, COALESCE(e.transfer_id, 0),"                                                               \
    " COALESCE(e.revoke_transfer_id, 0), e.revoked_points, e.note, e.reason, COALESCE(e.created_by, 0),"     \
    " e.created_ms, COALESCE(e.decided_by, 0), COALESCE(e.decided_by_resident, 0), COALESCE(e.decided_ms, 0),"\
    " COALESCE(e.revoked_by, 0), COALESCE(e.revoked_ms, 0), e.updated_ms"
#define REC_FROM                                                                                          \
    " FROM earn_records e LEFT JOIN divisions c ON c.id = e.community_id"                                  \
    " LEFT JOIN earn_rules r ON r.id = e.rule_id LEFT JOIN partners p ON p.id = e.partner_id"              \
    " LEFT JOIN earn_activities a ON a.id = e.activity_id"
static const char SQL_REC_GET[] = "SELECT " REC_COLS REC_FROM " WHERE e.id = ?1";
#define REC_WHERE                                                                                         \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR c.path LIKE CAST(?1 AS TEXT) || '%')"                             \
    " AND (CAST(?2 AS BIGINT) = 0 OR e.partner_id = CAST(?2 AS BIGINT))"                                    \
    " AND ((CAST(?3 AS BIGINT) = 0 AND CAST(?4 AS BIGINT) = 0) OR e.beneficiary_id = CAST(?3 AS BIGINT)"     \
    "      OR p.resident_id = CAST(?4 AS BIGINT))"                                                          \
    " AND (CAST(?5 AS TEXT) IS NULL OR e.status = CAST(?5 AS TEXT))"                                        \
    " AND (CAST(?6 AS TEXT) IS NULL OR e.source = CAST(?6 AS TEXT))"                                        \
    " AND (CAST(?7 AS BIGINT) = 0 OR e.activity_id = CAST(?7 AS BIGINT))"
static const char SQL_RECS[] =
    "SELECT " REC_COLS REC_FROM REC_WHERE " ORDER BY e.id DESC LIMIT CAST(?8 AS BIGINT) OFFSET CAST(?9 AS BIGINT)";
static const char SQL_RECS_COUNT[] = "SELECT COUNT(*)" REC_FROM REC_WHERE;
static const char SQL_CLAIM[] = "UPDATE earn_records SET updated_ms = updated_ms WHERE id = ?1 AND status = ?2 RETURNING id";
#define PARTNER_LOCK_NS INT64_C(0x4541524E00000000) /* "EARN" in the high half: one lock per partner */
static const char SQL_OVERLAP[] =
    "SELECT id FROM earn_records WHERE partner_id = ?1 AND id <> ?2 AND status IN ('open','pending','confirmed')"
    " AND started_ms < ?4 AND (ended_ms IS NULL OR ended_ms > ?3) ORDER BY id LIMIT 1";

static void rec_read(gw_stmt *st, gw_earn_record *r)
{
    memset(r, 0, sizeof *r);
    int c = 0;
    r->id = gw_col_int(st, c++);
    r->community_id = gw_col_int(st, c++);
    r->rule_id = gw_col_int(st, c++);
    r->partner_id = gw_col_int(st, c++);
    cpy(r->community_path, sizeof r->community_path, gw_col_text(st, c++));
    cpy(r->rule_code, sizeof r->rule_code, gw_col_text(st, c++));
    cpy(r->rule_name, sizeof r->rule_name, gw_col_text(st, c++));
    r->unit = (gw_earn_unit)gw_earn_unit_parse(gw_col_text(st, c++));
    cpy(r->partner_name, sizeof r->partner_name, gw_col_text(st, c++));
    r->partner_person = !strcmp(gw_col_text(st, c++), "person");
    r->partner_resident = gw_col_int(st, c++);
    r->source = (gw_earn_source)gw_earn_source_parse(gw_col_text(st, c++));
    r->status = (gw_earn_status)gw_earn_status_parse(gw_col_text(st, c++));
    r->quantity = gw_col_int(st, c++);
    r->minutes = gw_col_int(st, c++);
    r->activity_id = gw_col_int(st, c++);
    r->beneficiary_id = gw_col_int(st, c++);
    cpy(r->activity_title, sizeof r->activity_title, gw_col_text(st, c++));
    r->started_ms = gw_col_int(st, c++);
    r->ended_ms = gw_col_int(st, c++);
    r->has_in = gw_col_int(st, c++) != 0;
    r->in_at.lon = gw_col_double(st, c++);
    r->in_at.lat = gw_col_double(st, c++);
    r->has_out = gw_col_int(st, c++) != 0;
    r->out_at.lon = gw_col_double(st, c++);
    r->out_at.lat = gw_col_double(st, c++);
    r->points = gw_col_int(st, c++);
    r->transfer_id = gw_col_int(st, c++);
    r->revoke_transfer_id = gw_col_int(st, c++);
    r->revoked_points = gw_col_int(st, c++);
    cpy(r->note, sizeof r->note, gw_col_text(st, c++));
    cpy(r->reason, sizeof r->reason, gw_col_text(st, c++));
    r->created_by = gw_col_int(st, c++);
    r->created_ms = gw_col_int(st, c++);
    r->decided_by = gw_col_int(st, c++);
    r->decided_by_resident = gw_col_int(st, c++);
    r->decided_ms = gw_col_int(st, c++);
    r->revoked_by = gw_col_int(st, c++);
    r->revoked_ms = gw_col_int(st, c++);
    r->updated_ms = gw_col_int(st, c++);
}

static void bind_opt_int(gw_stmt *st, int i, int64_t v)
{
    if (v) gw_bind_int(st, i, v);
    else gw_bind_null(st, i);
}

gw_err gw_store_earn_record_insert(gw_db *tx, gw_earn_record *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_REC_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->community_id);
    gw_bind_int(st, 2, r->rule_id);
    gw_bind_int(st, 3, r->partner_id);
    gw_bind_text(st, 4, gw_earn_source_name(r->source));
    gw_bind_text(st, 5, gw_earn_status_name(r->status));
    gw_bind_int(st, 6, r->quantity);
    gw_bind_int(st, 7, r->minutes);
    gw_bind_id(st, 8, r->activity_id);
    gw_bind_id(st, 9, r->beneficiary_id);
    gw_bind_int(st, 10, r->started_ms);
    bind_opt_int(st, 11, r->ended_ms);
    if (r->has_in) {
        gw_bind_double(st, 12, r->in_at.lon);
        gw_bind_double(st, 13, r->in_at.lat);
    } else {
        gw_bind_null(st, 12);
        gw_bind_null(st, 13);
    }
    gw_bind_text(st, 14, r->note);
    gw_bind_id(st, 15, r->created_by);
    gw_bind_int(st, 16, r->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    r->id = gw_col_int(st, 0);
    r->updated_ms = r->created_ms;
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_earn_record_update(gw_db *tx, const gw_earn_record *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_REC_UPDATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->id);
    gw_bind_text(st, 2, gw_earn_status_name(r->status));
    bind_opt_int(st, 3, r->ended_ms);
    gw_bind_int(st, 4, r->minutes);
    if (r->has_out) {
        gw_bind_double(st, 5, r->out_at.lon);
        gw_bind_double(st, 6, r->out_at.lat);
    } else {
        gw_bind_null(st, 5);
        gw_bind_null(st, 6);
    }
    gw_bind_int(st, 7, r->points);
    gw_bind_id(st, 8, r->transfer_id);
    gw_bind_id(st, 9, r->revoke_transfer_id);
    gw_bind_int(st, 10, r->revoked_points);
    gw_bind_text(st, 11, r->reason);
    gw_bind_id(st, 12, r->decided_by);
    gw_bind_id(st, 13, r->decided_by_resident);
    bind_opt_int(st, 14, r->decided_ms);
    gw_bind_id(st, 15, r->revoked_by);
    bind_opt_int(st, 16, r->revoked_ms);
    gw_bind_int(st, 17, r->updated_ms);
    return gw_step_touched(st);
}

gw_err gw_store_earn_record_get(gw_db *db, int64_t id, gw_earn_record *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_REC_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    rec_read(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_earn_record_claim(gw_db *tx, int64_t id, gw_earn_status status)
{
    gw_stmt *st = gw_db_prep(tx, SQL_CLAIM);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_text(st, 2, gw_earn_status_name(status));
    return gw_step_touched(st);
}

gw_err gw_store_earn_partner_lock(gw_db *tx, int64_t partner_id)
{
    return gw_db_lock(tx, PARTNER_LOCK_NS | (partner_id & INT64_C(0xFFFFFFFF)));
}

static void rec_query_bind(gw_stmt *st, const gw_earn_record_query *q)
{
    gw_bind_text(st, 1, q->div_prefix);
    gw_bind_int(st, 2, q->partner_id);
    gw_bind_int(st, 3, q->beneficiary_id);
    gw_bind_int(st, 4, q->partner_resident);
    gw_bind_text(st, 5, q->status >= 0 ? gw_earn_status_name(q->status) : NULL);
    gw_bind_text(st, 6, q->source >= 0 ? gw_earn_source_name(q->source) : NULL);
    gw_bind_int(st, 7, q->activity_id);
}

gw_err gw_store_earn_records(gw_db *db, const gw_earn_record_query *q, gw_earn_record *out, size_t *n, int64_t *total)
{
    *n = 0;
    *total = 0;
    gw_stmt *st = gw_db_prep(db, SQL_RECS_COUNT);
    if (!st) return GW_E_INTERNAL;
    rec_query_bind(st, q);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    if (!(st = gw_db_prep(db, SQL_RECS))) return GW_E_INTERNAL;
    rec_query_bind(st, q);
    gw_bind_int(st, 8, (int64_t)q->limit);
    gw_bind_int(st, 9, (int64_t)q->offset);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == q->limit) { gw_stmt_reset(st); rc = 0; break; }
        rec_read(st, &out[(*n)++]);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_earn_overlap(gw_db *db, int64_t partner_id, int64_t except_id, int64_t from_ms, int64_t to_ms,
                             int64_t *id)
{
    gw_stmt *st = gw_db_prep(db, SQL_OVERLAP);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, partner_id);
    gw_bind_int(st, 2, except_id);
    gw_bind_int(st, 3, from_ms);
    gw_bind_int(st, 4, to_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

/* ---- expiry ---- */

static const char SQL_EXPIRY_GET[] = "SELECT expiry_months FROM earn_settings WHERE community_id = ?1";
static const char SQL_EXPIRY_SET[] =
    "INSERT INTO earn_settings(community_id, expiry_months, updated_ms) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (community_id) DO UPDATE SET expiry_months = excluded.expiry_months, updated_ms = excluded.updated_ms";
/* old credits: posted credits into the account from transfers older than the cutoff; debits: all it
 * gave (posted and held) */
static const char SQL_EXPIRING[] =
    "SELECT a.id, a.division_id,"
    " (SELECT COALESCE(SUM(t.amount), 0) FROM ledger_transfers t WHERE t.credit_account_id = a.id"
    "   AND t.kind = 'posted' AND t.created_ms < ?1 - s.expiry_months * 2592000000) AS old_cr,"
    " a.debits_posted + a.debits_pending,"
    " a.credits_posted - a.debits_posted - a.debits_pending"
    " FROM ledger_accounts a JOIN earn_settings s ON s.community_id = a.division_id AND s.expiry_months > 0"
    " WHERE a.owner_kind <> 'system' AND a.id > ?2 ORDER BY a.id";

gw_err gw_store_earn_expiry_get(gw_db *db, int64_t community_id, int *months)
{
    *months = 0;
    gw_stmt *st = gw_db_prep(db, SQL_EXPIRY_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, community_id);
    gw_err e = gw_step_row(st);
    if (e == GW_E_NOT_FOUND) return GW_OK;
    if (e) return e;
    *months = (int)gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_earn_expiry_set(gw_db *tx, int64_t community_id, int months, int64_t now_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_EXPIRY_SET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, community_id);
    gw_bind_int(st, 2, months);
    gw_bind_int(st, 3, now_ms);
    return gw_step_done(st);
}

gw_err gw_store_earn_expiring(gw_db *db, int64_t now_ms, gw_earn_expiring *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_EXPIRING);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, now_ms);
    gw_bind_int(st, 2, 0);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_earn_expiring x = { gw_col_int(st, 0), gw_col_int(st, 1), gw_col_int(st, 2), gw_col_int(st, 3),
                               gw_col_int(st, 4) };
        if (x.old_credits <= x.debits || x.available <= 0) continue;
        if (*n == max) { gw_stmt_reset(st); rc = 0; break; }
        out[(*n)++] = x;
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
