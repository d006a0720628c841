/* ops/routing.h — the dispatch catalogue (派单目录) decision, pure.
 * The service layer loads candidate rules and the ticket's division ancestry, and asks
 * gw_route_pick which rule wins. No I/O, no allocation. */
#ifndef GW_OPS_ROUTING_H
#define GW_OPS_ROUTING_H

#include <stddef.h>
#include <stdint.h>

#include "core/fields.h"
#define GW_ROUTE_MAX_CC GW_CC_MAX /* core/fields.h */

typedef enum { GW_ROUTE_AUTO = 0, GW_ROUTE_REVIEW = 1 } gw_route_mode;

typedef struct {
    int64_t id;
    int64_t category_id;          /* the category this rule names (a subclass or a big class) */
    int64_t division_id;          /* 0 = anywhere; else applies to this division's subtree */
    int64_t unit_id;              /* primary handling unit */
    int64_t cc_unit_ids[GW_ROUTE_MAX_CC];
    int n_cc;
    int64_t handle_ms_override;   /* 0 = use the category default */
    gw_route_mode mode;
    int enabled;
} gw_route_rule;

/* What the ticket is: its category and the category's parent (big class; 0 if the category
 * is itself a big class), and the ancestry of its division from itself up to the root
 * (div_chain[0] = the ticket's own division, div_chain[n_div-1] = the root). */
typedef struct {
    int64_t category_id;
    int64_t parent_category_id;
    const int64_t *div_chain;
    size_t n_div;
} gw_route_query;

/* Pick the most specific enabled rule matching *q, or NULL when none does.
 * Specificity: a rule naming the exact category beats one naming its big class; among
 * those, a rule whose division is nearer the ticket (lower index in div_chain) beats a farther
 * one, and any division beats "anywhere". A rule whose division is not in the chain does not
 * match. Ties go to the lower id (the older rule). */
const gw_route_rule *gw_route_pick(const gw_route_rule *rules, size_t n, const gw_route_query *q);

/* A number that orders matches as above (higher = more specific), or -1 when `r` does not
 * match `q`. Exposed for the "which rule would route this?" tester and for tests. */
int gw_route_score(const gw_route_rule *r, const gw_route_query *q);

#endif
