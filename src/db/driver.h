/* db/driver.h — what a database driver implements behind store/db.h. Private to store/.
 * A driver's connection and statement structs begin with gw_db / gw_stmt, whose ops pointer the
 * public gw_* functions (store/db.c) dispatch through. */
#ifndef GW_STORE_DRIVER_H
#define GW_STORE_DRIVER_H

#include "db/db.h"

typedef struct gw_db_ops {
    const char *name; /* "sqlite", "postgres" */
    gw_db_dialect dialect;
    void (*close)(gw_db *db);
    gw_err (*exec)(gw_db *db, const char *sql);
    gw_stmt *(*prep)(gw_db *db, const char *sql);
    void (*bind_int)(gw_stmt *st, int idx, int64_t v);
    void (*bind_double)(gw_stmt *st, int idx, double v);
    void (*bind_text)(gw_stmt *st, int idx, const char *s);
    void (*bind_blob)(gw_stmt *st, int idx, const void *p, size_t n);
    void (*bind_null)(gw_stmt *st, int idx);
    int (*step)(gw_stmt *st);
    void (*reset)(gw_stmt *st);
    int64_t (*col_int)(gw_stmt *st, int col);
    double (*col_double)(gw_stmt *st, int col);
    const char *(*col_text)(gw_stmt *st, int col);
    const void *(*col_blob)(gw_stmt *st, int col, size_t *n);
    int (*col_is_null)(gw_stmt *st, int col);
    int (*col_count)(gw_stmt *st);
    const char *(*col_name)(gw_stmt *st, int col);
    gw_col_kind (*col_kind)(gw_stmt *st, int col);
    gw_err (*lock)(gw_db *db, int64_t key);
    gw_err (*backup)(gw_db *db, const char *dest);
} gw_db_ops;

struct gw_db {
    const gw_db_ops *ops;
};

struct gw_stmt {
    const gw_db_ops *ops;
};

#endif
