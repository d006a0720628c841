/* core/chain_store.c — appending to and walking any declared hash chain (core/chain.h): the SQL of
 * every chain is built here from its declaration, once, so all chains share one appender, one
 * verifier and one encoding. */
#include "core/chain.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static gw_chain_sql built[GW_CHAIN_MAX];
static int key_field[GW_CHAIN_MAX], ready[GW_CHAIN_MAX];
static pthread_mutex_t built_mu = PTHREAD_MUTEX_INITIALIZER;

/* How the walk selects field i: as the exact text that was hashed at insert (aliased, so that ORDER BY
 * names the key column, not a rendering of it). */
static int render(char *out, size_t n, const gw_chain_field *f, int i)
{
    switch (f->kind) {
    case GW_CF_INT: return snprintf(out, n, ", CAST(%s AS TEXT) AS f%d", f->column, i);
    case GW_CF_ID: return snprintf(out, n, ", CAST(COALESCE(%s, 0) AS TEXT) AS f%d", f->column, i);
    default: return snprintf(out, n, ", %s AS f%d", f->column, i);
    }
}

static void build(const gw_chain *c, gw_chain_sql *q, int *kf)
{
    char vf[96] = "", cols[512] = "", params[256] = "", sel[768] = "";
    size_t wc = 0, wp = 0, ws = 0;
    if (c->version_col) snprintf(vf, sizeof vf, " AND %s = %d", c->version_col, c->version);
    *kf = -1;
    for (int i = 0; i < c->nfields; i++) {
        const gw_chain_field *f = &c->fields[i];
        if (c->key && !strcmp(f->column, c->key)) *kf = i;
        wc += (size_t)snprintf(cols + wc, sizeof cols - wc, "%s, ", f->column);
        wp += (size_t)snprintf(params + wp, sizeof params - wp, "?%d, ", i + 1);
        ws += (size_t)render(sel + ws, sizeof sel - ws, f, i);
    }
    const char *k = c->key ? c->key : "0", *t = c->table;
    if (c->key) snprintf(q->last, sizeof q->last, "SELECT hash FROM %s WHERE %s = ?1%s ORDER BY id DESC LIMIT 1", t, k, vf);
    else snprintf(q->last, sizeof q->last, "SELECT hash FROM %s WHERE 1 = 1%s ORDER BY id DESC LIMIT 1", t, vf);
    char ver_col[64] = "", ver_val[32] = "";
    if (c->version_col) {
        snprintf(ver_col, sizeof ver_col, ", %s", c->version_col);
        snprintf(ver_val, sizeof ver_val, ", %d", c->version);
    }
    snprintf(q->insert, sizeof q->insert, "INSERT INTO %s(%sprev_hash, hash%s) VALUES (%s?%d, ?%d%s)", t, cols, ver_col,
             params, c->nfields + 1, c->nfields + 2, ver_val);
    snprintf(q->walk, sizeof q->walk, "SELECT id, prev_hash, hash, %s%s FROM %s WHERE 1 = 1%s ORDER BY %s%sid", k, sel, t,
             vf, c->key ? c->key : "", c->key ? ", " : "");
    snprintf(q->head, sizeof q->head, "SELECT %s, hash FROM %s WHERE id = ?1", k, t);
    /* Heads of the aggregates whose chain moved in (?1, ?2] and were not anchored at that head yet,
     * 500 at a time in aggregate order after ?4 (for the anchor job, core/anchor_store.c). */
    snprintf(q->moved, sizeof q->moved,
             "SELECT x.%s, x.id, x.hash FROM %s x LEFT JOIN chain_anchor a ON a.chain = ?3 AND a.agg = x.%s"
             " WHERE x.id IN (SELECT MAX(id) FROM %s WHERE id > ?1 AND id <= ?2%s GROUP BY %s)"
             " AND (a.last_id IS NULL OR a.last_id < x.id) AND x.%s > ?4 ORDER BY x.%s LIMIT 500",
             k, t, k, t, vf, k, k, k);
    snprintf(q->max_id, sizeof q->max_id, "SELECT COALESCE(MAX(id), 0) FROM %s", t);
}

const gw_chain_sql *gw_chain_sql_of(const gw_chain *c)
{
    int id = c->id > 0 && c->id < GW_CHAIN_MAX ? c->id : 0;
    pthread_mutex_lock(&built_mu);
    if (!ready[id]) {
        build(c, &built[id], &key_field[id]);
        ready[id] = 1;
    }
    pthread_mutex_unlock(&built_mu);
    return &built[id];
}

static int key_index(const gw_chain *c)
{
    gw_chain_sql_of(c);
    pthread_mutex_lock(&built_mu);
    int k = key_field[c->id > 0 && c->id < GW_CHAIN_MAX ? c->id : 0];
    pthread_mutex_unlock(&built_mu);
    return k;
}

static void bind_val(gw_stmt *st, int idx, gw_chain_kind kind, const gw_chain_val *v)
{
    switch (kind) {
    case GW_CF_INT: gw_bind_int(st, idx, v->i); break;
    case GW_CF_ID: gw_bind_id(st, idx, v->i); break;
    case GW_CF_TEXT: gw_bind_text(st, idx, v->s); break;
    default: gw_bind_text(st, idx, v->s && *v->s ? v->s : NULL); break;
    }
}

gw_err gw_chain_append(gw_db *tx, const gw_chain *c, const gw_chain_val *vals, char *hash_out)
{
    if (c->nfields > GW_CHAIN_MAX_FIELDS) return GW_E_INTERNAL;
    const gw_chain_sql *q = gw_chain_sql_of(c);
    int kf = key_index(c);
    if (c->key && kf < 0) return GW_E_INTERNAL; /* the key must be one of the fields */
    int64_t agg = c->key ? vals[kf].i : 0;
    gw_err e = gw_db_lock(tx, gw_chain_lock_key(c, agg)); /* one appender per aggregate, across servers */
    if (e) return e;
    char prev[GW_HASH_HEX] = GW_CHAIN_GENESIS, hash[GW_HASH_HEX], bufs[GW_CHAIN_MAX_FIELDS][24];
    gw_stmt *st = gw_db_prep(tx, q->last);
    if (!st) return GW_E_INTERNAL;
    if (c->key) gw_bind_int(st, 1, agg);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    if (rc == 1) { snprintf(prev, sizeof prev, "%s", gw_col_text(st, 0)); gw_stmt_reset(st); }
    const char *text[GW_CHAIN_MAX_FIELDS];
    for (int i = 0; i < c->nfields; i++) text[i] = gw_chain_text(c->fields[i].kind, &vals[i], bufs[i]);
    gw_chain_hash(prev, text, (size_t)c->nfields, hash);
    if (!(st = gw_db_prep(tx, q->insert))) return GW_E_INTERNAL;
    for (int i = 0; i < c->nfields; i++) bind_val(st, i + 1, c->fields[i].kind, &vals[i]);
    gw_bind_text(st, c->nfields + 1, prev);
    gw_bind_text(st, c->nfields + 2, hash);
    if ((e = gw_step_done(st))) return e;
    if (hash_out) memcpy(hash_out, hash, GW_HASH_HEX);
    return GW_OK;
}

static gw_err broken(char *where, size_t n, const gw_chain *c, int64_t id, int64_t agg, const char *what)
{
    char on[64] = "";
    if (c->key) snprintf(on, sizeof on, " (%s %lld)", c->key, (long long)agg);
    snprintf(where, n, "%s id %lld%s: %s", c->table, (long long)id, on, what);
    return GW_E_CONFLICT;
}

gw_err gw_chain_verify(gw_db *db, const gw_chain *c, char *where, size_t n, int64_t *count)
{
    if (c->nfields > GW_CHAIN_MAX_FIELDS) return GW_E_INTERNAL;
    gw_stmt *st = gw_db_prep(db, gw_chain_sql_of(c)->walk);
    if (!st) return GW_E_INTERNAL;
    char prev[GW_HASH_HEX] = GW_CHAIN_GENESIS, hash[GW_HASH_HEX];
    int64_t cur = 0;
    int rc, first = 1;
    while ((rc = gw_step(st)) == 1) {
        int64_t id = gw_col_int(st, 0), agg = gw_col_int(st, 3);
        const char *stored_prev = gw_col_text(st, 1), *stored = gw_col_text(st, 2), *text[GW_CHAIN_MAX_FIELDS];
        if (first || agg != cur) { memcpy(prev, GW_CHAIN_GENESIS, sizeof prev); cur = agg; first = 0; }
        for (int i = 0; i < c->nfields; i++) text[i] = gw_col_is_null(st, 4 + i) ? "" : gw_col_text(st, 4 + i);
        const char *bad = NULL;
        if (!stored_prev || strcmp(stored_prev, prev) != 0)
            bad = "prev_hash does not match the previous row (a row was removed or reordered)";
        gw_chain_hash(prev, text, (size_t)c->nfields, hash);
        if (!bad && (!stored || strcmp(stored, hash) != 0)) bad = "hash does not match its content (the row was edited)";
        if (bad) { gw_stmt_reset(st); return broken(where, n, c, id, agg, bad); }
        memcpy(prev, hash, sizeof prev);
        (*count)++;
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_chain_head_check(gw_db *db, const gw_chain *c, int64_t agg, int64_t id, const char *hash, char *where,
                           size_t n)
{
    gw_stmt *st = gw_db_prep(db, gw_chain_sql_of(c)->head);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e == GW_E_NOT_FOUND)
        return broken(where, n, c, id, agg, "the anchored head is gone (the chain was deleted or cut back)");
    if (e) return e;
    int same = gw_col_int(st, 0) == agg && gw_col_text(st, 1) && !strcmp(gw_col_text(st, 1), hash);
    gw_stmt_reset(st);
    if (!same) return broken(where, n, c, id, agg, "the anchored head has another hash (the chain was rewritten)");
    return GW_OK;
}
