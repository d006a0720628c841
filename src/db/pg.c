/* db/pg.c — the PostgreSQL driver behind store/db.h (libpq).
 * Statements are written once with ?N placeholders; here they become $N and are prepared on the
 * connection the first time they run (named s1, s2, ... per connection). Parameters travel as text
 * (blobs as binary), results as text. A lost connection is re-established on the next use, with a
 * log line, and its prepared statements are prepared again. */
#include "db/driver.h"
#include "db/pg.h"
#include "base/log.h"
#include "db/stmt_cache.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 64 /* a statement binds at most this many: the widest is migrate's INSERT of a whole tickets row */

typedef struct pg_db pg_db;

typedef struct {
    gw_stmt base;
    pg_db *db;
    char *sql;             /* rewritten with $N */
    char name[16];
    int n_params;
    int prepared;          /* on the current connection generation */
    unsigned gen;
    char *vals[MAX_PARAMS];
    int lens[MAX_PARAMS];
    int fmts[MAX_PARAMS];
    PGresult *res;
    int row, n_rows;       /* row = the current row + 1; 0 before the first step */
    unsigned char *blob;   /* the last bytea read, decoded (until the next read or reset) */
} pg_stmt;

struct pg_db {
    gw_db base;
    PGconn *c;
    char *conninfo;
    unsigned gen;          /* bumped on every reconnect */
    int n;                 /* statements prepared so far: names s1..sN */
    gw_stmt_cache cache;   /* by SQL text address; statements never move or go before close */
};

static const gw_db_ops pg_ops;

#define DB(d) ((pg_db *)(void *)(d))
#define ST(s) ((pg_stmt *)(void *)(s))

/* SQLSTATE -> our errors: integrity violations are conflicts (as in SQLite); serialization
 * failures and deadlocks are GW_E_UNAVAILABLE, which the store retries; the rest is I/O. */
static gw_err err_of(const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (!state) return GW_E_IO;
    if (!strncmp(state, "23", 2)) return GW_E_CONFLICT;
    if (!strcmp(state, "40001") || !strcmp(state, "40P01")) return GW_E_UNAVAILABLE;
    return GW_E_IO;
}

/* Make sure the connection is up; reconnect once if it was lost. */
static int alive(pg_db *db)
{
    if (PQstatus(db->c) == CONNECTION_OK) return 1;
    gw_warn("postgres: connection lost, reconnecting");
    PQreset(db->c);
    db->gen++;
    if (PQstatus(db->c) == CONNECTION_OK) {
        gw_info("postgres: reconnected");
        return 1;
    }
    gw_error("postgres: reconnect failed: %s", PQerrorMessage(db->c));
    return 0;
}

static void quiet(void *arg, const PGresult *res) { (void)arg; (void)res; } /* notices are not errors */

gw_err gw_db_open_pg(const char *conninfo, gw_db **out)
{
    pg_db *db = calloc(1, sizeof *db);
    if (!db || !(db->conninfo = strdup(conninfo))) { free(db); return GW_E_NOMEM; }
    db->base.ops = &pg_ops;
    db->c = PQconnectdb(conninfo);
    if (PQstatus(db->c) != CONNECTION_OK) {
        gw_error("postgres: cannot connect: %s", PQerrorMessage(db->c));
        PQfinish(db->c);
        free(db->conninfo);
        free(db);
        return GW_E_IO;
    }
    PQsetNoticeReceiver(db->c, quiet, NULL);
    *out = &db->base;
    return GW_OK;
}

static void clear_params(pg_stmt *st)
{
    for (int i = 0; i < MAX_PARAMS; i++) {
        free(st->vals[i]);
        st->vals[i] = NULL;
        st->lens[i] = st->fmts[i] = 0;
    }
}

static void pg_reset(gw_stmt *s)
{
    pg_stmt *st = ST(s);
    PQclear(st->res);
    st->res = NULL;
    st->row = st->n_rows = 0;
    free(st->blob);
    st->blob = NULL;
}

static void pg_free_stmt(gw_stmt *s)
{
    pg_stmt *st = ST(s);
    pg_reset(s);
    clear_params(st);
    free(st->sql);
    free(st);
}

static void pg_close(gw_db *d)
{
    pg_db *db = DB(d);
    gw_stmt_cache_free(&db->cache, pg_free_stmt);
    PQfinish(db->c);
    free(db->conninfo);
    free(db);
}

static gw_err pg_exec(gw_db *d, const char *sql)
{
    pg_db *db = DB(d);
    if (!alive(db)) return GW_E_IO;
    PGresult *res = PQexec(db->c, sql);
    ExecStatusType s = PQresultStatus(res);
    gw_err e = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) ? GW_OK : err_of(res);
    if (e && e != GW_E_CONFLICT) gw_error("postgres exec: %s", PQresultErrorMessage(res));
    PQclear(res);
    return e;
}

char *gw_pg_rewrite(const char *sql, int *n)
{
    size_t len = strlen(sql);
    char *out = malloc(len + 1);
    if (!out) return NULL;
    char quote = 0; /* '\'' or '"' while inside one, '-' inside a -- comment */
    *n = 0;
    for (size_t i = 0, j = 0; i <= len; i++) {
        char ch = sql[i];
        if (quote == '-') { if (ch == '\n') quote = 0; }
        else if (quote) { if (ch == quote) quote = 0; }
        else if (ch == '\'' || ch == '"') quote = ch;
        else if (ch == '-' && sql[i + 1] == '-') quote = '-';
        else if (ch == '?' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            out[j++] = '$';
            long v = strtol(sql + i + 1, NULL, 10);
            if (v > *n) *n = v > 100000 ? 100000 : (int)v;
            continue;
        }
        out[j++] = ch;
    }
    return out;
}

static gw_stmt *pg_prep(gw_db *d, const char *sql)
{
    pg_db *db = DB(d);
    gw_stmt *hit = gw_stmt_cache_get(&db->cache, sql);
    if (hit) {
        pg_reset(hit);
        clear_params(ST(hit));
        return hit;
    }
    pg_stmt *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->base.ops = &pg_ops;
    st->db = db;
    if (!(st->sql = gw_pg_rewrite(sql, &st->n_params)) || st->n_params > MAX_PARAMS) {
        gw_error("postgres: cannot prepare (too many parameters?): %.200s", sql);
        free(st->sql);
        free(st);
        return NULL;
    }
    gw_err e = gw_stmt_cache_put(&db->cache, sql, &st->base);
    if (e) {
        gw_error("postgres: cannot cache another statement (%s; SQL built at run time?): %.200s", gw_err_name(e), sql);
        pg_free_stmt(&st->base);
        return NULL;
    }
    snprintf(st->name, sizeof st->name, "s%d", ++db->n);
    return &st->base;
}

static void set_param(gw_stmt *s, int i, char *v, int len, int fmt)
{
    pg_stmt *st = ST(s);
    if (i < 1 || i > MAX_PARAMS) { free(v); return; }
    free(st->vals[i - 1]);
    st->vals[i - 1] = v;
    st->lens[i - 1] = len;
    st->fmts[i - 1] = fmt;
}

static void pg_bind_int(gw_stmt *s, int i, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    set_param(s, i, strdup(buf), 0, 0);
}

static void pg_bind_double(gw_stmt *s, int i, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    set_param(s, i, strdup(buf), 0, 0);
}

static void pg_bind_text(gw_stmt *s, int i, const char *t) { set_param(s, i, t ? strdup(t) : NULL, 0, 0); }
static void pg_bind_null(gw_stmt *s, int i) { set_param(s, i, NULL, 0, 0); }

static void pg_bind_blob(gw_stmt *s, int i, const void *p, size_t n)
{
    char *copy = malloc(n ? n : 1);
    if (copy) memcpy(copy, p, n);
    set_param(s, i, copy, (int)n, 1);
}

static int pg_step(gw_stmt *s)
{
    pg_stmt *st = ST(s);
    pg_db *db = st->db;
    if (!st->res) {
        if (!alive(db)) return -GW_E_IO;
        if (!st->prepared || st->gen != db->gen) {
            PGresult *p = PQprepare(db->c, st->name, st->sql, st->n_params, NULL);
            if (PQresultStatus(p) != PGRES_COMMAND_OK) {
                gw_error("postgres prepare: %s in: %.300s", PQresultErrorMessage(p), st->sql);
                gw_err e = err_of(p);
                PQclear(p);
                return -(e == GW_E_CONFLICT ? GW_E_IO : e);
            }
            PQclear(p);
            st->prepared = 1;
            st->gen = db->gen;
        }
        st->res = PQexecPrepared(db->c, st->name, st->n_params, (const char *const *)st->vals, st->lens, st->fmts, 0);
        ExecStatusType rs = PQresultStatus(st->res);
        if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
            gw_err e = err_of(st->res);
            if (e == GW_E_IO) gw_error("postgres: %s in: %.300s", PQresultErrorMessage(st->res), st->sql);
            pg_reset(s);
            return -e;
        }
        st->n_rows = rs == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
        st->row = 0;
    }
    if (st->row < st->n_rows) {
        st->row++;
        return 1;
    }
    pg_reset(s);
    return 0;
}

static const char *cell(gw_stmt *s, int c)
{
    pg_stmt *st = ST(s);
    if (!st->res || st->row < 1 || c >= PQnfields(st->res) || PQgetisnull(st->res, st->row - 1, c)) return NULL;
    return PQgetvalue(st->res, st->row - 1, c);
}

static int64_t pg_col_int(gw_stmt *s, int c) { const char *v = cell(s, c); return v ? strtoll(v, NULL, 10) : 0; }
static double pg_col_double(gw_stmt *s, int c) { const char *v = cell(s, c); return v ? strtod(v, NULL) : 0; }
static const char *pg_col_text(gw_stmt *s, int c) { return cell(s, c); }
static int pg_col_is_null(gw_stmt *s, int c) { return cell(s, c) == NULL; }
static int hexval(char ch) { return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1; }

/* A bytea arrives as text in the hex format ("\\x0a1b..."): decoded into the statement's buffer. */
static const void *pg_col_blob(gw_stmt *s, int c, size_t *n)
{
    pg_stmt *st = ST(s);
    const char *v = cell(s, c);
    size_t len = v ? (size_t)PQgetlength(st->res, st->row - 1, c) : 0;
    *n = len;
    if (!v || len < 2 || v[0] != '\\' || v[1] != 'x' || len % 2) return v;
    free(st->blob);
    if (!(st->blob = malloc(len / 2 ? len / 2 : 1))) { *n = 0; return NULL; }
    for (size_t i = 2; i < len; i += 2) {
        int hi = hexval(v[i]), lo = hexval(v[i + 1]);
        if (hi < 0 || lo < 0) { *n = 0; return NULL; }
        st->blob[i / 2 - 1] = (unsigned char)(hi << 4 | lo);
    }
    *n = len / 2 - 1;
    return st->blob;
}

static int pg_col_count(gw_stmt *s) { return ST(s)->res ? PQnfields(ST(s)->res) : 0; }
static const char *pg_col_name(gw_stmt *s, int c) { return ST(s)->res ? PQfname(ST(s)->res, c) : NULL; }
/* Results travel as text: a value is NULL or text (the caller converts by column). */
static gw_col_kind pg_col_kind(gw_stmt *s, int c) { return cell(s, c) ? GW_COL_TEXT : GW_COL_NULL; }

static gw_err pg_lock(gw_db *d, int64_t key)
{
    static const char sql[] = "SELECT pg_advisory_xact_lock(CAST(?1 AS BIGINT))";
    gw_stmt *st = pg_prep(d, sql);
    if (!st) return GW_E_INTERNAL;
    pg_bind_int(st, 1, key);
    int rc;
    while ((rc = pg_step(st)) == 1) {}
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static gw_err pg_backup(gw_db *d, const char *dest)
{
    (void)d;
    gw_error("backup to %s: for PostgreSQL use pg_dump (see docs/operations.md)", dest);
    return GW_E_INVALID;
}

static const gw_db_ops pg_ops = {
    "postgres", GW_DIALECT_POSTGRES, pg_close, pg_exec, pg_prep, pg_bind_int, pg_bind_double, pg_bind_text,
    pg_bind_blob, pg_bind_null, pg_step, pg_reset, pg_col_int, pg_col_double, pg_col_text, pg_col_blob,
    pg_col_is_null, pg_col_count, pg_col_name, pg_col_kind, pg_lock, pg_backup,
};
