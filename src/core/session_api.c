/* core/session_api.c — who is signed in (在线用户): the administrator lists every live session and ends
 * one (强制下线); a user lists and ends their own. A session is named by the first 16 hex digits of its
 * token's hash: neither the token nor its whole hash leaves the server. Ending one is audited
 * (session.end on user:<id>). */
#include "core/api.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/auth_store.h"
#include "json/reply.h"

#include <stdlib.h>
#include <string.h>

#define SID_LEN 16

/* The caller's own token hash ("" for API keys). */
static void own_hash(gw_req *r, char *out)
{
    const char *token = gw_req_token(r);
    out[0] = 0;
    if (token) gw_token_hash(token, out);
}

static json_t *session_json(const gw_session_row *s, const char *own)
{
    char since[40], until[40], sid[SID_LEN + 1];
    gw_clock_iso8601(s->created_ms, since, sizeof since);
    gw_clock_iso8601(s->expires_ms, until, sizeof until);
    gw_copy(sid, sizeof sid, s->token_hash);
    return json_pack("{s:s,s:{s:I,s:s,s:s},s:s,s:s,s:s,s:b}", "id", sid, "user", "id", (json_int_t)s->user_id,
                     "username", s->username, "display_name", s->display_name, "since", since, "until", until,
                     "ip", s->ip, "current", !strcmp(s->token_hash, own));
}

static gw_err list_of(gw_req *r, int64_t user_id)
{
    static const char *const none[] = { NULL };
    gw_err e = gw_req_only_query(r, none);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_session_row *rows = NULL;
    size_t n = 0;
    e = gw_store_session_list(db, user_id, gw_now_ms(), &rows, &n);
    gw_store_read_end(r->store, db);
    char own[72];
    own_hash(r, own);
    json_t *arr = e ? NULL : json_array();
    for (size_t i = 0; arr && i < n; i++) json_array_append_new(arr, session_json(&rows[i], own));
    free(rows);
    if (e) return gw_fail(r, e, "could not read the sessions");
    return gw_reply(r, 200, json_pack("{s:o}", "items", arr));
}

gw_err api_sessions_list(gw_req *r) { return list_of(r, 0); }
gw_err api_me_sessions(gw_req *r) { return list_of(r, r->who.user_id ? r->who.user_id : -1); }

typedef struct {
    const char *sid;
    int64_t only_user, actor, now;
    int64_t owner; /* out */
} end_arg;

static gw_err op_end(gw_db *tx, void *arg)
{
    end_arg *a = arg;
    int64_t owner = 0;
    char hash[72];
    gw_err e = gw_store_session_owner(tx, a->sid, a->now, &owner, hash, sizeof hash);
    a->owner = owner;
    if (e) return e;
    if (a->only_user && owner != a->only_user) return GW_E_NOT_FOUND;
    if ((e = gw_store_session_delete(tx, hash))) return e;
    char obj[40], detail[64];
    snprintf(obj, sizeof obj, "user:%lld", (long long)owner);
    snprintf(detail, sizeof detail, "{\"session\":\"%s\"}", a->sid);
    return gw_audit_append(tx, a->now, a->actor, "session.end", obj, detail);
}

static gw_err end_of(gw_req *r, int64_t only_user)
{
    const char *sid = r->params[0];
    size_t n = strlen(sid);
    if (n != SID_LEN || strspn(sid, "0123456789abcdef") != n) return gw_fail(r, GW_E_NOT_FOUND, "no such session");
    end_arg a = { sid, only_user, r->who.user_id, gw_now_ms(), 0 };
    gw_err e = gw_store_write(r->store, op_end, &a);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "no such session");
    if (e) return gw_fail(r, e, "could not end the session");
    gw_auth_forget_user(a.owner); /* here at once; other servers within their session cache time */
    return gw_reply(r, 200, json_pack("{s:s,s:b}", "id", sid, "ended", 1));
}

gw_err api_sessions_end(gw_req *r) { return end_of(r, 0); }
gw_err api_me_sessions_end(gw_req *r) { return end_of(r, r->who.user_id ? r->who.user_id : -1); }
