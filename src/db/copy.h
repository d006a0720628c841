/* db/copy.h — whole-database copy, for moving a SQLite deployment onto PostgreSQL. */
#ifndef GW_STORE_COPY_H
#define GW_STORE_COPY_H

#include <stddef.h>
#include <stdint.h>
#include "db/db.h"

/* Copy every table of `from` into `to` (empty, same schema version), ids included; on PostgreSQL
 * the identity sequences continue after the copied ids. Run it inside one transaction on `to`.
 * GW_E_CONFLICT when the target is not empty (msg says which table). */
gw_err gw_store_copy(gw_db *from, gw_db *to, char *msg, size_t msgn);

/* Compare the row counts of every table; GW_E_CONFLICT naming the first that differs.
 * *rows = the total compared. */
gw_err gw_store_compare_counts(gw_db *a, gw_db *b, char *msg, size_t msgn, int64_t *rows);

#endif
