/* ops/routing.c — see routing.h. Pure: no I/O, no allocation. */
#include "ops/routing.h"

/* score = category level * 1000 + division level, where the category level is 2 for the
 * exact category and 1 for its big class, and the division level is 0 for "anywhere" and
 * n_div - i for the division at div_chain[i] (so >= 1, nearer = higher). Division levels
 * stay below 1000 as long as n_div < 1000, which real ancestries (a handful of levels) are. */
int gw_route_score(const gw_route_rule *r, const gw_route_query *q)
{
    if (!r || !q || !r->enabled || r->category_id == 0) return -1;

    int cat;
    if (r->category_id == q->category_id) cat = 2;
    else if (q->parent_category_id != 0 && r->category_id == q->parent_category_id) cat = 1;
    else return -1;

    int div = 0;
    if (r->division_id != 0) {
        size_t i = 0;
        while (q->div_chain && i < q->n_div && q->div_chain[i] != r->division_id) i++;
        if (!q->div_chain || i >= q->n_div) return -1;
        div = (int)(q->n_div - i);
    }
    return cat * 1000 + div;
}

const gw_route_rule *gw_route_pick(const gw_route_rule *rules, size_t n, const gw_route_query *q)
{
    const gw_route_rule *best = NULL;
    int best_score = -1;
    for (size_t i = 0; rules && i < n; i++) {
        int s = gw_route_score(&rules[i], q);
        if (s < 0) continue;
        if (s > best_score || (s == best_score && rules[i].id < best->id)) {
            best = &rules[i];
            best_score = s;
        }
    }
    return best;
}
