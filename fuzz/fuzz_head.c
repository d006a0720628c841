/* fuzz/fuzz_head.c — http/head.c: a request head as microhttpd parsed it. The first line is the raw
 * request target, each further line a "Name: value" header; the first byte also picks the method and
 * the HTTP version. The target is judged, every header noted, the framing judged, and the client
 * address read from the forwarding headers behind a trusted proxy. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/config.h"
#include "http/head.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gw_config cfg;
    static int ready;
    if (!ready) {
        gw_config_defaults(&cfg);
        if (gw_config_set(&cfg, "trusted_proxies", "10.0.0.0/8, 192.168.1.1, ::1")) abort();
        ready = 1;
    }
    if (!size || size > 65536) return 0;
    static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE" };
    const char *method = methods[data[0] & 7];
    int http10 = (data[0] >> 3) & 1;
    char *buf = malloc(size);
    if (!buf) return 0;
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = 0; /* lines become C strings, as microhttpd hands them over */
    char *line = buf, *end = buf + size - 1, *nl = memchr(line, '\n', (size_t)(end - line));
    if (nl) *nl = 0;
    int asterisk = 0;
    const char *msg = NULL;
    gw_err e = gw_head_target(line, &asterisk, &msg);
    if (e != GW_OK && !msg) abort();
    gw_head_scan s;
    memset(&s, 0, sizeof s);
    const char *xff[GW_MAX_XFF], *real_ip = NULL;
    int n_xff = 0;
    for (line = nl ? nl + 1 : end; line < end; line = nl ? nl + 1 : end) {
        nl = memchr(line, '\n', (size_t)(end - line));
        if (nl) *nl = 0;
        char *colon = strchr(line, ':');
        if (!colon) continue;
        *colon = 0;
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t') v++;
        gw_head_note(&s, line, v);
        if (!strcasecmp(line, "X-Forwarded-For")) {
            if (n_xff == GW_MAX_XFF) memmove(xff, xff + 1, sizeof xff[0] * (GW_MAX_XFF - 1)), n_xff--;
            xff[n_xff++] = v;
        } else if (!strcasecmp(line, "X-Real-IP")) real_ip = v;
    }
    msg = NULL;
    e = gw_head_framing(&s, method, asterisk, http10, 65536, &msg);
    if (e != GW_OK && !msg) abort();
    char ip[48];
    if (gw_head_forwarded_client(&cfg, xff, n_xff, real_ip, ip, sizeof ip) && !ip[0]) abort();
    free(buf);
    return 0;
}
