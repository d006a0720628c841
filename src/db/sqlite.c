/* db/sqlite.c — the SQLite driver behind store/db.h. */
#include "db/driver.h"
#include "base/log.h"
#include "db/stmt_cache.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    gw_stmt base;
    sqlite3_stmt *st;
} sq_stmt;

typedef struct {
    gw_db base;
    sqlite3 *h;
    gw_stmt_cache cache; /* by SQL text address; statements never move or go before close */
} sq_db;

static const gw_db_ops sq_ops;

#define DB(d) ((sq_db *)(void *)(d))
#define ST(s) (((sq_stmt *)(void *)(s))->st)

/* Process-wide settings, before the library's first use: connections are never shared between
 * threads at once (NOMUTEX), and memory statistics off, which removes a global mutex taken on
 * every allocation. */
static void configure_once(void)
{
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static gw_err sq_exec(gw_db *d, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(DB(d)->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        gw_error("sqlite exec: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return (rc & 0xff) == SQLITE_CONSTRAINT ? GW_E_CONFLICT : GW_E_IO;
    }
    return GW_OK;
}

static void sq_finalize(gw_stmt *s)
{
    sqlite3_finalize(ST(s));
    free(s);
}

static void sq_close(gw_db *d)
{
    sq_db *db = DB(d);
    gw_stmt_cache_free(&db->cache, sq_finalize);
    sqlite3_close(db->h);
    free(db);
}

gw_err gw_db_open_sqlite(const char *path, int readonly, gw_db **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_once);
    sq_db *db = calloc(1, sizeof *db);
    if (!db) return GW_E_NOMEM;
    db->base.ops = &sq_ops;
    int flags = SQLITE_OPEN_NOMUTEX | (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        gw_error("sqlite: cannot open %s: %s", path, db->h ? sqlite3_errmsg(db->h) : "out of memory");
        sqlite3_close(db->h);
        free(db);
        return GW_E_IO;
    }
    sqlite3_busy_timeout(db->h, 10000);
    sqlite3_extended_result_codes(db->h, 1);
    const char *pragmas = readonly ? "PRAGMA foreign_keys=ON;"
                                   : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
    gw_err e = sq_exec(&db->base, pragmas);
    if (e) { sq_close(&db->base); return e; }
    *out = &db->base;
    return GW_OK;
}

static gw_stmt *sq_prep(gw_db *d, const char *sql)
{
    sq_db *db = DB(d);
    gw_stmt *hit = gw_stmt_cache_get(&db->cache, sql);
    if (hit) {
        sqlite3_reset(ST(hit));
        sqlite3_clear_bindings(ST(hit));
        return hit;
    }
    sq_stmt *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->base.ops = &sq_ops;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->st, NULL) != SQLITE_OK) {
        gw_error("sqlite prepare: %s in: %.200s", sqlite3_errmsg(db->h), sql);
        free(st);
        return NULL;
    }
    gw_err e = gw_stmt_cache_put(&db->cache, sql, &st->base);
    if (e) {
        gw_error("sqlite: cannot cache another statement (%s; SQL built at run time?): %.200s", gw_err_name(e), sql);
        sq_finalize(&st->base);
        return NULL;
    }
    return &st->base;
}

static void sq_bind_int(gw_stmt *s, int i, int64_t v) { sqlite3_bind_int64(ST(s), i, v); }
static void sq_bind_double(gw_stmt *s, int i, double v) { sqlite3_bind_double(ST(s), i, v); }
static void sq_bind_null(gw_stmt *s, int i) { sqlite3_bind_null(ST(s), i); }
static void sq_bind_text(gw_stmt *s, int i, const char *t)
{
    if (t) sqlite3_bind_text(ST(s), i, t, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(ST(s), i);
}
static void sq_bind_blob(gw_stmt *s, int i, const void *p, size_t n)
{
    sqlite3_bind_blob64(ST(s), i, p, n, SQLITE_TRANSIENT);
}

static int sq_step(gw_stmt *s)
{
    int rc = sqlite3_step(ST(s));
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) { sqlite3_reset(ST(s)); return 0; }
    sqlite3 *h = sqlite3_db_handle(ST(s));
    int prim = rc & 0xff;
    if (prim != SQLITE_CONSTRAINT) gw_error("sqlite step: %s", sqlite3_errmsg(h));
    sqlite3_reset(ST(s));
    return prim == SQLITE_CONSTRAINT ? -GW_E_CONFLICT : prim == SQLITE_BUSY ? -GW_E_UNAVAILABLE : -GW_E_IO;
}

static void sq_reset(gw_stmt *s) { sqlite3_reset(ST(s)); }
static int64_t sq_col_int(gw_stmt *s, int c) { return sqlite3_column_int64(ST(s), c); }
static double sq_col_double(gw_stmt *s, int c) { return sqlite3_column_double(ST(s), c); }
static const char *sq_col_text(gw_stmt *s, int c) { return (const char *)sqlite3_column_text(ST(s), c); }
static int sq_col_is_null(gw_stmt *s, int c) { return sqlite3_column_type(ST(s), c) == SQLITE_NULL; }
static const void *sq_col_blob(gw_stmt *s, int c, size_t *n)
{
    const void *p = sqlite3_column_blob(ST(s), c);
    *n = (size_t)sqlite3_column_bytes(ST(s), c);
    return p;
}

static int sq_col_count(gw_stmt *s) { return sqlite3_column_count(ST(s)); }
static const char *sq_col_name(gw_stmt *s, int c) { return sqlite3_column_name(ST(s), c); }
static gw_col_kind sq_col_kind(gw_stmt *s, int c)
{
    switch (sqlite3_column_type(ST(s), c)) {
    case SQLITE_INTEGER: return GW_COL_INT;
    case SQLITE_FLOAT: return GW_COL_DOUBLE;
    case SQLITE_TEXT: return GW_COL_TEXT;
    case SQLITE_BLOB: return GW_COL_BLOB;
    default: return GW_COL_NULL;
    }
}

/* One writer thread serializes every write already. */
static gw_err sq_lock(gw_db *d, int64_t key) { (void)d; (void)key; return GW_OK; }

static gw_err sq_backup(gw_db *d, const char *dest)
{
    sqlite3 *to;
    if (sqlite3_open(dest, &to) != SQLITE_OK) { sqlite3_close(to); return GW_E_IO; }
    sqlite3_backup *b = sqlite3_backup_init(to, "main", DB(d)->h, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        do rc = sqlite3_backup_step(b, 256);
        while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    if (rc != SQLITE_DONE) gw_error("backup to %s: %s", dest, sqlite3_errmsg(to));
    sqlite3_close(to);
    return rc == SQLITE_DONE ? GW_OK : GW_E_IO;
}

static const gw_db_ops sq_ops = {
    "sqlite", GW_DIALECT_SQLITE, sq_close, sq_exec, sq_prep, sq_bind_int, sq_bind_double, sq_bind_text,
    sq_bind_blob, sq_bind_null, sq_step, sq_reset, sq_col_int, sq_col_double, sq_col_text, sq_col_blob,
    sq_col_is_null, sq_col_count, sq_col_name, sq_col_kind, sq_lock, sq_backup,
};
