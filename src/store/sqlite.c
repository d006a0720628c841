/* store/sqlite.c — the SQLite driver behind store/db.h. */
#include "store/db.h"
#include "base/log.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 128

struct gw_stmt {
    sqlite3_stmt *st;
    const char *key; /* the SQL text's address */
};

struct gw_db {
    sqlite3 *h;
    int n;
    struct gw_stmt cache[STMT_CACHE];
};

/* Process-wide settings, before the library's first use: connections are never shared between
 * threads at once (NOMUTEX), and memory statistics off, which removes a global mutex taken on
 * every allocation. */
static void configure_once(void)
{
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

gw_err gw_db_open_sqlite(const char *path, int readonly, gw_db **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_once);
    gw_db *db = calloc(1, sizeof *db);
    if (!db) return GW_E_NOMEM;
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
    gw_err e = gw_db_exec(db, pragmas);
    if (e) { gw_db_close(db); return e; }
    *out = db;
    return GW_OK;
}

void gw_db_close(gw_db *db)
{
    if (!db) return;
    for (int i = 0; i < db->n; i++) sqlite3_finalize(db->cache[i].st);
    sqlite3_close(db->h);
    free(db);
}

gw_err gw_db_exec(gw_db *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        gw_error("sqlite exec: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return (rc & 0xff) == SQLITE_CONSTRAINT ? GW_E_CONFLICT : GW_E_IO;
    }
    return GW_OK;
}

gw_stmt *gw_db_prep(gw_db *db, const char *sql)
{
    for (int i = 0; i < db->n; i++) {
        if (db->cache[i].key == sql) {
            sqlite3_reset(db->cache[i].st);
            sqlite3_clear_bindings(db->cache[i].st);
            return &db->cache[i];
        }
    }
    if (db->n == STMT_CACHE) { /* full: a bug (SQL built at run time); evict the oldest */
        sqlite3_finalize(db->cache[0].st);
        memmove(db->cache, db->cache + 1, sizeof db->cache[0] * (STMT_CACHE - 1));
        db->n--;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        gw_error("sqlite prepare: %s in: %.200s", sqlite3_errmsg(db->h), sql);
        return NULL;
    }
    db->cache[db->n] = (struct gw_stmt){ st, sql };
    return &db->cache[db->n++];
}

void gw_bind_int(gw_stmt *s, int i, int64_t v) { sqlite3_bind_int64(s->st, i, v); }
void gw_bind_double(gw_stmt *s, int i, double v) { sqlite3_bind_double(s->st, i, v); }
void gw_bind_null(gw_stmt *s, int i) { sqlite3_bind_null(s->st, i); }
void gw_bind_text(gw_stmt *s, int i, const char *t)
{
    if (t) sqlite3_bind_text(s->st, i, t, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s->st, i);
}
void gw_bind_blob(gw_stmt *s, int i, const void *p, size_t n)
{
    sqlite3_bind_blob64(s->st, i, p, n, SQLITE_TRANSIENT);
}
void gw_bind_id(gw_stmt *s, int i, int64_t v)
{
    if (v) sqlite3_bind_int64(s->st, i, v);
    else sqlite3_bind_null(s->st, i);
}

int gw_step(gw_stmt *s)
{
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) { sqlite3_reset(s->st); return 0; }
    sqlite3 *h = sqlite3_db_handle(s->st);
    int prim = rc & 0xff;
    if (prim != SQLITE_CONSTRAINT) gw_error("sqlite step: %s", sqlite3_errmsg(h));
    sqlite3_reset(s->st);
    return prim == SQLITE_CONSTRAINT ? -GW_E_CONFLICT : prim == SQLITE_BUSY ? -GW_E_UNAVAILABLE : -GW_E_IO;
}

void gw_stmt_reset(gw_stmt *s) { sqlite3_reset(s->st); }

gw_err gw_step_done(gw_stmt *s)
{
    int rc;
    while ((rc = gw_step(s)) == 1) {}
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

int64_t gw_col_int(gw_stmt *s, int c) { return sqlite3_column_int64(s->st, c); }
double gw_col_double(gw_stmt *s, int c) { return sqlite3_column_double(s->st, c); }
const char *gw_col_text(gw_stmt *s, int c) { return (const char *)sqlite3_column_text(s->st, c); }
int gw_col_is_null(gw_stmt *s, int c) { return sqlite3_column_type(s->st, c) == SQLITE_NULL; }
const void *gw_col_blob(gw_stmt *s, int c, size_t *n)
{
    const void *p = sqlite3_column_blob(s->st, c);
    *n = (size_t)sqlite3_column_bytes(s->st, c);
    return p;
}

gw_err gw_db_backup(gw_db *db, const char *dest)
{
    sqlite3 *to;
    if (sqlite3_open(dest, &to) != SQLITE_OK) { sqlite3_close(to); return GW_E_IO; }
    sqlite3_backup *b = sqlite3_backup_init(to, "main", db->h, "main");
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
