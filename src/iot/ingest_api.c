/* iot/ingest_api.c — POST /api/v1/iot/events: a device reports over HTTP. It authenticates with HTTP Basic
 * (device_id:secret; no session), then hands the body to the one ingestion entry point
 * (gw_iot_ingest, as MQTT does). The route is neither staff nor public: no session opens it, and the
 * public per-client rate limit does not apply (a fleet behind one NAT shares an address); a wrong secret
 * is 401 and counted, and guessing a 256-bit secret is hopeless (docs/iot.md). */
#include "iot/iot_api.h"
#include "iot/device.h"
#include "base/str.h"
#include "core/attachment_svc.h"
#include "iot/ingest_svc.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* device_id and secret of "Basic base64(device_id:secret)"; 0 when malformed. */
static int basic_of(const char *h, char *did, size_t didn, char *secret, size_t sn)
{
    char raw[256];
    size_t n = 0;
    if (!h || strncmp(h, "Basic ", 6) || strlen(h + 6) > 340) return 0;
    if (sodium_base642bin((unsigned char *)raw, sizeof raw - 1, h + 6, strlen(h + 6), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL))
        return 0;
    raw[n] = 0;
    char *colon = memchr(raw, ':', n);
    if (!colon || strlen(raw) != n) return 0;
    *colon = 0;
    if ((size_t)(colon - raw) >= didn || strlen(colon + 1) >= sn) return 0;
    snprintf(did, didn, "%s", raw);
    snprintf(secret, sn, "%s", colon + 1);
    sodium_memzero(raw, sizeof raw);
    return 1;
}

/* The authenticated device of the request into did (GW_IOT_CODE_BUF bytes), or the request failed. */
static gw_err device_of(gw_req *r, gw_iot *iot, char *did)
{
    char secret[160] = "";
    did[0] = 0;
    if (!iot) return gw_fail(r, GW_E_UNAVAILABLE, "device ingestion is not running");
    int parsed = basic_of(gw_req_header(r, "Authorization"), did, GW_IOT_CODE_BUF, secret, sizeof secret);
    int64_t retry = 0;
    if (!gw_iot_auth_allowed(iot, r->client_ip, parsed ? did : "", &retry)) {
        char s[32];
        snprintf(s, sizeof s, "%lld", (long long)(retry + 999) / 1000);
        gw_req_add_header(r, "Retry-After", s);
        sodium_memzero(secret, sizeof secret);
        return gw_fail(r, GW_E_RATE_LIMITED, "too many failed device logins; wait %lld s", (long long)(retry + 999) / 1000);
    }
    /* a malformed header is checked as the empty device, so it is counted as an auth drop too */
    gw_err auth = gw_iot_auth(iot, GW_IOT_HTTP, parsed ? did : "", parsed ? secret : "");
    sodium_memzero(secret, sizeof secret);
    if (auth == GW_OK) return GW_OK;
    gw_iot_auth_failed(iot, r->client_ip, parsed ? did : "");
    gw_req_add_header(r, "WWW-Authenticate", "Basic realm=\"gridwork devices\"");
    return gw_fail(r, GW_E_UNAUTHORIZED, "device credentials required (HTTP Basic device_id:secret)");
}

gw_err api_iot_events(gw_req *r)
{
    gw_iot *iot = gw_iot_current();
    char did[GW_IOT_CODE_BUF], msg[256] = "";
    gw_err e = device_of(r, iot, did);
    if (e) return e;
    e = gw_req_only_query(r, NULL);
    if (e) return e;
    const char *ct = gw_req_header(r, "Content-Type");
    if (ct && strncmp(ct, "application/json", 16) != 0)
        return gw_fail(r, GW_E_UNSUPPORTED, "send the body as application/json");
    e = gw_iot_ingest(iot, GW_IOT_HTTP, did, "telemetry", r->body, r->body_len, msg, sizeof msg);
    if (e) return gw_fail(r, e, "%s", msg[0] ? msg : "could not take the events");
    return gw_reply(r, 200, json_pack("{s:s,s:b}", "device_id", did, "accepted", 1));
}

gw_err api_iot_video(gw_req *r)
{
    static const char *const allowed[] = { "event", "ts", NULL };
    gw_iot *iot = gw_iot_current();
    char did[GW_IOT_CODE_BUF], msg[256] = "", sha[GW_SHA256_HEX];
    const char *mime = NULL;
    gw_err e = device_of(r, iot, did);
    if (e || (e = gw_req_only_query(r, allowed))) return e;
    const char *ev = gw_req_query(r, "event"), *ts = gw_req_query(r, "ts");
    long long at = ts ? gw_parse_id(ts) : 0;
    if (!ev || !gw_iot_code_valid(ev)) return gw_fail(r, GW_E_INVALID, "event must name an event type of the camera");
    if (ts && at < 1) return gw_fail(r, GW_E_INVALID, "ts must be Unix milliseconds");
    e = gw_attachment_put(r->store, r->cfg->data_dir, r->body, r->body_len, 0, sha, &mime);
    if (e == GW_E_INVALID) return gw_fail(r, e, "send the snapshot as the request body");
    if (e == GW_E_UNSUPPORTED) return gw_fail(r, e, "only JPEG, PNG and WebP images are accepted");
    if (e) return gw_fail(r, e, "cannot store the snapshot");
    e = gw_iot_ingest_video(iot, did, ev, at, sha, msg, sizeof msg);
    if (e) return gw_fail(r, e, "%s", msg[0] ? msg : "could not take the event");
    return gw_reply(r, 200, json_pack("{s:s,s:s,s:s,s:b}", "device_id", did, "event", ev, "snapshot", sha, "accepted", 1));
}
