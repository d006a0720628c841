/* fuzz/fuzz_query.c — core/query.c and json/reply.c: the first line is a query string (decoded as
 * microhttpd does), judged by gw_req_page and the list handlers' unknown-key check; the rest is a
 * request body, judged by the strict JSON body parser every handler uses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/api.h"
#include "fuzz_io.h"
#include "json/reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data, *nl = memchr(in, '\n', size);
    size_t qn = nl ? (size_t)(nl - in) : size;
    static const char hdr[] = "Content-Type: application/json";
    fz_front f;
    if (fz_front_parse(&f, in, qn, hdr, sizeof hdr - 1, NULL, 0)) return 0;
    gw_req r;
    memset(&r, 0, sizeof r);
    r.http = &f;
    r.io = &fz_io;
    size_t off = 99, lim = 99;
    if (gw_req_page(&r, 20, 100, 100000, &off, &lim) == GW_OK) {
        if (lim < 1 || lim > 100 || off > 100000) abort();
    } else if (!r.err_msg[0]) abort();
    static const char *const allowed[] = { "state", "limit", "offset", "q", "category", "from", "to", NULL };
    char key[64];
    if (gw_req_unknown_query(&r, allowed, key, sizeof key) && strlen(key) >= sizeof key) abort();
    (void)gw_req_only_query(&r, allowed);
    (void)gw_req_only_query(&r, NULL);
    json_decref(r.json);
    free(r.raw);
    if (nl) {
        r.body = nl + 1;
        r.body_len = size - qn - 1;
        r.json = NULL;
        r.raw = NULL;
        json_t *body = NULL;
        if (gw_req_json(&r, &body) == GW_OK) {
            if (!json_is_object(body)) abort();
            json_decref(body);
        }
        json_decref(r.json);
        free(r.raw);
    }
    fz_front_free(&f);
    return 0;
}
