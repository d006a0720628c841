/* ops/open311_form.h — what an Open311 client sends, decoded and checked: the POST form's fields
 * (where, who, what) and the GET requests filters. Each check that fails has answered the request
 * with the spec's 400 (o311_error) and returns 1; 0 means fine. Used by ops/open311_api.c only. */
#ifndef GW_OPS_OPEN311_FORM_H
#define GW_OPS_OPEN311_FORM_H

#include "ops/open311_view.h"
#include "ops/ticket_svc.h"

/* A POST field, from the form body or else the query string (some clients put api_key there);
 * NULL when absent or empty. */
const char *o311_field(gw_req *r, const char *key);
/* Code points in s, or -1 when s is not valid UTF-8 or holds control characters other than
 * tab, CR and LF (multiline) or any at all (!multiline). */
long o311_text_chars(const char *s, int multiline);

/* The place and the rest of a POST requests.{fmt}, filled by o311_form_where / o311_form_about.
 * The pointers point into the request. */
typedef struct {
    const char *lat_s, *lon_s, *addr, *addr_id;
    double lat, lon;
    const char *desc;
    char phone[32];                    /* spaces, dots and brackets dropped; "" when none */
    char name[GW_NAME_MAX * 8 + 2];    /* first_name and last_name joined; "" when none */
} o311_post;

/* lat + long (WGS-84, both or neither) or address_string; address_id alone is refused. */
int o311_form_where(gw_req *r, o311_fmt f, o311_post *p);
/* description, first_name, last_name, phone, email and media_url (the last two checked, not kept). */
int o311_form_about(gw_req *r, o311_fmt f, o311_post *p);

/* What a GET requests.{fmt} asks for. */
typedef struct {
    const o311_svcs *svcs;
    const o311_svc *codes[O311_MAX_CODES]; /* service_code filter; n_codes 0 = every service */
    int n_codes;
    int want_open, want_closed;
    int64_t from_ms, to_ms;
    int limit;
} o311_query;

/* page_size, status, service_code and the date window (at most 90 days) into *q. */
int o311_parse_query(gw_req *r, o311_fmt f, o311_query *q);
/* A key in the query string that is not in allowed (NULL-terminated). */
int o311_unknown_query(gw_req *r, o311_fmt f, const char *const *allowed);

#endif
