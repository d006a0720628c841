/* core/api.h — what a handler sees: the request, the caller, and reply helpers.
 * Handlers translate request -> domain call -> response; no SQL, no business rules.
 * They never see microhttpd: http/server.c fills gw_req and turns it into a response. */
#ifndef GW_API_API_H
#define GW_API_API_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/config.h"
#include "core/scope.h"
#include "db/store.h"
#include "json/i18n.h"

#define GW_MAX_PARAMS 4

/* Call fn(cls, key, value) for each query-string argument in order (value NULL for "?key"),
 * until fn returns 0. */
typedef int (*gw_query_fn)(void *cls, const char *key, const char *value);

/* How a request's raw parts are read: filled by the HTTP front (http/server.c) for each request,
 * called only through the gw_req_* accessors below (core/query.c), so handlers and this header
 * never depend on the front. `h` is gw_req.http. A NULL table (unit tests) reads as an empty request. */
typedef struct gw_req_io {
    const char *(*query)(void *h, const char *key);
    void (*query_each)(void *h, gw_query_fn fn, void *cls);
    const char *(*header)(void *h, const char *key);
    const char *(*form)(void *h, const char *key);
    const char *(*token)(void *h);
    void (*add_header)(void *h, const char *key, const char *value);
    const char *(*resident_token)(void *h); /* bearer header or the gw_resident cookie (NULL: none) */
} gw_req_io;

typedef struct gw_req {
    const gw_config *cfg;
    gw_store *store;
    const char *method;
    const char *path;
    const char *params[GW_MAX_PARAMS]; /* {id}, {code} ... in pattern order */
    int n_params;
    const char *body;
    size_t body_len;
    const char *client_ip;
    char request_id[20];
    gw_principal who; /* role GW_R_RESIDENT with user_id 0 when anonymous */
    int authed;
    gw_lang lang; /* of Accept-Language (http/server.c); error messages are rendered in it */
    void *http; /* http-private, handed to io's functions */
    const gw_req_io *io;

    /* The response, set through the helpers below. */
    int status;
    json_t *json;
    char *raw;              /* owned; sent as is when json is NULL */
    size_t raw_len;
    const char *raw_type;
    char err_msg[256];
} gw_req;

/* Query-string and header values (NULL when absent); form fields of an
 * application/x-www-form-urlencoded body. Valid for the life of the request. */
const char *gw_req_query(gw_req *r, const char *key);
const char *gw_req_header(gw_req *r, const char *key);
/* Call fn(cls, key, value) for each query-string argument (see gw_query_fn). */
void gw_req_query_each(gw_req *r, gw_query_fn fn, void *cls);
/* The first query-string key not in allowed (NULL-terminated; NULL allowed = none), copied into
 * buf (at most n-1 bytes, anything but printable ASCII shown as '?'); 0 when every key is allowed. */
int gw_req_unknown_query(gw_req *r, const char *const *allowed, char *buf, size_t n);
/* Fail with 400 "unknown query parameter 'x'" unless every query key is in allowed; GW_OK when
 * they all are. List handlers call it first, so a typo never silently changes a list. */
gw_err gw_req_only_query(gw_req *r, const char *const *allowed);
/* The page of a list: ?limit= (1..max; absent: dflt) and ?offset= (0..offset_max; absent: 0). A bad
 * value fails the request (400 "limit must be 1 to N" / "offset must be 0 to N"). */
gw_err gw_req_page(gw_req *r, size_t dflt, int max, int offset_max, size_t *offset, size_t *limit);
const char *gw_req_form(gw_req *r, const char *key);
/* The caller's session token (bearer header or gw_session cookie), NULL when none. */
const char *gw_req_token(gw_req *r);
/* A resident account's session token (bearer header or gw_resident cookie), NULL when none. */
const char *gw_req_resident_token(gw_req *r);
/* Add a response header (copied). */
void gw_req_add_header(gw_req *r, const char *key, const char *value);

/* Reply with a JSON value (takes the reference). */
gw_err gw_reply(gw_req *r, int status, json_t *body);
/* Reply with raw bytes (takes ownership of data, which must come from malloc). */
gw_err gw_reply_raw(gw_req *r, int status, const char *type, char *data, size_t len);
/* Fail with an error and a message for the client; returns e. */
gw_err gw_fail(gw_req *r, gw_err e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Parse the body as a strict JSON object (see gw_json_parse_body); on failure the request
 * is already failed with the message. */
gw_err gw_req_json(gw_req *r, json_t **out);

/* Read an optional {"lon":..,"lat":..} (coord "wgs84" default, or "gcj02", converted to WGS-84)
 * into rep->has_location/lon/lat; fails the request on a bad value. */
struct gw_report;
gw_err api_read_location(gw_req *r, json_t *loc, const char *coord, struct gw_report *rep);

/* Fill photos[] (at most GW_MAX_PHOTOS) from a JSON array of sha256 strings returned by an upload;
 * fails the request on anything else. */
gw_err api_photos_from(gw_req *r, json_t *arr, const char **photos, int *n);

/* The category named by `code` (when given) or *id; fails the request when neither names one. */
gw_err api_category_of(gw_req *r, const char *code, json_int_t *id);

/* A route: method, pattern with {name} segments, handler, and the roles allowed
 * (GW_PERM_PUBLIC: no login needed). */
typedef gw_err (*gw_handler)(gw_req *r);
#define GW_PERM_PUBLIC GW_ROLES_PUBLIC /* role masks: core/scope.h */
#define GW_PERM_STAFF  GW_ROLES_STAFF
#define GW_PERM_ADMIN  GW_ROLES_ADMIN
/* A device's route: no session opens it and the public per-client rate limit does not apply; the handler
 * authenticates the device itself (iot/ingest_api.c). */
#define GW_PERM_DEVICE 0x80000000u

typedef struct {
    const char *method;
    const char *pattern;
    gw_handler handler;
    unsigned roles;
    const char *name; /* metrics label */
} gw_route;

extern const gw_route gw_routes[];
extern const size_t gw_n_routes;

/* Handlers, one file per resource family. */
gw_err api_login(gw_req *r);
gw_err api_logout(gw_req *r);
gw_err api_me(gw_req *r);
gw_err api_meta_limits(gw_req *r); /* GET /api/v1/meta/limits: core/fields.h (public) */
gw_err api_meta_login(gw_req *r);  /* GET /api/v1/meta/login: {"demo_logins"} (public) */
gw_err api_me_password(gw_req *r); /* POST /api/v1/me/password: one's own password */
gw_err api_me_logins(gw_req *r);   /* GET /api/v1/me/logins: one's own sign-ins (the login log) */
/* core/session_api.c: who is signed in (GET /api/v1/sessions, DELETE /api/v1/sessions/{sid}: admin) and
 * one's own sessions (GET /api/v1/me/sessions, DELETE /api/v1/me/sessions/{sid}). */
gw_err api_sessions_list(gw_req *r);
gw_err api_sessions_end(gw_req *r);
gw_err api_me_sessions(gw_req *r);
gw_err api_me_sessions_end(gw_req *r);
gw_err api_user_unlock(gw_req *r); /* POST /api/v1/users/{id}/unlock: clear login throttling (admin, audited) */
/* audit_api.c: the auditor's page (admin and auditor) */
gw_err api_audit_list(gw_req *r);   /* GET  /api/v1/audit?actor=&action=&from=&to=&limit=&offset= */
gw_err api_audit_verify(gw_req *r); /* POST /api/v1/audit/verify: every chain, a result each */

/* api_admin.c: configuration (reads for staff, writes for admin) */
gw_err api_division_list(gw_req *r);   /* GET  /api/v1/divisions?geometry=1 */
gw_err api_division_get(gw_req *r);    /* GET  /api/v1/divisions/{id} */
gw_err api_division_create(gw_req *r); /* POST /api/v1/divisions */
gw_err api_division_update(gw_req *r); /* PUT  /api/v1/divisions/{id} */
gw_err api_grid_at(gw_req *r);         /* GET  /api/v1/grids/at?lon=&lat=[&coord=gcj02] */
gw_err api_unit_list(gw_req *r);
gw_err api_unit_create(gw_req *r);
gw_err api_unit_update(gw_req *r);
gw_err api_category_list(gw_req *r);
gw_err api_category_create(gw_req *r);
gw_err api_category_update(gw_req *r);
gw_err api_rule_list(gw_req *r);
gw_err api_rule_create(gw_req *r);
gw_err api_rule_update(gw_req *r);
gw_err api_rule_delete(gw_req *r);
gw_err api_rule_test(gw_req *r);       /* GET  /api/v1/routing-rules/test?category_id=&division_id= */
gw_err api_user_list(gw_req *r);
gw_err api_user_create(gw_req *r);
gw_err api_user_update(gw_req *r);

/* ops/ticket_api.c (export: ops/export_api.c; files: ops/file_api.c) */
gw_err api_ticket_list(gw_req *r);
gw_err api_ticket_export(gw_req *r); /* GET /api/v1/tickets/export.xlsx: the list's filters, audited */
gw_err api_ticket_create(gw_req *r);
gw_err api_ticket_get(gw_req *r);
gw_err api_ticket_action(gw_req *r);
gw_err api_ticket_timeline(gw_req *r);
gw_err api_ticket_reporter(gw_req *r); /* full reporter contact, audited */
gw_err api_file_upload(gw_req *r);
gw_err api_file_get(gw_req *r);

/* api_stats.c: dashboard and to-do figures, scoped like ticket lists */
gw_err api_stats_summary(gw_req *r);   /* GET /api/v1/stats/summary?days=30 */

/* api_track.c: public, rate limited */
gw_err api_track_get(gw_req *r);
gw_err api_track_photo(gw_req *r); /* GET /api/v1/track/{code}/photos/{sha}: after-repair photos (public) */
gw_err api_track_rate(gw_req *r);
gw_err api_public_report(gw_req *r);   /* POST /api/v1/public/reports (resident H5) */
gw_err api_public_categories(gw_req *r);

/* api_open311.c: GeoReport v2 */
gw_err api_o311_discovery(gw_req *r);
gw_err api_o311_services(gw_req *r);
gw_err api_o311_service_def(gw_req *r);
gw_err api_o311_requests_get(gw_req *r);
gw_err api_o311_requests_post(gw_req *r);
gw_err api_o311_request_get(gw_req *r);
gw_err api_o311_token_get(gw_req *r);
/* The Open311 error list for r->path's format (XML for .xml, else JSON) as r's reply; used by the
 * HTTP front for the errors it produces itself on /open311/ paths. GW_OK unless out of memory. */
gw_err api_o311_error_reply(gw_req *r, int status, const char *description);

#endif
