/* core/user_svc.c — staff accounts and API keys: the rules, for the API and the command line
 * (see user_svc.h). */
#include "core/user_svc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/str.h"
#include "core/audit.h"
#include "core/model_store.h"
#include "core/privacy.h"
#include "core/scope.h"
#include "json/reply.h"

void gw_user_console(gw_principal *out)
{
    memset(out, 0, sizeof *out);
    out->role = GW_R_ADMIN;
    snprintf(out->div_path, sizeof out->div_path, "/");
    snprintf(out->username, sizeof out->username, "(console)");
}

/* Only a user manager (today the administrator, anywhere in the tree) manages accounts and keys. */
static gw_err may_manage(const gw_principal *actor, char *msg, size_t n)
{
    if (!actor || !gw_scope_user_manage(actor, actor->div_path)) /* user.manage, core/scope.c */
        return gw_say(msg, n, GW_E_FORBIDDEN, "only the administrator manages accounts and API keys");
    return GW_OK;
}

/* ---- the fields ---------------------------------------------------------------------------- */

static gw_err check_username(const char *s, char *msg, size_t n)
{
    size_t len = s ? strlen(s) : 0;
    if (len < 3 || len > USER_NAME_MAX)
        return gw_say(msg, n, GW_E_INVALID, "username must have 3 to %d characters", USER_NAME_MAX);
    if (!(s[0] >= 'a' && s[0] <= 'z')) return gw_say(msg, n, GW_E_INVALID, "username must start with a lowercase letter");
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-'))
            return gw_say(msg, n, GW_E_INVALID, "username may contain only a-z, 0-9, '_', '.' and '-'");
    return GW_OK;
}

static gw_err check_display(const char *s, char *msg, size_t n)
{
    gw_err e = gw_json_check_text("display_name", s, 1, DISPLAY_MAX_CHARS, msg, n);
    if (e) return e;
    if (strlen(s) >= sizeof ((gw_user_row *)0)->display_name) return gw_say(msg, n, GW_E_INVALID, "display_name is too long");
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return gw_say(msg, n, GW_E_INVALID, "display_name must not contain control characters");
    return GW_OK;
}

gw_err gw_password_check(const char *pw, char *msg, size_t n)
{
    if (!pw || gw_utf8_len(pw) < PASSWORD_MIN)
        return gw_say(msg, n, GW_E_INVALID, "password must have at least %d characters", PASSWORD_MIN);
    if (strlen(pw) > PASSWORD_MAX) return gw_say(msg, n, GW_E_INVALID, "password must have at most %d bytes", PASSWORD_MAX);
    return GW_OK;
}

/* Staff roles only: residents are not accounts, and the system is not a person. */
static gw_err check_role(const char *s, gw_role *out, char *msg, size_t n)
{
    int k = s ? gw_role_parse(s) : -1;
    if (k < 0 || k == GW_R_RESIDENT || k == GW_R_SYSTEM)
        return gw_say(msg, n, GW_E_INVALID, "role must be admin, dispatcher, supervisor, unit_handler, grid_worker, "
                                         "hotline_operator or auditor");
    *out = (gw_role)k;
    return GW_OK;
}

static gw_err check_phone(const char *s, char *msg, size_t n)
{
    if (s && *s && !gw_phone_valid(s))
        return gw_say(msg, n, GW_E_INVALID, "phone must be a phone number: 3 to 20 digits, an optional leading '+', "
                                         "spaces, '-', '.', '(' and ')'");
    return GW_OK;
}

/* The fields given in `in` (username only when creating), in the API's order. */
static gw_err check_input(const gw_user_input *in, int create, gw_role *role, char *msg, size_t n)
{
    gw_err e = create ? check_username(in->username, msg, n) : GW_OK;
    if (!e && (create || in->display_name)) e = check_display(in->display_name, msg, n);
    if (!e && (create || in->password)) e = gw_password_check(in->password, msg, n);
    if (!e && (create || in->role)) e = check_role(in->role, role, msg, n);
    if (!e) e = check_phone(in->phone, msg, n);
    if (!e && (in->division_id < 0 || in->unit_id < 0)) e = gw_say(msg, n, GW_E_INVALID, "ids are positive integers");
    return e;
}

/* ---- the write ------------------------------------------------------------------------------ */

typedef struct {
    gw_user_row u;    /* the input as a row (with the new hash); the update's id */
    gw_user_row done; /* the update's stored row */
    const gw_user_input *in;
    int64_t now, actor;
    char *detail;
    char *msg;
    size_t msgn;
} user_write;

/* The scope that goes with the role, and that what it names exists. */
static gw_err check_scope(gw_db *tx, const gw_user_row *u, char *msg, size_t n)
{
    if (u->role == GW_R_UNIT_HANDLER && !u->unit_id) return gw_say(msg, n, GW_E_INVALID, "a unit_handler needs a unit_id");
    if (u->role != GW_R_UNIT_HANDLER && u->role != GW_R_ADMIN && !u->division_id) /* an admin: the whole tree */
        return gw_say(msg, n, GW_E_INVALID, "a %s needs a division_id (the scope)", gw_role_name(u->role));
    if (u->role != GW_R_UNIT_HANDLER && u->unit_id) return gw_say(msg, n, GW_E_INVALID, "unit_id is only for a unit_handler");
    gw_err e = GW_OK;
    if (u->division_id) {
        gw_division_row d;
        e = gw_store_division_get(tx, u->division_id, &d);
        if (e == GW_E_NOT_FOUND) return gw_say(msg, n, GW_E_INVALID, "division %lld does not exist", (long long)u->division_id);
        if (!e) json_decref(d.geometry);
    }
    if (!e && u->unit_id) {
        gw_unit_row un;
        e = gw_store_unit_get(tx, u->unit_id, &un);
        if (e == GW_E_NOT_FOUND) return gw_say(msg, n, GW_E_INVALID, "unit %lld does not exist", (long long)u->unit_id);
    }
    return e;
}

static gw_err audit(gw_db *tx, const user_write *a, const char *action, const char *kind, int64_t id)
{
    char obj[48];
    snprintf(obj, sizeof obj, "%s:%lld", kind, (long long)id);
    return gw_audit_append(tx, a->now, a->actor, action, obj, a->detail ? a->detail : "");
}

/* The audit detail: the fields given (a password only as "(changed)"), and "via":"cli" from the console. */
static char *detail_of(const gw_user_input *in, const gw_user_row *u, int create, int64_t actor)
{
    json_t *o = json_object();
    if (!o) return NULL;
    if (create) json_object_set_new(o, "username", json_string(u->username));
    if (!create && in->display_name) json_object_set_new(o, "display_name", json_string(in->display_name));
    if (create || in->role) json_object_set_new(o, "role", json_string(gw_role_name(u->role)));
    if (!create && in->phone) json_object_set_new(o, "phone", gw_json_str(*in->phone ? in->phone : NULL));
    if (create || in->set_division) json_object_set_new(o, "division_id", gw_json_id(in->division_id));
    if (create || in->set_unit) json_object_set_new(o, "unit_id", gw_json_id(in->unit_id));
    if (create || in->disabled >= 0) json_object_set_new(o, "disabled", json_boolean(in->disabled > 0));
    if (!create && in->password) json_object_set_new(o, "password", json_string("(changed)")); /* never the secret */
    if (!actor) json_object_set_new(o, "via", json_string("cli"));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

static gw_err op_create(gw_db *tx, void *arg)
{
    user_write *a = arg;
    gw_err e = check_scope(tx, &a->u, a->msg, a->msgn);
    if (!e) e = gw_store_user_insert(tx, &a->u, a->now);
    if (e == GW_E_CONFLICT) gw_say(a->msg, a->msgn, e, "the username %s is taken", a->u.username);
    if (e) return e;
    return audit(tx, a, "user.create", "user", a->u.id);
}

/* Hash the password (slow: outside the writer) and run op; the hash is wiped afterwards. */
static gw_err run_write(gw_store *s, gw_err (*op)(gw_db *, void *), user_write *a)
{
    gw_err e = GW_OK;
    if (a->in->password && (e = gw_password_hash(a->in->password, a->u.pw_hash)))
        return gw_say(a->msg, a->msgn, e, "could not hash the password");
    if (!a->detail) e = gw_say(a->msg, a->msgn, GW_E_NOMEM, "out of memory");
    if (!e) e = gw_store_write(s, op, a);
    memset(a->u.pw_hash, 0, sizeof a->u.pw_hash);
    free(a->detail);
    a->detail = NULL;
    return e;
}

gw_err gw_user_create(gw_store *s, const gw_principal *actor, const gw_user_input *in, gw_user_row *out, char *msg,
                      size_t msgn)
{
    if (msg && msgn) msg[0] = 0;
    user_write a;
    memset(&a, 0, sizeof a);
    gw_err e = may_manage(actor, msg, msgn);
    if (!e) e = check_input(in, 1, &a.u.role, msg, msgn);
    if (e) return e;
    snprintf(a.u.username, sizeof a.u.username, "%s", in->username);
    snprintf(a.u.display_name, sizeof a.u.display_name, "%s", in->display_name);
    snprintf(a.u.phone, sizeof a.u.phone, "%s", in->phone ? in->phone : "");
    a.u.division_id = in->division_id;
    a.u.unit_id = in->unit_id;
    a.u.disabled = in->disabled > 0;
    a.in = in;
    a.now = gw_now_ms();
    a.actor = actor->user_id;
    a.msg = msg;
    a.msgn = msgn;
    a.detail = detail_of(in, &a.u, 1, a.actor);
    if ((e = run_write(s, op_create, &a))) return e;
    if (out) *out = a.u;
    return GW_OK;
}

/* Apply what is given in a->in to the stored row cur. */
static void apply(const user_write *a, gw_user_row *cur)
{
    const gw_user_input *in = a->in;
    cur->pw_hash[0] = 0; /* keep the stored hash unless a new one is given */
    if (in->display_name) snprintf(cur->display_name, sizeof cur->display_name, "%s", in->display_name);
    if (in->phone) snprintf(cur->phone, sizeof cur->phone, "%s", in->phone);
    if (in->role) {
        if (cur->role == GW_R_UNIT_HANDLER && a->u.role != GW_R_UNIT_HANDLER && !in->set_unit) cur->unit_id = 0;
        cur->role = a->u.role;
    }
    if (in->set_division) cur->division_id = in->division_id;
    if (in->set_unit) cur->unit_id = in->unit_id;
    if (in->disabled >= 0) cur->disabled = in->disabled > 0;
    if (in->password) {
        memcpy(cur->pw_hash, a->u.pw_hash, sizeof cur->pw_hash);
        cur->demo_password = 0;
    }
}

static gw_err op_update(gw_db *tx, void *arg)
{
    user_write *a = arg;
    gw_user_row cur;
    gw_err e = gw_store_user_get(tx, a->u.id, &cur);
    if (e == GW_E_NOT_FOUND) return gw_say(a->msg, a->msgn, e, "no such user");
    if (e) return e;
    int was_disabled = cur.disabled;
    apply(a, &cur);
    if (!gw_scope_self_change_ok(a->actor, cur.id, cur.role, cur.disabled))
        return gw_say(a->msg, a->msgn, GW_E_INVALID, "you cannot disable your own account or drop your own admin role");
    if ((e = check_scope(tx, &cur, a->msg, a->msgn))) return e;
    if ((e = gw_store_user_update(tx, &cur))) return e;
    if ((a->in->password || (cur.disabled && !was_disabled)) && (e = gw_store_session_delete_user(tx, cur.id))) return e;
    if ((e = audit(tx, a, "user.update", "user", cur.id))) return e;
    memset(cur.pw_hash, 0, sizeof cur.pw_hash);
    a->done = cur; /* not into a->u: a retried operation needs the input again */
    return GW_OK;
}

gw_err gw_user_update(gw_store *s, const gw_principal *actor, int64_t id, const gw_user_input *in, gw_user_row *out,
                      char *msg, size_t msgn)
{
    if (msg && msgn) msg[0] = 0;
    user_write a;
    memset(&a, 0, sizeof a);
    gw_err e = may_manage(actor, msg, msgn);
    if (!e) e = check_input(in, 0, &a.u.role, msg, msgn);
    if (!e && !in->display_name && !in->password && !in->role && !in->phone && !in->set_division && !in->set_unit &&
        in->disabled < 0)
        e = gw_say(msg, msgn, GW_E_INVALID, "nothing to change");
    if (e) return e;
    a.u.id = id;
    a.in = in;
    a.now = gw_now_ms();
    a.actor = actor->user_id;
    a.msg = msg;
    a.msgn = msgn;
    a.detail = detail_of(in, &a.u, 0, a.actor);
    if ((e = run_write(s, op_update, &a))) return e;
    gw_auth_forget_user(id); /* role, scope or access changed: no cached session may outlive it */
    if (out) *out = a.done;
    return GW_OK;
}

/* ---- one's own password -------------------------------------------------------------------- */

typedef struct {
    int64_t id, now;
    char keep[GW_HASH_HEX]; /* the session that asked: it goes on */
    char pw_hash[128];
} pw_change;

static gw_err op_password(gw_db *tx, void *p)
{
    pw_change *a = p;
    gw_user_row cur;
    gw_err e = gw_store_user_get(tx, a->id, &cur);
    if (e) return e;
    memcpy(cur.pw_hash, a->pw_hash, sizeof cur.pw_hash);
    cur.demo_password = 0;
    e = gw_store_user_update(tx, &cur);
    memset(cur.pw_hash, 0, sizeof cur.pw_hash);
    char obj[40];
    snprintf(obj, sizeof obj, "user:%lld", (long long)a->id);
    if (!e) e = gw_store_session_delete_others(tx, a->id, a->keep);
    if (!e) e = gw_audit_append(tx, a->now, a->id, "user.password", obj, "{\"via\":\"self\"}");
    return e;
}

gw_err gw_user_change_password(gw_store *s, const gw_principal *who, const char *token, const char *current,
                               const char *next, char *msg, size_t msgn)
{
    if (msg && msgn) msg[0] = 0;
    if (!who || who->user_id <= 0 || !token) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in to change your password");
    gw_err e = gw_password_check(next, msg, msgn);
    if (e) return e;
    if (current && !strcmp(current, next))
        return gw_say(msg, msgn, GW_E_INVALID, "the new password must differ from the current one");
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_user_row u;
    e = gw_store_user_get(db, who->user_id, &u);
    gw_store_read_end(s, db);
    if (e) return e;
    int ok = current && gw_password_ok(u.pw_hash, current); /* slow, like a login: outside the writer */
    memset(u.pw_hash, 0, sizeof u.pw_hash);
    if (!ok) return gw_say(msg, msgn, GW_E_FORBIDDEN, "the current password is wrong");
    pw_change a = { .id = who->user_id, .now = gw_now_ms() };
    gw_token_hash(token, a.keep);
    if ((e = gw_password_hash(next, a.pw_hash))) return gw_say(msg, msgn, e, "could not hash the password");
    e = gw_store_write(s, op_password, &a);
    memset(a.pw_hash, 0, sizeof a.pw_hash);
    if (!e) gw_auth_forget_user(who->user_id); /* no cached session of theirs outlives the change */
    return e;
}

gw_err gw_user_find(gw_store *s, const char *username, int64_t *id)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_user_row u;
    gw_err e = gw_store_user_by_name(db, username ? username : "", &u);
    gw_store_read_end(s, db);
    memset(u.pw_hash, 0, sizeof u.pw_hash);
    if (!e) *id = u.id;
    return e;
}

/* ---- API keys ------------------------------------------------------------------------------- */

typedef struct {
    const char *name, *prefix, *hash;
    int64_t id, now, actor;
    int revoke;
} key_write;

static gw_err op_key(gw_db *tx, void *arg)
{
    key_write *k = arg;
    gw_err e = k->revoke ? gw_store_apikey_revoke(tx, k->id, k->now)
                         : gw_store_apikey_insert(tx, k->name, k->prefix, k->hash, k->now, &k->id);
    if (e) return e;
    json_t *o = k->revoke ? json_object() : json_pack("{s:s,s:s}", "name", k->name, "prefix", k->prefix);
    if (o && !k->actor) json_object_set_new(o, "via", json_string("cli"));
    char *detail = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    if (!detail) return GW_E_NOMEM;
    char obj[48];
    snprintf(obj, sizeof obj, "api_key:%lld", (long long)k->id);
    e = gw_audit_append(tx, k->now, k->actor, k->revoke ? "apikey.revoke" : "apikey.create", obj, detail);
    free(detail);
    return e;
}

gw_err gw_apikey_create(gw_store *s, const gw_principal *actor, const char *name, char *key, int64_t *id, char *msg,
                        size_t msgn)
{
    gw_err e = may_manage(actor, msg, msgn);
    if (e) return e;
    if (!name || !*name || strlen(name) > APIKEY_NAME_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "the key's name must have 1 to %d bytes", APIKEY_NAME_MAX);
    if ((e = gw_json_check_text("name", name, 1, APIKEY_NAME_MAX, msg, msgn))) return e;
    char hash[65], prefix[9];
    gw_token_new(key);
    gw_token_hash(key, hash);
    snprintf(prefix, sizeof prefix, "%.8s", key);
    key_write k = { name, prefix, hash, 0, gw_now_ms(), actor->user_id, 0 };
    if ((e = gw_store_write(s, op_key, &k))) {
        memset(key, 0, GW_TOKEN_LEN + 1);
        return gw_say(msg, msgn, e, "could not store the key");
    }
    *id = k.id;
    return GW_OK;
}

gw_err gw_apikey_revoke(gw_store *s, const gw_principal *actor, int64_t id, char *msg, size_t msgn)
{
    gw_err e = may_manage(actor, msg, msgn);
    if (e) return e;
    key_write k = { NULL, NULL, NULL, id, gw_now_ms(), actor->user_id, 1 };
    e = id > 0 ? gw_store_write(s, op_key, &k) : GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no live key %lld", (long long)id);
    if (e) return gw_say(msg, msgn, e, "could not revoke the key");
    return GW_OK;
}

gw_err gw_apikey_list(gw_store *s, const gw_principal *actor, gw_apikey_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    gw_err e = may_manage(actor, NULL, 0);
    if (e) return e;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    e = gw_store_apikey_list(db, out, n);
    gw_store_read_end(s, db);
    return e;
}
