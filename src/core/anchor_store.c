/* core/anchor_store.c — the anchor job's SQL and the check of anchored heads (core/anchor.h). */
#include "core/anchor.h"
#include "core/audit.h"
#include "base/log.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_CURSOR_GET[] = "SELECT upto, prev_upto FROM chain_cursor WHERE chain = ?1";
static const char SQL_CURSOR_SET[] =
    "INSERT INTO chain_cursor(chain, upto, prev_upto) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (chain) DO UPDATE SET upto = excluded.upto, prev_upto = excluded.prev_upto";
static const char SQL_ANCHORED_SET[] =
    "INSERT INTO chain_anchor(chain, agg, last_id) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (chain, agg) DO UPDATE SET last_id = excluded.last_id";
static const char SQL_ANCHORS[] =
    "SELECT id, object, detail FROM audit_log WHERE action = '" GW_ANCHOR_ACTION "' ORDER BY id";

static gw_err one_int(gw_db *db, const char *sql, int64_t *out)
{
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_err e = gw_step_row(st);
    if (e) return e;
    *out = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

static gw_err cursor_get(gw_db *tx, const char *chain, int64_t *upto, int64_t *prev)
{
    gw_stmt *st = gw_db_prep(tx, SQL_CURSOR_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, chain);
    gw_err e = gw_step_row(st);
    *upto = *prev = 0;
    if (e == GW_E_NOT_FOUND) return GW_OK;
    if (e) return e;
    *upto = gw_col_int(st, 0);
    *prev = gw_col_int(st, 1);
    gw_stmt_reset(st);
    return GW_OK;
}

static gw_err set3(gw_db *tx, const char *sql, const char *chain, int64_t a, int64_t b)
{
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, chain);
    gw_bind_int(st, 2, a);
    gw_bind_int(st, 3, b);
    return gw_step_done(st);
}

/* One audit entry: up to GW_ANCHOR_PER_ENTRY heads after aggregate *after; *got heads were anchored. */
static gw_err anchor_part(gw_db *tx, const gw_chain *c, int64_t from, int64_t to, int64_t now_ms, int64_t slot,
                          int part, int64_t *after, int *got)
{
    gw_stmt *st = gw_db_prep(tx, gw_chain_sql_of(c)->moved);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, from);
    gw_bind_int(st, 2, to);
    gw_bind_text(st, 3, c->table);
    gw_bind_int(st, 4, *after);
    json_t *heads = json_array();
    int rc;
    while ((rc = gw_step(st)) == 1) {
        *after = gw_col_int(st, 0);
        json_array_append_new(heads, json_pack("[I,I,s]", (json_int_t)*after, (json_int_t)gw_col_int(st, 1),
                                               gw_col_text(st, 2) ? gw_col_text(st, 2) : ""));
    }
    *got = (int)json_array_size(heads);
    gw_err e = rc < 0 ? (gw_err)-rc : GW_OK;
    if (!e && *got) {
        json_t *d = json_pack("{s:I,s:i,s:I,s:I,s:o}", "slot", (json_int_t)slot, "part", part, "from", (json_int_t)from,
                              "to", (json_int_t)to, "heads", json_incref(heads));
        char *text = json_dumps(d, JSON_COMPACT);
        json_decref(d);
        e = text ? gw_audit_append(tx, now_ms, 0, GW_ANCHOR_ACTION, c->table, text) : GW_E_INTERNAL;
        free(text);
        size_t i;
        json_t *h;
        json_array_foreach(heads, i, h) {
            if (e) break;
            e = set3(tx, SQL_ANCHORED_SET, c->table, json_integer_value(json_array_get(h, 0)),
                     json_integer_value(json_array_get(h, 1)));
        }
    }
    json_decref(heads);
    return e;
}

static gw_err anchor_chain(gw_db *tx, const gw_chain *c, int64_t now_ms, int64_t slot, int *heads)
{
    int64_t upto, prev, top;
    gw_err e = cursor_get(tx, c->table, &upto, &prev);
    if (!e) e = one_int(tx, gw_chain_sql_of(c)->max_id, &top);
    if (e) return e;
    if (top < upto) top = upto; /* rows were deleted at the end: keep the cursor where it was */
    int64_t after = INT64_MIN;
    for (int part = 0; !e; part++) {
        int got = 0;
        e = anchor_part(tx, c, prev, top, now_ms, slot, part, &after, &got);
        *heads += got;
        if (got < GW_ANCHOR_PER_ENTRY) break;
    }
    /* The next run scans from this run's start again: one run of overlap for late commits. */
    return e ? e : set3(tx, SQL_CURSOR_SET, c->table, top, upto);
}

gw_err gw_anchor_run(gw_db *tx, const gw_chain *const *chains, int n, int64_t now_ms, int64_t slot, int *heads)
{
    int count = 0;
    gw_err e = gw_db_lock(tx, gw_chain_lock_key(&gw_audit_chain, 0)); /* one anchor run at a time */
    for (int i = 0; i < n && !e; i++)
        if (chains[i]->key) e = anchor_chain(tx, chains[i], now_ms, slot, &count);
    if (heads) *heads = count;
    return e;
}

static const gw_chain *keyed_chain(const gw_chain *const *chains, int n, const char *table)
{
    for (int i = 0; i < n; i++)
        if (chains[i]->key && table && !strcmp(chains[i]->table, table)) return chains[i];
    return NULL;
}

static gw_err check_entry(gw_db *db, const gw_chain *c, int64_t audit_id, const char *detail, char *where, size_t wn)
{
    json_t *d = json_loads(detail ? detail : "", 0, NULL), *heads = json_object_get(d, "heads");
    gw_err e = GW_OK;
    if (!json_is_array(heads)) {
        snprintf(where, wn, "audit_log id %lld: the anchor lists no heads", (long long)audit_id);
        e = GW_E_CONFLICT;
    }
    size_t i;
    json_t *h;
    json_array_foreach(heads, i, h) {
        if (e) break;
        const char *hash = json_string_value(json_array_get(h, 2));
        e = gw_chain_head_check(db, c, json_integer_value(json_array_get(h, 0)),
                                json_integer_value(json_array_get(h, 1)), hash ? hash : "", where, wn);
    }
    json_decref(d);
    return e;
}

gw_err gw_anchor_verify(gw_db *db, const gw_chain *const *chains, int n, char *where, size_t wn)
{
    gw_stmt *st = gw_db_prep(db, SQL_ANCHORS);
    if (!st) return GW_E_INTERNAL;
    int rc;
    gw_err e = GW_OK;
    while (!e && (rc = gw_step(st)) == 1) {
        const gw_chain *c = keyed_chain(chains, n, gw_col_text(st, 1));
        if (c) e = check_entry(db, c, gw_col_int(st, 0), gw_col_text(st, 2), where, wn);
    }
    if (e) { gw_stmt_reset(st); return e; }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_anchor_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg)
{
    const gw_anchor_set *set = arg;
    int heads = 0;
    gw_err e = gw_anchor_run(tx, set->chains, set->n, now_ms, slot_ms, &heads);
    if (!e && heads) gw_info("anchor: %d chain heads anchored in the audit log", heads);
    return e;
}

gw_job gw_anchor(const gw_anchor_set *set, int seconds)
{
    gw_job j = { GW_ANCHOR_JOB, (int64_t)(seconds < 1 ? 60 : seconds) * 1000, gw_anchor_job, (void *)set, NULL };
    return j;
}

gw_err gw_chains_verify(gw_db *db, const gw_chain *const *chains, int n, char *where, size_t wn, int64_t *rows_checked)
{
    *rows_checked = 0;
    where[0] = 0;
    gw_err e = GW_OK;
    for (int i = 0; i < n && !e; i++) e = gw_chain_verify(db, chains[i], where, wn, rows_checked);
    if (!e) e = gw_anchor_verify(db, chains, n, where, wn);
    return e;
}
