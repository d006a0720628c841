/* db/schema.c — the migration runner (see db/schema.h). It knows no table: the modules' migrations
 * come from gw_schema_use. Each step is one transaction: take the migrations lock, bring an old single
 * history over once, refuse a database newer than this binary, apply the next pending migration of
 * the first module that has one and record it in schema_versions. */
#include "db/schema.h"
#include "base/clock.h"
#include "base/log.h"

#include <string.h>

#define LOCK_MIGRATIONS 0x67770000

static const gw_schema_module *const *g_modules;

static const char SQL_CREATE_VERSIONS[] =
    "CREATE TABLE IF NOT EXISTS schema_versions (module TEXT NOT NULL, version BIGINT NOT NULL,"
    " applied_ms BIGINT NOT NULL, PRIMARY KEY (module, version))";
static const char SQL_CREATE_LEGACY[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL)";
static const char SQL_LEGACY_MAX[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_LEGACY_MARK[] = "INSERT INTO schema_migrations(version, applied_ms) VALUES (?1, ?2)";
static const char SQL_HEADS[] = "SELECT module, MAX(version) FROM schema_versions GROUP BY module";
static const char SQL_MARK[] = "INSERT INTO schema_versions(module, version, applied_ms) VALUES (?1, ?2, ?3)";

void gw_schema_use(const gw_schema_module *const *modules)
{
    g_modules = modules;
}

static gw_err mark(gw_db *db, const char *module, int version)
{
    gw_stmt *m = gw_db_prep(db, SQL_MARK);
    if (!m) return GW_E_IO;
    gw_bind_text(m, 1, module);
    gw_bind_int(m, 2, version);
    gw_bind_int(m, 3, gw_now_ms());
    return gw_step_done(m);
}

/* Bring the single history (schema_migrations 1..GW_SCHEMA_LEGACY_LAST) over to schema_versions once,
 * and leave the GW_SCHEMA_LEGACY_MOVED row (a new database gets it too, so an old binary refuses it). */
static gw_err adopt_legacy(gw_db *db)
{
    gw_stmt *st = gw_db_prep(db, SQL_LEGACY_MAX);
    if (!st || gw_step(st) != 1) return GW_E_IO;
    int64_t old = gw_col_int(st, 0);
    gw_stmt_reset(st);
    if (old == GW_SCHEMA_LEGACY_MOVED) return GW_OK;
    if (old < 0 || old > GW_SCHEMA_LEGACY_LAST) {
        gw_error("schema: database is at version %lld of the single history, this binary knows %d: refusing to run",
                 (long long)old, GW_SCHEMA_LEGACY_LAST);
        return GW_E_CONFLICT;
    }
    gw_err e = GW_OK;
    for (const gw_schema_module *const *m = g_modules; !e && *m; m++) {
        int have = old && (*m)->legacy ? (*m)->legacy[old - 1] : 0;
        for (int v = 1; !e && v <= have; v++) e = mark(db, (*m)->name, v);
        if (!e && have) gw_info("schema: version %lld of the single history: module %s at %d", (long long)old, (*m)->name, have);
    }
    st = e ? NULL : gw_db_prep(db, SQL_LEGACY_MARK);
    if (!e && !st) return GW_E_IO;
    if (e) return e;
    gw_bind_int(st, 1, GW_SCHEMA_LEGACY_MOVED);
    gw_bind_int(st, 2, gw_now_ms());
    return gw_step_done(st);
}

/* Each module's applied version into have[] (in g_modules order); GW_E_CONFLICT for a module this
 * binary does not know or one ahead of its list. */
static gw_err read_heads(gw_db *db, int *have, int n_modules)
{
    memset(have, 0, sizeof *have * (size_t)n_modules);
    gw_stmt *st = gw_db_prep(db, SQL_HEADS);
    if (!st) return GW_E_IO;
    int rc = 0;
    gw_err e = GW_OK;
    while (!e && (rc = gw_step(st)) == 1) {
        const char *name = gw_col_text(st, 0);
        int64_t v = gw_col_int(st, 1);
        int k = 0;
        while (k < n_modules && strcmp(g_modules[k]->name, name ? name : "")) k++;
        if (k == n_modules) {
            gw_error("schema: the database has module %s, which this binary does not know: refusing to run", name);
            e = GW_E_CONFLICT;
        } else if (v > g_modules[k]->n) {
            gw_error("schema: module %s is at version %lld, this binary knows %d: refusing to run", name, (long long)v,
                     g_modules[k]->n);
            e = GW_E_CONFLICT;
        } else {
            have[k] = (int)v;
        }
    }
    if (e) { gw_stmt_reset(st); return e; }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* One transaction: apply the next pending migration, if any; *done when none was left. The lock makes
 * servers starting together on one PostgreSQL database take turns. */
static gw_err migrate_one(gw_db *db, int n_modules, int *done)
{
    gw_err e = gw_db_exec(db, GW_SQL(db, "BEGIN IMMEDIATE", "BEGIN"));
    if (e) return e;
    int have[GW_SCHEMA_MAX_MODULES], k = 0;
    if (!(e = gw_db_lock(db, LOCK_MIGRATIONS)) && !(e = gw_db_exec(db, SQL_CREATE_VERSIONS)) &&
        !(e = gw_db_exec(db, SQL_CREATE_LEGACY)) && !(e = adopt_legacy(db)))
        e = read_heads(db, have, n_modules);
    while (!e && k < n_modules && have[k] == g_modules[k]->n) k++;
    *done = !e && k == n_modules;
    const gw_schema_module *m = *done || e ? NULL : g_modules[k];
    if (m) {
        int pg = gw_db_dialect_of(db) == GW_DIALECT_POSTGRES;
        e = gw_db_exec(db, (pg ? m->pg : m->sqlite)[have[k]]);
        if (!e) e = mark(db, m->name, have[k] + 1);
        if (e) gw_error("schema: migration %d of module %s failed", have[k] + 1, m->name);
    }
    if (e) { gw_db_exec(db, "ROLLBACK"); return e; }
    if ((e = gw_db_exec(db, "COMMIT"))) return e;
    if (m) gw_info("schema: applied migration %d of module %s", have[k] + 1, m->name);
    return GW_OK;
}

gw_err gw_schema_migrate(gw_db *db)
{
    int n = 0;
    while (g_modules && g_modules[n]) n++;
    if (!g_modules || n > GW_SCHEMA_MAX_MODULES) {
        gw_error("schema: no modules named for migration (gw_schema_use)");
        return GW_E_INTERNAL;
    }
    int done = 0;
    gw_err e = GW_OK;
    while (!e && !done) e = migrate_one(db, n, &done);
    return e;
}
