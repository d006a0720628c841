/* ops/catalogue_store.c — SQL for the dispatch catalogue: categories (GB/T 30428 style) and routing
 * rules (派单目录). See catalogue_store.h for the contracts. */
#include "ops/catalogue_store.h"
#include "base/str.h"
#include "core/model_store.h"
#include "json/reply.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS INT64_C(3600000)
#define MAX_HOURS 8760 /* one year: the largest SLA window a category or rule may set */

static const char SQL_CAT_EXISTS[] = "SELECT 1 FROM categories WHERE id = ?1";

/* ---- categories ---------------------------------------------------------------------------- */

static int digits_only(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* The fields every category write checks: kind, windows, urgency. */
static int category_fields_ok(const gw_category_row *c)
{
    return c->name[0] && (strcmp(c->kind, "part") == 0 || strcmp(c->kind, "event") == 0) &&
           c->dispatch_hours >= 1 && c->dispatch_hours <= MAX_HOURS &&
           c->handle_hours >= 1 && c->handle_hours <= MAX_HOURS &&
           c->verify_hours >= 1 && c->verify_hours <= MAX_HOURS &&
           c->default_urgency >= 1 && c->default_urgency <= 3;
}

gw_err gw_store_category_insert(gw_db *tx, gw_category_row *c, int64_t now_ms)
{
    static const char sql_parent[] = "SELECT id, kind FROM categories WHERE code = ?1";
    static const char sql[] =
        "INSERT INTO categories(code, name, kind, parent_id, dispatch_hours, handle_hours, verify_hours,"
        " default_urgency, open311, enabled, created_ms)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id";
    size_t len = strlen(c->code);
    if (!digits_only(c->code) || (len != 2 && len != 4) || !category_fields_ok(c)) return GW_E_INVALID;

    int64_t parent = 0;
    if (len == 4) { /* '0101' lives under the big class '01', which must exist and be of its kind */
        char big[3] = { c->code[0], c->code[1], 0 };
        gw_stmt *st = gw_db_prep(tx, sql_parent);
        if (!st) return GW_E_INTERNAL;
        gw_bind_text(st, 1, big);
        gw_err e = gw_step_row(st);
        if (e) return e == GW_E_NOT_FOUND ? GW_E_INVALID : e;
        parent = gw_col_int(st, 0);
        int same_kind = strcmp(gw_col_text(st, 1) ? gw_col_text(st, 1) : "", c->kind) == 0;
        gw_stmt_reset(st);
        if (!same_kind) return GW_E_INVALID;
    }
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, c->code);
    gw_bind_text(st, 2, c->name);
    gw_bind_text(st, 3, c->kind);
    gw_bind_id(st, 4, parent);
    gw_bind_int(st, 5, c->dispatch_hours);
    gw_bind_int(st, 6, c->handle_hours);
    gw_bind_int(st, 7, c->verify_hours);
    gw_bind_int(st, 8, c->default_urgency);
    gw_bind_int(st, 9, c->open311 ? 1 : 0);
    gw_bind_int(st, 10, c->enabled ? 1 : 0);
    gw_bind_int(st, 11, now_ms);
    gw_err e = gw_step_row(st);
    if (e) return e == GW_E_NOT_FOUND ? GW_E_INTERNAL : e;
    c->id = gw_col_int(st, 0);
    c->parent_id = parent;
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_category_update(gw_db *tx, const gw_category_row *c)
{
    /* Code, kind and parent are fixed: they define where the category sits in the catalogue. */
    static const char sql[] =
        "UPDATE categories SET name = ?2, dispatch_hours = ?3, handle_hours = ?4, verify_hours = ?5,"
        " default_urgency = ?6, open311 = ?7, enabled = ?8 WHERE id = ?1 AND kind = ?9 RETURNING id";
    if (c->id <= 0) return GW_E_NOT_FOUND;
    if (!category_fields_ok(c)) return GW_E_INVALID;
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, c->id);
    gw_bind_text(st, 2, c->name);
    gw_bind_int(st, 3, c->dispatch_hours);
    gw_bind_int(st, 4, c->handle_hours);
    gw_bind_int(st, 5, c->verify_hours);
    gw_bind_int(st, 6, c->default_urgency);
    gw_bind_int(st, 7, c->open311 ? 1 : 0);
    gw_bind_int(st, 8, c->enabled ? 1 : 0);
    gw_bind_text(st, 9, c->kind);
    gw_err e = gw_step_touched(st);
    if (e == GW_E_NOT_FOUND && gw_db_row_exists(tx, SQL_CAT_EXISTS, c->id) == GW_OK) return GW_E_INVALID; /* kind changed */
    return e;
}

static gw_err read_category(gw_stmt *st, gw_category_row *out)
{
    gw_err e = gw_step_row(st);
    if (e) return e;
    memset(out, 0, sizeof *out);
    out->id = gw_col_int(st, 0);
    gw_copy(out->code, sizeof out->code, gw_col_text(st, 1));
    gw_copy(out->name, sizeof out->name, gw_col_text(st, 2));
    gw_copy(out->kind, sizeof out->kind, gw_col_text(st, 3));
    out->parent_id = gw_col_int(st, 4);
    out->dispatch_hours = (int)gw_col_int(st, 5);
    out->handle_hours = (int)gw_col_int(st, 6);
    out->verify_hours = (int)gw_col_int(st, 7);
    out->default_urgency = (int)gw_col_int(st, 8);
    out->open311 = (int)gw_col_int(st, 9);
    out->enabled = (int)gw_col_int(st, 10);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_category_get(gw_db *db, int64_t id, gw_category_row *out)
{
    static const char sql[] =
        "SELECT id, code, name, kind, parent_id, dispatch_hours, handle_hours, verify_hours, default_urgency,"
        " open311, enabled FROM categories WHERE id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    return read_category(st, out);
}

gw_err gw_store_category_by_code(gw_db *db, const char *code, gw_category_row *out)
{
    static const char sql[] =
        "SELECT id, code, name, kind, parent_id, dispatch_hours, handle_hours, verify_hours, default_urgency,"
        " open311, enabled FROM categories WHERE code = ?1";
    if (!code) return GW_E_NOT_FOUND;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, code);
    return read_category(st, out);
}

gw_err gw_store_category_list(gw_db *db, gw_category_item **out, size_t *n)
{
    static const char sql[] =
        "SELECT c.id, c.code, c.name, c.kind, c.parent_id, c.dispatch_hours, c.handle_hours, c.verify_hours,"
        " c.default_urgency, c.open311, c.enabled, p.code, p.name"
        " FROM categories c LEFT JOIN categories p ON p.id = c.parent_id ORDER BY c.code";
    *out = NULL;
    *n = 0;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    size_t cap = 0;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == cap) {
            size_t c = cap ? cap * 2 : 64;
            gw_category_item *v = realloc(*out, c * sizeof *v);
            if (!v) { gw_stmt_reset(st); return GW_E_NOMEM; }
            *out = v;
            cap = c;
        }
        gw_category_item *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        x->c.id = gw_col_int(st, 0);
        gw_copy(x->c.code, sizeof x->c.code, gw_col_text(st, 1));
        gw_copy(x->c.name, sizeof x->c.name, gw_col_text(st, 2));
        gw_copy(x->c.kind, sizeof x->c.kind, gw_col_text(st, 3));
        x->c.parent_id = gw_col_int(st, 4);
        x->c.dispatch_hours = (int)gw_col_int(st, 5);
        x->c.handle_hours = (int)gw_col_int(st, 6);
        x->c.verify_hours = (int)gw_col_int(st, 7);
        x->c.default_urgency = (int)gw_col_int(st, 8);
        x->c.open311 = (int)gw_col_int(st, 9);
        x->c.enabled = (int)gw_col_int(st, 10);
        gw_copy(x->parent_code, sizeof x->parent_code, gw_col_text(st, 11));
        gw_copy(x->parent_name, sizeof x->parent_name, gw_col_text(st, 12));
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* ---- routing rules ------------------------------------------------------------------------- */

/* "3,7,12" -> ids. Tolerates nothing but digits and commas; stops at GW_ROUTE_MAX_CC. */
static int cc_parse(const char *s, int64_t *ids)
{
    int n = 0;
    while (s && *s && n < GW_ROUTE_MAX_CC) {
        if (*s == ',') { s++; continue; }
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (end == s || errno) break;
        if (v > 0) ids[n++] = v;
        s = end;
    }
    return n;
}

static gw_err cc_format(const gw_route_rule *r, char *out, size_t n)
{
    size_t at = 0;
    out[0] = 0;
    for (int i = 0; i < r->n_cc; i++) {
        int w = snprintf(out + at, n - at, "%s%lld", i ? "," : "", (long long)r->cc_unit_ids[i]);
        if (w < 0 || (size_t)w >= n - at) return GW_E_INVALID;
        at += (size_t)w;
    }
    return GW_OK;
}

/* Everything a rule names must exist; CC units are distinct and differ from the primary unit. */
static gw_err rule_check(gw_db *tx, const gw_route_rule *r)
{
    if (r->mode != GW_ROUTE_AUTO && r->mode != GW_ROUTE_REVIEW) return GW_E_INVALID;
    if (r->n_cc < 0 || r->n_cc > GW_ROUTE_MAX_CC || r->division_id < 0) return GW_E_INVALID;
    if (r->handle_ms_override < 0 || r->handle_ms_override % HOUR_MS ||
        r->handle_ms_override > MAX_HOURS * HOUR_MS)
        return GW_E_INVALID;
    gw_err e = gw_db_must_exist(tx, SQL_CAT_EXISTS, r->category_id);
    if (!e && r->division_id) e = gw_store_division_exists(tx, r->division_id);
    if (!e) e = gw_store_unit_exists(tx, r->unit_id);
    for (int i = 0; !e && i < r->n_cc; i++) {
        if (r->cc_unit_ids[i] == r->unit_id) return GW_E_INVALID;
        for (int j = 0; j < i; j++)
            if (r->cc_unit_ids[j] == r->cc_unit_ids[i]) return GW_E_INVALID;
        e = gw_store_unit_exists(tx, r->cc_unit_ids[i]);
    }
    return e;
}

static void bind_rule(gw_stmt *st, const gw_route_rule *r, const char *cc)
{
    gw_bind_int(st, 2, r->category_id);
    gw_bind_id(st, 3, r->division_id);
    gw_bind_int(st, 4, r->unit_id);
    gw_bind_text(st, 5, cc);
    if (r->handle_ms_override) gw_bind_int(st, 6, r->handle_ms_override / HOUR_MS);
    else gw_bind_null(st, 6);
    gw_bind_text(st, 7, r->mode == GW_ROUTE_REVIEW ? "review" : "auto");
    gw_bind_int(st, 8, r->enabled ? 1 : 0);
}

gw_err gw_store_rule_insert(gw_db *tx, gw_route_rule *r, int64_t now_ms)
{
    static const char sql[] =
        "INSERT INTO routing_rules(category_id, division_id, unit_id, cc_unit_ids, handle_hours, mode, enabled,"
        " created_ms) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?1) RETURNING id";
    char cc[GW_ROUTE_MAX_CC * 21 + 1];
    gw_err e = rule_check(tx, r);
    if (!e) e = cc_format(r, cc, sizeof cc);
    if (e) return e;
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, now_ms);
    bind_rule(st, r, cc);
    if ((e = gw_step_row(st))) return e == GW_E_NOT_FOUND ? GW_E_INTERNAL : e;
    r->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_rule_update(gw_db *tx, const gw_route_rule *r)
{
    static const char sql[] =
        "UPDATE routing_rules SET category_id = ?2, division_id = ?3, unit_id = ?4, cc_unit_ids = ?5,"
        " handle_hours = ?6, mode = ?7, enabled = ?8 WHERE id = ?1 RETURNING id";
    if (r->id <= 0) return GW_E_NOT_FOUND;
    char cc[GW_ROUTE_MAX_CC * 21 + 1];
    gw_err e = rule_check(tx, r);
    if (!e) e = cc_format(r, cc, sizeof cc);
    if (e) return e;
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->id);
    bind_rule(st, r, cc);
    return gw_step_touched(st);
}

gw_err gw_store_rule_delete(gw_db *tx, int64_t id)
{
    static const char sql[] = "DELETE FROM routing_rules WHERE id = ?1 RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    return gw_step_touched(st);
}

/* Columns: id, category_id, division_id, unit_id, cc_unit_ids, handle_hours, mode, enabled. */
static void read_rule(gw_stmt *st, gw_route_rule *r)
{
    memset(r, 0, sizeof *r);
    r->id = gw_col_int(st, 0);
    r->category_id = gw_col_int(st, 1);
    r->division_id = gw_col_int(st, 2);
    r->unit_id = gw_col_int(st, 3);
    r->n_cc = cc_parse(gw_col_text(st, 4), r->cc_unit_ids);
    r->handle_ms_override = gw_col_int(st, 5) * HOUR_MS;
    const char *mode = gw_col_text(st, 6);
    r->mode = mode && strcmp(mode, "review") == 0 ? GW_ROUTE_REVIEW : GW_ROUTE_AUTO;
    r->enabled = (int)gw_col_int(st, 7);
}

gw_err gw_store_rule_get(gw_db *db, int64_t id, gw_route_rule *out)
{
    static const char sql[] =
        "SELECT id, category_id, division_id, unit_id, cc_unit_ids, handle_hours, mode, enabled"
        " FROM routing_rules WHERE id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_rule(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_rules_for(gw_db *db, int64_t category_id, int64_t parent_id, gw_route_rule *out, size_t max,
                          size_t *n)
{
    /* The exact category's rules first, so a too-small buffer loses the less specific ones. */
    static const char sql[] =
        "SELECT id, category_id, division_id, unit_id, cc_unit_ids, handle_hours, mode, enabled"
        " FROM routing_rules WHERE enabled = 1 AND (category_id = ?1 OR category_id = ?2)"
        " ORDER BY CASE WHEN category_id = ?1 THEN 0 ELSE 1 END, id";
    *n = 0;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, category_id);
    gw_bind_int(st, 2, parent_id > 0 ? parent_id : -1);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == max) { gw_stmt_reset(st); return GW_E_TOO_LARGE; } /* *n rules are filled */
        read_rule(st, &out[(*n)++]);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_rule_list(gw_db *db, gw_rule_item **out, size_t *n)
{
    static const char sql[] =
        "SELECT r.id, r.category_id, r.division_id, r.unit_id, r.cc_unit_ids, r.handle_hours, r.mode, r.enabled,"
        " c.code, c.name, d.name, u.name, d.path"
        " FROM routing_rules r JOIN categories c ON c.id = r.category_id"
        " JOIN units u ON u.id = r.unit_id LEFT JOIN divisions d ON d.id = r.division_id"
        " ORDER BY c.code, COALESCE(r.division_id, 0), r.id";
    *out = NULL;
    *n = 0;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    size_t cap = 0;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == cap) {
            size_t c = cap ? cap * 2 : 64;
            gw_rule_item *v = realloc(*out, c * sizeof *v);
            if (!v) { gw_stmt_reset(st); return GW_E_NOMEM; }
            *out = v;
            cap = c;
        }
        gw_rule_item *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        read_rule(st, &x->r);
        gw_copy(x->category_code, sizeof x->category_code, gw_col_text(st, 8));
        gw_copy(x->category_name, sizeof x->category_name, gw_col_text(st, 9));
        gw_copy(x->division_name, sizeof x->division_name, gw_col_text(st, 10));
        gw_copy(x->unit_name, sizeof x->unit_name, gw_col_text(st, 11));
        gw_copy(x->division_path, sizeof x->division_path, gw_col_text(st, 12));
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
