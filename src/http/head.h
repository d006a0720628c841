/* http/head.h — the rules for a request head, judged before anything is routed: the raw target,
 * the framing headers (Host, Content-Length, Transfer-Encoding), and the client address behind
 * trusted proxies. Pure string code: server.c feeds it what microhttpd parsed. */
#ifndef GW_HTTP_HEAD_H
#define GW_HTTP_HEAD_H

#include <stddef.h>
#include "base/err.h"
#include "core/config.h"

/* Bounds of the request target, checked on its raw bytes. The connection memory pool holds the
 * request line and header lines, one record per header and per query argument, and the response
 * head: a target within these bounds plus headers up to nginx's defaults (4 x 8 KiB) fits. */
#define GW_MAX_TARGET 8192   /* bytes of the request target (nginx's default line limit too) */
#define GW_MAX_QUERY_ARGS 64 /* name=value pairs in the query */
#define GW_POOL_BYTES ((size_t)65536)

/* The verdict on a raw request target: GW_OK for origin-form ("/path?query") within the bounds or
 * "*" (then *asterisk = 1: OPTIONS only); GW_E_URI_TOO_LONG over the bounds; GW_E_INVALID for any
 * other form or an encoded '/' in the path. *msg says why. */
gw_err gw_head_target(const char *uri, int *asterisk, const char **msg);

/* What the headers say about framing, gathered one header at a time (every header, not only the
 * first of a name). Start zeroed. */
typedef struct {
    int hosts, cls, tes, bad_byte, cl_bad, cl_differs;
    unsigned long long cl;
    const char *te;
} gw_head_scan;
void gw_head_note(gw_head_scan *s, const char *key, const char *value);

/* The verdict on the headers of a request with that method (and a "*" target when asterisk) in
 * HTTP/1.0 (http10) or 1.1, whose body may hold body_limit bytes: GW_OK, or the error to answer and
 * close the connection with (GW_E_INVALID, GW_E_NOT_IMPLEMENTED for transfer codings we lack,
 * GW_E_TOO_LARGE for a Content-Length over the limit); *msg says why. */
gw_err gw_head_framing(const gw_head_scan *s, const char *method, int asterisk, int http10, size_t body_limit,
                       const char **msg);

/* The client address from the forwarding headers of a request whose TCP peer is a trusted proxy:
 * the right-most X-Forwarded-For address that is not itself a trusted proxy (what the nearest proxy
 * saw; the left part is whatever the client wrote), else X-Real-IP. xff holds the last n_xff
 * X-Forwarded-For headers (at most GW_MAX_XFF), oldest first. 1 when out holds a canonical address
 * (inet_ntop text, so one client has one rate-limit key), 0 when the headers name none. */
#define GW_MAX_XFF 8
int gw_head_forwarded_client(const gw_config *cfg, const char *const *xff, int n_xff, const char *real_ip,
                             char *out, size_t n);

#endif
