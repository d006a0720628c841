/* ops/kb.h — the 知识库 (knowledge base of answers and policies) pure half: field limits, statuses,
 * and the weighted bigrams an article is indexed and a query is matched by. The text forms are the
 * gazetteer's (ops/place.h gw_place_normalise), so Chinese, full-width and digits match as there.
 * No I/O, no allocation. */
#ifndef GW_OPS_KB_H
#define GW_OPS_KB_H

#include <stddef.h>

#define GW_KB_TITLE_MAX 100     /* characters */
#define GW_KB_BODY_MAX 2000    /* fits the JSON reader's string limit (json/reply.h) in UTF-8 */
#define GW_KB_CATEGORY_MAX 40
#define GW_KB_TAGS_MAX 200
#define GW_KB_QUERY_MAX 64
#define GW_KB_LIMIT_MAX 50      /* articles on one page */
#define GW_KB_QUERY_GRAMS 16    /* bigrams of a query looked up */
#define GW_KB_GRAMS 256         /* distinct bigrams indexed per article */

/* Weights: a bigram of the title counts most, then the keywords, then the text. */
#define GW_KB_W_TITLE 4
#define GW_KB_W_TAGS 2
#define GW_KB_W_BODY 1

typedef struct {
    char gram[9];
    int weight;
} gw_kb_gram;

/* "draft" 0, "published" 1; -1 for anything else (NULL too). */
int gw_kb_status_parse(const char *s);
const char *gw_kb_status_name(int st);

/* The distinct bigrams of an article's title, tags and text (the text in slices, so all of it is
 * indexed up to max grams), each with the highest weight it appears with. Returns how many. */
size_t gw_kb_index_grams(const char *title, const char *tags, const char *body, gw_kb_gram *out, size_t max);

/* The bigrams of a query (at most GW_KB_QUERY_GRAMS, in order). Returns how many; 0 when the
 * query has no character worth matching. */
size_t gw_kb_query_grams(const char *q, char grams[][9], size_t max);

/* The fewest of a query's n bigrams an article must contain to be a hit: half, at least one. */
size_t gw_kb_min_hits(size_t n);

#endif
