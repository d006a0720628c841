/* fuzz/fuzz_city.c — see fuzz_city.h. */
#define _XOPEN_SOURCE 700
#include "fuzz_city.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "core/auth.h"
#include "core/core_schema_store.h"
#include "core/resident_svc.h"
#include "demo/demo.h"
#include "iot/ingest_svc.h"
#include "iot/iot_schema_store.h"
#include "ops/ops_schema_store.h"
#include "partners/partners_schema_store.h"

static fz_city city;
static int made;

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

static void city_rm(void) { nftw(city.dir, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

static void die(const char *what)
{
    fprintf(stderr, "fuzz city: %s\n", what);
    abort();
}

/* Copy a demo database made beforehand (scripts/fuzz.sh: `gridwork demo`), which saves each fuzzing
 * process the seconds of loading the demo city itself. -1 when from cannot be read. */
static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[65536];
    size_t n;
    int ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) ok = fwrite(buf, 1, n, out) == n;
    if (in) fclose(in);
    if (out && fclose(out)) ok = 0;
    return ok ? 0 : -1;
}

fz_city *fz_city_get(void)
{
    if (made) return &city;
    made = 1;
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, &gw_iot_schema,
                                                       &gw_partners_schema, NULL };
    gw_schema_use(modules);
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp) tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(city.dir, sizeof city.dir, "%s/gw-fuzz-XXXXXX", tmp);
    if (!mkdtemp(city.dir)) die("mkdtemp");
    atexit(city_rm);
    gw_config_defaults(&city.cfg);
    snprintf(city.cfg.db, sizeof city.cfg.db, "%s/fuzz.db", city.dir);
    snprintf(city.cfg.data_dir, sizeof city.cfg.data_dir, "%s/files", city.dir);
    snprintf(city.cfg.static_dir, sizeof city.cfg.static_dir, "%s/static", city.dir);
    city.cfg.db_readers = 2;
    city.cfg.threads = 2;
    city.cfg.log_requests = 0;
    gw_log_set_level(GW_LOG_ERROR);
    const char *tpl = getenv("GW_FUZZ_CITY");
    int copied = tpl && *tpl && copy_file(tpl, city.cfg.db) == 0;
    if (gw_store_open(city.cfg.db, city.cfg.db_readers, &city.store)) die("open the store");
    if (!copied && gw_demo_load(city.store, 20, 20261124u)) die("load the demo city");
    if (!gw_iot_start(city.store)) die("start device ingestion");
    return &city;
}

/* One demo user per staff role (src/demo: password "demo"). */
static const char *const user_of[] = { [GW_R_ADMIN] = "admin",           [GW_R_DISPATCHER] = "dispatcher",
                                       [GW_R_SUPERVISOR] = "supervisor", [GW_R_UNIT_HANDLER] = "shizheng",
                                       [GW_R_GRID_WORKER] = "grid01",    [GW_R_HOTLINE_OPERATOR] = "hotline",
                                       [GW_R_AUDITOR] = "auditor" };

const gw_principal *fz_city_who(gw_role role, const char **token)
{
    static gw_principal who[GW_R_RESIDENT + 1];
    static char tokens[GW_R_RESIDENT + 1][GW_TOKEN_LEN + 1];
    fz_city *c = fz_city_get();
    if ((int)role < 0 || role > GW_R_RESIDENT) die("no such role");
    if (!tokens[role][0]) {
        if (role == GW_R_RESIDENT) {
            gw_resident_signin in;
            char msg[256];
            if (gw_resident_login(c->store, "13800001001", "demo", "127.0.0.1", &in, msg, sizeof msg)) die(msg);
            if (gw_resident_session(c->store, in.token, &who[role])) die("resident session");
            memcpy(tokens[role], in.token, sizeof tokens[role]);
        } else {
            gw_login in = { user_of[role], "demo", "127.0.0.1" };
            int64_t retry = 0;
            if (gw_auth_login(c->store, &in, tokens[role], &who[role], &retry)) die(user_of[role]);
        }
    }
    if (token) *token = tokens[role];
    return &who[role];
}
