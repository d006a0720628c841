/* ops/kb_store.h — SQL of the 知识库: articles and their weighted bigram index (kb_grams). */
#ifndef GW_OPS_KB_STORE_H
#define GW_OPS_KB_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"
#include "ops/kb.h"

typedef struct {
    int64_t id;
    char title[GW_KB_TITLE_MAX * 4 + 1];
    char body[GW_KB_BODY_MAX * 4 + 1];
    char category[GW_KB_CATEGORY_MAX * 4 + 1];
    char tags[GW_KB_TAGS_MAX * 4 + 1];
    int status;                /* 0 draft, 1 published (ops/kb.h) */
    int64_t updated_by;        /* user id, 0 when unknown */
    char updated_by_name[128]; /* display name ("" when unknown) */
    int64_t created_ms, updated_ms;
    int score;                 /* search: the sum of the matched bigrams' weights */
} gw_kb_row;

/* Insert (fills id) or update by id (GW_E_NOT_FOUND when none); both rewrite the bigram index. */
gw_err gw_store_kb_insert(gw_db *tx, gw_kb_row *a);
gw_err gw_store_kb_update(gw_db *tx, const gw_kb_row *a);
gw_err gw_store_kb_delete(gw_db *tx, int64_t id);
gw_err gw_store_kb_get(gw_db *db, int64_t id, gw_kb_row *out);

/* A page of articles: with grams (n > 0) those containing at least min_hits of them, best first
 * (most bigrams, then weight, then newest); without, the most recently updated first. status -1 =
 * any. Rows go to out (at most max), *found how many, *more whether another page exists. */
typedef struct {
    char (*grams)[9];
    size_t n, min_hits;
    int status;
    size_t offset, limit;
} gw_kb_query;
gw_err gw_store_kb_search(gw_db *db, const gw_kb_query *q, gw_kb_row *out, size_t *found, int *more);

#endif
