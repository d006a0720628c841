/* main.c — the gridwork command line: init, serve, demo, user, apikey, audit, backup. */
#include "base/clock.h"
#include "base/log.h"
#include "core/anchor.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/config.h"
#include "demo/demo.h"
#include "ops/place_cli.h"
#include "ops/classify_cli.h"
#include "ops/classify_svc.h"
#include "http/server.h"
#include "db/copy.h"
#include "db/store.h"
#include "core/auth_store.h"
#include "core/jobs.h"
#include "ops/review_svc.h"
#include "ops/sla_svc.h"
#include "core/user_svc.h"
#include "json/reply.h"
#include "base/str.h"
#include "core/core_schema_store.h"
#include "ops/ops_schema_store.h"
#include "iot/iot_schema_store.h"
#include "iot/ingest_svc.h"
#include "partners/ledger_svc.h"
#include "ops/warning_cli.h"
#include "ops/warning_svc.h"
#include "partners/order_svc.h"
#include "partners/earn_points_svc.h"
#include "partners/partners_schema_store.h"
#include "ops/ticket_store.h"
#include "iot/mqtt.h"
#include "iot/simulate.h"

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
    "  audit    verify or anchor the hash chains      gridwork audit verify|anchor --db PATH\n"
    "  ledger   verify the points bank (积分银行)     gridwork ledger verify --db PATH\n"
    "  backup   online copy of the database           gridwork backup --db PATH --to FILE\n"
    "  migrate  copy SQLite into PostgreSQL           gridwork migrate --from sqlite:PATH --to postgres://...\n"
    "  simulate a fleet of fake IoT devices           gridwork simulate --mqtt-url mqtt://127.0.0.1:1883 --devices 40\n"
    "  train    train the text classifier             gridwork train --csv FILE --text-col C --label-col L ...\n"
    "  classify-eval  score a classifier model        gridwork classify-eval --csv FILE --model MODEL\n"
    "  warnings-eval  compare the early-warning tests  gridwork warnings-eval --db URL\n"
    "\n"
    "common options: --config FILE (key = value lines; see docs/operations.md), --db PATH|sqlite:PATH\n"
    "'gridwork COMMAND --help' describes one command.\n";

static const struct { const char *cmd, *help; } HELP[] = {
    { "ledger", "gridwork ledger verify --db PATH\n"
                "  Recompute every points-bank account's balances from its transfers, check each post, void and\n"
                "  expiry against its hold and that all balances sum to zero. Exit 1 on any disagreement.\n" },
    { "init", "gridwork init --db PATH\n  Create the database file if needed and apply pending schema migrations.\n" },
    { "serve", "gridwork serve [--config FILE] [--db PATH] [--listen HOST:PORT] [--threads N] [--db-readers N]\n"
               "               [--max-body BYTES] [--max-upload BYTES] [--public-rate N] [--data-dir DIR]\n"
               "               [--access-log 0|1] [--sweep-seconds N] [--anchor-seconds N] [--iot-offline-seconds N]\n"
               "               [--ledger-seconds N] [--warning-seconds N]\n"
               "               [--mqtt-url mqtt://[USER:PASS@]HOST:PORT] [--mqtt-prefix P] [--mqtt-share-group G]\n"
               "  Serve the HTTP API. Flags override the config file, which overrides the defaults.\n"
               "  Refuses a non-loopback address while any user still has the demo password.\n"
               "  SIGTERM/SIGINT: stop accepting, finish in-flight requests, commit, exit.\n" },
    { "demo", "gridwork demo --db PATH [--tickets N] [--seed N]\n"
              "  Load the fictional demo city (江临市): divisions, grids, 12 units, categories, routing rules,\n"
              "  one user per role (password 'demo') and N tickets (default 400) in every state; from 50 tickets\n"
              "  up, 9 more that the early warnings find (a rise in one community, a repeat caller).\n" },
    { "user", "gridwork user add --db PATH --username U --role ROLE --password P [--name DISPLAY] [--phone N]\n"
              "                  [--division-id N | --unit-id N]\n"
              "gridwork user passwd --db PATH --username U --password P\n"
              "gridwork user disable --db PATH --username U\n"
              "  Roles: admin dispatcher supervisor unit_handler grid_worker hotline_operator auditor.\n"
              "  The same rules as POST /api/v1/users: a unit_handler needs --unit-id, other roles --division-id\n"
              "  (an admin without one has the whole tree), passwords of 8+ characters; every change is audited.\n" },
    { "apikey", "gridwork apikey add --db PATH --name NAME     prints the new key once\n"
                "gridwork apikey list --db PATH\n"
                "gridwork apikey revoke --db PATH --id N\n" },
    { "audit", "gridwork audit verify --db PATH\n"
               "  Walk the audit log and every ticket's timeline hash chain and check the anchored chain heads;\n"
               "  exit 1 naming the first broken row.\n"
               "gridwork audit anchor --db PATH\n"
               "  Anchor now (as the anchor job does every anchor_seconds): append the heads of the chains that\n"
               "  moved to the audit log.\n" },
    { "backup", "gridwork backup --db PATH --to FILE\n  A consistent copy while the server runs (SQLite online backup).\n" },
    { "simulate", "gridwork simulate (--mqtt-url mqtt://HOST:PORT | --http http://HOST:PORT) [--devices N] [--rate R]\n"
                  "                  [--duration S] [--seed N] [--fault P] [--recover P] [--types a,b,...]\n"
                  "  Fake devices SIM-0001.. sending heartbeats, faults and recoveries (docs/iot.md).\n" },
    { "train", "gridwork train --csv FILE --text-col C --label-col L [--dev FILE] [--out MODEL] [--seed N]\n"
               "               [--hash-bits B] [--ngrams MIN-MAX] [--epochs E] [--lr X] [--l2 X] [--db URL [--activate]]\n"
               "gridwork train --from-tickets --db URL [--activate] [--seed N] ...\n"
               "  Train the text classifier on a CSV (quoted fields may hold newlines) or on closed tickets'\n"
               "  descriptions and final categories; calibrate and score it on --dev (tickets: a fifth held out);\n"
               "  write it to --out and/or store it in the database (--activate: make it the active model).\n" },
    { "classify-eval", "gridwork classify-eval --csv FILE [--text-col C] [--label-col L] (--model MODEL | --db URL)\n"
                       "  Accuracy, macro-F1, per-class precision/recall/F1, the confusion matrix and the reliability\n"
                       "  of the probabilities of a model file or of the database's active model.\n" },
    { "warnings-eval", "gridwork warnings-eval --db URL [--days N]\n"
                       "  How EARS C2 and the Poisson tail behave on the database's history: alarms as it is, and the\n"
                       "  share of planted rises (+3, +5, +8 reports on one day) each detects.\n" },
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

/* Every hash chain: `audit verify` walks them all, the anchor job anchors the keyed ones. */
static const gw_chain *const chains[] = { &gw_audit_chain, &gw_timeline_chain_v1, &gw_timeline_chain };
static const gw_anchor_set anchor_set = { chains, (int)(sizeof chains / sizeof chains[0]) };

/* ---- IoT ingestion (iot/ingest_svc.c over HTTP; iot/mqtt.c over MQTT) ----
 * The MQTT sink runs in the MQTT network thread and the PUBACK leaves after it returns, so a message
 * is acknowledged only once gw_iot_ingest has committed what it changed (docs/iot.md). */
static int serve_mqtt_sink(void *arg, const char *device_id, const char *kind, const void *payload, size_t len)
{
    char msg[256];
    return gw_mqtt_verdict(gw_iot_ingest(arg, GW_IOT_MQTT, device_id, kind, payload, len, msg, sizeof msg));
}

static void serve_mqtt_metrics(void *arg, gw_buf *b) { gw_mqtt_metrics_text(arg, b); }
static void serve_iot_metrics(void *arg, gw_buf *b) { gw_iot_metrics_text(arg, b); }

/* Start the subscriber when the config names a broker (*out stays NULL when it does not). */
static int serve_mqtt(const gw_config *c, gw_http *h, gw_iot *iot, gw_mqtt **out)
{
    gw_mqtt_opts o;
    char msg[256];
    *out = NULL;
    if (!gw_mqtt_opts_from_config(c, &o)) return 0;
    if (gw_mqtt_start(&o, serve_mqtt_sink, iot, out, msg, sizeof msg)) { fprintf(stderr, "gridwork: %s\n", msg); return -1; }
    gw_http_add_metrics(h, serve_mqtt_metrics, *out);
    return 0;
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
    gw_audit_api_chains(chains, anchor_set.n); /* POST /api/v1/audit/verify walks the same chains */
    gw_review_set_threshold(c.classify_auto_threshold);
    if (gw_classify_start(s)) gw_warn("the active classifier model could not be loaded: classification is off");
    gw_http *h = NULL;
    gw_iot *iot = gw_iot_start(s); /* device ingestion: before the listener takes /api/v1/iot/events */
    if (!iot || gw_http_start(&c, s, &h)) { gw_iot_stop(iot); gw_store_close(s); return 1; }
    gw_http_add_metrics(h, serve_iot_metrics, iot);
    gw_mqtt *mq = NULL;
    if (serve_mqtt(&c, h, iot, &mq)) { gw_http_stop(h, 0); gw_iot_stop(iot); gw_store_close(s); return 1; }
    gw_job jobs[] = { gw_sla_sweep(c.sweep_seconds), gw_anchor(&anchor_set, c.anchor_seconds),
                      gw_iot_offline_job_of(iot, c.iot_offline_seconds), gw_ledger_expiry(c.ledger_seconds),
                      gw_warning_job(c.warning_seconds), gw_order_expiry(c.ledger_seconds),
                      gw_earn_expiry(c.ledger_seconds),
                      gw_review_retrain_job(c.classify_retrain_seconds) }; /* last: left out while it is off */
    gw_http_add_metrics(h, gw_review_metrics, s); /* the 复核队列's figures (ops/review_svc.h) */
    gw_jobs *j = gw_jobs_start(s, jobs, (int)(sizeof jobs / sizeof jobs[0]) - !c.classify_retrain_seconds);
    int sig = 0;
    sigwait(&set, &sig);
    gw_info("signal %d: draining", sig);
    gw_mqtt_stop(mq); /* a message being committed finishes; what was not acknowledged comes again */
    gw_jobs_stop(j);
    gw_http_stop(h, 10000);
    gw_iot_stop(iot); /* flushes the buffered heartbeats */
    gw_store_close(s); /* commits whatever is queued */
    gw_classify_stop();
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

static gw_err op_anchor(gw_db *tx, void *p)
{
    return gw_anchor_run(tx, chains, anchor_set.n, gw_now_ms(), 0, p);
}

static int cmd_audit(const args *a)
{
    int anchor = a->argc >= 1 && !strcmp(a->argv[0], "anchor");
    if (a->argc < 1 || (!anchor && strcmp(a->argv[0], "verify"))) return help_for("audit"), 2;
    gw_config c;
    if (load_config(a, &c)) return 2;
    gw_store *s = open_store(&c);
    if (!s) return 1;
    char where[256];
    int64_t rows = 0;
    int heads = 0;
    gw_err e = GW_E_IO;
    if (anchor) {
        e = gw_store_write(s, op_anchor, &heads);
    } else {
        gw_db *db = gw_store_read_begin(s);
        if (db) e = gw_chains_verify(db, chains, anchor_set.n, where, sizeof where, &rows);
        gw_store_read_end(s, db);
    }
    gw_store_close(s);
    if (anchor && !e) { printf("anchored %d chain heads\n", heads); return 0; }
    if (e == GW_E_CONFLICT) { printf("audit chain BROKEN at %s\n", where); return 1; }
    if (e) { fprintf(stderr, "gridwork: audit %s failed: %s\n", a->argv[0], gw_err_name(e)); return 1; }
    printf("audit chain intact: %lld rows verified\n", (long long)rows);
    return 0;
}

static int cmd_ledger(const args *a)
{
    if (a->argc < 1 || strcmp(a->argv[0], "verify")) return usage_error("ledger");
    gw_config c;
    if (load_config(a, &c)) return 2;
    gw_store *s = open_store(&c);
    if (!s) return 1;
    gw_ledger_report rep;
    gw_db *db = gw_store_read_begin(s);
    gw_err e = db ? gw_ledger_verify(db, &rep) : GW_E_IO;
    gw_store_read_end(s, db);
    gw_store_close(s);
    if (e == GW_E_CONFLICT) {
        printf("ledger MISMATCH: %s (%lld of %lld accounts disagree)\n", rep.where, (long long)rep.mismatches,
               (long long)rep.accounts);
        return 1;
    }
    if (e) { fprintf(stderr, "gridwork: ledger verify failed: %s\n", gw_err_name(e)); return 1; }
    printf("ledger balanced: %lld accounts, %lld transfers, sum of balances 0\n", (long long)rep.accounts,
           (long long)rep.transfers);
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
        if (!e && (e = gw_chains_verify(y, chains, anchor_set.n, where, sizeof where, &chained)) == GW_E_CONFLICT)
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

/* ---- user, apikey: the flags in, core/user_svc.c decides (the same rules as the API) ---- */

/* A positive integer flag: 0 when absent, -1 when malformed. */
static int64_t id_flag(const args *a, const char *name)
{
    const char *v = opt(a, name);
    if (!v) return 0;
    long long id = gw_parse_id(v);
    return id > 0 ? id : -1;
}

/* Report a refused or failed command: exit 2 for input the rules refuse, 1 otherwise. */
static int svc_failed(const char *cmd, const char *sub, gw_err e, const char *msg)
{
    fprintf(stderr, "gridwork: %s %s failed: %s\n", cmd, sub, msg[0] ? msg : gw_err_name(e));
    return e == GW_E_INVALID ? 2 : 1;
}

/* The input of `user add|passwd|disable` from the flags; 0 when the subcommand is not one of them. */
static int user_input(const args *a, const char *sub, gw_user_input *in)
{
    memset(in, 0, sizeof *in);
    in->disabled = -1;
    if (!strcmp(sub, "add")) {
        in->username = opt(a, "--username");
        in->display_name = opt(a, "--name") ? opt(a, "--name") : in->username;
        in->password = opt(a, "--password");
        in->role = opt(a, "--role");
        in->phone = opt(a, "--phone");
        in->division_id = id_flag(a, "--division-id");
        in->unit_id = id_flag(a, "--unit-id");
        in->disabled = 0;
        return 1;
    }
    if (!strcmp(sub, "passwd")) {
        in->password = opt(a, "--password") ? opt(a, "--password") : "";
        return 1;
    }
    if (!strcmp(sub, "disable")) {
        in->disabled = 1;
        return 1;
    }
    return 0;
}

static int cmd_user(const args *a)
{
    if (a->argc < 1 || has_flag(a, "--help")) return help_for("user"), a->argc < 1 ? 2 : 0;
    const char *sub = a->argv[0], *name = opt(a, "--username");
    gw_user_input in;
    if (!user_input(a, sub, &in)) return help_for("user"), 2;
    if (!name) return usage_error("user");
    if (in.division_id < 0 || in.unit_id < 0) {
        fprintf(stderr, "gridwork: --division-id and --unit-id take a positive integer\n");
        return 2;
    }
    gw_config c;
    if (load_config(a, &c)) return 2;
    gw_store *s = open_store(&c);
    if (!s) return 1;
    gw_principal op;
    gw_user_console(&op);
    char msg[200] = "";
    int64_t id = 0;
    gw_err e;
    if (!strcmp(sub, "add")) e = gw_user_create(s, &op, &in, NULL, msg, sizeof msg);
    else if ((e = gw_user_find(s, name, &id)) == GW_E_NOT_FOUND) snprintf(msg, sizeof msg, "no user %s", name);
    else if (!e) e = gw_user_update(s, &op, id, &in, NULL, msg, sizeof msg);
    gw_store_close(s);
    if (e) return svc_failed("user", sub, e, msg);
    printf("user %s: %s\n", sub, name);
    return 0;
}

static gw_err apikey_print(gw_store *s, const gw_principal *op)
{
    gw_apikey_row *rows = NULL;
    size_t n = 0;
    gw_err e = gw_apikey_list(s, op, &rows, &n);
    json_t *arr = e ? NULL : json_array();
    for (size_t i = 0; arr && i < n; i++)
        json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)rows[i].id, "name", rows[i].name,
            "prefix", rows[i].prefix, "created_at", gw_json_time(rows[i].created_ms),
            "revoked_at", gw_json_time(rows[i].revoked_ms)));
    free(rows);
    char *txt = arr ? json_dumps(arr, JSON_INDENT(2)) : NULL;
    json_decref(arr);
    if (!e && !txt) e = GW_E_NOMEM;
    if (!e) puts(txt);
    free(txt);
    return e;
}

static int cmd_apikey(const args *a)
{
    if (a->argc < 1 || has_flag(a, "--help")) return help_for("apikey"), a->argc < 1 ? 2 : 0;
    const char *sub = a->argv[0];
    int add = !strcmp(sub, "add"), revoke = !strcmp(sub, "revoke");
    if (!add && !revoke && strcmp(sub, "list")) return help_for("apikey"), 2;
    gw_config c;
    if (load_config(a, &c)) return 2;
    gw_store *s = open_store(&c);
    if (!s) return 1;
    gw_principal op;
    gw_user_console(&op);
    char msg[200] = "", key[GW_TOKEN_LEN + 1];
    int64_t id = revoke ? id_flag(a, "--id") : 0;
    gw_err e;
    if (add && !(e = gw_apikey_create(s, &op, opt(a, "--name"), key, &id, msg, sizeof msg))) printf("%s\n", key);
    else if (revoke && !(e = gw_apikey_revoke(s, &op, id, msg, sizeof msg))) printf("revoked key %lld\n", (long long)id);
    else if (!add && !revoke) e = apikey_print(s, &op);
    gw_store_close(s);
    sodium_memzero(key, sizeof key);
    return e ? svc_failed("apikey", sub, e, msg) : 0;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) { fprintf(stderr, "gridwork: libsodium failed to start\n"); return 1; }
    gw_schema_use((const gw_schema_module *const[]){ &gw_core_schema, &gw_ops_schema, &gw_iot_schema, &gw_partners_schema, NULL }); /* in dependency order */
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
    if (!strcmp(cmd, "ledger")) return cmd_ledger(&a);
    if (!strcmp(cmd, "user")) return cmd_user(&a);
    if (!strcmp(cmd, "apikey")) return cmd_apikey(&a);
    if (!strcmp(cmd, "migrate")) return cmd_migrate(&a);
    if (!strcmp(cmd, "places")) return gw_place_cli(a.argc, a.argv);
    if (!strcmp(cmd, "simulate")) return gw_simulate_cli(a.argc, a.argv);
    if (!strcmp(cmd, "train") || !strcmp(cmd, "classify-eval")) return gw_classify_cli(cmd, a.argc, a.argv);
    if (!strcmp(cmd, "warnings-eval")) return gw_warning_cli(a.argc, a.argv);
    fprintf(stderr, "gridwork: unknown command '%s'\n\n%s", cmd, USAGE);
    return 2;
}
