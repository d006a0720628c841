/* core/auth.c — passwords, sessions, API keys and login throttling. */
#include "core/auth.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/str.h"
#include "core/limits.h"
#include "store/store_core.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

gw_err gw_password_hash(const char *pw, char *hash_out)
{
    if (crypto_pwhash_str(hash_out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return GW_E_NOMEM;
    return GW_OK;
}

int gw_password_ok(const char *hash, const char *pw)
{
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void gw_token_new(char *out)
{
    unsigned char rnd[GW_TOKEN_LEN / 2];
    randombytes_buf(rnd, sizeof rnd);
    gw_hex(rnd, sizeof rnd, out);
}

void gw_token_hash(const char *token, char *out)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    gw_hex(h, sizeof h, out);
}

/* ---- login throttling: failures per username in a small in-memory table ---- */

#define THROTTLE_SLOTS 1024
#define THROTTLE_MAX 5
#define THROTTLE_WINDOW_MS (15 * 60 * INT64_C(1000))

static struct { char user[64]; int fails; int64_t first_ms; } throttle[THROTTLE_SLOTS];
static pthread_mutex_t throttle_mu = PTHREAD_MUTEX_INITIALIZER;

static unsigned throttle_slot(const char *user)
{
    unsigned h = 5381;
    for (const char *p = user; *p; p++) h = h * 33 + (unsigned char)*p;
    return h % THROTTLE_SLOTS;
}

static int throttled(const char *user, int64_t now)
{
    pthread_mutex_lock(&throttle_mu);
    unsigned i = throttle_slot(user);
    int blocked = !strcmp(throttle[i].user, user) && now - throttle[i].first_ms < THROTTLE_WINDOW_MS &&
                  throttle[i].fails >= THROTTLE_MAX;
    pthread_mutex_unlock(&throttle_mu);
    return blocked;
}

static void note_failure(const char *user, int64_t now)
{
    pthread_mutex_lock(&throttle_mu);
    unsigned i = throttle_slot(user);
    if (strcmp(throttle[i].user, user) || now - throttle[i].first_ms >= THROTTLE_WINDOW_MS) {
        snprintf(throttle[i].user, sizeof throttle[i].user, "%s", user);
        throttle[i].fails = 0;
        throttle[i].first_ms = now;
    }
    throttle[i].fails++;
    pthread_mutex_unlock(&throttle_mu);
}

static void note_success(const char *user)
{
    pthread_mutex_lock(&throttle_mu);
    unsigned i = throttle_slot(user);
    if (!strcmp(throttle[i].user, user)) throttle[i].fails = 0;
    pthread_mutex_unlock(&throttle_mu);
}

static gw_err principal_of(gw_db *db, const gw_user_row *u, gw_principal *who)
{
    memset(who, 0, sizeof *who);
    who->user_id = u->id;
    who->role = u->role;
    who->unit_id = u->unit_id;
    who->division_id = u->division_id;
    who->demo_password = u->demo_password;
    snprintf(who->username, sizeof who->username, "%s", u->username);
    snprintf(who->display_name, sizeof who->display_name, "%s", u->display_name);
    snprintf(who->div_path, sizeof who->div_path, "/");
    if (u->division_id) return gw_store_division_path(db, u->division_id, who->div_path, sizeof who->div_path);
    return GW_OK;
}

typedef struct { const char *hash; int64_t user_id, now; } session_arg;

static gw_err op_session_insert(gw_db *tx, void *arg)
{
    session_arg *a = arg;
    return gw_store_session_insert(tx, a->hash, a->user_id, a->now, a->now + GW_SESSION_MS);
}

/* Failures are counted in memory on one server, in the database when servers share it. */
static int login_blocked(gw_store *s, const char *username, int64_t now)
{
    if (!gw_store_shared(s)) return throttled(username, now);
    char key[96];
    int64_t n = 0;
    snprintf(key, sizeof key, "login:%s", username);
    return gw_limit_count(s, key, THROTTLE_WINDOW_MS, &n) == GW_OK && n >= THROTTLE_MAX;
}

static void login_failed(gw_store *s, const char *username, int64_t now)
{
    if (!gw_store_shared(s)) { note_failure(username, now); return; }
    char key[96];
    int64_t n;
    snprintf(key, sizeof key, "login:%s", username);
    gw_limit_hit(s, key, THROTTLE_WINDOW_MS, &n);
}

gw_err gw_auth_login(gw_store *s, const char *username, const char *password, char *token_out, gw_principal *who)
{
    int64_t now = gw_now_ms();
    if (login_blocked(s, username, now)) return GW_E_RATE_LIMITED;
    gw_user_row u;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_user_by_name(db, username, &u);
    if (e == GW_E_NOT_FOUND || (!e && (u.disabled || !gw_password_ok(u.pw_hash, password)))) {
        gw_store_read_end(s, db);
        login_failed(s, username, now);
        return GW_E_UNAUTHORIZED;
    }
    if (!e) e = principal_of(db, &u, who);
    gw_store_read_end(s, db);
    if (e) return e;
    note_success(username);
    char hash[65];
    gw_token_new(token_out);
    gw_token_hash(token_out, hash);
    session_arg a = { hash, u.id, now };
    return gw_store_write(s, op_session_insert, &a);
}

/* ---- session cache: a resolved session is reused for SESSION_CACHE_MS, so a request costs no
 * database read for its caller; a logout here drops it at once, a disable or password change
 * elsewhere takes effect within that time. */

#define SESSION_SLOTS 1024
#define SESSION_CACHE_MS 5000

static struct { char hash[65]; gw_principal who; int64_t until_ms; } session_cache[SESSION_SLOTS];
static pthread_mutex_t session_mu = PTHREAD_MUTEX_INITIALIZER;

static unsigned session_slot(const char *hash)
{
    unsigned v = 0;
    for (int i = 0; i < 8; i++) v = v * 16 + (unsigned)(hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
    return v % SESSION_SLOTS;
}

static int session_cached(const char *hash, gw_principal *who)
{
    pthread_mutex_lock(&session_mu);
    unsigned i = session_slot(hash);
    int hit = !strcmp(session_cache[i].hash, hash) && gw_mono_ms() < session_cache[i].until_ms;
    if (hit) *who = session_cache[i].who;
    pthread_mutex_unlock(&session_mu);
    return hit;
}

static void session_remember(const char *hash, const gw_principal *who)
{
    pthread_mutex_lock(&session_mu);
    unsigned i = session_slot(hash);
    memcpy(session_cache[i].hash, hash, 65);
    session_cache[i].who = *who;
    session_cache[i].until_ms = gw_mono_ms() + SESSION_CACHE_MS;
    pthread_mutex_unlock(&session_mu);
}

static void session_forget(const char *hash)
{
    pthread_mutex_lock(&session_mu);
    unsigned i = session_slot(hash);
    if (!strcmp(session_cache[i].hash, hash)) session_cache[i].hash[0] = 0;
    pthread_mutex_unlock(&session_mu);
}

void gw_auth_forget_user(int64_t user_id)
{
    pthread_mutex_lock(&session_mu);
    for (int i = 0; i < SESSION_SLOTS; i++)
        if (session_cache[i].who.user_id == user_id) session_cache[i].hash[0] = 0;
    pthread_mutex_unlock(&session_mu);
}

gw_err gw_auth_session(gw_store *s, const char *token, gw_principal *who)
{
    if (strlen(token) != GW_TOKEN_LEN) return GW_E_UNAUTHORIZED;
    char hash[65];
    gw_token_hash(token, hash);
    if (session_cached(hash, who)) return GW_OK;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    int64_t uid;
    gw_user_row u;
    gw_err e = gw_store_session_user(db, hash, gw_now_ms(), &uid);
    if (!e) e = gw_store_user_get(db, uid, &u);
    if (!e && u.disabled) e = GW_E_UNAUTHORIZED;
    if (!e) e = principal_of(db, &u, who);
    gw_store_read_end(s, db);
    if (!e) session_remember(hash, who);
    return e == GW_E_NOT_FOUND ? GW_E_UNAUTHORIZED : e;
}

static gw_err op_session_delete(gw_db *tx, void *arg) { return gw_store_session_delete(tx, arg); }

gw_err gw_auth_logout(gw_store *s, const char *token)
{
    char hash[65];
    gw_token_hash(token, hash);
    session_forget(hash);
    return gw_store_write(s, op_session_delete, hash);
}

gw_err gw_auth_apikey(gw_store *s, const char *key, int64_t *key_id)
{
    if (!key || strlen(key) != GW_TOKEN_LEN) return GW_E_FORBIDDEN;
    char hash[65];
    gw_token_hash(key, hash);
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_apikey_find(db, hash, key_id);
    gw_store_read_end(s, db);
    return e == GW_E_NOT_FOUND ? GW_E_FORBIDDEN : e;
}

int gw_scope_has_path(const gw_principal *who, const char *path)
{
    if (who->role == GW_R_ADMIN) return 1;
    size_t n = strlen(who->div_path);
    return path && strncmp(path, who->div_path, n) == 0;
}
