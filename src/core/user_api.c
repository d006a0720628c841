/* core/user_api.c — staff accounts over HTTP: the administrator lists, creates and changes them.
 * The rules (scope, role, password, self-demotion, audit) are core/user_svc.c's, shared with the
 * command line; this file decodes the JSON and renders the rows. */
#include "core/api.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/auth_store.h"
#include "core/model.h"
#include "core/model_store.h"
#include "core/privacy.h"
#include "core/user_svc.h"
#include "core/scope.h"
#include "json/reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A user without the hash; the phone masked unless the caller is the administrator. */
static json_t *user_json(gw_db *db, const gw_user_row *u, int full_phone)
{
    char phone[32] = "", dname[GW_NAME_BUF] = "";
    if (u->phone[0]) {
        if (full_phone) snprintf(phone, sizeof phone, "%s", u->phone);
        else gw_mask_phone(u->phone, phone, sizeof phone);
    }
    gw_division_row d;
    gw_unit_row un;
    int have_u = u->unit_id && gw_store_unit_get(db, u->unit_id, &un) == GW_OK;
    if (u->division_id && gw_store_division_get(db, u->division_id, &d) == GW_OK) {
        snprintf(dname, sizeof dname, "%s", d.name);
        json_decref(d.geometry);
    }
    return json_pack("{s:I,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:b,s:b}", "id", (json_int_t)u->id,
                     "username", u->username, "display_name", u->display_name,
                     "phone", phone[0] ? json_string(phone) : json_null(), "role", gw_role_name(u->role),
                     "division_id", gw_json_id(u->division_id),
                     "division_name", dname[0] ? json_string(dname) : json_null(),
                     "unit_id", gw_json_id(u->unit_id), "unit_name", have_u ? json_string(un.name) : json_null(),
                     "disabled", u->disabled, "demo_password", u->demo_password);
}

/* ---- users --------------------------------------------------------------------------------- */

/* A listed user: the phone masked unless the caller is the administrator. */
static json_t *item_json(const gw_user_item *x, int full_phone)
{
    char phone[32] = "";
    if (x->u.phone[0]) {
        if (full_phone) snprintf(phone, sizeof phone, "%s", x->u.phone);
        else gw_mask_phone(x->u.phone, phone, sizeof phone);
    }
    return json_pack("{s:I,s:s,s:s,s:o,s:s,s:o,s:o,s:b,s:o,s:o,s:o}", "id", (json_int_t)x->u.id,
                     "username", x->u.username, "display_name", x->u.display_name,
                     "phone", phone[0] ? json_string(phone) : json_null(), "role", gw_role_name(x->u.role),
                     "division_id", gw_json_id(x->u.division_id), "unit_id", gw_json_id(x->u.unit_id),
                     "disabled", x->u.disabled, "created_at", gw_json_time(x->created_ms),
                     "division_name", gw_json_str(x->division_name[0] ? x->division_name : NULL),
                     "unit_name", gw_json_str(x->unit_name[0] ? x->unit_name : NULL));
}

static gw_err load_users(gw_db *db, void **rows, size_t *n)
{
    gw_user_item *p = NULL;
    gw_err e = gw_store_user_list(db, &p, n);
    *rows = p;
    return e;
}

static json_t *item_users(gw_req *r, const void *rows, size_t i)
{
    const gw_user_item *x = (const gw_user_item *)rows + i;
    return item_json(x, gw_may(&r->who, GW_P_USER_MANAGE)); /* full numbers only for user managers */
}

gw_err api_user_list(gw_req *r)
{
    return gw_admin_list(r, "users", load_users, item_users);
}

/* The stored user, as the writes answer it. */
static gw_err reply_user(gw_req *r, int status, const gw_user_row *u)
{
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = user_json(db, u, 1);
    gw_store_read_end(r->store, db);
    return gw_reply(r, status, o);
}

/* user.manage (core/scope.c), checked before the body is read or a password hashed; the service
 * checks it again for the CLI. */
static gw_err require_user_manage(gw_req *r)
{
    if (gw_scope_user_manage(&r->who, r->who.div_path)) return GW_OK;
    return gw_fail(r, GW_E_FORBIDDEN, "only the administrator may manage users");
}

gw_err api_user_create(gw_req *r)
{
    gw_err e = require_user_manage(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    gw_user_input in = { .disabled = 0 };
    json_t *jdiv = NULL, *junit = NULL;
    int disabled = 0;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s:s, s:s, s?:s, s?:o, s?:o, s?:b}", "username", &in.username,
           "display_name", &in.display_name, "password", &in.password, "role", &in.role, "phone", &in.phone,
           "division_id", &jdiv, "unit_id", &junit, "disabled", &disabled);
    if (gw_admin_opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &in.division_id) < 0 ||
        gw_admin_opt_int(r, "unit_id", junit, 1, INT64_MAX, 1, &in.unit_id) < 0) {
        json_decref(body);
        return GW_E_INVALID;
    }
    in.disabled = disabled ? 1 : 0;
    gw_user_row u;
    char msg[200];
    e = gw_user_create(r->store, &r->who, &in, &u, msg, sizeof msg);
    json_decref(body);
    if ((e = gw_admin_finish_write(r, e, msg, "user"))) return e;
    return reply_user(r, 201, &u);
}

gw_err api_user_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = require_user_manage(r);
    if (!e) e = gw_admin_path_id(r, "user", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    gw_user_input in = { .disabled = -1 };
    json_t *jphone = NULL, *jdiv = NULL, *junit = NULL;
    int disabled = -1;
    GW_ADMIN_UNPACK(r, body, "{s?:s, s?:o, s?:s, s?:o, s?:o, s?:s, s?:b}", "display_name", &in.display_name,
           "phone", &jphone, "role", &in.role, "division_id", &jdiv, "unit_id", &junit, "password", &in.password,
           "disabled", &disabled);
    if (jphone && !json_is_null(jphone) && !json_is_string(jphone))
        e = gw_fail(r, GW_E_INVALID, "phone must be a string or null");
    else if (json_is_string(jphone) && !*json_string_value(jphone)) /* null clears it */
        e = gw_fail(r, GW_E_INVALID, "phone must be a phone number or null");
    if (!e && (in.set_division = gw_admin_opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &in.division_id)) < 0)
        e = GW_E_INVALID;
    if (!e && (in.set_unit = gw_admin_opt_int(r, "unit_id", junit, 1, INT64_MAX, 1, &in.unit_id)) < 0) e = GW_E_INVALID;
    if (e) { json_decref(body); return e; }
    if (jphone) in.phone = json_is_string(jphone) ? json_string_value(jphone) : "";
    if (disabled >= 0) in.disabled = disabled ? 1 : 0;
    gw_user_row u;
    char msg[200];
    e = gw_user_update(r->store, &r->who, id, &in, &u, msg, sizeof msg);
    json_decref(body);
    if ((e = gw_admin_finish_write(r, e, msg, "user"))) return e;
    return reply_user(r, 200, &u);
}
