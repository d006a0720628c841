/* iot/ingest.c — see ingest.h. */
#include "iot/ingest.h"
#include "base/str.h"
#include "json/reply.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TS_MIN 946684800000LL  /* 2000-01-01 */
#define TS_MAX 4102444800000LL /* 2100-01-01 */

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t gw_iot_parse_time(const char *s)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, mo, d, h, mi, se, ms = 0, off = 8 * 60;
    if (!s || strlen(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' ||
        s[16] != ':')
        return -1;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) ||
        !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 59) return -1;
    const char *p = s + 19;
    if (*p == '.') {
        int n = 0, frac = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, n++)
            if (n < 3) frac = frac * 10 + (*p - '0');
        if (n == 0 || n > 9) return -1;
        for (; n < 3; n++) frac *= 10;
        ms = frac;
    }
    if (*p == 'Z') off = 0, p++;
    else if (*p == '+' || *p == '-') {
        int oh, om;
        if (strlen(p) != 6 || p[3] != ':' || !digits(p + 1, 2, &oh) || !digits(p + 4, 2, &om) || oh > 14 || om > 59)
            return -1;
        off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
        p += 6;
    }
    if (*p) return -1;
    int64_t t = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60 + se - (int64_t)off * 60;
    return t * 1000 + ms;
}

static gw_err bad(char *msg, size_t msgn, size_t i, const char *what)
{
    snprintf(msg, msgn, "event %zu: %s", i, what);
    return GW_E_INVALID;
}

static gw_err read_time(json_t *ts, json_t *tstamp, gw_iot_event *ev, size_t i, char *msg, size_t msgn)
{
    if (ts && tstamp) return bad(msg, msgn, i, "give ts or timestamp, not both");
    if (ts) {
        if (!json_is_integer(ts)) return bad(msg, msgn, i, "ts must be Unix milliseconds");
        ev->ts_ms = json_integer_value(ts);
    } else if (tstamp && json_is_integer(tstamp)) {
        int64_t v = json_integer_value(tstamp);
        ev->ts_ms = v > 0 && v < 100000000000LL ? v * 1000 : v; /* seconds before the year 5138 */
    } else if (tstamp && json_is_string(tstamp)) {
        ev->ts_ms = gw_iot_parse_time(json_string_value(tstamp));
    } else if (tstamp) {
        return bad(msg, msgn, i, "timestamp must be Unix seconds or milliseconds, or ISO 8601");
    }
    if ((ts || tstamp) && (ev->ts_ms < TS_MIN || ev->ts_ms >= TS_MAX))
        return bad(msg, msgn, i, "the time is not a date between 2000 and 2100");
    return GW_OK;
}

static gw_err read_values(json_t *v, gw_iot_event *ev, size_t i, char *msg, size_t msgn)
{
    if (!v) return GW_OK;
    if (!json_is_object(v) || json_object_size(v) > GW_IOT_VALUES_MAX)
        return bad(msg, msgn, i, "values must be an object of at most 32 keys");
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
        if (strlen(k) < 1 || strlen(k) > GW_IOT_CODE_MAX) return bad(msg, msgn, i, "a values key is empty or too long");
        if (json_is_string(x) ? strlen(json_string_value(x)) > GW_IOT_CODE_MAX
                              : !(json_is_number(x) || json_is_boolean(x) || json_is_null(x)))
            return bad(msg, msgn, i, "values hold numbers, short strings, booleans or nulls");
    }
    ev->values = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    return ev->values ? GW_OK : GW_E_NOMEM;
}

static gw_err read_code(json_t *v, char *dst, const char *field, size_t i, char *msg, size_t msgn)
{
    if (!v) return GW_OK;
    if (!json_is_string(v) || !gw_iot_code_valid(json_string_value(v))) {
        snprintf(msg, msgn, "event %zu: %s must be 1 to %d letters, digits or _ . : -", i, field, GW_IOT_CODE_MAX);
        return GW_E_INVALID;
    }
    snprintf(dst, GW_IOT_CODE_BUF, "%s", json_string_value(v));
    return GW_OK;
}

static gw_err read_event(json_t *o, gw_iot_event *ev, size_t i, char *msg, size_t msgn)
{
    json_t *ts = NULL, *tstamp = NULL, *status = NULL, *values = NULL, *bat = NULL, *sig = NULL, *dev = NULL,
           *type = NULL, *loc = NULL;
    json_error_t je;
    memset(ev, 0, sizeof *ev);
    if (!json_is_object(o)) return bad(msg, msgn, i, "an event is a JSON object");
    if (json_unpack_ex(o, &je, JSON_STRICT, "{s?o, s?o, s?o, s?o, s?o, s?o, s?o, s?o, s?o}", "ts", &ts, "timestamp",
                       &tstamp, "status", &status, "values", &values, "battery", &bat, "signal", &sig, "device_id",
                       &dev, "type", &type, "location", &loc)) {
        snprintf(msg, msgn, "event %zu: %s", i, je.text);
        return GW_E_INVALID;
    }
    gw_err e;
    if ((e = read_time(ts, tstamp, ev, i, msg, msgn))) return e;
    if ((e = read_code(status, ev->status, "status", i, msg, msgn))) return e;
    if ((e = read_code(dev, ev->device_id, "device_id", i, msg, msgn))) return e;
    if ((e = read_code(type, ev->type, "type", i, msg, msgn))) return e;
    if (bat && (!json_is_integer(bat) || json_integer_value(bat) < 0 || json_integer_value(bat) > 100))
        return bad(msg, msgn, i, "battery must be 0 to 100");
    if (sig && (!json_is_integer(sig) || json_integer_value(sig) < -200 || json_integer_value(sig) > 100))
        return bad(msg, msgn, i, "signal must be -200 to 100");
    if (loc && !json_is_string(loc) && !(json_is_object(loc) && json_is_number(json_object_get(loc, "lon")) &&
                                         json_is_number(json_object_get(loc, "lat")) && json_object_size(loc) <= 3))
        return bad(msg, msgn, i, "location must be a string or {lon, lat}");
    if (loc && json_is_string(loc) && gw_utf8_len(json_string_value(loc)) > GW_ADDR_MAX)
        return bad(msg, msgn, i, "location is too long");
    ev->has_battery = bat != NULL;
    ev->battery = bat ? json_integer_value(bat) : 0;
    ev->has_signal = sig != NULL;
    ev->signal = sig ? json_integer_value(sig) : 0;
    return read_values(values, ev, i, msg, msgn);
}

gw_err gw_iot_decode(const char *payload, size_t len, gw_iot_event *ev, size_t max, size_t *n, char *msg, size_t msgn)
{
    json_t *root;
    *n = 0;
    gw_err e = gw_json_parse_body(payload, len, &root, msg, msgn);
    if (e) return e;
    json_t *events = json_object_get(root, "events");
    if (events && json_object_size(root) != 1) e = bad(msg, msgn, 0, "a batch holds only \"events\"");
    else if (events && (!json_is_array(events) || json_array_size(events) < 1 || json_array_size(events) > max)) {
        snprintf(msg, msgn, "events must be a list of 1 to %zu events", max);
        e = GW_E_INVALID;
    } else if (events) {
        for (size_t i = 0; i < json_array_size(events) && !e; i++) {
            e = read_event(json_array_get(events, i), &ev[i], i, msg, msgn);
            if (!e) *n = i + 1;
            else free(ev[i].values);
        }
    } else {
        e = read_event(root, &ev[0], 0, msg, msgn);
        if (!e) *n = 1;
        else free(ev[0].values);
    }
    json_decref(root);
    if (e) { gw_iot_events_free(ev, *n); *n = 0; }
    return e;
}

void gw_iot_events_free(gw_iot_event *ev, size_t n)
{
    for (size_t i = 0; i < n; i++) free(ev[i].values), ev[i].values = NULL;
}
