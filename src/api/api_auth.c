/* api/api_auth.c — login, logout, me. */
#include "api/api.h"
#include "json/reply.h"

#include <stdio.h>
#include <string.h>

static json_t *me_json(const gw_principal *w)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:b}", "id", (json_int_t)w->user_id, "username", w->username,
                     "display_name", w->display_name, "role", gw_role_name(w->role), "unit_id", gw_json_id(w->unit_id),
                     "division_id", gw_json_id(w->division_id), "scope_path", w->div_path,
                     "demo_password", w->demo_password);
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
    e = gw_auth_login(r->store, user, pw, token, &who);
    json_decref(body);
    if (e == GW_E_UNAUTHORIZED) return gw_fail(r, e, "wrong username or password");
    if (e == GW_E_RATE_LIMITED) return gw_fail(r, e, "too many failed logins; wait 15 minutes");
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
