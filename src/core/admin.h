/* core/admin.h — the skeleton every configuration handler shares (divisions, units, users in core/;
 * the catalogue in ops/): reading the path and query, checking fields, running a write with its
 * audit row, answering lists. Handlers state only their fields and rules. */
#ifndef GW_CORE_ADMIN_H
#define GW_CORE_ADMIN_H

#include <jansson.h>
#include <stdint.h>
#include "base/geo.h"
#include "core/api.h"
#include "core/fields.h" /* the field limits */
#include "db/db.h"


/* Decode the body with a strict format; on a mismatch the request fails with jansson's message. */
#define GW_ADMIN_UNPACK(r, body, ...)                                                                 \
    do {                                                                                     \
        char umsg_[200];                                                                     \
        if (gw_json_unpack((body), umsg_, sizeof umsg_, __VA_ARGS__) != GW_OK) {             \
            json_decref(body);                                                               \
            return gw_fail((r), GW_E_INVALID, "%s", umsg_);                                  \
        }                                                                                    \
    } while (0)

/* The index of a division level name (city 0 .. grid 4), -1 for anything else. */
int gw_admin_div_level(const char *s);
extern const char *const gw_div_level_names[5];
/* The {id} of the path; anything but a positive integer names nothing (404). */
gw_err gw_admin_path_id(gw_req *r, const char *what, int64_t *id);
/* lon, lat and optional coord=wgs84|gcj02 from the query string, as WGS-84. */
gw_err gw_admin_query_point(gw_req *r, gw_point *p);
/* A flag in the query string: absent = dflt; "1"/"true" or "0"/"false". -1 when malformed. */
int gw_admin_query_flag(gw_req *r, const char *key, int dflt);
/* The search and page of a configuration list: ?q= (a piece of any text field, or a whole number
 * field; ASCII without case), &offset= (0..), &limit= (1..500; absent: every match). */
typedef struct {
    const char *q; /* NULL: no search */
    long offset, limit; /* limit -1: all */
} gw_admin_page;
/* more: further keys the list allows (NULL-terminated, at most 8). */
gw_err gw_admin_query_page(gw_req *r, const char *const *more, gw_admin_page *pg);
/* Whether one of item's text or number fields holds q (NULL or "" matches every item). */
int gw_admin_item_matches(json_t *item, const char *q);
/* Reply {"items": [the page of the matches], "total": how many match}; steals all. */
gw_err gw_admin_reply_page(gw_req *r, json_t *all, const gw_admin_page *pg);
/* A configuration list: load the rows (malloc'd, freed here) in one read snapshot, render each,
 * reply one page of the matches (above). `what` names them in an error ("units"). */
typedef gw_err (*gw_admin_load_fn)(gw_db *db, void **rows, size_t *n);
typedef json_t *(*gw_admin_item_fn)(gw_req *r, const void *rows, size_t i);
gw_err gw_admin_list(gw_req *r, const char *what, gw_admin_load_fn load, gw_admin_item_fn item);
/* GW_E_FORBIDDEN unless the caller is the administrator. */
gw_err gw_admin_require_admin(gw_req *r);
/* A required (or optional, when !required and s is NULL) single-line text field of at most
 * max characters that also fits a buffer of bufn bytes. */
gw_err gw_admin_check_text(gw_req *r, const char *field, const char *s, int required, size_t max, size_t bufn);
/* Codes of divisions and units: ASCII letters, digits, '_' and '-'. */
gw_err gw_admin_check_code(gw_req *r, const char *field, const char *s, size_t bufn);
/* Phone numbers of units and users: the one phone rule (core/privacy.h). */
gw_err gw_admin_check_phone(gw_req *r, const char *field, const char *s);
/* An optional integer field given as a JSON value: absent (v NULL) leaves *out and returns 0;
 * an integer in lo..hi sets *out and returns 1; null when nullable sets *out = 0 and returns 1.
 * Anything else fails the request and returns -1. */
int gw_admin_opt_int(gw_req *r, const char *field, json_t *v, int64_t lo, int64_t hi, int nullable, int64_t *out);
/* Compact JSON text of obj for an audit detail (new string, free()); steals obj. */
char *gw_admin_detail_of(json_t *obj);
/* After a write: on success the model generation moves (cached views are stale); on failure the
 * request fails with msg (what the operation said) or a message for the common errors. */
gw_err gw_admin_finish_write(gw_req *r, gw_err e, const char *msg, const char *what);
/* A read connection, or NULL with the request failed. */
gw_db *gw_admin_read_begin(gw_req *r);
/* Reply with a list wrapped as {"items": [...]} (steals arr). */
gw_err gw_admin_reply_items(gw_req *r, json_t *arr);
/* Audit a configuration write on "kind:id" in the same transaction. */
gw_err gw_admin_audit(gw_db *tx, int64_t now, int64_t actor, const char *action, const char *kind, int64_t id,
                      const char *detail);

#endif
