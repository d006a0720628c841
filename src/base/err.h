/* base/err.h — the one error enum of the program.
 * Every fallible function returns gw_err; GW_OK is 0. The mapping to HTTP status and
 * JSON error code lives in exactly one table (json/reply.c). */
#ifndef GW_BASE_ERR_H
#define GW_BASE_ERR_H

#include <stddef.h>

typedef enum {
    GW_OK = 0,
    GW_E_INVALID,      /* malformed or semantically bad input (400) */
    GW_E_UNAUTHORIZED, /* no or bad credentials (401) */
    GW_E_FORBIDDEN,    /* role or scope does not allow it (403) */
    GW_E_NOT_FOUND,    /* no such object, or not visible to the caller (404) */
    GW_E_CONFLICT,     /* not allowed in the object's current state, or lost a race (409) */
    GW_E_TOO_LARGE,    /* body, field or upload over its limit (413) */
    GW_E_UNSUPPORTED,  /* media type not accepted (415) */
    GW_E_RATE_LIMITED, /* too many requests (429) */
    GW_E_UNAVAILABLE,  /* shutting down or overloaded (503) */
    GW_E_NOMEM,        /* allocation failed (500) */
    GW_E_IO,           /* file or database I/O failed (500) */
    GW_E_INTERNAL,     /* a bug or an unexpected library error (500) */
    GW_E_METHOD,       /* the path exists, not with this method (405) */
    GW_E_URI_TOO_LONG, /* request target or query over its limits (414) */
    GW_E_NOT_IMPLEMENTED, /* a transfer coding we do not implement (501) */
    GW_E__COUNT
} gw_err;

/* A short stable name for logs ("invalid", "not_found", ...). Never NULL. */
const char *gw_err_name(gw_err e);

/* Write the formatted message into msg (when msg and n are given; cut to n-1 bytes) and return e: a
 * use case's refusal in one line, `return gw_say(msg, n, GW_E_INVALID, "...", ...);`. */
gw_err gw_say(char *msg, size_t n, gw_err e, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
