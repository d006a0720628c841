/* core/user_api.c — staff accounts: the administrator lists, creates and changes them, audited. */
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

gw_err api_user_list(gw_req *r)
{
    if (gw_req_only_query(r, NULL)) return GW_E_INVALID;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *arr = NULL;
    gw_err e = gw_store_user_list(db, &arr);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "could not list users");
    if (!gw_may(&r->who, GW_P_USER_MANAGE)) { /* personal data: only user managers see full numbers */
        size_t i;
        json_t *u;
        json_array_foreach(arr, i, u) {
            const char *ph = json_string_value(json_object_get(u, "phone"));
            if (!ph) continue;
            char masked[32];
            gw_mask_phone(ph, masked, sizeof masked);
            json_object_set_new(u, "phone", json_string(masked));
        }
    }
    return gw_admin_reply_items(r, arr);
}

/* user.manage (core/scope.c): today the administrator, over every division. */
static gw_err require_user_manage(gw_req *r)
{
    if (gw_scope_user_manage(&r->who, r->who.div_path)) return GW_OK;
    return gw_fail(r, GW_E_FORBIDDEN, "only the administrator may manage users");
}

static gw_err check_password(gw_req *r, const char *pw)
{
    if (gw_utf8_len(pw) < PASSWORD_MIN) return gw_fail(r, GW_E_INVALID, "password must have at least %d characters", PASSWORD_MIN);
    if (strlen(pw) > PASSWORD_MAX) return gw_fail(r, GW_E_INVALID, "password must have at most %d bytes", PASSWORD_MAX);
    return GW_OK;
}

static gw_err check_username(gw_req *r, const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > USER_NAME_MAX)
        return gw_fail(r, GW_E_INVALID, "username must have 3 to %d characters", USER_NAME_MAX);
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return gw_fail(r, GW_E_INVALID, "username must start with a lowercase letter");
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-'))
            return gw_fail(r, GW_E_INVALID, "username may contain only a-z, 0-9, '_', '.' and '-'");
    return GW_OK;
}

/* Staff roles only: residents are not accounts, and the system is not a person. */
static int staff_role(const char *s, gw_role *out)
{
    int k = gw_role_parse(s);
    if (k < 0 || k == GW_R_RESIDENT || k == GW_R_SYSTEM) return 0;
    *out = (gw_role)k;
    return 1;
}

typedef struct {
    gw_user_row u;
    int64_t now, actor;
    int set_display, set_phone, set_role, set_division, set_unit, set_password, set_disabled;
    int kill_sessions;
    char *detail;
    char msg[200];
} user_write;

/* The scope that goes with the role, and that what it names exists. */
static gw_err user_scope_check(gw_db *tx, user_write *a, const gw_user_row *u)
{
    if (u->role == GW_R_UNIT_HANDLER && !u->unit_id) {
        snprintf(a->msg, sizeof a->msg, "a unit_handler needs a unit_id");
        return GW_E_INVALID;
    }
    if (u->role != GW_R_UNIT_HANDLER && !u->division_id) {
        snprintf(a->msg, sizeof a->msg, "a %s needs a division_id (the scope)", gw_role_name(u->role));
        return GW_E_INVALID;
    }
    if (u->role != GW_R_UNIT_HANDLER && u->unit_id) {
        snprintf(a->msg, sizeof a->msg, "unit_id is only for a unit_handler");
        return GW_E_INVALID;
    }
    gw_err e = GW_OK;
    if (u->division_id) {
        gw_division_row d;
        e = gw_store_division_get(tx, u->division_id, &d);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "division %lld does not exist", (long long)u->division_id);
            return GW_E_INVALID;
        }
        if (!e) json_decref(d.geometry);
    }
    if (!e && u->unit_id) {
        gw_unit_row un;
        e = gw_store_unit_get(tx, u->unit_id, &un);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "unit %lld does not exist", (long long)u->unit_id);
            return GW_E_INVALID;
        }
    }
    return e;
}

static gw_err op_user_create(gw_db *tx, void *arg)
{
    user_write *a = arg;
    gw_err e = user_scope_check(tx, a, &a->u);
    if (!e) e = gw_store_user_insert(tx, &a->u, a->now);
    if (e == GW_E_CONFLICT) snprintf(a->msg, sizeof a->msg, "the username %s is taken", a->u.username);
    if (e) return e;
    return gw_admin_audit(tx, a->now, a->actor, "user.create", "user", a->u.id, a->detail);
}

gw_err api_user_create(gw_req *r)
{
    gw_err e = require_user_manage(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *username = NULL, *display = NULL, *password = NULL, *role = NULL, *phone = NULL;
    json_t *jdiv = NULL, *junit = NULL;
    int disabled = 0;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s:s, s:s, s?:s, s?:o, s?:o, s?:b}", "username", &username, "display_name", &display,
           "password", &password, "role", &role, "phone", &phone, "division_id", &jdiv, "unit_id", &junit,
           "disabled", &disabled);
    user_write a;
    memset(&a, 0, sizeof a);
    e = check_username(r, username);
    if (!e) e = gw_admin_check_text(r, "display_name", display, 1, DISPLAY_MAX_CHARS, sizeof a.u.display_name);
    if (!e) e = check_password(r, password);
    if (!e && !staff_role(role, &a.u.role))
        e = gw_fail(r, GW_E_INVALID, "role must be admin, dispatcher, supervisor, unit_handler, grid_worker, "
                                     "hotline_operator or auditor");
    if (!e && phone && *phone) e = gw_admin_check_phone(r, "phone", phone);
    if (!e && gw_admin_opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a.u.division_id) < 0) e = GW_E_INVALID;
    if (!e && gw_admin_opt_int(r, "unit_id", junit, 1, INT64_MAX, 1, &a.u.unit_id) < 0) e = GW_E_INVALID;
    if (!e && (e = gw_password_hash(password, a.u.pw_hash))) /* slow: outside the writer */
        e = gw_fail(r, e, "could not hash the password");
    if (e) { json_decref(body); return e; }
    snprintf(a.u.username, sizeof a.u.username, "%s", username);
    snprintf(a.u.display_name, sizeof a.u.display_name, "%s", display);
    snprintf(a.u.phone, sizeof a.u.phone, "%s", phone ? phone : "");
    a.u.disabled = disabled ? 1 : 0;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = gw_admin_detail_of(json_pack("{s:s,s:s,s:o,s:o,s:b}", "username", username, "role", role,
                                   "division_id", gw_json_id(a.u.division_id), "unit_id", gw_json_id(a.u.unit_id),
                                   "disabled", a.u.disabled));
    json_decref(body);
    e = gw_store_write(r->store, op_user_create, &a);
    free(a.detail);
    memset(a.u.pw_hash, 0, sizeof a.u.pw_hash);
    if ((e = gw_admin_finish_write(r, e, a.msg, "user"))) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = user_json(db, &a.u, 1);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 201, o);
}

static gw_err op_user_update(gw_db *tx, void *arg)
{
    user_write *a = arg;
    gw_user_row cur;
    gw_err e = gw_store_user_get(tx, a->u.id, &cur);
    if (e) return e;
    int was_disabled = cur.disabled;
    cur.pw_hash[0] = 0; /* keep the stored hash unless a new one is given */
    if (a->set_display) memcpy(cur.display_name, a->u.display_name, sizeof cur.display_name);
    if (a->set_phone) memcpy(cur.phone, a->u.phone, sizeof cur.phone);
    if (a->set_role) {
        if (cur.role == GW_R_UNIT_HANDLER && a->u.role != GW_R_UNIT_HANDLER && !a->set_unit) cur.unit_id = 0;
        cur.role = a->u.role;
    }
    if (a->set_division) cur.division_id = a->u.division_id;
    if (a->set_unit) cur.unit_id = a->u.unit_id;
    if (a->set_disabled) cur.disabled = a->u.disabled;
    if (a->set_password) {
        memcpy(cur.pw_hash, a->u.pw_hash, sizeof cur.pw_hash);
        cur.demo_password = 0;
    }
    if (!gw_scope_self_change_ok(a->actor, cur.id, cur.role, cur.disabled)) {
        snprintf(a->msg, sizeof a->msg, "you cannot disable your own account or drop your own admin role");
        return GW_E_INVALID;
    }
    if ((e = user_scope_check(tx, a, &cur))) return e;
    if ((e = gw_store_user_update(tx, &cur))) return e;
    a->kill_sessions = a->set_password || (cur.disabled && !was_disabled);
    if (a->kill_sessions && (e = gw_store_session_delete_user(tx, cur.id))) return e;
    return gw_admin_audit(tx, a->now, a->actor, "user.update", "user", cur.id, a->detail);
}

gw_err api_user_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = require_user_manage(r);
    if (!e) e = gw_admin_path_id(r, "user", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *display = NULL, *password = NULL, *role = NULL;
    json_t *jphone = NULL, *jdiv = NULL, *junit = NULL;
    int disabled = -1;
    GW_ADMIN_UNPACK(r, body, "{s?:s, s?:o, s?:s, s?:o, s?:o, s?:s, s?:b}", "display_name", &display, "phone", &jphone,
           "role", &role, "division_id", &jdiv, "unit_id", &junit, "password", &password, "disabled", &disabled);
    user_write a;
    memset(&a, 0, sizeof a);
    a.u.id = id;
    e = gw_admin_check_text(r, "display_name", display, 0, DISPLAY_MAX_CHARS, sizeof a.u.display_name);
    if (!e && role && !staff_role(role, &a.u.role))
        e = gw_fail(r, GW_E_INVALID, "role must be admin, dispatcher, supervisor, unit_handler, grid_worker, "
                                     "hotline_operator or auditor");
    if (!e && jphone && !json_is_null(jphone)) {
        if (!json_is_string(jphone)) e = gw_fail(r, GW_E_INVALID, "phone must be a string or null");
        else e = gw_admin_check_phone(r, "phone", json_string_value(jphone));
    }
    int k;
    if (!e && (k = gw_admin_opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a.u.division_id)) < 0) e = GW_E_INVALID;
    if (!e && (k = gw_admin_opt_int(r, "unit_id", junit, 1, INT64_MAX, 1, &a.u.unit_id)) < 0) e = GW_E_INVALID;
    if (!e && password) e = check_password(r, password);
    if (!e && json_object_size(body) == 0) e = gw_fail(r, GW_E_INVALID, "nothing to change");
    if (!e && password && (e = gw_password_hash(password, a.u.pw_hash))) e = gw_fail(r, e, "could not hash the password");
    if (e) { json_decref(body); return e; }
    if (display) { a.set_display = 1; snprintf(a.u.display_name, sizeof a.u.display_name, "%s", display); }
    if (jphone) {
        a.set_phone = 1;
        snprintf(a.u.phone, sizeof a.u.phone, "%s", json_is_string(jphone) ? json_string_value(jphone) : "");
    }
    a.set_role = role != NULL;
    a.set_division = jdiv != NULL;
    a.set_unit = junit != NULL;
    a.set_password = password != NULL;
    if (disabled >= 0) { a.set_disabled = 1; a.u.disabled = disabled ? 1 : 0; }
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    json_t *det = json_deep_copy(body);
    if (det && password) json_object_set_new(det, "password", json_string("(changed)")); /* never the secret */
    a.detail = gw_admin_detail_of(det);
    json_decref(body);
    e = gw_store_write(r->store, op_user_update, &a);
    free(a.detail);
    memset(a.u.pw_hash, 0, sizeof a.u.pw_hash);
    if ((e = gw_admin_finish_write(r, e, a.msg, "user"))) return e;
    gw_auth_forget_user(id); /* role, scope or access changed: no cached session may outlive it */
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_user_row u;
    json_t *o = NULL;
    e = gw_store_user_get(db, id, &u);
    if (!e) {
        memset(u.pw_hash, 0, sizeof u.pw_hash);
        o = user_json(db, &u, 1);
    }
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "updated the user but could not read it back");
    return gw_reply(r, 200, o);
}
