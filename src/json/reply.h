/* json/reply.h — the error table, strict request decoding, and small builders. */
#ifndef GW_JSON_REPLY_H
#define GW_JSON_REPLY_H

#include <jansson.h>
#include <stddef.h>
#include "base/err.h"

#define GW_JSON_MAX_DEPTH 16
#define GW_JSON_MAX_STRING 8192 /* bytes, any string value or key in a request */

/* The one table: error -> HTTP status and the stable code in {"error":{"code",...}}. */
int gw_err_status(gw_err e);
const char *gw_err_code(gw_err e);
/* {"error":{"code":..., "message":...}} (new reference). */
json_t *gw_json_error(gw_err e, const char *message);

/* Parse a request body strictly: valid UTF-8, no duplicate keys, nesting at most
 * GW_JSON_MAX_DEPTH, every string at most GW_JSON_MAX_STRING bytes and free of C0 control
 * characters but tab, LF and CR (so never a NUL: jansson refuses "\u0000" without
 * JSON_ALLOW_NUL, which we never pass), an object at the top.
 * On success *out is a new reference. On failure GW_E_INVALID (or GW_E_TOO_LARGE for an
 * over-long string or nesting) and msg says what and where. */
gw_err gw_json_parse_body(const char *body, size_t len, json_t **out, char *msg, size_t msgn);

/* json_unpack_ex with JSON_STRICT (unknown fields are an error); GW_E_INVALID with the
 * library's message on mismatch. */
gw_err gw_json_unpack(json_t *root, char *msg, size_t msgn, const char *fmt, ...);

/* Check that s (may be NULL when !required) has 1..max characters (UTF-8 code points) and no C0
 * control character but tab, LF and CR. */
gw_err gw_json_check_text(const char *field, const char *s, int required, size_t max, char *msg, size_t msgn);

/* Builders that tolerate NULL: a JSON string or null; an integer or null when v == 0. */
json_t *gw_json_str(const char *s);
json_t *gw_json_id(long long v);
/* Time as an ISO 8601 UTC string, or null when ms == 0. */
json_t *gw_json_time(long long ms);

#endif
