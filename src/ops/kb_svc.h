/* ops/kb_svc.h — the 知识库's use cases: write an article (kb.edit: admin, dispatcher; audited),
 * read and search (kb.view: staff; drafts only for kb.edit), and check the articles an answer cites. */
#ifndef GW_OPS_KB_SVC_H
#define GW_OPS_KB_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"
#include "ops/kb_store.h"

/* The fields of a write; NULL leaves a field as it is on an update (a create needs title and body). */
typedef struct {
    const char *title, *body, *category, *tags, *status;
} gw_kb_in;

gw_err gw_kb_create(gw_store *s, const gw_principal *who, const gw_kb_in *in, gw_kb_row *out, char *msg, size_t msgn);
gw_err gw_kb_update(gw_store *s, const gw_principal *who, int64_t id, const gw_kb_in *in, gw_kb_row *out, char *msg,
                    size_t msgn);
gw_err gw_kb_delete(gw_store *s, const gw_principal *who, int64_t id);

/* A page of articles matching q (NULL or "" = the latest), as gw_store_kb_search. Those without
 * kb.edit see published articles only (status is then ignored). */
gw_err gw_kb_search(gw_db *db, const gw_principal *who, const char *q, int status, size_t offset, size_t limit,
                    gw_kb_row *out, size_t *found, int *more);
/* One article; GW_E_NOT_FOUND also for a draft when who may not edit. */
gw_err gw_kb_get(gw_db *db, const gw_principal *who, int64_t id, gw_kb_row *out);
/* Whether every id is a published article (GW_E_INVALID with msg otherwise). */
gw_err gw_kb_check_cited(gw_db *db, const int64_t *ids, int n, char *msg, size_t msgn);

#endif
