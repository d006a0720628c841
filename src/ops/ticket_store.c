/* ops/ticket_store.c — SQL for tickets, timeline, CC units and photos. */
#include "ops/ticket_store.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/chain.h"
#include "json/reply.h"
#include "core/privacy.h"
#include "ops/sla.h"
#include "core/scope_store.h"

#include <stdio.h>
#include <string.h>

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

#define TICKET_COLS \
    "id, track_code, source, category_id, division_id, division_path, lon, lat, address, description, urgency," \
    " reporter_name, reporter_phone, reporter_user_id, api_key_id, state, suspended_from, unit_id, rule_id," \
    " dispatch_due_ms, handle_due_ms, verify_due_ms, suspended_at_ms, closed_at_ms, ext_pending_days," \
    " rework_count, return_count, extension_count, rating, rating_comment, due_ms, warn_at_ms, warn_flag," \
    " overdue_flag, version, created_ms, updated_ms, needs_location, urge_count, reopen_count, revisit_result," \
    " revisited_at_ms, request_type, parent_id, merged_from"

static const char SQL_GET[] = "SELECT " TICKET_COLS " FROM tickets WHERE id = ?1";
static const char SQL_BY_CODE[] = "SELECT " TICKET_COLS " FROM tickets WHERE track_code = ?1";

static gw_err read_row(gw_stmt *st, gw_ticket_row *r)
{
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    if (rc == 0) return GW_E_NOT_FOUND;
    memset(r, 0, sizeof *r);
    int c = 0;
    r->id = gw_col_int(st, c++);
    cpy(r->track_code, sizeof r->track_code, gw_col_text(st, c++));
    cpy(r->source, sizeof r->source, gw_col_text(st, c++));
    r->category_id = gw_col_int(st, c++);
    r->division_id = gw_col_int(st, c++);
    cpy(r->division_path, sizeof r->division_path, gw_col_text(st, c++));
    r->has_location = !gw_col_is_null(st, c);
    r->lon = gw_col_double(st, c++);
    r->lat = gw_col_double(st, c++);
    cpy(r->address, sizeof r->address, gw_col_text(st, c++));
    cpy(r->description, sizeof r->description, gw_col_text(st, c++));
    r->urgency = (int)gw_col_int(st, c++);
    cpy(r->reporter_name, sizeof r->reporter_name, gw_col_text(st, c++));
    cpy(r->reporter_phone, sizeof r->reporter_phone, gw_col_text(st, c++));
    r->reporter_user_id = gw_col_int(st, c++);
    r->api_key_id = gw_col_int(st, c++);
    int s = gw_ticket_state_parse(gw_col_text(st, c++));
    r->t.state = s < 0 ? GW_T_INVALID : (gw_ticket_state)s;
    const char *sf = gw_col_text(st, c++);
    s = sf ? gw_ticket_state_parse(sf) : -1;
    r->t.suspended_from = s < 0 ? GW_T_SIGNED : (gw_ticket_state)s;
    r->t.unit_id = gw_col_int(st, c++);
    r->rule_id = gw_col_int(st, c++);
    r->t.dispatch_due_ms = gw_col_int(st, c++);
    r->t.handle_due_ms = gw_col_int(st, c++);
    r->t.verify_due_ms = gw_col_int(st, c++);
    r->t.suspended_at_ms = gw_col_int(st, c++);
    r->t.closed_at_ms = gw_col_int(st, c++);
    r->t.ext_pending_days = (int32_t)gw_col_int(st, c++);
    r->t.rework_count = (int32_t)gw_col_int(st, c++);
    r->t.return_count = (int32_t)gw_col_int(st, c++);
    r->t.extension_count = (int32_t)gw_col_int(st, c++);
    r->t.rating = (int32_t)gw_col_int(st, c++);
    cpy(r->rating_comment, sizeof r->rating_comment, gw_col_text(st, c++));
    r->due_ms = gw_col_int(st, c++);
    r->warn_at_ms = gw_col_int(st, c++);
    r->warn_flag = (int)gw_col_int(st, c++);
    r->overdue_flag = (int)gw_col_int(st, c++);
    r->version = gw_col_int(st, c++);
    r->created_ms = gw_col_int(st, c++);
    r->updated_ms = gw_col_int(st, c++);
    r->needs_location = (int)gw_col_int(st, c++);
    r->t.urge_count = (int32_t)gw_col_int(st, c++);
    r->t.reopen_count = (int32_t)gw_col_int(st, c++);
    r->t.revisit_result = gw_satisfaction_parse(gw_col_text(st, c++));
    r->t.revisited_at_ms = gw_col_int(st, c++);
    cpy(r->request_type, sizeof r->request_type, gw_col_text(st, c++));
    r->parent_id = gw_col_int(st, c++);
    s = gw_ticket_state_parse(gw_col_text(st, c++)); /* NULL unless merged */
    r->t.merged_from = s < 0 ? GW_T_REPORTED : (gw_ticket_state)s;
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_ticket_get(gw_db *db, int64_t id, gw_ticket_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    return read_row(st, out);
}

gw_err gw_store_ticket_by_code(gw_db *db, const char *code, gw_ticket_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_BY_CODE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, code);
    return read_row(st, out);
}

gw_err gw_store_ticket_version(gw_db *db, int64_t id, int64_t *version)
{
    static const char sql[] = "SELECT version FROM tickets WHERE id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    int rc = gw_step(st);
    if (rc <= 0) return rc < 0 ? (gw_err)-rc : GW_E_NOT_FOUND;
    *version = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

static void bind_opt_text(gw_stmt *st, int i, const char *s) { gw_bind_text(st, i, s && *s ? s : NULL); }

/* The place: division, location, needs_location (parameters ?23 to ?27, bound by insert and update). */
static void bind_place(gw_stmt *st, const gw_ticket_row *r)
{
    gw_bind_id(st, 23, r->division_id);
    gw_bind_text(st, 24, r->division_path[0] ? r->division_path : "/");
    if (r->has_location) { gw_bind_double(st, 25, r->lon); gw_bind_double(st, 26, r->lat); }
    gw_bind_int(st, 27, r->needs_location ? 1 : 0);
}

/* The loop's fields, bound the same way by insert and update (parameters ?3 to ?22). */
static void bind_loop(gw_stmt *st, const gw_ticket_row *r)
{
    const gw_ticket *t = &r->t;
    gw_bind_text(st, 3, gw_ticket_state_name(t->state));
    gw_bind_text(st, 4, t->state == GW_T_SUSPENDED ? gw_ticket_state_name(t->suspended_from) : NULL);
    gw_bind_id(st, 5, t->unit_id);
    gw_bind_id(st, 6, r->rule_id);
    gw_bind_id(st, 7, t->dispatch_due_ms);
    gw_bind_id(st, 8, t->handle_due_ms);
    gw_bind_id(st, 9, t->verify_due_ms);
    gw_bind_id(st, 10, t->suspended_at_ms);
    gw_bind_id(st, 11, t->closed_at_ms);
    gw_bind_int(st, 12, t->ext_pending_days);
    gw_bind_int(st, 13, t->rework_count);
    gw_bind_int(st, 14, t->return_count);
    gw_bind_int(st, 15, t->extension_count);
    gw_bind_int(st, 16, t->rating);
    bind_opt_text(st, 17, r->rating_comment);
    gw_bind_id(st, 18, r->due_ms);
    gw_bind_id(st, 19, r->warn_at_ms);
    gw_bind_int(st, 20, r->warn_flag);
    gw_bind_int(st, 21, r->overdue_flag);
    gw_bind_int(st, 22, r->updated_ms);
}

gw_err gw_store_ticket_insert(gw_db *tx, gw_ticket_row *r)
{
    static const char sql[] =
        "INSERT INTO tickets(track_code, source, state, suspended_from, unit_id, rule_id, dispatch_due_ms,"
        " handle_due_ms, verify_due_ms, suspended_at_ms, closed_at_ms, ext_pending_days, rework_count, return_count,"
        " extension_count, rating, rating_comment, due_ms, warn_at_ms, warn_flag, overdue_flag, updated_ms,"
        " division_id, division_path, lon, lat, needs_location, category_id, address, description, urgency,"
        " reporter_name, reporter_phone, reporter_user_id, api_key_id, created_ms, reporter_phone_key, version, request_type)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
        " ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, 1, ?38) RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    if (!r->updated_ms) r->updated_ms = r->created_ms;
    gw_bind_text(st, 1, r->track_code);
    gw_bind_text(st, 2, r->source);
    bind_loop(st, r);
    bind_place(st, r);
    gw_bind_int(st, 28, r->category_id);
    bind_opt_text(st, 29, r->address);
    gw_bind_text(st, 30, r->description);
    gw_bind_int(st, 31, r->urgency);
    bind_opt_text(st, 32, r->reporter_name);
    bind_opt_text(st, 33, r->reporter_phone);
    gw_bind_id(st, 34, r->reporter_user_id);
    gw_bind_id(st, 35, r->api_key_id);
    gw_bind_int(st, 36, r->created_ms);
    char key[GW_PHONE_MAX + 1];
    if (gw_phone_key(r->reporter_phone, key, sizeof key)) gw_bind_text(st, 37, key);
    gw_bind_text(st, 38, r->request_type[0] ? r->request_type : GW_REQUEST_DEFAULT);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    r->id = gw_col_int(st, 0);
    r->version = 1;
    gw_stmt_reset(st);
    gw_store_note_ticket(r->id);
    return GW_OK;
}

gw_err gw_store_ticket_update(gw_db *tx, gw_ticket_row *r)
{
    static const char sql[] =
        "UPDATE tickets SET state = ?3, suspended_from = ?4, unit_id = ?5, rule_id = ?6, dispatch_due_ms = ?7,"
        " handle_due_ms = ?8, verify_due_ms = ?9, suspended_at_ms = ?10, closed_at_ms = ?11, ext_pending_days = ?12,"
        " rework_count = ?13, return_count = ?14, extension_count = ?15, rating = ?16, rating_comment = ?17,"
        " due_ms = ?18, warn_at_ms = ?19, warn_flag = ?20, overdue_flag = ?21, version = version + 1, updated_ms = ?22,"
        " division_id = ?23, division_path = ?24, lon = ?25, lat = ?26, needs_location = ?27,"
        " urgency = ?28, urge_count = ?29, reopen_count = ?30, revisit_result = ?31, revisited_at_ms = ?32,"
        " parent_id = ?33, merged_from = ?34"
        " WHERE id = ?1 AND version = ?2 RETURNING version";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->id);
    gw_bind_int(st, 2, r->version);
    bind_loop(st, r);
    bind_place(st, r);
    gw_bind_int(st, 28, r->urgency);
    gw_bind_int(st, 29, r->t.urge_count);
    gw_bind_int(st, 30, r->t.reopen_count);
    gw_bind_text(st, 31, gw_satisfaction_name(r->t.revisit_result));
    gw_bind_id(st, 32, r->t.revisited_at_ms);
    gw_bind_id(st, 33, r->parent_id);
    gw_bind_text(st, 34, r->t.state == GW_T_MERGED ? gw_ticket_state_name(r->t.merged_from) : NULL);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    if (rc == 0) return GW_E_CONFLICT;
    r->version = gw_col_int(st, 0);
    gw_stmt_reset(st);
    gw_store_note_ticket(r->id);
    return GW_OK;
}

gw_err gw_store_ticket_set_cc(gw_db *tx, int64_t ticket_id, const int64_t *units, int n)
{
    static const char del[] = "DELETE FROM ticket_cc WHERE ticket_id = ?1";
    static const char ins[] = "INSERT INTO ticket_cc(ticket_id, unit_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
    gw_stmt *st = gw_db_prep(tx, del);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    gw_err e = gw_step_done(st);
    for (int i = 0; !e && i < n; i++) {
        if (!(st = gw_db_prep(tx, ins))) return GW_E_INTERNAL;
        gw_bind_int(st, 1, ticket_id);
        gw_bind_int(st, 2, units[i]);
        e = gw_step_done(st);
    }
    return e;
}

gw_err gw_store_ticket_cc_each(gw_db *db, int64_t ticket_id, gw_cc_unit_fn fn, void *cls)
{
    static const char sql[] =
        "SELECT u.id, u.name FROM ticket_cc c JOIN units u ON u.id = c.unit_id WHERE c.ticket_id = ?1 ORDER BY u.id";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    int rc;
    while ((rc = gw_step(st)) == 1)
        if (!fn(cls, gw_col_int(st, 0), gw_col_text(st, 1))) { gw_stmt_reset(st); return GW_E_NOMEM; }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_ticket_cc_ids(gw_db *db, int64_t ticket_id, int64_t *ids, int max, int *n)
{
    static const char sql[] = "SELECT unit_id FROM ticket_cc WHERE ticket_id = ?1 ORDER BY unit_id";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    int rc;
    *n = 0;
    while ((rc = gw_step(st)) == 1)
        if (*n < max) ids[(*n)++] = gw_col_int(st, 0);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* ---- timeline --------------------------------------------------------------------------- */

/* The timeline's chains (core/chain.h). Rows written since migration 4 (chain_v 2) chain per ticket;
 * the rows before it form one chain over the whole table (chain_v 1) and are verified as they were. */
static const gw_chain_field timeline_fields[] = {
    { "ticket_id", GW_CF_INT }, { "at_ms", GW_CF_INT }, { "actor_user_id", GW_CF_ID }, { "actor_role", GW_CF_TEXT },
    { "action", GW_CF_TEXT }, { "from_state", GW_CF_TEXT }, { "to_state", GW_CF_TEXT }, { "note", GW_CF_OPT_TEXT },
    { "detail", GW_CF_TEXT },
};
const gw_chain gw_timeline_chain = { 2, "ticket_timeline", "ticket_id", "chain_v", 2, 9, timeline_fields };
const gw_chain gw_timeline_chain_v1 = { 3, "ticket_timeline", NULL, "chain_v", 1, 9, timeline_fields };

gw_err gw_store_timeline_append(gw_db *tx, const gw_timeline_in *in)
{
    const gw_chain_val v[] = {
        { in->ticket_id, NULL }, { in->at_ms, NULL }, { in->actor_user_id, NULL }, { 0, in->actor_role },
        { 0, in->action }, { 0, in->from_state }, { 0, in->to_state }, { 0, in->note },
        { 0, in->detail ? in->detail : "{}" },
    };
    return gw_chain_append(tx, &gw_timeline_chain, v, NULL);
}

gw_err gw_store_timeline_rows(gw_db *db, int64_t ticket_id, gw_timeline_row_fn fn, void *cls)
{
    static const char sql[] =
        "SELECT e.id, e.at_ms, e.actor_user_id, e.actor_role, e.action, e.from_state, e.to_state, e.note, e.detail,"
        " u.display_name, e.hash FROM ticket_timeline e LEFT JOIN users u ON u.id = e.actor_user_id"
        " WHERE e.ticket_id = ?1 ORDER BY e.id";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_timeline_row r = {
            gw_col_int(st, 0), gw_col_int(st, 1), gw_col_int(st, 2), gw_col_text(st, 3), gw_col_text(st, 4),
            gw_col_text(st, 5), gw_col_text(st, 6), gw_col_text(st, 7), gw_col_text(st, 8), gw_col_text(st, 9),
            gw_col_text(st, 10),
        };
        if (fn(cls, &r)) { gw_stmt_reset(st); return GW_OK; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* ---- lists ---------------------------------------------------------------------------- */

#define LIST_SQL(TEXT_MATCH)                                                                                \
    "SELECT t.id, t.track_code, t.source, t.state, t.category_id, c.code, c.name, t.division_id, d.name, t.address," \
    " t.description, t.urgency, t.unit_id, un.name, t.reporter_name, t.due_ms, t.warn_flag, t.overdue_flag,"        \
    " t.created_ms, t.updated_ms, t.lon, t.lat, t.rating, t.ext_pending_days, t.needs_location,"   \
    " t.urge_count, t.reopen_count, t.revisit_result, t.request_type"                         \
    " FROM tickets t JOIN categories c ON c.id = t.category_id LEFT JOIN divisions d ON d.id = t.division_id"        \
    " LEFT JOIN units un ON un.id = t.unit_id WHERE"                                                                 \
    " (CAST(?1 AS TEXT) IS NULL OR t.state = ?1)"                                                                                  \
    " AND (CAST(?2 AS BIGINT) IS NULL OR t.category_id = ?2 OR c.parent_id = ?2)"                                                    \
    " AND (CAST(?3 AS BIGINT) IS NULL OR t.unit_id = ?3)"                                                                            \
    " AND (CAST(?4 AS TEXT) IS NULL OR substr(t.division_path, 1, length(CAST(?4 AS TEXT))) = ?4)"                   \
    " AND (CAST(?5 AS TEXT) IS NULL OR t.source = ?5)"                                                                             \
    " AND (CAST(?6 AS BIGINT) IS NULL OR t.created_ms >= ?6) AND (CAST(?7 AS BIGINT) IS NULL OR t.created_ms < ?7)"                                  \
    " AND (CAST(?8 AS BIGINT) IS NULL OR t.overdue_flag = 1)"                                                                        \
    " AND (CAST(?9 AS BIGINT) IS NULL OR t.id < ?9)"                                                                 \
    " AND (CAST(?15 AS BIGINT) IS NULL OR t.warn_flag = 1)"                                                          \
    " AND (CAST(?16 AS BIGINT) IS NULL OR t.ext_pending_days > 0)"                                                                                 \
    " AND (CAST(?17 AS BIGINT) IS NULL OR t.needs_location = 1)"                                                     \
    " AND (CAST(?21 AS BIGINT) IS NULL OR t.id = ?21)"                                                               \
    " AND (CAST(?22 AS TEXT) IS NULL OR t.track_code = ?22)"                                                         \
    " AND (CAST(?23 AS TEXT) IS NULL OR t.reporter_phone_key = ?23)"                                                 \
    " AND (CAST(?24 AS BIGINT) IS NULL OR t.rating BETWEEN 1 AND ?24)"                                                     \
    " AND (CAST(?25 AS BIGINT) IS NULL OR t.urge_count > 0)"                                                         \
    " AND (CAST(?26 AS BIGINT) IS NULL OR " GW_REVISIT_PENDING_SQL ")"                                               \
    " AND (CAST(?27 AS TEXT) IS NULL OR t.request_type = ?27)"                                                       \
    " AND (CAST(?28 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM ticket_assists y WHERE y.ticket_id = t.id"             \
    " AND (CAST(?29 AS BIGINT) IS NULL OR y.unit_id = ?29)"                                                          \
    " AND (y.state = ?28 OR (?28 = 'open' AND y.state IN ('assigned', 'signed')))))"                                 \
    " AND" GW_SCOPE_SQL("?18", "?10", "?11", "?19", "?20")                                                         \
    TEXT_MATCH                                                                                                       \
    " ORDER BY t.id DESC LIMIT CAST(?14 AS BIGINT)"

/* Full-text search: for 3+ characters the trigram index (SQLite: FTS5 with ?12 a quoted phrase;
 * PostgreSQL: pg_trgm with ?12 an escaped LIKE pattern); for 1-2 characters a scan (?13). */
static const char SQL_LIST_SQLITE[] = LIST_SQL(
    " AND (CAST(?12 AS TEXT) IS NULL OR t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?12))"
    " AND (CAST(?13 AS TEXT) IS NULL OR instr(t.description, ?13) > 0)");
static const char SQL_LIST_PG[] = LIST_SQL(
    " AND (CAST(?12 AS TEXT) IS NULL OR t.description LIKE ?12 ESCAPE '\\')"
    " AND (CAST(?13 AS TEXT) IS NULL OR strpos(t.description, ?13) > 0)");

static void list_row(gw_stmt *st, gw_ticket_list_row *r)
{
    *r = (gw_ticket_list_row){
        .id = gw_col_int(st, 0), .track_code = gw_col_text(st, 1), .source = gw_col_text(st, 2),
        .state = gw_col_text(st, 3), .category_id = gw_col_int(st, 4), .category_code = gw_col_text(st, 5),
        .category_name = gw_col_text(st, 6), .division_id = gw_col_int(st, 7), .division_name = gw_col_text(st, 8),
        .address = gw_col_text(st, 9), .description = gw_col_text(st, 10), .urgency = (int)gw_col_int(st, 11),
        .unit_id = gw_col_int(st, 12), .unit_name = gw_col_text(st, 13), .reporter_name = gw_col_text(st, 14),
        .due_ms = gw_col_int(st, 15), .warning = (int)gw_col_int(st, 16), .overdue = (int)gw_col_int(st, 17),
        .created_ms = gw_col_int(st, 18), .updated_ms = gw_col_int(st, 19), .has_location = !gw_col_is_null(st, 20),
        .lon = gw_col_double(st, 20), .lat = gw_col_double(st, 21), .rating = (int)gw_col_int(st, 22),
        .extension_pending = gw_col_int(st, 23) > 0, .needs_location = (int)gw_col_int(st, 24),
        .urge_count = (int)gw_col_int(st, 25), .reopen_count = (int)gw_col_int(st, 26),
        .revisit_result = gw_col_text(st, 27), .request_type = gw_col_text(st, 28),
    };
}

/* Bind the filter (and the caller's scope) to a list statement; GW_E_NOMEM when the search text
 * could not be built. */
static gw_err list_bind(gw_stmt *st, int pg, const gw_principal *who, const gw_ticket_filter *f)
{
    if (f->state >= 0) gw_bind_text(st, 1, gw_ticket_state_name((gw_ticket_state)f->state));
    gw_bind_id(st, 2, f->category_id);
    gw_bind_id(st, 3, f->unit_id);
    bind_opt_text(st, 4, f->division_path);
    bind_opt_text(st, 5, f->source);
    gw_bind_id(st, 6, f->from_ms);
    gw_bind_id(st, 7, f->to_ms);
    if (f->overdue) gw_bind_int(st, 8, 1);
    if (f->warning) gw_bind_int(st, 15, 1);
    if (f->extension_pending) gw_bind_int(st, 16, 1);
    if (f->needs_location) gw_bind_int(st, 17, 1);
    gw_bind_id(st, 9, f->cursor);
    gw_bind_id(st, 21, f->id);
    bind_opt_text(st, 22, f->track_code);
    bind_opt_text(st, 23, f->phone_key);
    if (f->low_rating) gw_bind_int(st, 24, GW_LOW_RATING);
    if (f->urged) gw_bind_int(st, 25, 1);
    if (f->revisit_pending) gw_bind_int(st, 26, 1);
    bind_opt_text(st, 27, f->request_type);
    bind_opt_text(st, 28, f->assist);
    if (f->assist && who->role == GW_R_UNIT_HANDLER) gw_bind_int(st, 29, who->unit_id); /* its own sub-tasks */
    static const gw_scope_args scope = { 18, 10, 11, 19, 20 }; /* the rule of a read by id (core/scope.h) */
    gw_scope_bind(st, &scope, who, GW_SCOPE_LIST);
    if (f->q && *f->q) {
        if (gw_utf8_len(f->q) < 3) {
            gw_bind_text(st, 13, f->q); /* trigrams cannot match 1-2 characters: scan */
        } else {
            gw_buf b = { 0 };
            gw_buf_puts(&b, pg ? "%" : "\""); /* pg: LIKE pattern; sqlite: FTS5 phrase */
            for (const char *p = f->q; *p; p++) {
                if (pg && (*p == '%' || *p == '_' || *p == '\\')) gw_buf_append(&b, "\\", 1);
                gw_buf_append(&b, p, 1);
                if (!pg && *p == '"') gw_buf_append(&b, "\"", 1);
            }
            gw_buf_puts(&b, pg ? "%" : "\"");
            if (b.oom) { gw_buf_free(&b); return GW_E_NOMEM; }
            gw_bind_text(st, 12, b.data);
            gw_buf_free(&b);
        }
    }
    return GW_OK;
}

gw_err gw_store_ticket_rows(gw_db *db, const gw_principal *who, const gw_ticket_filter *f, gw_ticket_row_fn fn,
                            void *cls, int64_t *next_cursor)
{
    int pg = gw_db_dialect_of(db) == GW_DIALECT_POSTGRES;
    gw_stmt *st = gw_db_prep(db, pg ? SQL_LIST_PG : SQL_LIST_SQLITE);
    if (!st) return GW_E_INTERNAL;
    gw_err e = list_bind(st, pg, who, f);
    if (e) { gw_stmt_reset(st); return e; }
    int limit = f->limit < 1 ? 50 : f->limit > 200 ? 200 : f->limit;
    gw_bind_int(st, 14, limit + 1);
    int rc, n = 0;
    int64_t last_id = 0;
    *next_cursor = 0;
    while ((rc = gw_step(st)) == 1) {
        if (n == limit) { *next_cursor = last_id; gw_stmt_reset(st); rc = 0; break; }
        gw_ticket_list_row r;
        list_row(st, &r);
        if (fn(cls, &r)) { gw_stmt_reset(st); return GW_OK; }
        last_id = r.id;
        n++;
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_ticket_count_by_state(gw_db *db, int64_t counts[GW_T__COUNT])
{
    static const char sql[] = "SELECT state, COUNT(*) FROM tickets GROUP BY state";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        int s = gw_ticket_state_parse(gw_col_text(st, 0));
        if (s >= 0) counts[s] = gw_col_int(st, 1);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_ticket_sweep(gw_db *tx, int64_t now_ms, int *changed)
{
#define SWEEP_DUE                                                                                              \
    "SELECT id, state, warn_flag, overdue_flag, due_ms, warn_at_ms FROM tickets WHERE due_ms IS NOT NULL AND" \
    " ((warn_flag = 0 AND warn_at_ms <= ?1) OR (overdue_flag = 0 AND due_ms <= ?1)) ORDER BY id LIMIT 500"
    /* The sweep runs as a job (one server per slot, core/jobs.h); claiming the rows it flags also keeps
     * it off tickets another transaction holds, so a ticket is flagged (and its timeline written) once. */
    static const char due_sqlite[] = SWEEP_DUE, due_pg[] = SWEEP_DUE " FOR UPDATE SKIP LOCKED";
    const char *due = GW_SQL(tx, due_sqlite, due_pg);
    static const char upd[] =
        "UPDATE tickets SET warn_flag = ?2, overdue_flag = ?3, version = version + 1, updated_ms = ?4 WHERE id = ?1";
    struct { int64_t id; gw_sla_flags f; char state[16]; } rows[500];
    int n = 0, rc;
    *changed = 0;
    gw_stmt *st = gw_db_prep(tx, due);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, now_ms);
    while ((rc = gw_step(st)) == 1 && n < 500) {
        gw_sla_flags cur = { (int)gw_col_int(st, 2), (int)gw_col_int(st, 3) };
        if (!gw_sla_flags_at(now_ms, gw_col_int(st, 4), gw_col_int(st, 5), &cur, &rows[n].f)) continue;
        rows[n].id = gw_col_int(st, 0);
        cpy(rows[n].state, sizeof rows[n].state, gw_col_text(st, 1));
        n++;
    }
    if (rc < 0) return (gw_err)-rc;
    for (int i = 0; i < n; i++) {
        if (!(st = gw_db_prep(tx, upd))) return GW_E_INTERNAL;
        gw_bind_int(st, 1, rows[i].id);
        gw_bind_int(st, 2, rows[i].f.warn);
        gw_bind_int(st, 3, rows[i].f.over);
        gw_bind_int(st, 4, now_ms);
        gw_err e = gw_step_done(st);
        gw_store_note_ticket(rows[i].id);
        gw_timeline_in in = { rows[i].id, now_ms, 0, "system", gw_sla_action(&rows[i].f), rows[i].state,
                              rows[i].state, gw_sla_note(&rows[i].f), NULL };
        if (!e) e = gw_store_timeline_append(tx, &in);
        if (e) return e;
    }
    *changed = n;
    return GW_OK;
}

/* ---- photos ---------------------------------------------------------------------------- */

gw_err gw_store_ticket_photo_add(gw_db *tx, int64_t ticket_id, const char *sha256, const char *stage, int64_t now_ms)
{
    static const char sql[] =
        "INSERT INTO ticket_photos(ticket_id, sha256, stage, created_ms) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    gw_bind_text(st, 2, sha256);
    gw_bind_text(st, 3, stage);
    gw_bind_int(st, 4, now_ms);
    return gw_step_done(st);
}

gw_err gw_store_ticket_photo_each(gw_db *db, int64_t ticket_id, gw_photo_row_fn fn, void *cls)
{
    static const char sql[] =
        "SELECT p.sha256, p.stage, a.mime, a.size, p.created_ms FROM ticket_photos p JOIN attachments a ON a.sha256 = p.sha256"
        " WHERE p.ticket_id = ?1 ORDER BY p.created_ms, p.sha256";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_photo_row row = { gw_col_text(st, 0), gw_col_text(st, 1), gw_col_text(st, 2), gw_col_int(st, 3),
                             gw_col_int(st, 4) };
        if (!fn(cls, &row)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_photo_tickets(gw_db *db, const char *sha256, int64_t *ids, int max, int *n)
{
    static const char sql[] = "SELECT ticket_id FROM ticket_photos WHERE sha256 = ?1"
        " UNION SELECT ticket_id FROM ticket_onsite_photos WHERE sha256 = ?1" /* 现场核查 photos (onsite_store.c) */
        " ORDER BY 1 LIMIT CAST(?2 AS BIGINT)";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, sha256);
    gw_bind_int(st, 2, max);
    int rc;
    *n = 0;
    while ((rc = gw_step(st)) == 1)
        if (*n < max) ids[(*n)++] = gw_col_int(st, 0);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_root_division(gw_db *db, int64_t *id, char *path, size_t n)
{
    static const char sql[] = "SELECT id, path FROM divisions WHERE parent_id IS NULL ORDER BY id LIMIT 1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    int rc = gw_step(st);
    if (rc <= 0) return rc < 0 ? (gw_err)-rc : GW_E_NOT_FOUND;
    *id = gw_col_int(st, 0);
    cpy(path, n, gw_col_text(st, 1));
    gw_stmt_reset(st);
    return GW_OK;
}

void gw_store_unit_name(gw_db *db, int64_t id, char *out, size_t n)
{
    static const char sql[] = "SELECT name FROM units WHERE id = ?1";
    out[0] = 0;
    gw_stmt *st = id ? gw_db_prep(db, sql) : NULL;
    if (!st) return;
    gw_bind_int(st, 1, id);
    if (gw_step(st) == 1) { cpy(out, n, gw_col_text(st, 0)); gw_stmt_reset(st); }
}

void gw_store_category_name(gw_db *db, int64_t id, char *code, size_t codn, char *name, size_t n)
{
    static const char sql[] = "SELECT code, name FROM categories WHERE id = ?1";
    code[0] = name[0] = 0;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return;
    gw_bind_int(st, 1, id);
    if (gw_step(st) == 1) {
        cpy(code, codn, gw_col_text(st, 0));
        cpy(name, n, gw_col_text(st, 1));
        gw_stmt_reset(st);
    }
}
_Static_assert(GW_LOW_RATING == 2, "GW_REVISIT_PENDING_SQL writes the 差评 bound out");
