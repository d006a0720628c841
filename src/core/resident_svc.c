/* core/resident_svc.c — resident accounts' use cases (see resident_svc.h): the resident's own side
 * (sign-up, sign-in by password or one-time code, sessions, password), then staff's (list, verify,
 * disable, codes, the audited person record). */
#include "core/resident_svc.h"
#include "core/user_svc.h"
#include "base/clock.h"
#include "core/audit.h"
#include "core/privacy.h"
#include "core/scope.h"
#include <sodium.h>
#include "base/str.h"
#include "json/reply.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WRONG_PASSWORD "wrong phone number or password"
#define WRONG_CODE "wrong phone number or code, or the code has expired or was used"

static gw_err check_phone(const char *phone, char *key, char *msg, size_t n)
{
    if (gw_resident_phone_key(phone, key, GW_RESIDENT_PHONE_BUF))
        return gw_say(msg, n, GW_E_INVALID, "phone must be a mainland mobile number: 11 digits starting with 1");
    return GW_OK;
}

static gw_err check_display(const char *s, char *msg, size_t n)
{
    gw_err e = gw_json_check_text("display_name", s, 0, DISPLAY_MAX_CHARS, msg, n);
    if (e) return e;
    for (const char *p = s; p && *p; p++)
        if ((unsigned char)*p < 0x20) return gw_say(msg, n, GW_E_INVALID, "display_name must not contain control characters");
    return GW_OK;
}

/* The path of community id into path (n bytes; NULL: only check); GW_E_INVALID when id is no community. */
static gw_err community_path(gw_store *s, int64_t id, char *path, size_t n, char *msg, size_t msgn)
{
    char buf[128];
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_community_path(db, id, path ? path : buf, path ? n : sizeof buf);
    gw_store_read_end(s, db);
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, GW_E_INVALID, "community_id must name a community");
    return e;
}

/* Append to the audit log on "resident:<id>"; detail (stolen, may be NULL) as compact JSON. */
static gw_err audit(gw_db *tx, int64_t now, int64_t actor, const char *action, int64_t id, json_t *detail)
{
    char obj[40], *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    snprintf(obj, sizeof obj, "resident:%lld", (long long)id);
    gw_err e = gw_audit_append(tx, now, actor, action, obj, d ? d : "");
    free(d);
    return e;
}

/* Read the account again (as committed: its community's name and path); no hash. */
static gw_err reload(gw_store *s, gw_resident_row *a)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_resident_get(db, a->id, a);
    gw_store_read_end(s, db);
    memset(a->pw_hash, 0, sizeof a->pw_hash);
    return e;
}

typedef struct {
    gw_resident_signin *out;
    const char *ip, *action;
    int64_t now;
    char token_hash[GW_HASH_HEX];
    char code_hash[GW_HASH_HEX]; /* code login: the code to use */
    char new_hash[128];          /* register, code login: the password to set ("" none) */
} signin_op;

/* A new session for op->out->acct, audited as op->action. */
static gw_err open_session(gw_db *tx, signin_op *op)
{
    gw_token_new(op->out->token);
    gw_token_hash(op->out->token, op->token_hash);
    gw_err e = gw_store_rsession_insert(tx, op->token_hash, op->out->acct.id, op->now,
                                        op->now + GW_RESIDENT_SESSION_MS, op->ip);
    if (e) return e;
    return audit(tx, op->now, 0, op->action, op->out->acct.id,
                             json_pack("{s:s}", "ip", op->ip ? op->ip : ""));
}

static gw_err op_register(gw_db *tx, void *arg)
{
    signin_op *op = arg;
    memcpy(op->out->acct.pw_hash, op->new_hash, sizeof op->new_hash);
    gw_err e = gw_store_resident_insert(tx, &op->out->acct);
    return e ? e : open_session(tx, op);
}

gw_err gw_resident_register(gw_store *s, const gw_resident_reg *in, gw_resident_signin *out, char *msg, size_t msgn)
{
    memset(out, 0, sizeof *out);
    gw_resident_row *a = &out->acct;
    gw_err e = check_phone(in->phone, a->phone, msg, msgn);
    if (!e) e = gw_password_check(in->password, msg, msgn);
    if (!e) e = check_display(in->display_name, msg, msgn);
    if (e) return e;
    if (in->community_id && (e = community_path(s, in->community_id, NULL, 0, msg, msgn))) return e;
    signin_op op = { .out = out, .ip = in->client_ip, .action = "resident.register", .now = gw_now_ms() };
    if ((e = gw_password_hash(in->password, op.new_hash))) return gw_say(msg, msgn, e, "could not hash the password");
    snprintf(a->display_name, sizeof a->display_name, "%s", in->display_name ? in->display_name : "");
    a->division_id = in->community_id;
    a->status = GW_RS_ACTIVE;
    a->method = -1;
    a->created_ms = op.now;
    e = gw_store_write(s, op_register, &op);
    memset(op.new_hash, 0, sizeof op.new_hash);
    memset(a->pw_hash, 0, sizeof a->pw_hash);
    if (e == GW_E_CONFLICT) return gw_say(msg, msgn, e, "an account with this phone number exists");
    if (e) return gw_say(msg, msgn, e, "could not create the account");
    return reload(s, a);
}

static gw_err op_signin(gw_db *tx, void *arg)
{
    signin_op *op = arg;
    if (op->code_hash[0]) {
        gw_err e = gw_store_rcode_use(tx, op->code_hash, op->out->acct.id, op->now);
        if (e) return e;
        if (op->new_hash[0]) {
            gw_resident_row cur;
            if ((e = gw_store_resident_get(tx, op->out->acct.id, &cur))) return e;
            memcpy(cur.pw_hash, op->new_hash, sizeof op->new_hash);
            e = gw_store_resident_update(tx, &cur);
            memset(cur.pw_hash, 0, sizeof cur.pw_hash);
            if (e) return e;
        }
    }
    return open_session(tx, op);
}

typedef struct { int64_t id, now; const char *action, *ip; } failed_op;

static gw_err op_failed(gw_db *tx, void *arg)
{
    failed_op *f = arg;
    return audit(tx, f->now, 0, f->action, f->id, json_pack("{s:s}", "ip", f->ip ? f->ip : ""));
}

/* Check pw against the account's hash (or the dummy hash: an unknown, disabled or password-less
 * account takes the same time); *ok whether it matched a usable account. */
static gw_err check_login(gw_store *s, const char *phone, const char *pw, gw_resident_row *a, int *ok)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_resident_by_phone(db, phone, a);
    gw_store_read_end(s, db);
    if (e && e != GW_E_NOT_FOUND) return e;
    if (e) memset(a, 0, sizeof *a);
    int real = !e && a->status == GW_RS_ACTIVE && a->pw_hash[0];
    e = gw_password_check_login(real ? a->pw_hash : NULL, pw, ok);
    memset(a->pw_hash, 0, sizeof a->pw_hash);
    return e;
}

gw_err gw_resident_login(gw_store *s, const char *phone, const char *password, const char *ip, gw_resident_signin *out,
                         char *msg, size_t msgn)
{
    memset(out, 0, sizeof *out);
    char key[GW_RESIDENT_PHONE_BUF];
    gw_err e = check_phone(phone, key, msg, msgn);
    if (e) return e;
    gw_throttle_keys k;
    gw_throttle_keys_of("rlogin", key, ip, &k);
    if ((e = gw_throttle_begin(s, &k, &out->retry_ms))) return gw_say(msg, msgn, e, "%s", "");
    int ok = 0;
    if ((e = check_login(s, key, password, &out->acct, &ok))) {
        gw_throttle_end(s, &k, 0);
        if (e == GW_E_UNAVAILABLE) out->retry_ms = 1000;
        return gw_say(msg, msgn, e, "%s", "");
    }
    signin_op op = { .out = out, .ip = ip, .action = "resident.login", .now = gw_now_ms() };
    if (!ok) {
        failed_op f = { out->acct.id, op.now, "resident.login_failed", ip };
        if (f.id) gw_store_write(s, op_failed, &f); /* the refusal stands even when its log row fails */
        gw_throttle_end(s, &k, -1);
        return gw_say(msg, msgn, GW_E_UNAUTHORIZED, WRONG_PASSWORD);
    }
    gw_throttle_end(s, &k, 1);
    if ((e = gw_store_write(s, op_signin, &op))) return gw_say(msg, msgn, e, "could not sign in");
    return GW_OK;
}

/* The stored form of a one-time code: SHA-256 of "phone:code" (hex). */
static void code_hash_of(const char *phone, const char *code, char *out)
{
    char buf[GW_RESIDENT_PHONE_BUF + GW_RESIDENT_CODE_LEN + 2];
    snprintf(buf, sizeof buf, "%s:%s", phone, code);
    gw_token_hash(buf, out);
}

/* The account a code login names, active; GW_E_UNAUTHORIZED otherwise. */
static gw_err code_account(gw_store *s, const char *phone, gw_resident_row *a)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_resident_by_phone(db, phone, a);
    gw_store_read_end(s, db);
    memset(a->pw_hash, 0, sizeof a->pw_hash);
    if (e == GW_E_NOT_FOUND || (!e && a->status != GW_RS_ACTIVE)) return GW_E_UNAUTHORIZED;
    return e;
}

gw_err gw_resident_code_login(gw_store *s, const char *phone, const char *code, const char *new_password,
                              const char *ip, gw_resident_signin *out, char *msg, size_t msgn)
{
    memset(out, 0, sizeof *out);
    char key[GW_RESIDENT_PHONE_BUF], norm[GW_RESIDENT_CODE_LEN + 1];
    gw_err e = check_phone(phone, key, msg, msgn);
    if (!e && gw_resident_code_norm(code, norm, sizeof norm))
        e = gw_say(msg, msgn, GW_E_INVALID, "code must be %d letters and digits", GW_RESIDENT_CODE_LEN);
    if (!e && new_password) e = gw_password_check(new_password, msg, msgn);
    if (e) return e;
    gw_throttle_keys k;
    gw_throttle_keys_of("rcode", key, ip, &k);
    if ((e = gw_throttle_begin(s, &k, &out->retry_ms))) return gw_say(msg, msgn, e, "%s", "");
    signin_op op = { .out = out, .ip = ip, .action = "resident.code_login", .now = gw_now_ms() };
    code_hash_of(key, norm, op.code_hash);
    e = code_account(s, key, &out->acct);
    if (!e && new_password && (e = gw_password_hash(new_password, op.new_hash))) {
        gw_throttle_end(s, &k, 0);
        return gw_say(msg, msgn, e, "could not hash the password");
    }
    if (!e) e = gw_store_write(s, op_signin, &op);
    memset(op.new_hash, 0, sizeof op.new_hash);
    if (e == GW_E_NOT_FOUND || e == GW_E_UNAUTHORIZED) {
        failed_op f = { out->acct.id, op.now, "resident.code_login_failed", ip };
        if (f.id) gw_store_write(s, op_failed, &f);
        gw_throttle_end(s, &k, -1);
        return gw_say(msg, msgn, GW_E_UNAUTHORIZED, WRONG_CODE);
    }
    gw_throttle_end(s, &k, e ? 0 : 1);
    if (e) return gw_say(msg, msgn, e, "could not sign in");
    return reload(s, &out->acct);
}

gw_err gw_resident_session(gw_store *s, const char *token, gw_principal *who)
{
    if (!token || strlen(token) != GW_TOKEN_LEN) return GW_E_UNAUTHORIZED;
    char hash[GW_HASH_HEX];
    gw_token_hash(token, hash);
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    int64_t id = 0;
    gw_resident_row a;
    gw_err e = gw_store_rsession_resident(db, hash, gw_now_ms(), &id);
    if (!e) e = gw_store_resident_get(db, id, &a);
    gw_store_read_end(s, db);
    if (e) return e == GW_E_NOT_FOUND ? GW_E_UNAUTHORIZED : e;
    memset(a.pw_hash, 0, sizeof a.pw_hash);
    if (a.status != GW_RS_ACTIVE) return GW_E_UNAUTHORIZED;
    memset(who, 0, sizeof *who);
    who->kind = GW_PK_RESIDENT;
    who->role = GW_R_RESIDENT;
    who->resident_id = a.id;
    who->division_id = a.division_id;
    snprintf(who->username, sizeof who->username, "%s", a.phone);
    snprintf(who->display_name, sizeof who->display_name, "%s", a.display_name);
    return GW_OK;
}

static gw_err op_logout(gw_db *tx, void *arg) { return gw_store_rsession_delete(tx, arg); }

gw_err gw_resident_logout(gw_store *s, const char *token)
{
    char hash[GW_HASH_HEX];
    gw_token_hash(token, hash);
    return gw_store_write(s, op_logout, hash);
}

typedef struct {
    int64_t id, now;
    char keep[GW_HASH_HEX];
    char pw_hash[128];
} pw_op;

static gw_err op_password(gw_db *tx, void *arg)
{
    pw_op *a = arg;
    gw_resident_row cur;
    gw_err e = gw_store_resident_get(tx, a->id, &cur);
    if (e) return e;
    memcpy(cur.pw_hash, a->pw_hash, sizeof cur.pw_hash);
    e = gw_store_resident_update(tx, &cur);
    memset(cur.pw_hash, 0, sizeof cur.pw_hash);
    if (!e) e = gw_store_rsession_delete_all(tx, a->id, a->keep);
    return e ? e : audit(tx, a->now, 0, "resident.password", a->id, NULL);
}

gw_err gw_resident_change_password(gw_store *s, const gw_principal *who, const char *token, const char *current,
                                   const char *next, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT || !token) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in to change your password");
    gw_err e = gw_password_check(next, msg, msgn);
    if (e) return e;
    if (current && !strcmp(current, next))
        return gw_say(msg, msgn, GW_E_INVALID, "the new password must differ from the current one");
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_resident_row a;
    e = gw_store_resident_get(db, who->resident_id, &a);
    gw_store_read_end(s, db);
    if (e) return e;
    int ok = !a.pw_hash[0] || (current && gw_password_ok(a.pw_hash, current)); /* none set yet: no current */
    memset(a.pw_hash, 0, sizeof a.pw_hash);
    if (!ok) return gw_say(msg, msgn, GW_E_FORBIDDEN, "the current password is wrong");
    pw_op op = { .id = who->resident_id, .now = gw_now_ms() };
    gw_token_hash(token, op.keep);
    if ((e = gw_password_hash(next, op.pw_hash))) return gw_say(msg, msgn, e, "could not hash the password");
    e = gw_store_write(s, op_password, &op);
    memset(op.pw_hash, 0, sizeof op.pw_hash);
    return e ? gw_say(msg, msgn, e, "could not change the password") : GW_OK;
}

gw_err gw_resident_self(gw_db *db, const gw_principal *who, gw_resident_row *out)
{
    if (who->kind != GW_PK_RESIDENT) return GW_E_FORBIDDEN;
    gw_err e = gw_store_resident_get(db, who->resident_id, out);
    memset(out->pw_hash, 0, sizeof out->pw_hash);
    return e;
}

/* ---- staff ---------------------------------------------------------------------------------- */

/* Whether the account lies in who's scope: its community under who's subtree, or none named yet. */
static int in_scope(const gw_principal *who, const gw_resident_row *a)
{
    return a->division_id == 0 || gw_scope_has_path(who, a->division_path);
}

typedef struct { const gw_principal *who; gw_resident_row *row; } create_op;

static gw_err op_create(gw_db *tx, void *arg)
{
    create_op *c = arg;
    gw_err e = gw_store_resident_insert(tx, c->row);
    return e ? e : audit(tx, c->row->created_ms, c->who->user_id, "resident.create", c->row->id,
                         json_pack("{s:I}", "community_id", (json_int_t)c->row->division_id));
}

gw_err gw_resident_create(gw_store *s, const gw_principal *who, const char *phone, const char *display_name,
                          int64_t community_id, gw_resident_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_RESIDENT_VERIFY))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage resident accounts");
    memset(out, 0, sizeof *out);
    char path[128];
    gw_err e = check_phone(phone, out->phone, msg, msgn);
    if (!e) e = check_display(display_name, msg, msgn);
    if (!e) e = community_path(s, community_id, path, sizeof path, msg, msgn);
    if (e) return e;
    if (!gw_scope_has_path(who, path))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "you may verify residents only in communities of your own area");
    snprintf(out->display_name, sizeof out->display_name, "%s", display_name ? display_name : "");
    out->division_id = community_id;
    out->status = GW_RS_ACTIVE;
    out->method = -1;
    out->created_ms = gw_now_ms();
    create_op c = { who, out };
    e = gw_store_write(s, op_create, &c);
    if (e == GW_E_CONFLICT) return gw_say(msg, msgn, e, "an account with this phone number exists");
    if (e) return gw_say(msg, msgn, e, "could not create the account");
    return reload(s, out);
}

gw_err gw_resident_list(gw_db *db, const gw_principal *who, gw_resident_query *q, gw_resident_row *out, size_t *n,
                        int64_t *total, char *msg, size_t msgn)
{
    *n = 0;
    *total = 0;
    if (!gw_may(who, GW_P_RESIDENT_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see resident accounts");
    q->div_prefix = who->role == GW_R_ADMIN ? NULL : who->div_path;
    gw_err e = gw_store_resident_list(db, q, out, n, total);
    for (size_t i = 0; i < *n; i++) memset(out[i].pw_hash, 0, sizeof out[i].pw_hash);
    return e ? gw_say(msg, msgn, e, "could not list resident accounts") : GW_OK;
}

gw_err gw_resident_get(gw_db *db, const gw_principal *who, int64_t id, gw_resident_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_RESIDENT_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see resident accounts");
    gw_err e = gw_store_resident_get(db, id, out);
    memset(out->pw_hash, 0, sizeof out->pw_hash);
    if (!e && !in_scope(who, out)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such resident account");
    return e ? gw_say(msg, msgn, e, "could not read the resident account") : GW_OK;
}

/* What a staff write on one account does inside the transaction, after the account is read and found
 * in scope; it sets the account's new fields in *a and appends its audit row. */
typedef gw_err (*staff_fn)(gw_db *tx, void *arg, gw_resident_row *a, int64_t now);

typedef struct {
    const gw_principal *who;
    int64_t id;
    staff_fn fn;
    void *arg;
    gw_resident_row *out;
    char *msg;
    size_t msgn;
} staff_op;

static gw_err op_staff(gw_db *tx, void *arg)
{
    staff_op *op = arg;
    gw_err e = gw_store_resident_get(tx, op->id, op->out);
    if (!e && !in_scope(op->who, op->out)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(op->msg, op->msgn, e, "no such resident account");
    if (e) return e;
    if ((e = op->fn(tx, op->arg, op->out, gw_now_ms()))) return e;
    return gw_store_resident_update(tx, op->out);
}

/* Run fn on account id as who, who holding resident.verify; *out is the account afterwards (no hash). */
static gw_err staff_write(gw_store *s, const gw_principal *who, int64_t id, staff_fn fn, void *arg,
                          gw_resident_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_RESIDENT_VERIFY))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage resident accounts");
    staff_op op = { who, id, fn, arg, out, msg, msgn };
    msg[0] = 0;
    gw_err e = gw_store_write(s, op_staff, &op);
    memset(out->pw_hash, 0, sizeof out->pw_hash);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not change the resident account");
    return e ? e : reload(s, out);
}

typedef struct {
    const gw_principal *who;
    const gw_resident_verify_in *in;
    int method;
    char id_number[GW_ID_NUMBER_MAX + 1];
} verify_arg;

static gw_err do_verify(gw_db *tx, void *arg, gw_resident_row *a, int64_t now)
{
    verify_arg *v = arg;
    snprintf(a->person_name, sizeof a->person_name, "%s", v->in->person_name);
    snprintf(a->id_number, sizeof a->id_number, "%s", v->id_number);
    snprintf(a->address, sizeof a->address, "%s", v->in->address);
    a->division_id = v->in->community_id;
    a->verified_ms = now;
    a->verified_by = v->who->user_id;
    a->method = v->method;
    return audit(tx, now, v->who->user_id, "resident.verify", a->id,
                 json_pack("{s:I,s:s,s:b}", "community_id", (json_int_t)a->division_id, "method",
                           gw_resident_method_name(a->method), "id_number", a->id_number[0] != 0));
}

static gw_err check_verify(gw_store *s, const gw_principal *who, const gw_resident_verify_in *in, verify_arg *v,
                           char *msg, size_t msgn)
{
    gw_err e = gw_json_check_text("person_name", in->person_name, 1, GW_NAME_MAX, msg, msgn);
    if (!e) e = gw_json_check_text("address", in->address, 1, GW_ADDR_MAX, msg, msgn);
    if (e) return e;
    if (in->id_number && *in->id_number && !gw_id_number_valid(in->id_number))
        return gw_say(msg, msgn, GW_E_INVALID, "id_number must be an 18-character ID card number with a valid check digit");
    if ((v->method = gw_resident_method_parse(in->method)) < 0)
        return gw_say(msg, msgn, GW_E_INVALID, "method must be in_person, document or household");
    char path[128];
    if ((e = community_path(s, in->community_id, path, sizeof path, msg, msgn))) return e;
    if (!gw_scope_has_path(who, path))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "you may verify residents only in communities of your own area");
    gw_id_number_norm(in->id_number, v->id_number, sizeof v->id_number);
    return GW_OK;
}

gw_err gw_resident_verify(gw_store *s, const gw_principal *who, int64_t id, const gw_resident_verify_in *in,
                          gw_resident_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_RESIDENT_VERIFY))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage resident accounts");
    verify_arg v = { who, in, -1, "" };
    gw_err e = check_verify(s, who, in, &v, msg, msgn);
    return e ? e : staff_write(s, who, id, do_verify, &v, out, msg, msgn);
}

typedef struct { const gw_principal *who; int status; const char *reason; char *msg; size_t msgn; } status_arg;

static gw_err do_status(gw_db *tx, void *arg, gw_resident_row *a, int64_t now)
{
    status_arg *v = arg;
    if (a->status == v->status)
        return gw_say(v->msg, v->msgn, GW_E_CONFLICT, "the account is already %s", gw_resident_status_name(v->status));
    a->status = v->status;
    gw_err e = v->status == GW_RS_DISABLED ? gw_store_rsession_delete_all(tx, a->id, NULL) : GW_OK;
    return e ? e : audit(tx, now, v->who->user_id, v->status == GW_RS_DISABLED ? "resident.disable" : "resident.enable",
                         a->id, json_pack("{s:s}", "reason", v->reason));
}

gw_err gw_resident_set_status(gw_store *s, const gw_principal *who, int64_t id, int status, const char *reason,
                              gw_resident_row *out, char *msg, size_t msgn)
{
    gw_err e = gw_json_check_text("reason", reason, 1, GW_REASON_MAX, msg, msgn);
    if (e) return e;
    status_arg v = { who, status, reason, msg, msgn };
    return staff_write(s, who, id, do_status, &v, out, msg, msgn);
}

typedef struct { const gw_principal *who; char code[GW_RESIDENT_CODE_LEN + 1]; int64_t expires; char *msg; size_t msgn; } code_arg;

static gw_err do_code(gw_db *tx, void *arg, gw_resident_row *a, int64_t now)
{
    code_arg *v = arg;
    if (a->status != GW_RS_ACTIVE) return gw_say(v->msg, v->msgn, GW_E_CONFLICT, "the account is disabled");
    unsigned char rnd[GW_RESIDENT_CODE_LEN];
    randombytes_buf(rnd, sizeof rnd);
    gw_resident_code_make(rnd, v->code);
    char hash[GW_HASH_HEX];
    code_hash_of(a->phone, v->code, hash);
    v->expires = now + GW_RESIDENT_CODE_MS;
    gw_err e = gw_store_rcode_void(tx, a->id, now);
    if (!e) e = gw_store_rcode_insert(tx, hash, a->id, v->who->user_id, now, v->expires);
    return e ? e : audit(tx, now, v->who->user_id, "resident.code_issue", a->id,
                         json_pack("{s:I}", "expires_ms", (json_int_t)v->expires));
}

gw_err gw_resident_issue_code(gw_store *s, const gw_principal *who, int64_t id, char *code_out, int64_t *expires_ms,
                              char *msg, size_t msgn)
{
    code_arg v = { .who = who, .msg = msg, .msgn = msgn };
    gw_resident_row a;
    gw_err e = staff_write(s, who, id, do_code, &v, &a, msg, msgn);
    if (!e) memcpy(code_out, v.code, sizeof v.code), *expires_ms = v.expires;
    sodium_memzero(v.code, sizeof v.code);
    return e;
}

static gw_err do_person(gw_db *tx, void *arg, gw_resident_row *a, int64_t now)
{
    const gw_principal *who = arg;
    return audit(tx, now, who->user_id, "resident.person_read", a->id, NULL);
}

gw_err gw_resident_person(gw_store *s, const gw_principal *who, int64_t id, gw_resident_row *out, char *msg,
                          size_t msgn)
{
    return staff_write(s, who, id, do_person, (void *)who, out, msg, msgn);
}
