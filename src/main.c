/* main.c — the gridwork command line: init, serve, demo, user, apikey, audit, backup. */
#include "base/clock.h"
#include "base/log.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/config.h"
#include "demo/demo.h"
#include "ops/place_cli.h"
#include "http/server.h"
#include "db/copy.h"
#include "db/store.h"
#include "core/auth_store.h"
#include "ops/ticket_store.h"

#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
    "gridwork — grassroots social governance platform (一网统管 city operations)\n"
    "\n"
    "usage: gridwork COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  init     create or migrate a database          gridwork init --db PATH\n"
    "  serve    serve the API                         gridwork serve --db PATH --listen 127.0.0.1:PORT\n"
    "  demo     load the demo city into a database    gridwork demo --db PATH [--tickets N] [--seed N]\n"
    "  user     add, passwd, disable users            gridwork user add --db PATH --username U --role R ...\n"
    "  apikey   Open311 client keys: add, list, revoke gridwork apikey add --db PATH --name NAME\n"
    "  audit    verify the hash chains                gridwork audit verify --db PATH\n"
    "  backup   online copy of the database           gridwork backup --db PATH --to FILE\n"
    "  migrate  copy SQLite into PostgreSQL           gridwork migrate --from sqlite:PATH --to postgres://...\n"
    "\n"
    "common options: --config FILE (key = value lines; see docs/operations.md), --db PATH|sqlite:PATH\n"
    "'gridwork COMMAND --help' describes one command.\n";

static const struct { const char *cmd, *help; } HELP[] = {
    { "init", "gridwork init --db PATH\n  Create the database file if needed and apply pending schema migrations.\n" },
    { "serve", "gridwork serve [--config FILE] [--db PATH] [--listen HOST:PORT] [--threads N] [--db-readers N]\n"
               "               [--max-body BYTES] [--max-upload BYTES] [--public-rate N] [--data-dir DIR]\n"
               "               [--access-log 0|1] [--sweep-seconds N]\n"
               "  Serve the HTTP API. Flags override the config file, which overrides the defaults.\n"
               "  Refuses a non-loopback address while any user still has the demo password.\n"
               "  SIGTERM/SIGINT: stop accepting, finish in-flight requests, commit, exit.\n" },
    { "demo", "gridwork demo --db PATH [--tickets N] [--seed N]\n"
              "  Load the fictional demo city (江临市): divisions, grids, 12 units, categories, routing rules,\n"
              "  one user per role (password 'demo') and N tickets (default 400) in every state.\n" },
    { "user", "gridwork user add --db PATH --username U --role ROLE --password P [--name DISPLAY]\n"
              "                  [--division-id N | --unit-id N]\n"
              "gridwork user passwd --db PATH --username U --password P\n"
              "gridwork user disable --db PATH --username U\n"
              "  Roles: admin dispatcher supervisor unit_handler grid_worker hotline_operator auditor.\n" },
    { "apikey", "gridwork apikey add --db PATH --name NAME     prints the new key once\n"
                "gridwork apikey list --db PATH\n"
                "gridwork apikey revoke --db PATH --id N\n" },
    { "audit", "gridwork audit verify --db PATH\n"
               "  Walk the audit log and the ticket timeline hash chains; exit 1 naming the first broken row.\n" },
    { "backup", "gridwork backup --db PATH --to FILE\n  A consistent copy while the server runs (SQLite online backup).\n" },
    { "migrate", "gridwork migrate --from sqlite:PATH --to postgres://USER@HOST:PORT/DB\n"
                 "  Copy a whole SQLite database into an empty PostgreSQL database (schema created there),\n"
                 "  ids included, in one transaction; then compare every table's row count and verify the\n"
                 "  audit and timeline hash chains on the target. Stop the SQLite server first.\n" },
};

/* ---- option parsing: --key value pairs after the command (and subcommand) ---- */

typedef struct { int argc; char **argv; } args;

static const char *opt(const args *a, const char *name)
{
    for (int i = 0; i + 1 < a->argc; i++)
        if (!strcmp(a->argv[i], name)) return a->argv[i + 1];
    return NULL;
}

static int has_flag(const args *a, const char *name)
{
    for (int i = 0; i < a->argc; i++)
        if (!strcmp(a->argv[i], name)) return 1;
    return 0;
}

/* Print a command's help to stderr and return the usage exit status. */
static int usage_error(const char *cmd)
{
    for (size_t i = 0; i < sizeof HELP / sizeof *HELP; i++)
        if (!strcmp(HELP[i].cmd, cmd)) fputs(HELP[i].help, stderr);
    return 2;
}

static int help_for(const char *cmd)
{
    for (size_t i = 0; i < sizeof HELP / sizeof *HELP; i++)
        if (!strcmp(HELP[i].cmd, cmd)) { fputs(HELP[i].help, stdout); return 0; }
    fputs(USAGE, stdout);
    return 0;
}

/* Config from defaults, --config FILE, then flags. */
static int load_config(const args *a, gw_config *c)
{
    gw_config_defaults(c);
    char msg[256];
    const char *file = opt(a, "--config");
    if (file && gw_config_load(c, file, msg, sizeof msg)) { fprintf(stderr, "gridwork: %s\n", msg); return -1; }
    for (int i = 0; i + 1 < a->argc; i++) {
        if (strncmp(a->argv[i], "--", 2) || !strcmp(a->argv[i], "--config")) continue;
        char key[64];
        snprintf(key, sizeof key, "%s", a->argv[i] + 2);
        for (char *p = key; *p; p++) if (*p == '-') *p = '_';
        gw_err e = gw_config_set(c, key, a->argv[i + 1]);
        if (e == GW_E_NOT_FOUND) continue; /* not a config key: a command option */
        if (e) { fprintf(stderr, "gridwork: bad value for %s: %s\n", a->argv[i], a->argv[i + 1]); return -1; }
        i++;
    }
    if (!c->data_dir[0] && strstr(c->db, "://")) { /* a database server: photos in ./files unless set */
        snprintf(c->data_dir, sizeof c->data_dir, "files");
    } else if (!c->data_dir[0]) { /* photos live beside the database file by default */
        const char *db = strncmp(c->db, "sqlite:", 7) ? c->db : c->db + 7;
        const char *slash = strrchr(db, '/');
        if (slash) snprintf(c->data_dir, sizeof c->data_dir, "%.*s/files", (int)(slash - db), db);
        else snprintf(c->data_dir, sizeof c->data_dir, "files");
    }
    return 0;
}

static gw_store *open_store(const gw_config *c)
{
    gw_store *s = NULL;
    gw_err e = gw_store_open(c->db, c->db_readers, &s);
    if (e) { fprintf(stderr, "gridwork: cannot open database %s: %s\n", c->db, gw_err_name(e)); return NULL; }
    return s;
}

/* ---- serve ---- */

typedef struct {
    gw_store *store;
    int seconds;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
} sweeper;

static gw_err op_sweep(gw_db *tx, void *arg)
{
    int changed;
    gw_err e = gw_store_ticket_sweep(tx, gw_now_ms(), &changed);
    if (!e) e = gw_store_rate_purge(tx, gw_now_ms() - GW_MS_PER_DAY); /* counters of clients long gone */
    if (!e && changed) gw_info("sweep: %d tickets flagged warning/overdue", changed);
    return e;
}

static void *sweeper_main(void *p)
{
    sweeper *w = p;
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        pthread_mutex_unlock(&w->mu);
        gw_store_write(w->store, op_sweep, NULL);
        pthread_mutex_lock(&w->mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += w->seconds;
        while (!w->stop && pthread_cond_timedwait(&w->cv, &w->mu, &until) == 0) {}
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static int is_loopback(const char *listen)
{
    return !strncmp(listen, "127.", 4) || !strncmp(listen, "localhost:", 10);
}

static int cmd_serve(const args *a)
{
    gw_config c;
    if (load_config(a, &c)) return 2;
    gw_store *s = open_store(&c);
    if (!s) return 1;
    gw_db *db = gw_store_read_begin(s);
    int64_t demo = 0;
    if (db) gw_store_demo_password_count(db, &demo);
    gw_store_read_end(s, db);
    if (demo && !is_loopback(c.listen)) {
        fprintf(stderr, "gridwork: %lld users still have the demo password: refusing to listen on %s "
                        "(change them with 'gridwork user passwd', or listen on 127.0.0.1)\n", (long long)demo, c.listen);
        gw_store_close(s);
        return 1;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* every thread started below inherits the mask */
    signal(SIGPIPE, SIG_IGN);
    gw_http *h = NULL;
    if (gw_http_start(&c, s, &h)) { gw_store_close(s); return 1; }
    const char *sw = opt(a, "--sweep-seconds");
    sweeper w = { s, sw ? atoi(sw) : 30, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
    if (w.seconds < 1) w.seconds = 30;
    pthread_t wt;
    pthread_create(&wt, NULL, sweeper_main, &w);
    int sig = 0;
    sigwait(&set, &sig);
    gw_info("signal %d: draining", sig);
    pthread_mutex_lock(&w.mu);
    w.stop = 1;
    pthread_cond_signal(&w.cv);
    pthread_mutex_unlock(&w.mu);
    pthread_join(wt, NULL);
    gw_http_stop(h, 10000);
    gw_store_close(s); /* commits whatever is queued */
    gw_info("stopped");
    return 0;
}

/* ---- init, demo, backup, audit ---- */

static int cmd_init(const args *a)
{
    gw_config c;
    if (load_config(a, &c)) return 2;
    gw_store *s = open_store(&c);
    if (!s) return 1;
    gw_store_close(s);
    printf("database ready: %s\n", c.db);
    return 0;
}

static int cmd_demo(const args *a)
{
    gw_config c;
    if (load_config(a, &c)) return 2;
    const char *n = opt(a, "--tickets"), *seed = opt(a, "--seed");
    gw_store *s = open_store(&c);
    if (!s) return 1;
    gw_err e = gw_demo_load(s, n ? atoi(n) : 400, seed ? (uint32_t)strtoul(seed, NULL, 10) : 20261124u);
    gw_store_close(s);
    if (e) { fprintf(stderr, "gridwork: demo load failed: %s (is the database already populated?)\n", gw_err_name(e)); return 1; }
    printf("demo city loaded into %s\n", c.db);
    return 0;
}

static int cmd_backup(const args *a)
{
    gw_config c;
    if (load_config(a, &c)) return 2;
    const char *to = opt(a, "--to");
    if (!to) return usage_error("backup");
    gw_store *s = open_store(&c);
    if (!s) return 1;
    gw_err e = gw_store_backup(s, to);
    gw_store_close(s);
    if (e) { fprintf(stderr, "gridwork: backup failed\n"); return 1; }
    printf("backup written: %s\n", to);
    return 0;
}

static int cmd_audit(const args *a)
{
    if (a->argc < 1 || strcmp(a->argv[0], "verify")) return help_for("audit"), 2;
    gw_config c;
    if (load_config(a, &c)) return 2;
    gw_store *s = open_store(&c);
    if (!s) return 1;
    gw_db *db = gw_store_read_begin(s);
    char where[256];
    int64_t rows = 0;
    gw_err e = db ? gw_audit_verify(db, where, sizeof where, &rows) : GW_E_IO;
    gw_store_read_end(s, db);
    gw_store_close(s);
    if (e == GW_E_CONFLICT) { printf("audit chain BROKEN at %s\n", where); return 1; }
    if (e) { fprintf(stderr, "gridwork: audit verify failed: %s\n", gw_err_name(e)); return 1; }
    printf("audit chain intact: %lld rows verified\n", (long long)rows);
    return 0;
}

/* ---- migrate ---- */

typedef struct { gw_db *from; char msg[256]; } copy_arg;

static gw_err op_copy(gw_db *tx, void *p)
{
    copy_arg *a = p;
    return gw_store_copy(a->from, tx, a->msg, sizeof a->msg);
}

static int cmd_migrate(const args *a)
{
    const char *from = opt(a, "--from"), *to = opt(a, "--to");
    if (!from || !to || strncmp(to, "postgres", 8)) return usage_error("migrate");
    gw_store *src = NULL, *dst = NULL;
    gw_err e = gw_store_open(from, 2, &src);
    if (!e) e = gw_store_open(to, 2, &dst);
    if (e) {
        fprintf(stderr, "gridwork: cannot open %s: %s\n", src ? to : from, gw_err_name(e));
        gw_store_close(src);
        return 1;
    }
    copy_arg c = { gw_store_read_begin(src), "" };
    e = c.from ? gw_store_write(dst, op_copy, &c) : GW_E_IO;
    gw_store_read_end(src, c.from);
    int64_t rows = 0, chained = 0;
    char where[200] = "";
    if (!e) {
        gw_db *x = gw_store_read_begin(src), *y = gw_store_read_begin(dst);
        e = x && y ? gw_store_compare_counts(x, y, c.msg, sizeof c.msg, &rows) : GW_E_IO;
        if (!e && (e = gw_audit_verify(y, where, sizeof where, &chained)) == GW_E_CONFLICT)
            snprintf(c.msg, sizeof c.msg, "audit chain broken on the target at %s", where);
        gw_store_read_end(src, x);
        gw_store_read_end(dst, y);
    }
    gw_store_close(src);
    gw_store_close(dst);
    if (e) {
        fprintf(stderr, "gridwork: migrate failed: %s%s%s\n", gw_err_name(e), c.msg[0] ? ": " : "", c.msg);
        return 1;
    }
    printf("migrated %lld rows; counts match; audit chains intact (%lld links)\n", (long long)rows, (long long)chained);
    return 0;
}

/* ---- user, apikey ---- */

typedef struct { gw_user_row *u; int mode; } user_arg; /* mode 0 insert, 1 update */

static gw_err op_user(gw_db *tx, void *p)
{
    user_arg *a = p;
    gw_err e = a->mode ? gw_store_user_update(tx, a->u) : gw_store_user_insert(tx, a->u, gw_now_ms());
    if (!e && a->mode) e = gw_store_session_delete_user(tx, a->u->id);
    if (!e) e = gw_audit_append(tx, gw_now_ms(), 0, a->mode ? "user.update" : "user.create", a->u->username, "cli");
    return e;
}

static int cmd_user(const args *a)
{
    if (a->argc < 1 || has_flag(a, "--help")) return help_for("user"), a->argc < 1 ? 2 : 0;
    const char *sub = a->argv[0], *name = opt(a, "--username"), *pw = opt(a, "--password");
    if (!name) return usage_error("user");
    gw_config c;
    if (load_config(a, &c)) return 2;
    gw_user_row u = { 0 };
    int mode;
    if (!strcmp(sub, "add")) {
        const char *role = opt(a, "--role"), *disp = opt(a, "--name");
        int r = role ? gw_role_parse(role) : -1;
        if (r < 0 || r == GW_R_RESIDENT || r == GW_R_SYSTEM) { fprintf(stderr, "gridwork: --role must be a staff role\n"); return 2; }
        if (!pw || strlen(pw) < 8) { fprintf(stderr, "gridwork: --password of at least 8 characters\n"); return 2; }
        snprintf(u.username, sizeof u.username, "%s", name);
        snprintf(u.display_name, sizeof u.display_name, "%s", disp ? disp : name);
        u.role = (gw_role)r;
        const char *d = opt(a, "--division-id"), *un = opt(a, "--unit-id");
        u.division_id = d ? atoll(d) : 0;
        u.unit_id = un ? atoll(un) : 0;
        if (u.role == GW_R_UNIT_HANDLER && !u.unit_id) { fprintf(stderr, "gridwork: a unit_handler needs --unit-id\n"); return 2; }
        mode = 0;
    } else if (!strcmp(sub, "passwd") || !strcmp(sub, "disable")) {
        mode = 1;
    } else {
        return help_for("user"), 2;
    }
    gw_store *s = open_store(&c);
    if (!s) return 1;
    if (mode == 1) {
        gw_db *db = gw_store_read_begin(s);
        gw_err e = db ? gw_store_user_by_name(db, name, &u) : GW_E_IO;
        gw_store_read_end(s, db);
        if (e) { fprintf(stderr, "gridwork: no user %s\n", name); gw_store_close(s); return 1; }
        u.pw_hash[0] = 0;
        if (!strcmp(sub, "disable")) u.disabled = 1;
        else if (!pw || strlen(pw) < 8) { fprintf(stderr, "gridwork: --password of at least 8 characters\n"); gw_store_close(s); return 2; }
    }
    if (pw && (mode == 0 || !strcmp(sub, "passwd"))) {
        if (gw_password_hash(pw, u.pw_hash)) { gw_store_close(s); return 1; }
        u.demo_password = 0;
    }
    user_arg ua = { &u, mode };
    gw_err e = gw_store_write(s, op_user, &ua);
    gw_store_close(s);
    if (e) { fprintf(stderr, "gridwork: user %s failed: %s\n", sub, gw_err_name(e)); return 1; }
    printf("user %s: %s\n", sub, name);
    return 0;
}

typedef struct { const char *name, *prefix, *hash; int64_t id; int revoke; } key_arg;

static gw_err op_key(gw_db *tx, void *p)
{
    key_arg *k = p;
    gw_err e = k->revoke ? gw_store_apikey_revoke(tx, k->id, gw_now_ms())
                         : gw_store_apikey_insert(tx, k->name, k->prefix, k->hash, gw_now_ms(), &k->id);
    char obj[32];
    snprintf(obj, sizeof obj, "api_key:%lld", (long long)k->id);
    if (!e) e = gw_audit_append(tx, gw_now_ms(), 0, k->revoke ? "apikey.revoke" : "apikey.create", obj, "cli");
    return e;
}

static int cmd_apikey(const args *a)
{
    if (a->argc < 1 || has_flag(a, "--help")) return help_for("apikey"), a->argc < 1 ? 2 : 0;
    const char *sub = a->argv[0];
    gw_config c;
    if (load_config(a, &c)) return 2;
    gw_store *s = open_store(&c);
    if (!s) return 1;
    int rc = 0;
    if (!strcmp(sub, "add")) {
        const char *name = opt(a, "--name");
        if (!name || !*name || strlen(name) > 100) { gw_store_close(s); return usage_error("apikey"); }
        char key[GW_TOKEN_LEN + 1], hash[65], prefix[9];
        gw_token_new(key);
        gw_token_hash(key, hash);
        snprintf(prefix, sizeof prefix, "%.8s", key);
        key_arg k = { name, prefix, hash, 0, 0 };
        if (gw_store_write(s, op_key, &k)) { fprintf(stderr, "gridwork: cannot add key\n"); rc = 1; }
        else printf("%s\n", key);
    } else if (!strcmp(sub, "revoke")) {
        const char *id = opt(a, "--id");
        key_arg k = { NULL, NULL, NULL, id ? atoll(id) : 0, 1 };
        gw_err e = gw_store_write(s, op_key, &k);
        if (e) { fprintf(stderr, "gridwork: no live key %s\n", id ? id : "(none given)"); rc = 1; }
        else printf("revoked key %lld\n", (long long)k.id);
    } else if (!strcmp(sub, "list")) {
        gw_db *db = gw_store_read_begin(s);
        json_t *arr = NULL;
        if (db && gw_store_apikey_list(db, &arr) == GW_OK) {
            char *txt = json_dumps(arr, JSON_INDENT(2));
            puts(txt ? txt : "[]");
            free(txt);
            json_decref(arr);
        } else rc = 1;
        gw_store_read_end(s, db);
    } else {
        help_for("apikey");
        rc = 2;
    }
    gw_store_close(s);
    return rc;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) { fprintf(stderr, "gridwork: libsodium failed to start\n"); return 1; }
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(USAGE, stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    args a = { argc - 2, argv + 2 };
    if (has_flag(&a, "--help") || has_flag(&a, "-h")) return help_for(cmd);
    if (!strcmp(cmd, "serve")) return cmd_serve(&a);
    if (!strcmp(cmd, "init")) return cmd_init(&a);
    if (!strcmp(cmd, "demo")) return cmd_demo(&a);
    if (!strcmp(cmd, "backup")) return cmd_backup(&a);
    if (!strcmp(cmd, "audit")) { args b = { a.argc, a.argv }; return cmd_audit(&b); }
    if (!strcmp(cmd, "user")) return cmd_user(&a);
    if (!strcmp(cmd, "apikey")) return cmd_apikey(&a);
    if (!strcmp(cmd, "migrate")) return cmd_migrate(&a);
    if (!strcmp(cmd, "places")) return gw_place_cli(a.argc, a.argv);
    fprintf(stderr, "gridwork: unknown command '%s'\n\n%s", cmd, USAGE);
    return 2;
}
