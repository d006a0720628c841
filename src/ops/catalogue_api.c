/* ops/catalogue_api.c — the dispatch catalogue: categories and routing rules (and the routing tester);
 * reads for staff, writes for the administrator, audited with the change. */
#include "core/api.h"
#include "base/clock.h"
#include "base/geo.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/audit.h"
#include "core/auth_store.h"
#include "core/model.h"
#include "core/model_store.h"
#include "core/privacy.h"
#include "json/geojson.h"
#include "json/reply.h"
#include "ops/catalogue_store.h"
#include "ops/ticket_svc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *category_json(const gw_category_row *c)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:i,s:i,s:i,s:i,s:b,s:b}", "id", (json_int_t)c->id, "code", c->code,
                     "name", c->name, "kind", c->kind, "parent_id", gw_json_id(c->parent_id),
                     "dispatch_hours", c->dispatch_hours, "handle_hours", c->handle_hours,
                     "verify_hours", c->verify_hours, "default_urgency", c->default_urgency, "open311", c->open311,
                     "enabled", c->enabled);
}

static json_t *cc_array(const gw_route_rule *rule)
{
    json_t *a = json_array();
    for (int i = 0; a && i < rule->n_cc; i++) json_array_append_new(a, json_integer(rule->cc_unit_ids[i]));
    return a;
}

static json_t *rule_json(gw_db *db, const gw_route_rule *rule)
{
    gw_category_row c;
    gw_unit_row u;
    gw_division_row d;
    char dname[GW_NAME_BUF] = "";
    int have_c = gw_store_category_get(db, rule->category_id, &c) == GW_OK;
    int have_u = gw_store_unit_get(db, rule->unit_id, &u) == GW_OK;
    if (rule->division_id && gw_store_division_get(db, rule->division_id, &d) == GW_OK) {
        snprintf(dname, sizeof dname, "%s", d.name);
        json_decref(d.geometry);
    }
    return json_pack("{s:I,s:I,s:o,s:o,s:o,s:o,s:I,s:o,s:o,s:o,s:s,s:b}", "id", (json_int_t)rule->id,
                     "category_id", (json_int_t)rule->category_id,
                     "category_code", have_c ? json_string(c.code) : json_null(),
                     "category_name", have_c ? json_string(c.name) : json_null(),
                     "division_id", gw_json_id(rule->division_id),
                     "division_name", dname[0] ? json_string(dname) : json_null(),
                     "unit_id", (json_int_t)rule->unit_id, "unit_name", have_u ? json_string(u.name) : json_null(),
                     "cc_unit_ids", cc_array(rule), "handle_hours", gw_json_id(rule->handle_ms_override / GW_MS_PER_HOUR),
                     "mode", rule->mode == GW_ROUTE_REVIEW ? "review" : "auto", "enabled", rule->enabled);
}

/* ---- categories ---------------------------------------------------------------------------- */

static json_t *category_item_json(const gw_category_item *x)
{
    const gw_category_row *c = &x->c;
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:i,s:i,s:i,s:i,s:b,s:b}", "id", (json_int_t)c->id,
                     "code", c->code, "name", c->name, "kind", c->kind, "parent_id", gw_json_id(c->parent_id),
                     "parent_code", gw_json_str(x->parent_code[0] ? x->parent_code : NULL),
                     "parent_name", gw_json_str(x->parent_name[0] ? x->parent_name : NULL),
                     "dispatch_hours", c->dispatch_hours, "handle_hours", c->handle_hours,
                     "verify_hours", c->verify_hours, "default_urgency", c->default_urgency,
                     "open311", c->open311, "enabled", c->enabled);
}

static gw_err load_categories(gw_db *db, void **rows, size_t *n)
{
    gw_category_item *p = NULL;
    gw_err e = gw_store_category_list(db, &p, n);
    *rows = p;
    return e;
}

static json_t *item_categories(gw_req *r, const void *rows, size_t i)
{
    const gw_category_item *x = (const gw_category_item *)rows + i;
    (void)r;
    return category_item_json(x);
}

gw_err api_category_list(gw_req *r)
{
    return gw_admin_list(r, "categories", load_categories, item_categories);
}

typedef struct {
    gw_category_row c;
    int64_t now, actor;
    int set_name, set_dispatch, set_handle, set_verify, set_urgency, set_open311, set_enabled;
    char *detail;
    char msg[200];
} cat_write;

static gw_err op_category_create(gw_db *tx, void *arg)
{
    cat_write *a = arg;
    if (strlen(a->c.code) == 4) {
        char big[3] = { a->c.code[0], a->c.code[1], 0 };
        gw_category_row p;
        gw_err e = gw_store_category_by_code(tx, big, &p);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "subclass %s needs its big class %s to exist first", a->c.code, big);
            return GW_E_INVALID;
        }
        if (e) return e;
        if (strcmp(p.kind, a->c.kind) != 0) {
            snprintf(a->msg, sizeof a->msg, "big class %s is of kind %s; its subclasses must be too", big, p.kind);
            return GW_E_INVALID;
        }
    }
    gw_err e = gw_store_category_insert(tx, &a->c, a->now);
    if (e == GW_E_CONFLICT) snprintf(a->msg, sizeof a->msg, "a category with code %s already exists", a->c.code);
    if (e) return e;
    return gw_admin_audit(tx, a->now, a->actor, "category.create", "category", a->c.id, a->detail);
}

static int category_code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n != 2 && n != 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* The optional numeric fields shared by create and update; -1 when the request failed. */
static int category_numbers(gw_req *r, cat_write *a, json_t *jd, json_t *jh, json_t *jv, json_t *ju)
{
    int64_t v = 0;
    int k;
    if ((k = gw_admin_opt_int(r, "dispatch_hours", jd, 1, MAX_HOURS, 0, &v)) < 0) return -1;
    if (k) { a->set_dispatch = 1; a->c.dispatch_hours = (int)v; }
    if ((k = gw_admin_opt_int(r, "handle_hours", jh, 1, MAX_HOURS, 0, &v)) < 0) return -1;
    if (k) { a->set_handle = 1; a->c.handle_hours = (int)v; }
    if ((k = gw_admin_opt_int(r, "verify_hours", jv, 1, MAX_HOURS, 0, &v)) < 0) return -1;
    if (k) { a->set_verify = 1; a->c.verify_hours = (int)v; }
    if ((k = gw_admin_opt_int(r, "default_urgency", ju, 1, 3, 0, &v)) < 0) return -1;
    if (k) { a->set_urgency = 1; a->c.default_urgency = (int)v; }
    return 0;
}

gw_err api_category_create(gw_req *r)
{
    gw_err e = gw_admin_require_admin(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *code = NULL, *name = NULL, *kind = NULL;
    json_t *jd = NULL, *jh = NULL, *jv = NULL, *ju = NULL;
    int open311 = 1, enabled = 1;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s:s, s?:o, s?:o, s?:o, s?:o, s?:b, s?:b}", "code", &code, "name", &name,
           "kind", &kind, "dispatch_hours", &jd, "handle_hours", &jh, "verify_hours", &jv, "default_urgency", &ju,
           "open311", &open311, "enabled", &enabled);
    cat_write a;
    memset(&a, 0, sizeof a);
    a.c.dispatch_hours = 2; /* the schema's defaults */
    a.c.handle_hours = 72;
    a.c.verify_hours = 24;
    a.c.default_urgency = 1;
    if (!category_code_ok(code))
        e = gw_fail(r, GW_E_INVALID, "code must be 2 digits (a big class, e.g. 01) or 4 digits (a subclass, e.g. 0101)");
    if (!e) e = gw_admin_check_text(r, "name", name, 1, NAME_MAX_CHARS, sizeof a.c.name);
    if (!e && strcmp(kind, "part") != 0 && strcmp(kind, "event") != 0)
        e = gw_fail(r, GW_E_INVALID, "kind must be part (部件) or event (事件)");
    if (!e && category_numbers(r, &a, jd, jh, jv, ju) < 0) e = GW_E_INVALID;
    if (e) { json_decref(body); return e; }
    snprintf(a.c.code, sizeof a.c.code, "%s", code);
    snprintf(a.c.name, sizeof a.c.name, "%s", name);
    snprintf(a.c.kind, sizeof a.c.kind, "%s", kind);
    a.c.open311 = open311 ? 1 : 0;
    a.c.enabled = enabled ? 1 : 0;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = gw_admin_detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_category_create, &a);
    free(a.detail);
    if ((e = gw_admin_finish_write(r, e, a.msg, "category"))) return e;
    return gw_reply(r, 201, category_json(&a.c));
}

static gw_err op_category_update(gw_db *tx, void *arg)
{
    cat_write *a = arg;
    gw_category_row cur;
    gw_err e = gw_store_category_get(tx, a->c.id, &cur);
    if (e) return e;
    if (a->set_name) memcpy(cur.name, a->c.name, sizeof cur.name);
    if (a->set_dispatch) cur.dispatch_hours = a->c.dispatch_hours;
    if (a->set_handle) cur.handle_hours = a->c.handle_hours;
    if (a->set_verify) cur.verify_hours = a->c.verify_hours;
    if (a->set_urgency) cur.default_urgency = a->c.default_urgency;
    if (a->set_open311) cur.open311 = a->c.open311;
    if (a->set_enabled) cur.enabled = a->c.enabled;
    if ((e = gw_store_category_update(tx, &cur))) return e;
    a->c = cur;
    return gw_admin_audit(tx, a->now, a->actor, "category.update", "category", cur.id, a->detail);
}

gw_err api_category_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_admin_path_id(r, "category", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *name = NULL;
    json_t *jd = NULL, *jh = NULL, *jv = NULL, *ju = NULL;
    int open311 = -1, enabled = -1;
    GW_ADMIN_UNPACK(r, body, "{s?:s, s?:o, s?:o, s?:o, s?:o, s?:b, s?:b}", "name", &name, "dispatch_hours", &jd,
           "handle_hours", &jh, "verify_hours", &jv, "default_urgency", &ju, "open311", &open311, "enabled", &enabled);
    cat_write a;
    memset(&a, 0, sizeof a);
    a.c.id = id;
    e = gw_admin_check_text(r, "name", name, 0, NAME_MAX_CHARS, sizeof a.c.name);
    if (!e && category_numbers(r, &a, jd, jh, jv, ju) < 0) e = GW_E_INVALID;
    if (!e && json_object_size(body) == 0) e = gw_fail(r, GW_E_INVALID, "nothing to change");
    if (e) { json_decref(body); return e; }
    if (name) { a.set_name = 1; snprintf(a.c.name, sizeof a.c.name, "%s", name); }
    if (open311 >= 0) { a.set_open311 = 1; a.c.open311 = open311 ? 1 : 0; }
    if (enabled >= 0) { a.set_enabled = 1; a.c.enabled = enabled ? 1 : 0; }
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = gw_admin_detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_category_update, &a);
    free(a.detail);
    if ((e = gw_admin_finish_write(r, e, a.msg, "category"))) return e;
    return gw_reply(r, 200, category_json(&a.c));
}

/* ---- routing rules ------------------------------------------------------------------------- */

static json_t *rule_item_json(const gw_rule_item *x)
{
    const gw_route_rule *rule = &x->r;
    return json_pack("{s:I,s:I,s:s,s:s,s:o,s:o,s:o,s:I,s:s,s:o,s:o,s:s,s:b}", "id", (json_int_t)rule->id,
                     "category_id", (json_int_t)rule->category_id, "category_code", x->category_code,
                     "category_name", x->category_name, "division_id", gw_json_id(rule->division_id),
                     "division_name", gw_json_str(x->division_name[0] ? x->division_name : NULL),
                     "division_path", gw_json_str(x->division_path[0] ? x->division_path : NULL),
                     "unit_id", (json_int_t)rule->unit_id, "unit_name", x->unit_name, "cc_unit_ids", cc_array(rule),
                     "handle_hours", gw_json_id(rule->handle_ms_override / GW_MS_PER_HOUR),
                     "mode", rule->mode == GW_ROUTE_REVIEW ? "review" : "auto", "enabled", rule->enabled);
}

static gw_err load_routing_rules(gw_db *db, void **rows, size_t *n)
{
    gw_rule_item *p = NULL;
    gw_err e = gw_store_rule_list(db, &p, n);
    *rows = p;
    return e;
}

static json_t *item_routing_rules(gw_req *r, const void *rows, size_t i)
{
    const gw_rule_item *x = (const gw_rule_item *)rows + i;
    (void)r;
    return rule_item_json(x);
}

gw_err api_rule_list(gw_req *r)
{
    return gw_admin_list(r, "routing rules", load_routing_rules, item_routing_rules);
}

typedef struct {
    gw_route_rule rule;
    int64_t now, actor;
    int set_category, set_division, set_unit, set_cc, set_hours, set_mode, set_enabled;
    char *detail;
    char msg[200];
} rule_write;

/* Name the first missing thing a rule refers to (the store only says GW_E_INVALID). */
static gw_err rule_refs_check(gw_db *tx, rule_write *a)
{
    const gw_route_rule *rl = &a->rule;
    gw_category_row c;
    gw_unit_row u;
    gw_division_row d;
    gw_err e = gw_store_category_get(tx, rl->category_id, &c);
    if (e == GW_E_NOT_FOUND) {
        snprintf(a->msg, sizeof a->msg, "category %lld does not exist", (long long)rl->category_id);
        return GW_E_INVALID;
    }
    if (!e && rl->division_id) {
        e = gw_store_division_get(tx, rl->division_id, &d);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "division %lld does not exist", (long long)rl->division_id);
            return GW_E_INVALID;
        }
        if (!e) json_decref(d.geometry);
    }
    if (!e) {
        e = gw_store_unit_get(tx, rl->unit_id, &u);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "unit %lld does not exist", (long long)rl->unit_id);
            return GW_E_INVALID;
        }
    }
    for (int i = 0; !e && i < rl->n_cc; i++) {
        if (rl->cc_unit_ids[i] == rl->unit_id) {
            snprintf(a->msg, sizeof a->msg, "cc_unit_ids must not repeat the handling unit %lld", (long long)rl->unit_id);
            return GW_E_INVALID;
        }
        e = gw_store_unit_get(tx, rl->cc_unit_ids[i], &u);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "CC unit %lld does not exist", (long long)rl->cc_unit_ids[i]);
            return GW_E_INVALID;
        }
    }
    return e;
}

static gw_err op_rule_create(gw_db *tx, void *arg)
{
    rule_write *a = arg;
    gw_err e = rule_refs_check(tx, a);
    if (!e) e = gw_store_rule_insert(tx, &a->rule, a->now);
    if (e) return e;
    return gw_admin_audit(tx, a->now, a->actor, "rule.create", "rule", a->rule.id, a->detail);
}

/* Fields shared by create and update; -1 when the request failed. */
static int rule_fields(gw_req *r, rule_write *a, json_t *jcat, json_t *jdiv, json_t *junit, json_t *jcc,
                       json_t *jhours, const char *mode)
{
    int k;
    if ((k = gw_admin_opt_int(r, "category_id", jcat, 1, INT64_MAX, 0, &a->rule.category_id)) < 0) return -1;
    a->set_category = k;
    if ((k = gw_admin_opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a->rule.division_id)) < 0) return -1;
    a->set_division = k;
    if ((k = gw_admin_opt_int(r, "unit_id", junit, 1, INT64_MAX, 0, &a->rule.unit_id)) < 0) return -1;
    a->set_unit = k;
    int64_t hours = 0;
    if ((k = gw_admin_opt_int(r, "handle_hours", jhours, 1, MAX_HOURS, 1, &hours)) < 0) return -1;
    a->set_hours = k;
    a->rule.handle_ms_override = hours * GW_MS_PER_HOUR;
    if (jcc) {
        if (!json_is_array(jcc) || json_array_size(jcc) > GW_ROUTE_MAX_CC) {
            gw_fail(r, GW_E_INVALID, "cc_unit_ids must be an array of at most %d unit ids", GW_ROUTE_MAX_CC);
            return -1;
        }
        size_t i;
        json_t *v;
        json_array_foreach(jcc, i, v) {
            if (!json_is_integer(v) || json_integer_value(v) <= 0) {
                gw_fail(r, GW_E_INVALID, "cc_unit_ids must hold positive unit ids");
                return -1;
            }
            for (size_t j = 0; j < i; j++)
                if (a->rule.cc_unit_ids[j] == json_integer_value(v)) {
                    gw_fail(r, GW_E_INVALID, "cc_unit_ids must not repeat a unit");
                    return -1;
                }
            a->rule.cc_unit_ids[i] = json_integer_value(v);
        }
        a->rule.n_cc = (int)json_array_size(jcc);
        a->set_cc = 1;
    }
    if (mode) {
        if (!strcmp(mode, "auto")) a->rule.mode = GW_ROUTE_AUTO;
        else if (!strcmp(mode, "review")) a->rule.mode = GW_ROUTE_REVIEW;
        else { gw_fail(r, GW_E_INVALID, "mode must be auto or review"); return -1; }
        a->set_mode = 1;
    }
    return 0;
}

gw_err api_rule_create(gw_req *r)
{
    gw_err e = gw_admin_require_admin(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    json_t *jcat = NULL, *jdiv = NULL, *junit = NULL, *jcc = NULL, *jhours = NULL;
    const char *mode = NULL;
    int enabled = 1;
    GW_ADMIN_UNPACK(r, body, "{s:o, s?:o, s:o, s?:o, s?:o, s?:s, s?:b}", "category_id", &jcat, "division_id", &jdiv,
           "unit_id", &junit, "cc_unit_ids", &jcc, "handle_hours", &jhours, "mode", &mode, "enabled", &enabled);
    rule_write a;
    memset(&a, 0, sizeof a);
    if (rule_fields(r, &a, jcat, jdiv, junit, jcc, jhours, mode) < 0) { json_decref(body); return GW_E_INVALID; }
    a.rule.enabled = enabled ? 1 : 0;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = gw_admin_detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_rule_create, &a);
    free(a.detail);
    if ((e = gw_admin_finish_write(r, e, a.msg, "routing rule"))) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = rule_json(db, &a.rule);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 201, o);
}

static gw_err op_rule_update(gw_db *tx, void *arg)
{
    rule_write *a = arg;
    gw_route_rule cur;
    gw_err e = gw_store_rule_get(tx, a->rule.id, &cur);
    if (e) return e;
    if (a->set_category) cur.category_id = a->rule.category_id;
    if (a->set_division) cur.division_id = a->rule.division_id;
    if (a->set_unit) cur.unit_id = a->rule.unit_id;
    if (a->set_cc) { memcpy(cur.cc_unit_ids, a->rule.cc_unit_ids, sizeof cur.cc_unit_ids); cur.n_cc = a->rule.n_cc; }
    if (a->set_hours) cur.handle_ms_override = a->rule.handle_ms_override;
    if (a->set_mode) cur.mode = a->rule.mode;
    if (a->set_enabled) cur.enabled = a->rule.enabled;
    a->rule = cur;
    if ((e = rule_refs_check(tx, a))) return e;
    if ((e = gw_store_rule_update(tx, &cur))) return e;
    return gw_admin_audit(tx, a->now, a->actor, "rule.update", "rule", cur.id, a->detail);
}

gw_err api_rule_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_admin_path_id(r, "routing rule", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    json_t *jcat = NULL, *jdiv = NULL, *junit = NULL, *jcc = NULL, *jhours = NULL;
    const char *mode = NULL;
    int enabled = -1;
    GW_ADMIN_UNPACK(r, body, "{s?:o, s?:o, s?:o, s?:o, s?:o, s?:s, s?:b}", "category_id", &jcat, "division_id", &jdiv,
           "unit_id", &junit, "cc_unit_ids", &jcc, "handle_hours", &jhours, "mode", &mode, "enabled", &enabled);
    rule_write a;
    memset(&a, 0, sizeof a);
    if (rule_fields(r, &a, jcat, jdiv, junit, jcc, jhours, mode) < 0) { json_decref(body); return GW_E_INVALID; }
    if (json_object_size(body) == 0) { json_decref(body); return gw_fail(r, GW_E_INVALID, "nothing to change"); }
    a.rule.id = id;
    if (enabled >= 0) { a.set_enabled = 1; a.rule.enabled = enabled ? 1 : 0; }
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = gw_admin_detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_rule_update, &a);
    free(a.detail);
    if ((e = gw_admin_finish_write(r, e, a.msg, "routing rule"))) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = rule_json(db, &a.rule);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 200, o);
}

static gw_err op_rule_delete(gw_db *tx, void *arg)
{
    rule_write *a = arg;
    gw_route_rule cur;
    gw_err e = gw_store_rule_get(tx, a->rule.id, &cur);
    if (!e) e = gw_store_rule_delete(tx, a->rule.id);
    if (e) return e;
    char *detail = gw_admin_detail_of(json_pack("{s:I,s:o,s:I}", "category_id", (json_int_t)cur.category_id,
                                       "division_id", gw_json_id(cur.division_id), "unit_id", (json_int_t)cur.unit_id));
    e = gw_admin_audit(tx, a->now, a->actor, "rule.delete", "rule", a->rule.id, detail);
    free(detail);
    return e;
}

gw_err api_rule_delete(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_admin_path_id(r, "routing rule", &id);
    if (e) return e;
    rule_write a;
    memset(&a, 0, sizeof a);
    a.rule.id = id;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    e = gw_store_write(r->store, op_rule_delete, &a);
    if ((e = gw_admin_finish_write(r, e, a.msg, "routing rule"))) return e;
    return gw_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
}

gw_err api_rule_test(gw_req *r)
{
    static const char *const keys[] = { "category_id", "division_id", "lon", "lat", "coord", NULL };
    if (gw_req_only_query(r, keys)) return GW_E_INVALID;
    int64_t cat_id = 0, div_id = 0;
    const char *scat = gw_req_query(r, "category_id"), *sdiv = gw_req_query(r, "division_id");
    int has_point = gw_req_query(r, "lon") || gw_req_query(r, "lat");
    if (!(cat_id = gw_parse_id(scat))) return gw_fail(r, GW_E_INVALID, "category_id is required (a category id)");
    if (sdiv && has_point) return gw_fail(r, GW_E_INVALID, "give either division_id or lon/lat, not both");
    if (!sdiv && !has_point) return gw_fail(r, GW_E_INVALID, "give division_id or lon and lat");
    if (sdiv && !(div_id = gw_parse_id(sdiv))) return gw_fail(r, GW_E_INVALID, "division_id must be a division id");
    gw_point p = { 0, 0 };
    gw_err e = has_point ? gw_admin_query_point(r, &p) : GW_OK;
    if (e) return e;

    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_category_row c;
    gw_division_row d;
    gw_route_rule rule;
    gw_unit_row u;
    memset(&rule, 0, sizeof rule);
    char what[160] = "";
    e = gw_store_category_get(db, cat_id, &c);
    if (e == GW_E_NOT_FOUND) snprintf(what, sizeof what, "category %lld does not exist", (long long)cat_id);
    if (!e && has_point) {
        e = gw_store_grid_at(db, p, &div_id);
        if (e == GW_E_NOT_FOUND) snprintf(what, sizeof what, "no grid contains this point");
    }
    if (!e) {
        e = gw_store_division_get(db, div_id, &d);
        if (e == GW_E_NOT_FOUND) snprintf(what, sizeof what, "division %lld does not exist", (long long)div_id);
        else if (!e) json_decref(d.geometry);
    }
    if (!e) {
        e = gw_ticket_route(db, cat_id, div_id, &rule);
        if (e == GW_E_NOT_FOUND)
            snprintf(what, sizeof what, "no routing rule and no fallback unit covers category %s here", c.code);
    }
    int have_u = !e && gw_store_unit_get(db, rule.unit_id, &u) == GW_OK;
    gw_store_read_end(r->store, db);
    if (what[0]) return gw_fail(r, GW_E_NOT_FOUND, "%s", what);
    if (e) return gw_fail(r, e, "could not evaluate the routing rules");

    int64_t handle_hours = rule.handle_ms_override ? rule.handle_ms_override / GW_MS_PER_HOUR : c.handle_hours;
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:o,s:o,s:s,s:b,s:I,s:s,s:s,s:I,s:s,s:I}",
        "rule_id", gw_json_id(rule.id), "unit_id", (json_int_t)rule.unit_id,
        "unit_name", have_u ? json_string(u.name) : json_null(), "cc_unit_ids", cc_array(&rule),
        "mode", rule.mode == GW_ROUTE_REVIEW ? "review" : "auto", "fallback", rule.id == 0,
        "category_id", (json_int_t)c.id, "category_code", c.code, "category_name", c.name,
        "division_id", (json_int_t)d.id, "division_name", d.name, "handle_hours", (json_int_t)handle_hours));
}

/* A report's category by code or id (core/api.h); shared by the intake routes of ops/. */
gw_err api_category_of(gw_req *r, const char *code, json_int_t *id)
{
    if (code) {
        gw_db *db = gw_store_read_begin(r->store);
        gw_category_row c;
        gw_err e = !db ? GW_E_IO
                 : gw_store_category_by_code(db, code, &c) == GW_OK ? GW_OK
                 : gw_fail(r, GW_E_INVALID, "unknown category_code '%.16s'", code);
        gw_store_read_end(r->store, db);
        if (e) return e;
        *id = c.id;
    }
    return *id > 0 ? GW_OK : gw_fail(r, GW_E_INVALID, "category_id or category_code is required");
}
