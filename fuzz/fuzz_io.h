/* fuzz/fuzz_io.h — a request front for fuzz targets: what http/server.c hands a handler (query
 * arguments, headers, form fields, tokens), parsed from the fuzzer's bytes instead of a socket, and
 * served through the real gw_req_io table so core/query.c and every handler read it unchanged. */
#ifndef GW_FUZZ_IO_H
#define GW_FUZZ_IO_H

#include <stddef.h>
#include "core/api.h"

#define FZ_MAX_ARGS 64
#define FZ_MAX_HDRS 16

typedef struct {
    char *buf; /* owned: every decoded key and value, NUL-terminated */
    const char *qk[FZ_MAX_ARGS], *qv[FZ_MAX_ARGS];
    int nq;
    const char *hk[FZ_MAX_HDRS], *hv[FZ_MAX_HDRS];
    int nh;
    const char *fk[FZ_MAX_ARGS], *fv[FZ_MAX_ARGS];
    int nf;
    const char *token, *resident_token;
} fz_front;

/* Fill f from a query string (q[0..qn), "a=b&c" percent- and '+'-decoded as microhttpd does),
 * header lines (h[0..hn), "Name: value" separated by '\n') and, when the Content-Type header is
 * application/x-www-form-urlencoded, the form fields of body[0..bn). 0, or -1 out of memory. */
int fz_front_parse(fz_front *f, const char *q, size_t qn, const char *h, size_t hn, const char *body, size_t bn);
void fz_front_free(fz_front *f);

/* The io table reading an fz_front (gw_req.http). */
extern const gw_req_io fz_io;

#endif
