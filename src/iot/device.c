/* iot/device.c — see device.h. */
#include "iot/device.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const sev_names[] = { "none", "warning", "minor", "major", "critical" };

int gw_severity_parse(const char *s)
{
    for (int i = 1; s && i <= GW_SEV_CRITICAL; i++)
        if (!strcmp(s, sev_names[i])) return i;
    return -1;
}

const char *gw_severity_name(gw_severity s)
{
    return s >= GW_SEV_NONE && s <= GW_SEV_CRITICAL ? sev_names[s] : "none";
}

int gw_iot_code_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > GW_IOT_CODE_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == ':'))
            return 0;
    }
    return 1;
}

static gw_err set_rule(gw_status_rule *r, json_t *o, int i, char *msg, size_t msgn)
{
    const char *status = NULL, *alarm = NULL, *sev = NULL, *cat = NULL;
    json_error_t je;
    if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s?:s, s?:s, s?:s}", "status", &status, "alarm", &alarm, "severity",
                       &sev, "category", &cat)) {
        snprintf(msg, msgn, "statuses[%d]: %s", i, je.text);
        return GW_E_INVALID;
    }
    if (!gw_iot_code_valid(status) || (alarm && !gw_iot_code_valid(alarm)) || (cat && !gw_iot_code_valid(cat))) {
        snprintf(msg, msgn, "statuses[%d]: status, alarm and category are 1 to %d letters, digits or _ . : -", i,
                 GW_IOT_CODE_MAX);
        return GW_E_INVALID;
    }
    int s = sev ? gw_severity_parse(sev) : GW_SEV_NONE;
    if (s < 0 || (alarm && s == GW_SEV_NONE) || (!alarm && (sev || cat))) {
        snprintf(msg, msgn, "statuses[%d]: an alarm needs a severity (critical, major, minor or warning)", i);
        return GW_E_INVALID;
    }
    memset(r, 0, sizeof *r);
    snprintf(r->status, sizeof r->status, "%s", status);
    snprintf(r->alarm, sizeof r->alarm, "%s", alarm ? alarm : "");
    snprintf(r->category, sizeof r->category, "%s", cat ? cat : "");
    r->severity = (gw_severity)s;
    return GW_OK;
}

gw_err gw_device_type_set_statuses(gw_device_type *t, json_t *arr, char *msg, size_t msgn)
{
    if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > GW_IOT_STATUSES_MAX) {
        snprintf(msg, msgn, "statuses must be a list of 1 to %d statuses", GW_IOT_STATUSES_MAX);
        return GW_E_INVALID;
    }
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        gw_err e = set_rule(&t->st[i], o, (int)i, msg, msgn);
        if (e) return e;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(t->st[j].status, t->st[i].status)) {
                snprintf(msg, msgn, "statuses[%d]: status %s is listed twice", (int)i, t->st[i].status);
                return GW_E_INVALID;
            }
    }
    t->n_st = (int)json_array_size(arr);
    return GW_OK;
}

json_t *gw_device_type_statuses_json(const gw_device_type *t)
{
    json_t *a = json_array();
    for (int i = 0; a && i < t->n_st; i++) {
        const gw_status_rule *r = &t->st[i];
        json_t *o = json_pack("{s:s}", "status", r->status);
        if (r->alarm[0]) {
            json_object_set_new(o, "alarm", json_string(r->alarm));
            json_object_set_new(o, "severity", json_string(gw_severity_name(r->severity)));
        }
        if (r->category[0]) json_object_set_new(o, "category", json_string(r->category));
        json_array_append_new(a, o);
    }
    return a;
}

gw_err gw_device_type_check(const gw_device_type *t, char *msg, size_t msgn)
{
    const gw_status_rule *n = gw_device_type_rule(t, "normal");
    if (!gw_iot_code_valid(t->code)) {
        snprintf(msg, msgn, "code must be 1 to %d letters, digits or _ . : -", GW_IOT_CODE_MAX);
        return GW_E_INVALID;
    }
    if (!n || n->alarm[0]) { snprintf(msg, msgn, "statuses must hold \"normal\" without an alarm"); return GW_E_INVALID; }
    if (t->heartbeat_s < 1 || t->offline_s <= t->heartbeat_s || t->offline_s < GW_IOT_OFFLINE_MIN_S ||
        t->offline_s > 30 * 86400) {
        snprintf(msg, msgn, "offline_s must exceed heartbeat_s and be %d s to 30 days", GW_IOT_OFFLINE_MIN_S);
        return GW_E_INVALID;
    }
    if (t->debounce_n < 1 || t->debounce_n > 1000 || t->debounce_ms < 0 || t->debounce_ms > 86400000) {
        snprintf(msg, msgn, "debounce_n must be 1 to 1000 and debounce_ms 0 to 86400000");
        return GW_E_INVALID;
    }
    return GW_OK;
}

const gw_status_rule *gw_device_type_rule(const gw_device_type *t, const char *status)
{
    for (int i = 0; status && i < t->n_st; i++)
        if (!strcmp(t->st[i].status, status)) return &t->st[i];
    return NULL;
}

/* The key of the secret hash: a fixed domain separator. The secrets are 256-bit random values, so the
 * hash needs no salt or stretching; the key keeps these hashes apart from any other BLAKE2b use. */
static const unsigned char SECRET_KEY[crypto_generichash_KEYBYTES] = "gridwork device secret v1 ......";

void gw_iot_secret_new(char out[GW_IOT_SECRET_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, GW_IOT_SECRET_LEN + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void gw_iot_secret_hash(const char *device_id, const char *secret, char out[GW_IOT_HASH_BUF])
{
    unsigned char h[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, SECRET_KEY, sizeof SECRET_KEY, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)device_id, strlen(device_id) + 1);
    crypto_generichash_update(&st, (const unsigned char *)secret, strlen(secret));
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, GW_IOT_HASH_BUF, h, sizeof h);
}

int gw_iot_secret_ok(const char *device_id, const char *secret, const char *stored)
{
    char h[GW_IOT_HASH_BUF];
    if (!device_id || !secret || !stored || strlen(stored) != GW_IOT_HASH_BUF - 1) return 0;
    gw_iot_secret_hash(device_id, secret, h);
    return sodium_memcmp(h, stored, GW_IOT_HASH_BUF - 1) == 0;
}
