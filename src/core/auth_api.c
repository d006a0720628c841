/* core/auth_api.c — login, logout, me, and the admin's unlock of a throttled account. */
#include "core/api.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/audit.h"
#include "core/ratelimit.h"
#include "json/reply.h"
#include "core/auth_store.h"
#include "core/admin.h"
#include "core/user_svc.h"

#include <stdio.h>
#include <string.h>

/* The caller and what it may do: the names of its permissions (core/scope.h), from the masks the
 * route table is written with. */
static json_t *me_json(const gw_principal *w)
{
    json_t *perms = json_array();
    for (int p = 0; p < GW_P__COUNT; p++)
        if (gw_may(w, (gw_perm)p)) json_array_append_new(perms, json_string(gw_perm_name((gw_perm)p)));
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:b,s:o}", "id", (json_int_t)w->user_id, "username", w->username,
                     "display_name", w->display_name, "role", gw_role_name(w->role), "unit_id", gw_json_id(w->unit_id),
                     "division_id", gw_json_id(w->division_id), "scope_path", w->div_path,
                     "demo_password", w->demo_password, "permissions", perms);
}

gw_err api_login(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    const char *user, *pw;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:s,s:s}", "username", &user, "password", &pw);
    if (!e) e = gw_json_check_text("username", user, 1, 63, r->err_msg, sizeof r->err_msg);
    if (!e) e = gw_json_check_text("password", pw, 1, 256, r->err_msg, sizeof r->err_msg);
    if (e) { json_decref(body); return e; }
    char token[GW_TOKEN_LEN + 1];
    gw_principal who;
    int64_t retry_ms = 0;
    gw_login in = { user, pw, r->client_ip };
    e = gw_auth_login(r->store, &in, token, &who, &retry_ms);
    json_decref(body);
    if (e == GW_E_RATE_LIMITED || e == GW_E_UNAVAILABLE) {
        long long secs = retry_ms > 0 ? (retry_ms + 999) / 1000 : 1, mins = (secs + 59) / 60;
        char v[24];
        snprintf(v, sizeof v, "%lld", secs);
        gw_req_add_header(r, "Retry-After", v);
        if (e == GW_E_UNAVAILABLE) return gw_fail(r, e, "too many logins at once; try again in a moment");
        return gw_fail(r, e, "too many failed logins; try again in %lld minute%s or ask an administrator to unlock "
                             "the account", mins, mins == 1 ? "" : "s");
    }
    if (e == GW_E_UNAUTHORIZED) return gw_fail(r, e, "wrong username or password");
    if (e) return gw_fail(r, e, "login failed");
    char cookie[160];
    snprintf(cookie, sizeof cookie, "gw_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", token,
             (int)(GW_SESSION_MS / 1000));
    gw_req_add_header(r, "Set-Cookie", cookie);
    return gw_reply(r, 200, json_pack("{s:s,s:o}", "token", token, "user", me_json(&who)));
}

gw_err api_logout(gw_req *r)
{
    const char *token = gw_req_token(r);
    if (token) gw_auth_logout(r->store, token);
    gw_req_add_header(r, "Set-Cookie", "gw_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return gw_reply(r, 200, json_pack("{s:b}", "ok", 1));
}

gw_err api_me(gw_req *r)
{
    return gw_reply(r, 200, me_json(&r->who));
}

gw_err api_me_password(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    const char *current = NULL, *next = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s}", "current_password", &current, "new_password", &next);
    char msg[200];
    e = gw_user_change_password(r->store, &r->who, gw_req_token(r), current, next, msg, sizeof msg);
    json_decref(body);
    if (e) return msg[0] ? gw_fail(r, e, "%s", msg) : e;
    return gw_reply(r, 200, json_pack("{s:b}", "ok", 1));
}

/* GET /api/v1/me/logins?limit=: the caller's own sign-ins and failed attempts (the login log,
 * core/auth.c), newest first, with the client address; limit 1..50, default 20. */
gw_err api_me_logins(gw_req *r)
{
    static const char *const keys[] = { "limit", NULL };
    gw_audit_filter f = { .actor_user_id = r->who.user_id, .action = "auth.", .limit = 20 };
    const char *v;
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    if ((v = gw_req_query(r, "limit")) && ((f.limit = gw_parse_id(v)) < 1 || f.limit > 50))
        return gw_fail(r, GW_E_INVALID, "limit must be an integer in 1..%d", 50);
    if (!f.actor_user_id) return gw_reply(r, 200, json_pack("{s:[],s:i}", "items", "total", 0)); /* API keys */
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_audit_row *rows = NULL;
    size_t n = 0;
    int64_t total = 0;
    e = gw_store_audit_list(db, &f, &rows, &n, &total);
    gw_store_read_end(r->store, db);
    json_t *arr = e ? NULL : json_array();
    for (size_t i = 0; arr && i < n; i++) {
        char at[40];
        gw_clock_iso8601(rows[i].at_ms, at, sizeof at);
        json_t *d = json_loads(rows[i].detail, 0, NULL);
        const char *ip = json_string_value(json_object_get(d, "ip"));
        json_array_append_new(arr, json_pack("{s:I,s:s,s:b,s:s}", "id", (json_int_t)rows[i].id, "at", at, "ok",
                                             !strcmp(rows[i].action, "auth.login"), "ip", ip ? ip : ""));
        json_decref(d);
    }
    free(rows);
    if (e) return gw_fail(r, e, "could not read the audit log");
    return gw_reply(r, 200, json_pack("{s:o,s:I}", "items", arr, "total", (json_int_t)total));
}

typedef struct {
    int64_t id, actor, now;
    char username[64];
} unlock_arg;

/* Clear the user's counters in the database and audit it, in one transaction. */
static gw_err op_unlock(gw_db *tx, void *arg)
{
    unlock_arg *a = arg;
    gw_user_row u;
    gw_err e = gw_store_user_get(tx, a->id, &u);
    if (e) return e;
    memset(u.pw_hash, 0, sizeof u.pw_hash);
    snprintf(a->username, sizeof a->username, "%s", u.username);
    char key[GW_RL_KEY_MAX], prefix[GW_RL_KEY_MAX], obj[32];
    gw_auth_unlock_keys(u.username, key, sizeof key, prefix, sizeof prefix);
    if ((e = gw_store_rate_clear(tx, key, prefix))) return e;
    snprintf(obj, sizeof obj, "user:%lld", (long long)a->id);
    return gw_audit_append(tx, a->now, a->actor, "user.unlock", obj, "login counters cleared");
}

gw_err api_user_unlock(gw_req *r)
{
    if (!gw_may(&r->who, GW_P_USER_MANAGE)) return gw_fail(r, GW_E_FORBIDDEN, "only the administrator may unlock accounts");
    unlock_arg a = { 0 };
    if (r->n_params < 1 || !(a.id = gw_parse_id(r->params[0]))) return gw_fail(r, GW_E_NOT_FOUND, "no such user");
    a.actor = r->who.user_id;
    a.now = gw_now_ms();
    gw_err e = gw_store_write(r->store, op_unlock, &a);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "no such user");
    if (e) return gw_fail(r, e, "could not unlock the user");
    gw_auth_unlock_local(a.username);
    return gw_reply(r, 200, json_pack("{s:b,s:I,s:s}", "ok", 1, "id", (json_int_t)a.id, "username", a.username));
}
