/* http/routes.h — the route table (http/routes.c) and its matcher, a pure function of the table,
 * the method and the path (no HTTP library), so it is tested on its own. */
#ifndef GW_HTTP_ROUTES_H
#define GW_HTTP_ROUTES_H

#include <stddef.h>
#include "core/api.h"

/* Whether `path` matches `pattern` as a whole: literal bytes match themselves, {name} captures one
 * non-empty segment (up to the next '/'). On a match the captures, in pattern order, are copied into
 * buf (bufn bytes) and pointed to by params[0..*n-1] (at most GW_MAX_PARAMS); 0 when the path does not
 * match or the captures do not fit. A trailing '/' is a difference like any other byte. */
int gw_route_match(const char *pattern, const char *path, const char **params, int *n, char *buf, size_t bufn);

typedef enum {
    GW_ROUTE_FOUND = 0, /* *index is the first route whose pattern and method match */
    GW_ROUTE_METHOD,    /* some pattern matches, none with this method: 405, allow lists the methods */
    GW_ROUTE_NONE,      /* no pattern matches: 404 */
} gw_route_verdict;

/* Find method + path in routes[0..n-1], in table order (the first match wins). On GW_ROUTE_FOUND
 * r->params / r->n_params hold the captures (copied into buf). On GW_ROUTE_METHOD allow holds the
 * path's methods, ", "-separated, each once (cut to allown bytes). */
gw_route_verdict gw_route_find(const gw_route *routes, size_t n, const char *method, const char *path, gw_req *r,
                               char *buf, size_t bufn, size_t *index, char *allow, size_t allown);

#endif
