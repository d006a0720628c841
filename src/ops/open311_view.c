/* ops/open311_view.c — Open311 GeoReport v2 documents (see open311_view.h and the notes in
 * open311_api.c). Every document is built once as a jansson value and rendered either as JSON or as
 * XML (the element names follow the spec and the real city responses: <services><service>,
 * <service_requests><request>, <service_definition>, <discovery>, <errors><error>). */
#include "ops/open311_view.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/str.h"
#include "core/model_store.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "ops/ticket_svc.h"
#include "ops/ticket_view.h"

/* ---- format and rendering ------------------------------------------------------------- */

o311_fmt o311_path_format(const char *path, char *name, size_t n)
{
    const char *seg = strrchr(path, '/');
    seg = seg ? seg + 1 : path;
    const char *dot = strrchr(seg, '.');
    size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
    if (name && n) snprintf(name, n, "%.*s", (int)(len < n ? len : n - 1), seg);
    if (!dot) return FMT_BAD;
    if (!strcmp(dot, ".json")) return FMT_JSON;
    if (!strcmp(dot, ".xml")) return FMT_XML;
    return FMT_BAD;
}

/* The element name of one item of a list element. */
static const char *xml_item(const char *list)
{
    static const struct { const char *list, *item; } names[] = {
        { "services", "service" },     { "service_requests", "request" }, { "errors", "error" },
        { "attributes", "attribute" }, { "values", "value" },             { "endpoints", "endpoint" },
        { "formats", "format" },
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(names[i].list, list)) return names[i].item;
    return "item";
}

/* Escaped text; characters XML 1.0 cannot carry (C0 controls but tab, CR, LF) become spaces. */
static void xml_text(gw_buf *b, const char *s)
{
    const char *p = s;
    while (*p) {
        size_t run = 0;
        while (p[run] && ((unsigned char)p[run] >= 0x20 || p[run] == '\t' || p[run] == '\n' || p[run] == '\r')) run++;
        if (run) {
            char *chunk = strndup(p, run);
            if (!chunk) { b->oom = 1; return; }
            gw_buf_xml(b, chunk);
            free(chunk);
            p += run;
        }
        if (*p) { gw_buf_puts(b, " "); p++; }
    }
}

static void xml_value(gw_buf *b, const char *name, json_t *v)
{
    const char *k;
    json_t *x;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_NULL: gw_buf_printf(b, "<%s/>", name); return;
    case JSON_OBJECT:
        gw_buf_printf(b, "<%s>", name);
        json_object_foreach(v, k, x) xml_value(b, k, x);
        break;
    case JSON_ARRAY:
        gw_buf_printf(b, "<%s>", name);
        json_array_foreach(v, i, x) xml_value(b, xml_item(name), x);
        break;
    case JSON_STRING:
        gw_buf_printf(b, "<%s>", name);
        xml_text(b, json_string_value(v));
        break;
    case JSON_INTEGER: gw_buf_printf(b, "<%s>%lld", name, (long long)json_integer_value(v)); break;
    case JSON_REAL: gw_buf_printf(b, "<%s>%.10g", name, json_real_value(v)); break;
    case JSON_TRUE: gw_buf_printf(b, "<%s>true", name); break;
    case JSON_FALSE: gw_buf_printf(b, "<%s>false", name); break;
    }
    gw_buf_printf(b, "</%s>", name);
}

gw_err o311_send(gw_req *r, o311_fmt f, int status, const char *root, json_t *doc)
{
    if (!doc) return gw_fail(r, GW_E_NOMEM, "out of memory");
    char *data;
    size_t len = 0;
    const char *type;
    if (f == FMT_XML) {
        gw_buf b = { 0 };
        gw_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        xml_value(&b, root, doc);
        gw_buf_puts(&b, "\n");
        data = gw_buf_take(&b, &len);
        type = "text/xml; charset=utf-8";
    } else {
        data = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(10));
        if (data) len = strlen(data);
        type = "application/json; charset=utf-8";
    }
    json_decref(doc);
    if (!data) return gw_fail(r, GW_E_NOMEM, "out of memory");
    return gw_reply_raw(r, status, type, data, len);
}

gw_err o311_error(gw_req *r, o311_fmt f, int status, const char *fmt, ...)
{
    char desc[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof desc, fmt, ap);
    va_end(ap);
    gw_utf8_scrub(desc); /* it may echo a path or field that is not UTF-8 (found by fuzz/fuzz_api_open311) */
    char zh[sizeof desc];
    if (r->lang == GW_LANG_ZH && gw_msg_translate(desc, zh, sizeof zh)) memcpy(desc, zh, sizeof desc);
    return o311_send(r, f == FMT_BAD ? FMT_JSON : f, status, "errors",
                    json_pack("[{s:i,s:s}]", "code", status, "description", desc));
}

gw_err api_o311_error_reply(gw_req *r, int status, const char *description)
{
    return o311_error(r, o311_path_format(r->path, NULL, 0), status, "%s", description);
}

/* ---- what is published ---------------------------------------------------------------- */

static json_t *public_text(const char *s)
{
    if (!s || !*s) return json_null();
    size_t n = strlen(s) + 1;
    char *m = malloc(n);
    if (m) gw_mask_numbers(s, m, n);
    json_t *v = m ? json_string(m) : NULL;
    free(m);
    return v ? v : json_null();
}

static json_t *w3c_time(int64_t ms)
{
    if (!ms) return json_null();
    char buf[32];
    gw_clock_w3c_cst(ms, buf, sizeof buf);
    return json_string(buf);
}

static json_t *coord(double v) { return json_real(round(v * 1e4) / 1e4); }

const o311_svc *o311_svc_by_id(const o311_svcs *s, int64_t id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].id == id) return &s->v[i];
    return NULL;
}

const o311_svc *o311_svc_by_code(const o311_svcs *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].code, code)) return &s->v[i];
    return NULL;
}

int o311_is_part(const o311_svc *s) { return !strcmp(s->kind, "part"); }

json_t *o311_service_json(const o311_svc *s)
{
    const char *kind = o311_is_part(s) ? "部件" : "事件";
    char desc[2 * GW_NAME_BUF + 128], kw[2 * GW_NAME_BUF + 16];
    snprintf(desc, sizeof desc, "%s类 · %s / %s。派单后 %d 小时内处置。", kind, s->group, s->name, s->handle_hours);
    snprintf(kw, sizeof kw, "%s,%s,%s", s->name, s->group, kind);
    return json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s}", "service_code", s->code, "service_name", s->name,
                     "description", desc, "metadata", o311_is_part(s), "type", "realtime", "keywords", kw, "group", s->group);
}

/* The one attribute we define: urgency of a 部件 (part) report. */
static const struct { const char *key, *name; } urgency_values[] = { { "1", "一般" }, { "2", "紧急" }, { "3", "特急" } };

json_t *o311_attributes_json(const o311_svc *s)
{
    json_t *attrs = json_array();
    if (!attrs || !o311_is_part(s)) return attrs;
    json_t *vals = json_array();
    for (size_t i = 0; vals && i < sizeof urgency_values / sizeof *urgency_values; i++)
        json_array_append_new(vals, json_pack("{s:s,s:s}", "key", urgency_values[i].key, "name", urgency_values[i].name));
    json_t *a = json_pack("{s:b,s:s,s:s,s:b,s:s,s:i,s:s,s:o}", "variable", 1, "code", "urgency", "datatype",
                          "singlevaluelist", "required", 0, "datatype_description", "1 一般, 2 紧急, 3 特急", "order", 1,
                          "description", "紧急程度（部件损坏危及安全时选紧急或特急）", "values", vals ? vals : json_array());
    if (a) json_array_append_new(attrs, a);
    return attrs;
}

int o311_urgency_of(const char *key)
{
    for (size_t i = 0; i < sizeof urgency_values / sizeof *urgency_values; i++)
        if (!strcmp(key, urgency_values[i].key)) return (int)i + 1;
    return 0;
}

/* ---- requests as published -------------------------------------------------------------- */

static const char *state_note(gw_ticket_state s)
{
    switch (s) {
    case GW_T_REPORTED: return "已上报，等待受理";
    case GW_T_ACCEPTED: return "已受理，等待派单";
    case GW_T_DISPATCHED: return "已派单，等待处置单位签收";
    case GW_T_SIGNED: return "处置单位已签收，正在处置";
    case GW_T_RETURNED: return "已退回指挥中心，重新派单中";
    case GW_T_SUSPENDED: return "已挂账，暂缓处置";
    case GW_T_HANDLED: return "已处置，等待核查";
    case GW_T_CLOSED: return "已结案";
    case GW_T_INVALID: return "已作废";
    case GW_T_MERGED: return "已合并至同一问题的其他诉求";
    default: return "处理中";
    }
}

int o311_is_closed(gw_ticket_state s) { return s == GW_T_CLOSED || s == GW_T_INVALID || s == GW_T_MERGED; }

/* The state in words, with the public reply (答复口径) of the staff action that led to it — never
 * its internal note. Ratings and system entries carry no public reply. */
static json_t *status_notes(gw_db *db, const gw_ticket_row *t)
{
    const char *base = state_note(t->t.state);
    const char *state = gw_ticket_state_name(t->t.state);
    json_t *tl = NULL, *out = NULL;
    if (gw_ticket_timeline_json(db, t->id, 1, &tl) == GW_OK) {
        for (size_t i = json_array_size(tl); i-- > 0;) {
            json_t *e = json_array_get(tl, i);
            const char *to = json_string_value(json_object_get(e, "to"));
            const char *act = json_string_value(json_object_get(e, "action"));
            const char *note = json_string_value(json_object_get(e, "public_reply"));
            if (!to || strcmp(to, state) != 0) break;
            int a = act ? gw_action_parse(act) : -1;
            if (a < 0 || a == GW_A_RATE || !note || !*note) continue;
            size_t mn = strlen(note) + 1;
            char *masked = malloc(mn);
            if (masked) {
                gw_mask_numbers(note, masked, mn);
                size_t n = strlen(base) + strlen(masked) + 8;
                char *s = malloc(n);
                if (s) {
                    snprintf(s, n, "%s：%s", base, masked);
                    out = json_string(s);
                    free(s);
                }
                free(masked);
            }
            break;
        }
    }
    json_decref(tl);
    return out ? out : json_string(base);
}

/* The unit handling the ticket, or for an open ticket not yet dispatched the one routing would
 * choose; "" when there is none. */
static void agency_of(gw_db *db, const gw_ticket_row *t, char *out, size_t n)
{
    out[0] = 0;
    int64_t unit = t->t.unit_id;
    if (!unit && !o311_is_closed(t->t.state)) {
        gw_route_rule rule;
        if (gw_ticket_route(db, t->category_id, t->division_id, &rule) == GW_OK) unit = rule.unit_id;
    }
    if (unit) gw_store_unit_name(db, unit, out, n);
}

static json_t *service_notice(const o311_svc *s)
{
    char buf[2 * GW_NAME_BUF + 128];
    snprintf(buf, sizeof buf, "按「%s / %s」处置，派单后 %d 小时内办结", s->group, s->name, s->handle_hours);
    return json_string(buf);
}

json_t *o311_request_json(gw_db *db, const o311_svc *s, const gw_ticket_row *t)
{
    char id[24], agency[1024], addr[sizeof t->address];
    snprintf(id, sizeof id, "%lld", (long long)t->id);
    agency_of(db, t, agency, sizeof agency);
    gw_mask_address(t->address, addr, sizeof addr);
    int64_t updated = o311_is_closed(t->t.state) && t->t.closed_at_ms ? t->t.closed_at_ms : t->updated_ms;
    if (updated < t->created_ms) updated = t->created_ms;
    return json_pack("{s:s,s:s,s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:n,s:n,s:o,s:o,s:n}",
                     "service_request_id", id, "status", o311_is_closed(t->t.state) ? "closed" : "open",
                     "status_notes", status_notes(db, t), "service_name", s->name, "service_code", s->code,
                     "description", public_text(t->description),
                     "agency_responsible", agency[0] ? json_string(agency) : json_null(),
                     "service_notice", service_notice(s), "requested_datetime", w3c_time(t->created_ms),
                     "updated_datetime", w3c_time(updated), "expected_datetime", w3c_time(t->t.handle_due_ms),
                     "address", addr[0] ? json_string(addr) : json_null(), "address_id", "zipcode",
                     "lat", t->has_location ? coord(t->lat) : json_null(),
                     "long", t->has_location ? coord(t->lon) : json_null(), "media_url");
}
