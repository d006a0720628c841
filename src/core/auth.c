/* core/auth.c — passwords, sessions, API keys and login throttling. */
#include "core/auth.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/str.h"
#include "core/limits.h"
#include "core/ratelimit.h"
#include "core/audit.h"
#include "core/auth_store.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- argon2id, bounded: each run takes 64 MiB (libsodium's interactive limit), so at most
 * kdf_limit run at once; the others wait a little, then give up with GW_E_UNAVAILABLE. ---- */

#define KDF_AUTO_MEM (UINT64_C(128) << 20) /* memory set aside per concurrent run in the default */
#define KDF_LOGIN_WAIT_MS 1500
#define KDF_HASH_WAIT_MS 10000

static pthread_once_t kdf_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t kdf_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t kdf_cv;
static int kdf_limit, kdf_busy;
static char dummy_hash[crypto_pwhash_STRBYTES]; /* verified for unknown and disabled users */

static uint64_t mem_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[128];
    unsigned long long kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) break;
    if (f) fclose(f);
    if (kb) return (uint64_t)kb * 1024;
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size / 2 : KDF_AUTO_MEM;
}

int gw_auth_concurrency_auto(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t by_mem = mem_available() / KDF_AUTO_MEM, by_cpu = (uint64_t)(cores > 0 ? cores : 1) * 2;
    uint64_t n = by_mem < by_cpu ? by_mem : by_cpu;
    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

static void kdf_init(void)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&kdf_cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_lock(&kdf_mu);
    if (!kdf_limit) kdf_limit = gw_auth_concurrency_auto();
    pthread_mutex_unlock(&kdf_mu);
}

/* Wait up to wait_ms for a free run; GW_E_UNAVAILABLE when none came. */
static gw_err kdf_enter(int64_t wait_ms)
{
    pthread_once(&kdf_once, kdf_init);
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (wait_ms % 1000) * 1000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    pthread_mutex_lock(&kdf_mu);
    int rc = 0;
    while (kdf_busy >= kdf_limit && rc == 0) rc = pthread_cond_timedwait(&kdf_cv, &kdf_mu, &until);
    int got = kdf_busy < kdf_limit;
    if (got) kdf_busy++;
    pthread_mutex_unlock(&kdf_mu);
    return got ? GW_OK : GW_E_UNAVAILABLE;
}

static void kdf_leave(void)
{
    pthread_mutex_lock(&kdf_mu);
    kdf_busy--;
    pthread_cond_signal(&kdf_cv);
    pthread_mutex_unlock(&kdf_mu);
}

static gw_err hash_bounded(const char *pw, char *hash_out, int64_t wait_ms)
{
    gw_err e = kdf_enter(wait_ms);
    if (e) return e;
    int rc = crypto_pwhash_str(hash_out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    kdf_leave();
    return rc ? GW_E_NOMEM : GW_OK;
}

gw_err gw_password_hash(const char *pw, char *hash_out)
{
    return hash_bounded(pw, hash_out, KDF_HASH_WAIT_MS);
}

/* *ok = whether pw matches hash; GW_E_UNAVAILABLE when no run was free within wait_ms. */
static gw_err verify_bounded(const char *hash, const char *pw, int64_t wait_ms, int *ok)
{
    gw_err e = kdf_enter(wait_ms);
    if (e) return e;
    *ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
    kdf_leave();
    return GW_OK;
}

int gw_password_ok(const char *hash, const char *pw)
{
    int ok = 0;
    return verify_bounded(hash, pw, KDF_HASH_WAIT_MS, &ok) == GW_OK && ok;
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
    unsigned char rnd[16];
    char pw[33];
    randombytes_buf(rnd, sizeof rnd);
    gw_hex(rnd, sizeof rnd, pw);
    if (hash_bounded(pw, dummy_hash, 60000) != GW_OK) gw_error("login: could not compute the dummy hash");
}

void gw_auth_setup(int login_concurrency)
{
    pthread_once(&kdf_once, kdf_init);
    pthread_mutex_lock(&kdf_mu);
    int n = kdf_limit = login_concurrency > 0 ? login_concurrency : gw_auth_concurrency_auto();
    pthread_mutex_unlock(&kdf_mu);
    pthread_once(&dummy_once, dummy_init);
    gw_info("login: at most %d password verifications at once", n);
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

/* ---- login throttling. Every attempt that is not refused counts first (so concurrent attempts
 * cannot all slip under the limit); a success takes its count back. Two counters per attempt:
 *   login:c:<len>:<username>|<client address>  THROTTLE_CLIENT_MAX per window: one client's guesses
 *   login:u:<username>                         THROTTLE_USER_MAX per window: guesses from anywhere
 * so an attacker elsewhere locks out only themselves until they have made THROTTLE_USER_MAX
 * guesses. (The length makes the key unambiguous whatever the username holds.) One server
 * counts in memory (windows open at the first failure; a full table refuses new keys, so it
 * never forgets a live counter); servers sharing a database count there, in clock windows. */

#define THROTTLE_CLIENT_MAX 5
#define THROTTLE_USER_MAX 50
#define THROTTLE_WINDOW_MS (15 * 60 * INT64_C(1000))
#define THROTTLE_ENTRIES 65536

static pthread_once_t throttle_once = PTHREAD_ONCE_INIT;
static gw_rl *throttle;

static void throttle_init(void)
{
    throttle = gw_rl_new(THROTTLE_ENTRIES, GW_RL_FAIL_CLOSED);
    if (!throttle) gw_error("login: out of memory for the throttle table: every login is refused");
}

typedef gw_throttle_keys throttle_keys;

static void keys_of(const char *username, const char *ip, throttle_keys *k)
{
    char prefix[GW_RL_KEY_MAX];
    gw_auth_unlock_keys(username, k->user, sizeof k->user, prefix, sizeof prefix);
    snprintf(k->client, sizeof k->client, "%s%s", prefix, ip ? ip : "");
}

void gw_throttle_keys_of(const char *space, const char *name, const char *ip, gw_throttle_keys *k)
{
    snprintf(k->user, sizeof k->user, "%s:u:%s", space, name);
    snprintf(k->client, sizeof k->client, "%s:c:%zu:%s|%s", space, strlen(name), name, ip ? ip : "");
}

/* Count the attempt; GW_E_RATE_LIMITED (with *retry_ms) when over either limit. */
static gw_err attempt_begin(gw_store *s, const throttle_keys *k, int64_t *retry_ms)
{
    if (!gw_store_shared(s)) {
        pthread_once(&throttle_once, throttle_init);
        int64_t now = gw_mono_ms();
        *retry_ms = THROTTLE_WINDOW_MS;
        if (!throttle || !gw_rl_hit(throttle, k->client, now, THROTTLE_WINDOW_MS, THROTTLE_CLIENT_MAX, NULL, retry_ms))
            return GW_E_RATE_LIMITED;
        if (gw_rl_hit(throttle, k->user, now, THROTTLE_WINDOW_MS, THROTTLE_USER_MAX, NULL, retry_ms)) return GW_OK;
        gw_rl_unhit(throttle, k->client, now);
        return GW_E_RATE_LIMITED;
    }
    int64_t n = 0;
    *retry_ms = gw_limit_retry_ms(THROTTLE_WINDOW_MS);
    gw_err e = gw_limit_hit(s, k->client, THROTTLE_WINDOW_MS, &n);
    if (e) return e;
    if (n > THROTTLE_CLIENT_MAX) return GW_E_RATE_LIMITED;
    if ((e = gw_limit_hit(s, k->user, THROTTLE_WINDOW_MS, &n))) return e;
    return n > THROTTLE_USER_MAX ? GW_E_RATE_LIMITED : GW_OK;
}

/* Take the attempt back: it succeeded (forget the client's failures too) or was never judged. */
static void attempt_undo(gw_store *s, const throttle_keys *k, int success)
{
    if (!gw_store_shared(s)) {
        int64_t now = gw_mono_ms();
        if (success) gw_rl_clear(throttle, k->client);
        else gw_rl_unhit(throttle, k->client, now);
        gw_rl_unhit(throttle, k->user, now);
        return;
    }
    if (success) gw_limit_clear(s, k->client, NULL);
    else gw_limit_undo(s, k->client, THROTTLE_WINDOW_MS);
    gw_limit_undo(s, k->user, THROTTLE_WINDOW_MS);
}

gw_err gw_throttle_begin(gw_store *s, const gw_throttle_keys *k, int64_t *retry_ms)
{
    *retry_ms = 0;
    return attempt_begin(s, k, retry_ms);
}

void gw_throttle_end(gw_store *s, const gw_throttle_keys *k, int outcome)
{
    if (outcome >= 0) attempt_undo(s, k, outcome);
}

static gw_err principal_of(gw_db *db, const gw_user_row *u, gw_principal *who)
{
    memset(who, 0, sizeof *who);
    who->kind = GW_PK_STAFF;
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

typedef struct { const char *hash, *username, *ip; int64_t user_id, now; } session_arg;

/* The login log: every judged login, in the audit log as auth.login / auth.login_failed on "login:<user
 * id>" (0 for an unknown name), with the name typed and the client address. */
static gw_err audit_login(gw_db *tx, const session_arg *a, const char *action)
{
    char obj[40];
    snprintf(obj, sizeof obj, "login:%lld", (long long)a->user_id);
    json_t *d = json_pack("{s:s,s:s}", "username", a->username, "ip", a->ip ? a->ip : "");
    char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    gw_err e = gw_audit_append(tx, a->now, a->user_id, action, obj, detail ? detail : "");
    free(detail);
    return e;
}

static gw_err op_session_insert(gw_db *tx, void *arg)
{
    session_arg *a = arg;
    gw_err e = gw_store_session_insert(tx, a->hash, a->user_id, a->now, a->now + GW_SESSION_MS, a->ip);
    return e ? e : audit_login(tx, a, "auth.login");
}

static gw_err op_login_failed(gw_db *tx, void *arg)
{
    return audit_login(tx, arg, "auth.login_failed");
}

/* Check the password of `username` (argon2id against its hash, or against the dummy hash for an
 * unknown or disabled user, so every refusal takes the same time). *u is the user when found. */
static gw_err check_password(gw_store *s, const char *username, const char *password, gw_user_row *u, int *ok)
{
    pthread_once(&dummy_once, dummy_init);
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_user_by_name(db, username, u);
    gw_store_read_end(s, db); /* not held through the slow hash */
    if (e && e != GW_E_NOT_FOUND) return e;
    int real = !e && !u->disabled;
    e = verify_bounded(real ? u->pw_hash : dummy_hash, password, KDF_LOGIN_WAIT_MS, ok);
    memset(u->pw_hash, 0, sizeof u->pw_hash);
    *ok = *ok && real;
    return e;
}

gw_err gw_password_check_login(const char *hash, const char *pw, int *ok)
{
    pthread_once(&dummy_once, dummy_init);
    gw_err e = verify_bounded(hash ? hash : dummy_hash, pw, KDF_LOGIN_WAIT_MS, ok);
    *ok = *ok && hash;
    return e;
}

gw_err gw_auth_login(gw_store *s, const gw_login *in, char *token_out, gw_principal *who, int64_t *retry_ms)
{
    throttle_keys k;
    keys_of(in->username, in->client_ip, &k);
    *retry_ms = 0;
    gw_err e = attempt_begin(s, &k, retry_ms);
    if (e) return e;
    gw_user_row u;
    memset(&u, 0, sizeof u);
    int ok = 0;
    if ((e = check_password(s, in->username, in->password, &u, &ok))) {
        attempt_undo(s, &k, 0); /* never judged: it does not count */
        if (e == GW_E_UNAVAILABLE) *retry_ms = 1000;
        return e;
    }
    if (!ok) {
        session_arg f = { NULL, in->username, in->client_ip, u.username[0] && !strcmp(u.username, in->username) ? u.id : 0,
                          gw_now_ms() };
        gw_store_write(s, op_login_failed, &f); /* the refusal stands even when its log row fails */
        return GW_E_UNAUTHORIZED;
    }
    attempt_undo(s, &k, 1);
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    e = principal_of(db, &u, who);
    gw_store_read_end(s, db);
    if (e) return e;
    char hash[65];
    gw_token_new(token_out);
    gw_token_hash(token_out, hash);
    session_arg a = { hash, in->username, in->client_ip, u.id, gw_now_ms() };
    return gw_store_write(s, op_session_insert, &a);
}

void gw_auth_unlock_keys(const char *username, char *user_key, size_t un, char *client_prefix, size_t cn)
{
    snprintf(user_key, un, "login:u:%s", username);
    snprintf(client_prefix, cn, "login:c:%zu:%s|", strlen(username), username);
}

void gw_auth_unlock_local(const char *username)
{
    char user_key[GW_RL_KEY_MAX], prefix[GW_RL_KEY_MAX];
    gw_auth_unlock_keys(username, user_key, sizeof user_key, prefix, sizeof prefix);
    pthread_once(&throttle_once, throttle_init);
    if (!throttle) return;
    gw_rl_clear(throttle, user_key);
    gw_rl_clear_prefix(throttle, prefix);
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
