/* db/store.h — the database as the rest of the program sees it.
 * One writer thread owns the only write connection: callers hand it operations and wait
 * for the COMMIT that contains them (group commit: many operations per transaction, each
 * under its own SAVEPOINT so one failing operation does not undo its neighbours).
 * Reads use a pool of read-only connections. Nothing here names a database engine. */
#ifndef GW_STORE_STORE_H
#define GW_STORE_STORE_H

#include "base/err.h"
#include "db/db.h"

#include <stdint.h>

typedef struct gw_store gw_store;

/* Open the database named by `url` ("sqlite:PATH" or a plain path), apply pending
 * migrations and start the writer. `readers` is the read pool size (>= 1). */
gw_err gw_store_open(const char *url, int readers, gw_store **out);
/* Stop accepting writes, commit what is queued, stop the writer and close everything. */
void gw_store_close(gw_store *s);

/* An operation run inside the writer's transaction under its own savepoint. Returning an error
 * rolls back only this operation's changes; the error is what gw_store_write returns. */
typedef gw_err (*gw_store_op)(gw_db *tx, void *arg);

/* Queue `op` and wait until the transaction containing it has committed (GW_OK) or the operation
 * or the commit failed (its error). GW_E_UNAVAILABLE after gw_store_close began. */
gw_err gw_store_write(gw_store *s, gw_store_op op, void *arg);

/* Borrow a read-only connection (blocks while all are in use) holding one read snapshot until
 * read_end gives it back. NULL when no connection can be opened. */
gw_db *gw_store_read_begin(gw_store *s);
void gw_store_read_end(gw_store *s, gw_db *db);

/* Whether other servers may share this database (PostgreSQL): then counters that must hold across
 * servers (rate limits, login throttling) live in the database instead of in memory. */
int gw_store_shared(gw_store *s);

/* Change counters for cached views of tickets. On a single server (SQLite) every write passes through
 * this process: a write operation that inserts or updates a ticket notes its id, and after the COMMIT
 * (before the writer's caller is answered) the ticket's counter moves on. gw_store_ticket_gen returns
 * the counter (never 0), or 0 when other servers may write the database (PostgreSQL): then a view must
 * be checked against the database itself. */
void gw_store_note_ticket(int64_t id);
uint64_t gw_store_ticket_gen(gw_store *s, int64_t id);

/* Borrow a read-only connection without a snapshot, for a single statement (on PostgreSQL that saves
 * the BEGIN and COMMIT round trips); give it back with gw_store_read_one_end. */
gw_db *gw_store_read_one(gw_store *s);
void gw_store_read_one_end(gw_store *s, gw_db *db);

/* Operations waiting for the writer right now (for /metrics). */
int gw_store_queue_depth(gw_store *s);
/* Transactions committed so far and operations they held (for /metrics and benchmarks). */
void gw_store_stats(gw_store *s, long long *commits, long long *ops);

/* A consistent copy of the whole database in a new file (SQLite online backup). */
gw_err gw_store_backup(gw_store *s, const char *dest);

/* Migrations: db/schema.h (gw_schema_use names the modules gw_store_open migrates). */

#endif
