#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>

const char *gw_err_name(gw_err e)
{
    static const char *names[GW_E__COUNT] = {
        [GW_OK] = "ok",
        [GW_E_INVALID] = "invalid_request",
        [GW_E_UNAUTHORIZED] = "unauthorized",
        [GW_E_FORBIDDEN] = "forbidden",
        [GW_E_NOT_FOUND] = "not_found",
        [GW_E_CONFLICT] = "conflict",
        [GW_E_TOO_LARGE] = "too_large",
        [GW_E_UNSUPPORTED] = "unsupported_media_type",
        [GW_E_RATE_LIMITED] = "rate_limited",
        [GW_E_UNAVAILABLE] = "unavailable",
        [GW_E_NOMEM] = "out_of_memory",
        [GW_E_IO] = "io_error",
        [GW_E_INTERNAL] = "internal",
        [GW_E_METHOD] = "method_not_allowed",
        [GW_E_URI_TOO_LONG] = "uri_too_long",
        [GW_E_NOT_IMPLEMENTED] = "not_implemented",
    };
    if ((unsigned)e >= GW_E__COUNT || !names[e]) return "internal";
    return names[e];
}

gw_err gw_say(char *msg, size_t n, gw_err e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (msg && n) vsnprintf(msg, n, fmt, ap);
    va_end(ap);
    return e;
}
