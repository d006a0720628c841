/* core/unit_api.c — handling units: reads for staff, writes for the administrator, audited. */
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

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *unit_json(gw_db *db, const gw_unit_row *u)
{
    char dname[GW_NAME_BUF] = "";
    gw_division_row d;
    if (u->division_id && gw_store_division_get(db, u->division_id, &d) == GW_OK) {
        snprintf(dname, sizeof dname, "%s", d.name);
        json_decref(d.geometry);
    }
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:b}", "id", (json_int_t)u->id, "code", u->code, "name", u->name,
                     "level", u->level, "division_id", gw_json_id(u->division_id),
                     "division_name", dname[0] ? json_string(dname) : json_null(),
                     "phone", u->phone[0] ? json_string(u->phone) : json_null(), "enabled", u->enabled);
}

/* ---- units --------------------------------------------------------------------------------- */

static json_t *unit_item_json(const gw_unit_item *x)
{
    const gw_unit_row *u = &x->u;
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:b}", "id", (json_int_t)u->id, "code", u->code, "name", u->name,
                     "level", u->level, "division_id", gw_json_id(u->division_id),
                     "division_name", gw_json_str(x->division_name[0] ? x->division_name : NULL),
                     "phone", gw_json_str(u->phone[0] ? u->phone : NULL), "enabled", u->enabled);
}

static gw_err load_units(gw_db *db, void **rows, size_t *n)
{
    gw_unit_item *p = NULL;
    gw_err e = gw_store_unit_list(db, &p, n);
    *rows = p;
    return e;
}

static json_t *item_units(gw_req *r, const void *rows, size_t i)
{
    const gw_unit_item *x = (const gw_unit_item *)rows + i;
    (void)r;
    return unit_item_json(x);
}

gw_err api_unit_list(gw_req *r)
{
    return gw_admin_list(r, "units", load_units, item_units);
}

typedef struct {
    gw_unit_row u;
    int64_t now, actor;
    int set_name, set_level, set_division, set_phone, set_enabled;
    char *detail;
    char msg[200];
} unit_write;

static gw_err unit_div_check(gw_db *tx, unit_write *a, int64_t division_id)
{
    if (!division_id) return GW_OK;
    gw_division_row d;
    gw_err e = gw_store_division_get(tx, division_id, &d);
    if (e == GW_E_NOT_FOUND) {
        snprintf(a->msg, sizeof a->msg, "division %lld does not exist", (long long)division_id);
        return GW_E_INVALID;
    }
    if (!e) json_decref(d.geometry);
    return e;
}

static gw_err op_unit_create(gw_db *tx, void *arg)
{
    unit_write *a = arg;
    gw_err e = unit_div_check(tx, a, a->u.division_id);
    if (!e) e = gw_store_unit_insert(tx, &a->u, a->now);
    if (e == GW_E_CONFLICT) snprintf(a->msg, sizeof a->msg, "a unit with code %s already exists", a->u.code);
    if (e) return e;
    return gw_admin_audit(tx, a->now, a->actor, "unit.create", "unit", a->u.id, a->detail);
}

static int unit_level_ok(const char *s)
{
    int i = gw_admin_div_level(s);
    return i >= 0 && i <= 3;
}

gw_err api_unit_create(gw_req *r)
{
    gw_err e = gw_admin_require_admin(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *code = NULL, *name = NULL, *level = NULL, *phone = NULL;
    json_t *jdiv = NULL;
    int enabled = 1;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s:s, s?:o, s?:s, s?:b}", "code", &code, "name", &name, "level", &level,
           "division_id", &jdiv, "phone", &phone, "enabled", &enabled);
    unit_write a;
    memset(&a, 0, sizeof a);
    e = gw_admin_check_code(r, "code", code, sizeof a.u.code);
    if (!e) e = gw_admin_check_text(r, "name", name, 1, NAME_MAX_CHARS, sizeof a.u.name);
    if (!e && !unit_level_ok(level)) e = gw_fail(r, GW_E_INVALID, "level must be city, district, street or community");
    if (!e && gw_admin_opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a.u.division_id) < 0) e = GW_E_INVALID;
    if (!e && phone && *phone) e = gw_admin_check_phone(r, "phone", phone);
    if (e) { json_decref(body); return e; }
    snprintf(a.u.code, sizeof a.u.code, "%s", code);
    snprintf(a.u.name, sizeof a.u.name, "%s", name);
    snprintf(a.u.level, sizeof a.u.level, "%s", level);
    snprintf(a.u.phone, sizeof a.u.phone, "%s", phone ? phone : "");
    a.u.enabled = enabled ? 1 : 0;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = gw_admin_detail_of(json_pack("{s:s,s:s,s:s,s:o,s:b}", "code", code, "name", name, "level", level,
                                   "division_id", gw_json_id(a.u.division_id), "enabled", a.u.enabled));
    json_decref(body);
    e = gw_store_write(r->store, op_unit_create, &a);
    free(a.detail);
    if ((e = gw_admin_finish_write(r, e, a.msg, "unit"))) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = unit_json(db, &a.u);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 201, o);
}

static gw_err op_unit_update(gw_db *tx, void *arg)
{
    unit_write *a = arg;
    gw_unit_row cur;
    gw_err e = gw_store_unit_get(tx, a->u.id, &cur);
    if (e) return e;
    if (a->set_name) memcpy(cur.name, a->u.name, sizeof cur.name);
    if (a->set_level) memcpy(cur.level, a->u.level, sizeof cur.level);
    if (a->set_division) cur.division_id = a->u.division_id;
    if (a->set_phone) memcpy(cur.phone, a->u.phone, sizeof cur.phone);
    if (a->set_enabled) cur.enabled = a->u.enabled;
    if (a->set_division && (e = unit_div_check(tx, a, cur.division_id))) return e;
    if ((e = gw_store_unit_update(tx, &cur))) return e;
    a->u = cur;
    return gw_admin_audit(tx, a->now, a->actor, "unit.update", "unit", cur.id, a->detail);
}

gw_err api_unit_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_admin_path_id(r, "unit", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *name = NULL, *level = NULL;
    json_t *jdiv = NULL, *jphone = NULL;
    int enabled = -1;
    GW_ADMIN_UNPACK(r, body, "{s?:s, s?:s, s?:o, s?:o, s?:b}", "name", &name, "level", &level, "division_id", &jdiv,
           "phone", &jphone, "enabled", &enabled);
    unit_write a;
    memset(&a, 0, sizeof a);
    a.u.id = id;
    e = gw_admin_check_text(r, "name", name, 0, NAME_MAX_CHARS, sizeof a.u.name);
    if (!e && level && !unit_level_ok(level))
        e = gw_fail(r, GW_E_INVALID, "level must be city, district, street or community");
    int setdiv = e ? 0 : gw_admin_opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a.u.division_id);
    if (setdiv < 0) e = GW_E_INVALID;
    if (!e && jphone && !json_is_null(jphone)) {
        if (!json_is_string(jphone)) e = gw_fail(r, GW_E_INVALID, "phone must be a string or null");
        else e = gw_admin_check_phone(r, "phone", json_string_value(jphone));
    }
    if (!e && !name && !level && !jdiv && !jphone && enabled < 0)
        e = gw_fail(r, GW_E_INVALID, "nothing to change");
    if (e) { json_decref(body); return e; }
    if (name) { a.set_name = 1; snprintf(a.u.name, sizeof a.u.name, "%s", name); }
    if (level) { a.set_level = 1; snprintf(a.u.level, sizeof a.u.level, "%s", level); }
    a.set_division = setdiv;
    if (jphone) {
        a.set_phone = 1;
        snprintf(a.u.phone, sizeof a.u.phone, "%s", json_is_string(jphone) ? json_string_value(jphone) : "");
    }
    if (enabled >= 0) { a.set_enabled = 1; a.u.enabled = enabled ? 1 : 0; }
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = gw_admin_detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_unit_update, &a);
    free(a.detail);
    if ((e = gw_admin_finish_write(r, e, a.msg, "unit"))) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = unit_json(db, &a.u);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 200, o);
}
