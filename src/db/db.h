/* db/db.h — the database driver seen by the store_* functions, and only by them.
 * SQL is written once with ?1 ?2 ... placeholders and RETURNING for generated ids; a
 * driver rewrites what its dialect needs (the PostgreSQL driver turns ?N into $N).
 * A gw_db is one connection, used by one thread at a time. */
#ifndef GW_STORE_DB_H
#define GW_STORE_DB_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

typedef struct gw_db gw_db;
typedef struct gw_stmt gw_stmt;

typedef enum { GW_DIALECT_SQLITE = 0, GW_DIALECT_POSTGRES = 1 } gw_db_dialect;

/* Open a connection to a SQLite file. `readonly` opens it read-only (the file must exist). */
gw_err gw_db_open_sqlite(const char *path, int readonly, gw_db **out);
/* Open a connection to PostgreSQL (a libpq conninfo or postgres:// URL). */
gw_err gw_db_open_pg(const char *conninfo, gw_db **out);
void gw_db_close(gw_db *db);
/* Which SQL dialect the connection speaks, for the few statements written twice. */
gw_db_dialect gw_db_dialect_of(gw_db *db);
/* Pick the statement text for this connection's dialect. */
#define GW_SQL(db, sqlite_sql, pg_sql) (gw_db_dialect_of(db) == GW_DIALECT_POSTGRES ? (pg_sql) : (sqlite_sql))
/* Serialize writers on `key` until the transaction ends (PostgreSQL advisory lock; SQLite has one
 * writer already, so nothing). Used before appending to a hash chain. */
gw_err gw_db_lock(gw_db *db, int64_t key);

/* Run one or more statements with no parameters and no rows. */
gw_err gw_db_exec(gw_db *db, const char *sql);

/* A prepared statement for `sql`, cached per connection by the text's address (pass string
 * literals), reset and with bindings cleared. Owned by the connection: never free it.
 * NULL on a preparation error (logged; a bug). */
gw_stmt *gw_db_prep(gw_db *db, const char *sql);

/* Bind parameter ?idx (1-based). Text is copied; NULL text binds SQL NULL. */
void gw_bind_int(gw_stmt *st, int idx, int64_t v);
void gw_bind_double(gw_stmt *st, int idx, double v);
void gw_bind_text(gw_stmt *st, int idx, const char *s);
void gw_bind_blob(gw_stmt *st, int idx, const void *p, size_t n);
void gw_bind_null(gw_stmt *st, int idx);
/* Bind 0 as NULL (for optional foreign keys), else the value. */
void gw_bind_id(gw_stmt *st, int idx, int64_t v);

/* Step: 1 = a row is ready, 0 = done, <0 = -gw_err (GW_E_CONFLICT for a constraint violation,
 * GW_E_IO otherwise). After 0 or an error the statement is reset. */
int gw_step(gw_stmt *st);
/* Reset early (when not all rows were read). */
void gw_stmt_reset(gw_stmt *st);
/* Step a statement expected to produce no rows, or whose rows are ignored. */
gw_err gw_step_done(gw_stmt *st);

/* Step a statement expected to yield at most one row: GW_OK with the row ready, GW_E_NOT_FOUND when
 * there is none, or the driver's error. */
gw_err gw_step_row(gw_stmt *st);
/* Step a write with RETURNING id: GW_OK when a row was touched (statement reset), GW_E_NOT_FOUND otherwise. */
gw_err gw_step_touched(gw_stmt *st);
/* Whether row id exists, by a static "SELECT 1 FROM t WHERE id = ?1" statement: GW_OK or GW_E_NOT_FOUND. */
gw_err gw_db_row_exists(gw_db *db, const char *sql, int64_t id);
/* The same, for a referenced row: a missing one is bad input (GW_E_INVALID), not a 404. */
gw_err gw_db_must_exist(gw_db *db, const char *sql, int64_t id);

/* Column readers for the current row. Text is valid until the next step/reset; NULL for SQL
 * NULL. gw_col_int gives 0 for NULL. */
int64_t gw_col_int(gw_stmt *st, int col);
double gw_col_double(gw_stmt *st, int col);
const char *gw_col_text(gw_stmt *st, int col);
const void *gw_col_blob(gw_stmt *st, int col, size_t *n);
int gw_col_is_null(gw_stmt *st, int col);
/* The shape of the current row, for copying tables whole (gridwork migrate). */
typedef enum { GW_COL_NULL, GW_COL_INT, GW_COL_DOUBLE, GW_COL_TEXT, GW_COL_BLOB } gw_col_kind;
int gw_col_count(gw_stmt *st);
const char *gw_col_name(gw_stmt *st, int col);
gw_col_kind gw_col_kind_of(gw_stmt *st, int col);

/* Online backup of the whole database into a new file at `dest`. */
gw_err gw_db_backup(gw_db *db, const char *dest);

#endif
