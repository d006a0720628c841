/* ops/open311_view.h — Open311 GeoReport v2 documents: the format of a path, the services and
 * requests as published (masked through core/privacy.h), and their rendering as JSON or XML,
 * errors included (the spec's list of {code, description}). Used by ops/open311_api.c and
 * ops/open311_form.c only. */
#ifndef GW_OPS_OPEN311_VIEW_H
#define GW_OPS_OPEN311_VIEW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "ops/ticket_store.h"
#include "core/fields.h"

#define O311_BASE "/open311/v2"
#define O311_CHANGESET "2025-06-01T00:00:00+08:00" /* last change of this API's shape */
#define O311_MAX_ROWS 1000                          /* the spec's "first 1000 requests" */
#define O311_WINDOW_MS (90 * GW_MS_PER_DAY)         /* the spec's longest date range */
#define O311_MAX_CODES 32                           /* service_code values in one GET */
#define O311_URL_MAX 2048

typedef enum { FMT_JSON, FMT_XML, FMT_BAD } o311_fmt;

/* A published service: an enabled subclass (4-digit code) with open311 = 1 under an enabled big class. */
typedef struct {
    int64_t id;
    char code[16];
    char name[GW_NAME_BUF];
    char group[GW_NAME_BUF];
    char kind[8];
    int handle_hours;
} o311_svc;

typedef struct {
    o311_svc *v;
    size_t n;
} o311_svcs;

/* The format from the last path segment's extension (".json", ".xml", else FMT_BAD); the part
 * before it into name when name is not NULL. */
o311_fmt o311_path_format(const char *path, char *name, size_t n);

/* Send doc (reference taken; NULL is an out-of-memory 500) as JSON or as XML under the root
 * element `root`. */
gw_err o311_send(gw_req *r, o311_fmt f, int status, const char *root, json_t *doc);
/* The spec's error list with this status; returns GW_OK (the reply is complete) unless even that
 * could not be built. FMT_BAD answers in JSON. */
gw_err o311_error(gw_req *r, o311_fmt f, int status, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

const o311_svc *o311_svc_by_id(const o311_svcs *s, int64_t id);
const o311_svc *o311_svc_by_code(const o311_svcs *s, const char *code);
/* Whether the service is a 部件 (part): those take the urgency attribute. */
int o311_is_part(const o311_svc *s);
/* The urgency (1-3) an attribute[urgency] key names; 0 when it names none. */
int o311_urgency_of(const char *key);
/* Closed for the public: closed or invalid. */
int o311_is_closed(gw_ticket_state s);

json_t *o311_service_json(const o311_svc *s);
/* The service definition's attribute list (empty but for parts). */
json_t *o311_attributes_json(const o311_svc *s);
/* One ticket as a published request: no reporter, address and free text masked, the location
 * rounded to 4 decimals; reads the timeline (status_notes) and units (agency) from db. */
json_t *o311_request_json(gw_db *db, const o311_svc *s, const gw_ticket_row *t);

#endif
