/* core/chain.h — hash chains: append-only tables where each row holds the hash of the previous row
 * of its chain, so editing, removing or reordering a row breaks the chain at that row.
 *
 * A chain is declared, not coded: its table, the aggregate column that splits the table into one
 * chain per aggregate (a ticket's timeline, later a dispute case's, a ledger account's) or none (one
 * chain over the whole table, like the audit log), and the list of fields it hashes. Every chain is
 * appended and verified by the same code (chain_store.c) with the same encoding (chain.c):
 *   hash = SHA-256(prev_hash, then for each field "|<byte length>:" and its text)
 * where an integer field is its decimal text (an optional id stored as NULL is "0") and a NULL text is
 * "". The first link of a chain has prev_hash GW_CHAIN_GENESIS.
 *
 * Appends to one chain are serialised by gw_db_lock on gw_chain_lock_key(chain, aggregate): an
 * advisory lock held until COMMIT on PostgreSQL, nothing under SQLite's single writer. Appends to two
 * aggregates of one chain never wait for each other. */
#ifndef GW_CORE_CHAIN_H
#define GW_CORE_CHAIN_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"

#define GW_HASH_HEX 65
#define GW_CHAIN_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define GW_CHAIN_MAX_FIELDS 16
#define GW_CHAIN_MAX 16 /* chain ids are 1 .. GW_CHAIN_MAX - 1 */

/* How a field is stored and hashed. */
typedef enum {
    GW_CF_INT,      /* integer column, never NULL; hashed as decimal */
    GW_CF_ID,       /* optional reference: 0 is stored as NULL; hashed as decimal ("0" for NULL) */
    GW_CF_TEXT,     /* text column stored as given (NULL stays NULL); NULL hashed as "" */
    GW_CF_OPT_TEXT, /* text column where "" is stored as NULL; both hashed as "" */
} gw_chain_kind;

typedef struct { const char *column; gw_chain_kind kind; } gw_chain_field;

/* One field's value for gw_chain_append: `i` for the integer kinds, `s` for the text kinds. */
typedef struct { int64_t i; const char *s; } gw_chain_val;

typedef struct {
    int id;                       /* 1 .. GW_CHAIN_MAX - 1, distinct per chain (lock keys, built SQL) */
    const char *table;            /* the table; it has id, prev_hash and hash columns besides the fields */
    const char *key;              /* aggregate column (BIGINT, also one of the fields), or NULL: one chain */
    const char *version_col;      /* NULL, or a column telling this chain's rows from older chains' rows */
    int version;                  /* the value of version_col on this chain's rows */
    int nfields;
    const gw_chain_field *fields; /* hashed in this order */
} gw_chain;

/* Hash of one chain link: SHA-256 over prev (64 hex) and each field with its length, hex. */
void gw_chain_hash(const char *prev, const char *const *fields, size_t n, char *out);
/* Render value v of a field of `kind` as the text that is hashed; buf (24 bytes) holds integers. */
const char *gw_chain_text(gw_chain_kind kind, const gw_chain_val *v, char *buf);
/* The advisory lock key serialising appends to one aggregate's chain (aggregate 0 for an unkeyed chain).
 * Unkeyed chain n keeps the historical key 0x67770000 + n. */
int64_t gw_chain_lock_key(const gw_chain *c, int64_t aggregate);

/* Append one link inside a write transaction: lock the aggregate's chain, find its last link
 * (WHERE key = aggregate ORDER BY id DESC LIMIT 1), hash the values and insert the row. `vals` holds
 * nfields values in the order of c->fields; the aggregate is the value of the key field. The new row's
 * hash goes to hash_out when it is not NULL. */
gw_err gw_chain_append(gw_db *tx, const gw_chain *c, const gw_chain_val *vals, char *hash_out);

/* Walk every link of chain c, aggregate by aggregate, in id order. GW_OK when intact (*count grows by
 * the rows checked); GW_E_CONFLICT with `where` naming the first broken row
 * ("ticket_timeline id 42 (ticket_id 7): hash does not match its content"). */
gw_err gw_chain_verify(gw_db *db, const gw_chain *c, char *where, size_t n, int64_t *count);

/* The head (last id and its hash) of aggregate `agg`'s chain that is anchored: does row `id` still exist,
 * on that aggregate, with that hash? GW_OK, or GW_E_CONFLICT with `where` saying what is wrong. */
gw_err gw_chain_head_check(gw_db *db, const gw_chain *c, int64_t agg, int64_t id, const char *hash, char *where,
                           size_t n);

/* The SQL built from a declaration (chain_store.c), for the anchor's queries: the text of a statement
 * stays at one address for the life of the process, as gw_db_prep wants. */
typedef struct {
    char last[512], insert[1024], walk[1024], head[256], moved[1024], max_id[256];
} gw_chain_sql;
const gw_chain_sql *gw_chain_sql_of(const gw_chain *c);

#endif
