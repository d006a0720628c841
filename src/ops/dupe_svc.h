/* ops/dupe_svc.h — 重复件: possible duplicates of a report (open tickets of a related category near it
 * in space and time, ranked by insight/dupes.h), and merging a duplicate into its parent (the child
 * closes as merged, its reporter follows the parent) or undoing that. Every write commits before these
 * return. */
#ifndef GW_OPS_DUPE_SVC_H
#define GW_OPS_DUPE_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/fields.h"
#include "db/store.h"
#include "insight/dupes.h"
#include "ops/ticket_store.h"

#define GW_DUPES_SCAN_MAX 200 /* candidates scored for one question, newest first: bounded work */
#define GW_DUPES_TOP_DEFAULT 5
/* the radius and window limits are field limits: core/fields.h GW_DUPE_* */

/* What a question is about: a draft (intake form, resident H5) or a stored ticket. */
typedef struct {
    int64_t category_id;
    double lon, lat;       /* WGS-84 */
    const char *text;      /* the description; NULL = none (similarity 0) */
    int64_t at_ms;         /* 0 = now */
    int64_t exclude_id;    /* the ticket itself */
    int top;               /* 1..GW_DUPES_TOP_MAX; 0 = GW_DUPES_TOP_DEFAULT */
} gw_dupe_ask;

/* The answer: the category's settings and the ranked candidates (their parts in insight/dupes.h). */
typedef struct {
    int radius_m, window_days;
    gw_dupe items[GW_DUPES_TOP_MAX];
    size_t n;
} gw_dupe_answer;

/* Candidates for a draft among the tickets who may see (who NULL: the public, which is pointed only to
 * tickets a resident may follow: not IoT alarms). GW_E_INVALID no such category (msg). */
gw_err gw_dupes_find(gw_db *db, const gw_principal *who, const gw_dupe_ask *q, gw_dupe_answer *out, char *msg,
                     size_t msgn);
/* Candidates for ticket id (visible to who; GW_E_NOT_FOUND otherwise). A ticket without a location, or
 * one no longer open, has none. */
gw_err gw_dupes_for_ticket(gw_db *db, const gw_principal *who, int64_t id, int top, gw_dupe_answer *out, char *msg,
                           size_t msgn);

/* Merge ticket id into parent_id (dispatcher): the rules are gw_ticket_apply's GW_A_MERGE and
 * gw_ticket_merge_check; both tickets must be visible to who (GW_E_NOT_FOUND for the child, GW_E_INVALID
 * for the parent). The child's timeline gets "merge", the parent's "merged_in" (its state kept), the audit
 * log "ticket.merge". expect_version 0 = any. *row is the child after. */
gw_err gw_ticket_merge(gw_store *s, const gw_principal *who, int64_t id, int64_t parent_id, const char *note,
                       int64_t expect_version, gw_ticket_row *row, char *msg, size_t msgn);
/* Undo a merge (supervisor; note required): the child returns to the state it was merged from, both
 * timelines record it ("unmerge", "unmerged_out"), the audit log "ticket.unmerge". */
gw_err gw_ticket_unmerge(gw_store *s, const gw_principal *who, int64_t id, const char *note, int64_t expect_version,
                         gw_ticket_row *row, char *msg, size_t msgn);

/* Set a category's radius (GW_DUPE_RADIUS_MIN..MAX m) and window (1..GW_DUPE_WINDOW_MAX days); audited. */
gw_err gw_dupe_limits_update(gw_store *s, const gw_principal *who, int64_t category_id, int radius_m,
                             int window_days, char *msg, size_t msgn);

#endif
