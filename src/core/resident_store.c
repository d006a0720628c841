/* core/resident_store.c — SQL of resident accounts (see resident_store.h). Portable SQL only. */
#include "core/resident_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_INSERT[] =
    "INSERT INTO resident_accounts(phone, pw_hash, display_name, division_id, status, person_name, id_number,"
    " address, verified_ms, verified_by, verify_method, created_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE resident_accounts SET pw_hash = ?2, display_name = ?3, division_id = ?4, status = ?5, person_name = ?6,"
    " id_number = ?7, address = ?8, verified_ms = ?9, verified_by = ?10, verify_method = ?11 WHERE id = ?1 RETURNING id";

#define COLS                                                                                                   \
    "a.id, a.phone, a.pw_hash, a.display_name, COALESCE(a.division_id, 0), COALESCE(d.path, ''),"              \
    " COALESCE(d.name, ''), a.status, a.person_name, a.id_number, a.address, COALESCE(a.verified_ms, 0),"      \
    " COALESCE(a.verified_by, 0), COALESCE(u.display_name, ''), a.verify_method, a.created_ms"
#define FROM                                                                                                   \
    " FROM resident_accounts a LEFT JOIN divisions d ON d.id = a.division_id"                                 \
    " LEFT JOIN users u ON u.id = a.verified_by"
static const char SQL_GET[] = "SELECT " COLS FROM " WHERE a.id = ?1";
static const char SQL_BY_PHONE[] = "SELECT " COLS FROM " WHERE a.phone = ?1";
#define WHERE_LIST                                                                                             \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR a.division_id IS NULL OR d.path LIKE CAST(?1 AS TEXT) || '%')"        \
    " AND (CAST(?2 AS TEXT) IS NULL OR a.phone LIKE '%' || CAST(?2 AS TEXT) || '%'"                           \
    "      OR a.person_name LIKE '%' || CAST(?2 AS TEXT) || '%')"                                              \
    " AND (CAST(?3 AS TEXT) IS NULL OR a.status = CAST(?3 AS TEXT))"                                          \
    " AND (CAST(?4 AS BIGINT) IS NULL OR (a.verified_ms IS NOT NULL) = (CAST(?4 AS BIGINT) = 1))"
static const char SQL_LIST[] =
    "SELECT " COLS FROM WHERE_LIST " ORDER BY a.id DESC LIMIT CAST(?5 AS BIGINT) OFFSET CAST(?6 AS BIGINT)";
static const char SQL_COUNT[] = "SELECT COUNT(*)" FROM WHERE_LIST;
static const char SQL_COMMUNITIES[] = "SELECT id, name FROM divisions WHERE level = 'community' ORDER BY name, id";
static const char SQL_COMMUNITY[] = "SELECT path FROM divisions WHERE id = ?1 AND level = 'community'";

static const char SQL_RS_INSERT[] =
    "INSERT INTO resident_sessions(token_hash, resident_id, created_ms, expires_ms, ip) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_RS_GET[] = "SELECT resident_id FROM resident_sessions WHERE token_hash = ?1 AND expires_ms > ?2";
static const char SQL_RS_DELETE[] = "DELETE FROM resident_sessions WHERE token_hash = ?1";
static const char SQL_RS_DELETE_ALL[] =
    "DELETE FROM resident_sessions WHERE resident_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR token_hash <> ?2)";

static const char SQL_RC_INSERT[] =
    "INSERT INTO resident_codes(code_hash, resident_id, issued_by, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_RC_VOID[] =
    "UPDATE resident_codes SET expires_ms = ?2 WHERE resident_id = ?1 AND used_ms IS NULL AND expires_ms > ?2";
static const char SQL_RC_USE[] =
    "UPDATE resident_codes SET used_ms = ?3 WHERE code_hash = ?1 AND resident_id = ?2 AND used_ms IS NULL"
    " AND expires_ms > ?3 RETURNING resident_id";

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static void read_row(gw_stmt *st, gw_resident_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = gw_col_int(st, 0);
    cpy(r->phone, sizeof r->phone, gw_col_text(st, 1));
    cpy(r->pw_hash, sizeof r->pw_hash, gw_col_text(st, 2));
    r->has_password = r->pw_hash[0] != 0;
    cpy(r->display_name, sizeof r->display_name, gw_col_text(st, 3));
    r->division_id = gw_col_int(st, 4);
    cpy(r->division_path, sizeof r->division_path, gw_col_text(st, 5));
    cpy(r->division_name, sizeof r->division_name, gw_col_text(st, 6));
    r->status = gw_resident_status_parse(gw_col_text(st, 7));
    cpy(r->person_name, sizeof r->person_name, gw_col_text(st, 8));
    cpy(r->id_number, sizeof r->id_number, gw_col_text(st, 9));
    cpy(r->address, sizeof r->address, gw_col_text(st, 10));
    r->verified_ms = gw_col_int(st, 11);
    r->verified_by = gw_col_int(st, 12);
    cpy(r->verified_by_name, sizeof r->verified_by_name, gw_col_text(st, 13));
    r->method = gw_resident_method_parse(gw_col_text(st, 14));
    r->created_ms = gw_col_int(st, 15);
}

/* Bind the written fields ?from.. (pw_hash .. verify_method: 10 of them). */
static void bind_fields(gw_stmt *st, int from, const gw_resident_row *r)
{
    gw_bind_text(st, from, r->pw_hash);
    gw_bind_text(st, from + 1, r->display_name);
    gw_bind_id(st, from + 2, r->division_id);
    gw_bind_text(st, from + 3, gw_resident_status_name(r->status));
    gw_bind_text(st, from + 4, r->person_name);
    gw_bind_text(st, from + 5, r->id_number);
    gw_bind_text(st, from + 6, r->address);
    if (r->verified_ms) gw_bind_int(st, from + 7, r->verified_ms);
    else gw_bind_null(st, from + 7);
    gw_bind_id(st, from + 8, r->verified_by);
    gw_bind_text(st, from + 9, gw_resident_method_name(r->method));
}

gw_err gw_store_resident_insert(gw_db *tx, gw_resident_row *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, r->phone);
    bind_fields(st, 2, r);
    gw_bind_int(st, 12, r->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    r->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_resident_update(gw_db *tx, const gw_resident_row *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_UPDATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->id);
    bind_fields(st, 2, r);
    return gw_step_touched(st);
}

static gw_err get_one(gw_db *db, const char *sql, int64_t id, const char *text, gw_resident_row *out)
{
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    if (text) gw_bind_text(st, 1, text);
    else gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_row(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_resident_get(gw_db *db, int64_t id, gw_resident_row *out) { return get_one(db, SQL_GET, id, NULL, out); }

gw_err gw_store_resident_by_phone(gw_db *db, const char *phone, gw_resident_row *out)
{
    return get_one(db, SQL_BY_PHONE, 0, phone, out);
}

static void bind_query(gw_stmt *st, const gw_resident_query *q)
{
    gw_bind_text(st, 1, q->div_prefix);
    gw_bind_text(st, 2, q->q && *q->q ? q->q : NULL);
    gw_bind_text(st, 3, q->status >= 0 ? gw_resident_status_name(q->status) : NULL);
    if (q->verified >= 0) gw_bind_int(st, 4, q->verified);
    else gw_bind_null(st, 4);
}

gw_err gw_store_resident_list(gw_db *db, const gw_resident_query *q, gw_resident_row *out, size_t *n, int64_t *total)
{
    *n = 0;
    *total = 0;
    gw_stmt *st = gw_db_prep(db, SQL_COUNT);
    if (!st) return GW_E_INTERNAL;
    bind_query(st, q);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    if (!(st = gw_db_prep(db, SQL_LIST))) return GW_E_INTERNAL;
    bind_query(st, q);
    gw_bind_int(st, 5, (int64_t)q->limit);
    gw_bind_int(st, 6, (int64_t)q->offset);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == q->limit) { gw_stmt_reset(st); rc = 0; break; }
        read_row(st, &out[(*n)++]);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_community_list(gw_db *db, gw_community_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_COMMUNITIES);
    if (!st) return GW_E_INTERNAL;
    size_t cap = 0;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            gw_community_row *p = realloc(*out, cap * sizeof *p);
            if (!p) { gw_stmt_reset(st); return GW_E_NOMEM; }
            *out = p;
        }
        (*out)[*n].id = gw_col_int(st, 0);
        cpy((*out)[*n].name, sizeof (*out)[*n].name, gw_col_text(st, 1));
        (*n)++;
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_community_path(gw_db *db, int64_t id, char *path, size_t n)
{
    gw_stmt *st = gw_db_prep(db, SQL_COMMUNITY);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    cpy(path, n, gw_col_text(st, 0));
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_rsession_insert(gw_db *tx, const char *token_hash, int64_t resident_id, int64_t now_ms,
                                int64_t expires_ms, const char *ip)
{
    gw_stmt *st = gw_db_prep(tx, SQL_RS_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, token_hash);
    gw_bind_int(st, 2, resident_id);
    gw_bind_int(st, 3, now_ms);
    gw_bind_int(st, 4, expires_ms);
    gw_bind_text(st, 5, ip);
    return gw_step_done(st);
}

gw_err gw_store_rsession_resident(gw_db *db, const char *token_hash, int64_t now_ms, int64_t *resident_id)
{
    gw_stmt *st = gw_db_prep(db, SQL_RS_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, token_hash);
    gw_bind_int(st, 2, now_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *resident_id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_rsession_delete(gw_db *tx, const char *token_hash)
{
    gw_stmt *st = gw_db_prep(tx, SQL_RS_DELETE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, token_hash);
    return gw_step_done(st);
}

gw_err gw_store_rsession_delete_all(gw_db *tx, int64_t resident_id, const char *keep_hash)
{
    gw_stmt *st = gw_db_prep(tx, SQL_RS_DELETE_ALL);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, resident_id);
    gw_bind_text(st, 2, keep_hash);
    return gw_step_done(st);
}

gw_err gw_store_rcode_insert(gw_db *tx, const char *code_hash, int64_t resident_id, int64_t issued_by, int64_t now_ms,
                             int64_t expires_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_RC_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, code_hash);
    gw_bind_int(st, 2, resident_id);
    gw_bind_id(st, 3, issued_by);
    gw_bind_int(st, 4, now_ms);
    gw_bind_int(st, 5, expires_ms);
    return gw_step_done(st);
}

gw_err gw_store_rcode_void(gw_db *tx, int64_t resident_id, int64_t now_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_RC_VOID);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, resident_id);
    gw_bind_int(st, 2, now_ms);
    return gw_step_done(st);
}

gw_err gw_store_rcode_use(gw_db *tx, const char *code_hash, int64_t resident_id, int64_t now_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_RC_USE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, code_hash);
    gw_bind_int(st, 2, resident_id);
    gw_bind_int(st, 3, now_ms);
    return gw_step_touched(st);
}
