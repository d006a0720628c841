/* partners/partner_store.c — SQL of the partner registry (see partner_store.h). Portable SQL only. */
#include "partners/partner_store.h"

#include <stdio.h>
#include <string.h>

#define FIELDS                                                                                          \
    "type, kind, name, community_id, service_div_id, tags, offer, contact_name, contact_phone, status,"  \
    " verified_by, verify_method, verified_ms, status_reason, status_by, status_ms, updated_ms"
static const char SQL_INSERT[] =
    "INSERT INTO partners(" FIELDS ", resident_id, created_by, created_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?17)"
    " RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE partners SET type = ?1, kind = ?2, name = ?3, community_id = ?4, service_div_id = ?5, tags = ?6,"
    " offer = ?7, contact_name = ?8, contact_phone = ?9, status = ?10, verified_by = ?11, verify_method = ?12,"
    " verified_ms = ?13, status_reason = ?14, status_by = ?15, status_ms = ?16, updated_ms = ?17"
    " WHERE id = ?18 RETURNING id";

#define COLS                                                                                            \
    "p.id, p.type, p.kind, p.name, p.community_id, p.service_div_id, COALESCE(c.path, ''),"            \
    " COALESCE(c.name, ''), COALESCE(s.name, ''), p.tags, p.offer, p.contact_name, p.contact_phone,"   \
    " p.status, COALESCE(p.resident_id, 0), COALESCE(p.verified_by, 0), COALESCE(p.verified_ms, 0),"   \
    " COALESCE(u.display_name, ''), p.verify_method, p.status_reason, COALESCE(p.status_by, 0),"       \
    " COALESCE(p.status_ms, 0), COALESCE(p.created_by, 0), p.created_ms, p.updated_ms"
#define FROM                                                                                            \
    " FROM partners p LEFT JOIN divisions c ON c.id = p.community_id"                                  \
    " LEFT JOIN divisions s ON s.id = p.service_div_id LEFT JOIN users u ON u.id = p.verified_by"
static const char SQL_GET[] = "SELECT " COLS FROM " WHERE p.id = ?1";
#define WHERE_LIST                                                                                      \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR c.path LIKE CAST(?1 AS TEXT) || '%')"                         \
    " AND (CAST(?2 AS BIGINT) = 0 OR p.resident_id = CAST(?2 AS BIGINT))"                              \
    " AND (CAST(?3 AS TEXT) IS NULL OR p.type = CAST(?3 AS TEXT))"                                     \
    " AND (CAST(?4 AS TEXT) IS NULL OR p.status = CAST(?4 AS TEXT))"                                   \
    " AND (CAST(?5 AS TEXT) IS NULL OR p.name LIKE '%' || CAST(?5 AS TEXT) || '%'"                     \
    "      OR p.tags LIKE '%' || CAST(?5 AS TEXT) || '%' OR p.offer LIKE '%' || CAST(?5 AS TEXT) || '%')"
static const char SQL_LIST[] =
    "SELECT " COLS FROM WHERE_LIST " ORDER BY p.id DESC LIMIT CAST(?6 AS BIGINT) OFFSET CAST(?7 AS BIGINT)";
static const char SQL_COUNT[] = "SELECT COUNT(*)" FROM WHERE_LIST;
static const char SQL_DIV_PATH[] = "SELECT path FROM divisions WHERE id = ?1";

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static void read_row(gw_stmt *st, gw_partner_row *p)
{
    memset(p, 0, sizeof *p);
    p->id = gw_col_int(st, 0);
    p->type = gw_partner_type_parse(gw_col_text(st, 1));
    p->kind = gw_partner_kind_parse(gw_col_text(st, 2));
    cpy(p->name, sizeof p->name, gw_col_text(st, 3));
    p->community_id = gw_col_int(st, 4);
    p->service_div_id = gw_col_int(st, 5);
    cpy(p->community_path, sizeof p->community_path, gw_col_text(st, 6));
    cpy(p->community_name, sizeof p->community_name, gw_col_text(st, 7));
    cpy(p->service_div_name, sizeof p->service_div_name, gw_col_text(st, 8));
    cpy(p->tags, sizeof p->tags, gw_col_text(st, 9));
    cpy(p->offer, sizeof p->offer, gw_col_text(st, 10));
    cpy(p->contact_name, sizeof p->contact_name, gw_col_text(st, 11));
    cpy(p->contact_phone, sizeof p->contact_phone, gw_col_text(st, 12));
    p->status = gw_partner_status_parse(gw_col_text(st, 13));
    p->resident_id = gw_col_int(st, 14);
    p->verified_by = gw_col_int(st, 15);
    p->verified_ms = gw_col_int(st, 16);
    cpy(p->verified_by_name, sizeof p->verified_by_name, gw_col_text(st, 17));
    p->verify_method = gw_partner_verify_parse(gw_col_text(st, 18));
    cpy(p->status_reason, sizeof p->status_reason, gw_col_text(st, 19));
    p->status_by = gw_col_int(st, 20);
    p->status_ms = gw_col_int(st, 21);
    p->created_by = gw_col_int(st, 22);
    p->created_ms = gw_col_int(st, 23);
    p->updated_ms = gw_col_int(st, 24);
}

static void bind_ms(gw_stmt *st, int i, int64_t v)
{
    if (v) gw_bind_int(st, i, v);
    else gw_bind_null(st, i);
}

/* ?1..?17: the FIELDS, in order. */
static void bind_fields(gw_stmt *st, const gw_partner_row *p)
{
    gw_bind_text(st, 1, gw_partner_type_name(p->type));
    gw_bind_text(st, 2, gw_partner_kind_name(p->kind));
    gw_bind_text(st, 3, p->name);
    gw_bind_int(st, 4, p->community_id);
    gw_bind_int(st, 5, p->service_div_id);
    gw_bind_text(st, 6, p->tags);
    gw_bind_text(st, 7, p->offer);
    gw_bind_text(st, 8, p->contact_name);
    gw_bind_text(st, 9, p->contact_phone);
    gw_bind_text(st, 10, gw_partner_status_name(p->status));
    gw_bind_id(st, 11, p->verified_by);
    gw_bind_text(st, 12, p->verify_method >= 0 ? gw_partner_verify_name(p->verify_method) : "");
    bind_ms(st, 13, p->verified_ms);
    gw_bind_text(st, 14, p->status_reason);
    gw_bind_id(st, 15, p->status_by);
    bind_ms(st, 16, p->status_ms);
    gw_bind_int(st, 17, p->updated_ms);
}

gw_err gw_store_partner_insert(gw_db *tx, gw_partner_row *p)
{
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    bind_fields(st, p);
    gw_bind_id(st, 18, p->resident_id);
    gw_bind_id(st, 19, p->created_by);
    gw_err e = gw_step_row(st);
    if (e) return e;
    p->id = gw_col_int(st, 0);
    p->created_ms = p->updated_ms;
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_partner_update(gw_db *tx, const gw_partner_row *p)
{
    gw_stmt *st = gw_db_prep(tx, SQL_UPDATE);
    if (!st) return GW_E_INTERNAL;
    bind_fields(st, p);
    gw_bind_int(st, 18, p->id);
    return gw_step_touched(st);
}

gw_err gw_store_partner_get(gw_db *db, int64_t id, gw_partner_row *out)
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

static void bind_query(gw_stmt *st, const gw_partner_query *q)
{
    gw_bind_text(st, 1, q->div_prefix);
    gw_bind_int(st, 2, q->resident_id);
    gw_bind_text(st, 3, q->type >= 0 ? gw_partner_type_name(q->type) : NULL);
    gw_bind_text(st, 4, q->status >= 0 ? gw_partner_status_name(q->status) : NULL);
    gw_bind_text(st, 5, q->q && *q->q ? q->q : NULL);
}

gw_err gw_store_partner_list(gw_db *db, const gw_partner_query *q, gw_partner_row *out, size_t *n, int64_t *total)
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
    gw_bind_int(st, 6, (int64_t)q->limit);
    gw_bind_int(st, 7, (int64_t)q->offset);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == q->limit) { gw_stmt_reset(st); rc = 0; break; }
        read_row(st, &out[(*n)++]);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_partner_div_path(gw_db *db, int64_t id, char *path, size_t n)
{
    gw_stmt *st = gw_db_prep(db, SQL_DIV_PATH);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    cpy(path, n, gw_col_text(st, 0));
    gw_stmt_reset(st);
    return GW_OK;
}
