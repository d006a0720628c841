/* core/resident_api.c — resident accounts over HTTP (see resident_api.h). Masking happens here: a
 * staff list or read shows the phone, name, address and ID number masked (core/privacy.h); only
 * /person, audited in resident_svc.c, shows them whole. */
#include "core/resident_api.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/privacy.h"
#include "core/resident_svc.h"
#include "json/reply.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_LIMIT_MAX 100
#define LIST_OFFSET_MAX 100000

static json_t *community_json(const gw_resident_row *a)
{
    if (!a->division_id) return json_null();
    return json_pack("{s:I,s:s}", "id", (json_int_t)a->division_id, "name", a->division_name);
}

/* An account; full: the person record whole (the account's own view, or the audited /person). */
static json_t *account_json(const gw_resident_row *a, int full)
{
    char phone[GW_RESIDENT_PHONE_BUF], name[sizeof a->person_name], addr[sizeof a->address], idn[GW_ID_NUMBER_MAX + 1];
    if (full) {
        snprintf(phone, sizeof phone, "%s", a->phone);
        snprintf(name, sizeof name, "%s", a->person_name);
        snprintf(addr, sizeof addr, "%s", a->address);
        snprintf(idn, sizeof idn, "%s", a->id_number);
    } else {
        gw_mask_phone(a->phone, phone, sizeof phone);
        gw_mask_name(a->person_name, name, sizeof name);
        gw_mask_address(a->address, addr, sizeof addr);
        gw_id_number_mask(a->id_number, idn, sizeof idn);
    }
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:b,s:o,s:o,s:s,s:s,s:s,s:b,s:o,s:o,s:o}", "id", (json_int_t)a->id, "phone",
                          phone, "display_name", a->display_name, "status", gw_resident_status_name(a->status),
                          "verified", a->verified_ms != 0, "verified_at", gw_json_time(a->verified_ms), "community",
                          community_json(a), "person_name", name, "address", addr, "id_number", idn, "has_password",
                          a->has_password, "verified_by", gw_json_id(a->verified_by), "verify_method",
                          a->method >= 0 ? json_string(gw_resident_method_name(a->method)) : json_null(),
                          "created_at", gw_json_time(a->created_ms));
    if (o) json_object_set_new(o, "verified_by_name", gw_json_str(a->verified_by_name[0] ? a->verified_by_name : NULL));
    return o;
}

static gw_err fail_msg(gw_req *r, gw_err e, const char *msg, const char *dflt)
{
    return gw_fail(r, e, "%s", msg && msg[0] ? msg : dflt);
}

static gw_err signin_answer(gw_req *r, gw_err e, const gw_resident_signin *in, const char *msg, int status)
{
    if (e == GW_E_RATE_LIMITED || e == GW_E_UNAVAILABLE) {
        long long secs = in->retry_ms > 0 ? (in->retry_ms + 999) / 1000 : 1, mins = (secs + 59) / 60;
        char v[24];
        snprintf(v, sizeof v, "%lld", secs);
        gw_req_add_header(r, "Retry-After", v);
        if (e == GW_E_UNAVAILABLE) return gw_fail(r, e, "too many logins at once; try again in a moment");
        return gw_fail(r, e, "too many failed sign-ins; try again in %lld minute%s", mins, mins == 1 ? "" : "s");
    }
    if (e) return fail_msg(r, e, msg, "sign-in failed");
    char cookie[200];
    snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", GW_RESIDENT_COOKIE,
             in->token, (int)(GW_RESIDENT_SESSION_MS / 1000));
    gw_req_add_header(r, "Set-Cookie", cookie);
    return gw_reply(r, status, json_pack("{s:s,s:o}", "token", in->token, "account", account_json(&in->acct, 1)));
}

/* Answer a sign-in: the token in the body and in the resident cookie (never the staff's). Takes `in`
 * (NULL: out of memory): the token is wiped and the result freed. */
static gw_err signin_reply(gw_req *r, gw_err e, gw_resident_signin *in, const char *msg, int status)
{
    if (!in) return gw_fail(r, GW_E_NOMEM, "out of memory");
    e = signin_answer(r, e, in, msg, status);
    sodium_memzero(in->token, sizeof in->token);
    free(in);
    return e;
}

gw_err api_resident_register(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_resident_reg in = { .client_ip = r->client_ip };
    json_int_t community = 0;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s?:s, s?:I}", "phone", &in.phone, "password", &in.password, "display_name",
                    &in.display_name, "community_id", &community);
    if (community < 0 || community > INT64_MAX / 2) { json_decref(body); return gw_fail(r, GW_E_INVALID, "community_id must name a community"); }
    in.community_id = community;
    gw_resident_signin *out = malloc(sizeof *out);
    char msg[200] = "";
    e = out ? gw_resident_register(r->store, &in, out, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    return signin_reply(r, e, out, msg, 201);
}

gw_err api_resident_login(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *phone, *pw;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s}", "phone", &phone, "password", &pw);
    char msg[200] = "";
    if (strlen(pw) > PASSWORD_MAX) { json_decref(body); return gw_fail(r, GW_E_UNAUTHORIZED, "wrong phone number or password"); }
    gw_resident_signin *out = malloc(sizeof *out);
    e = out ? gw_resident_login(r->store, phone, pw, r->client_ip, out, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    return signin_reply(r, e, out, msg, 200);
}

gw_err api_resident_code_login(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *phone, *code, *pw = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s?:s}", "phone", &phone, "code", &code, "new_password", &pw);
    char msg[200] = "";
    gw_resident_signin *out = malloc(sizeof *out);
    e = out ? gw_resident_code_login(r->store, phone, code, pw, r->client_ip, out, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    return signin_reply(r, e, out, msg, 200);
}

gw_err api_resident_logout(gw_req *r)
{
    const char *token = gw_req_resident_token(r);
    if (token) gw_resident_logout(r->store, token);
    char cookie[120];
    snprintf(cookie, sizeof cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", GW_RESIDENT_COOKIE);
    gw_req_add_header(r, "Set-Cookie", cookie);
    return gw_reply(r, 200, json_pack("{s:b}", "ok", 1));
}

gw_err api_resident_me(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_resident_row a;
    e = gw_resident_self(db, &r->who, &a);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "could not read your account");
    return gw_reply(r, 200, account_json(&a, 1));
}

gw_err api_resident_password(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *current = NULL, *next = NULL;
    GW_ADMIN_UNPACK(r, body, "{s?:s, s:s}", "current_password", &current, "new_password", &next);
    char msg[200] = "";
    e = gw_resident_change_password(r->store, &r->who, gw_req_resident_token(r), current, next, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not change the password");
    return gw_reply(r, 200, json_pack("{s:b}", "ok", 1));
}

gw_err api_public_communities(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_community_row *rows = NULL;
    size_t n = 0;
    e = gw_store_community_list(db, &rows, &n);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++)
        json_array_append_new(arr, json_pack("{s:I,s:s}", "id", (json_int_t)rows[i].id, "name", rows[i].name));
    free(rows);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not list the communities"); }
    return gw_admin_reply_items(r, arr);
}

/* ---- staff ---- */

/* ?q=&status=&verified=&offset=&limit= into q. */
static gw_err list_query(gw_req *r, gw_resident_query *q)
{
    static const char *const keys[] = { "q", "status", "verified", "offset", "limit", NULL };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    const char *sv = gw_req_query(r, "status"), *vv = gw_req_query(r, "verified");
    char msg[200];
    q->q = gw_req_query(r, "q");
    if (q->q && (e = gw_json_check_text("q", q->q, 0, GW_SEARCH_MAX, msg, sizeof msg))) return gw_fail(r, e, "%s", msg);
    q->status = sv ? gw_resident_status_parse(sv) : -1;
    if (sv && q->status < 0) return gw_fail(r, GW_E_INVALID, "status must be active or disabled");
    q->verified = !vv ? -1 : !strcmp(vv, "1") ? 1 : !strcmp(vv, "0") ? 0 : -2;
    if (q->verified == -2) return gw_fail(r, GW_E_INVALID, "verified must be 0 or 1");
    return gw_req_page(r, 20, LIST_LIMIT_MAX, LIST_OFFSET_MAX, &q->offset, &q->limit);
}

gw_err api_residents_list(gw_req *r)
{
    gw_resident_query q = { 0 };
    gw_err e = list_query(r, &q);
    if (e) return e;
    gw_resident_row *rows = calloc(q.limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t total = 0;
    char msg[200] = "";
    e = gw_resident_list(db, &r->who, &q, rows, &n, &total, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, account_json(&rows[i], 0));
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list resident accounts"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I}", "items", arr, "total", (json_int_t)total, "offset",
                                      (json_int_t)q.offset));
}

gw_err api_residents_create(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *phone = NULL, *nick = NULL;
    json_int_t community = 0;
    GW_ADMIN_UNPACK(r, body, "{s:s, s?:s, s:I}", "phone", &phone, "display_name", &nick, "community_id", &community);
    gw_resident_row a;
    char msg[200] = "";
    e = gw_resident_create(r->store, &r->who, phone, nick, community, &a, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not create the account");
    return gw_reply(r, 201, account_json(&a, 0));
}

gw_err api_residents_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "resident account", &id);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_resident_row a;
    char msg[200] = "";
    e = gw_resident_get(db, &r->who, id, &a, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    if (e) return fail_msg(r, e, msg, "could not read the resident account");
    return gw_reply(r, 200, account_json(&a, 0));
}

gw_err api_residents_person(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "resident account", &id);
    if (e) return e;
    gw_resident_row a;
    char msg[200] = "";
    if ((e = gw_resident_person(r->store, &r->who, id, &a, msg, sizeof msg))) return fail_msg(r, e, msg, "could not read the person record");
    return gw_reply(r, 200, account_json(&a, 1));
}

gw_err api_residents_verify(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "resident account", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_resident_verify_in in = { 0 };
    json_int_t community = 0;
    GW_ADMIN_UNPACK(r, body, "{s:s, s?:s, s:s, s:s, s:I}", "person_name", &in.person_name, "id_number", &in.id_number,
                    "address", &in.address, "method", &in.method, "community_id", &community);
    in.community_id = community;
    gw_resident_row a;
    char msg[200] = "";
    e = gw_resident_verify(r->store, &r->who, id, &in, &a, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not verify the resident account");
    return gw_reply(r, 200, account_json(&a, 0));
}

gw_err api_residents_code(gw_req *r)
{
    int64_t id = 0, expires = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "resident account", &id);
    if (e) return e;
    if (r->body_len) return gw_fail(r, GW_E_INVALID, "this request takes no body");
    char code[GW_RESIDENT_CODE_LEN + 1], msg[200] = "";
    if ((e = gw_resident_issue_code(r->store, &r->who, id, code, &expires, msg, sizeof msg)))
        return fail_msg(r, e, msg, "could not issue a code");
    json_t *o = json_pack("{s:I,s:s,s:o}", "id", (json_int_t)id, "code", code, "expires_at", gw_json_time(expires));
    memset(code, 0, sizeof code);
    return gw_reply(r, 201, o);
}

static gw_err set_status(gw_req *r, int status)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "resident account", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *reason = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s}", "reason", &reason);
    gw_resident_row a;
    char msg[200] = "";
    e = gw_resident_set_status(r->store, &r->who, id, status, reason, &a, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not change the resident account");
    return gw_reply(r, 200, account_json(&a, 0));
}

gw_err api_residents_disable(gw_req *r) { return set_status(r, GW_RS_DISABLED); }
gw_err api_residents_enable(gw_req *r) { return set_status(r, GW_RS_ACTIVE); }
