/* core/dict_api.c — see dict_api.h. The codes are fixed (core/dict.h); only their labels change. A code
 * without an edited label shows its default, which the console and the export hold. */
#include "core/dict_api.h"
#include "base/clock.h"
#include "core/admin.h"
#include "core/audit.h"
#include "core/dict.h"
#include "core/dict_store.h"
#include "json/reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_label(void *cls, const gw_dict_label_row *x)
{
    return json_array_append_new(cls, json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "dict", x->dict, "code", x->code, "zh", x->zh,
                                                "en", x->en, "updated_at", gw_json_time(x->updated_ms),
                                                "updated_by", gw_json_id(x->updated_by))) == 0;
}

gw_err api_dict_list(gw_req *r)
{
    if (gw_req_only_query(r, NULL)) return GW_E_INVALID;
    json_t *codes = json_object(), *items = json_array();
    for (size_t i = 0; gw_dict_name(i); i++) {
        json_t *arr = json_array();
        for (const char *const *c = gw_dict_codes(i); *c; c++) json_array_append_new(arr, json_string(*c));
        json_object_set_new(codes, gw_dict_name(i), arr);
    }
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { json_decref(codes); json_decref(items); return GW_E_IO; }
    gw_err e = gw_store_dict_label_each(db, add_label, items);
    gw_store_read_end(r->store, db);
    if (e) { json_decref(codes); json_decref(items); return gw_fail(r, e, "could not list %s", "dictionary entries"); }
    return gw_reply(r, 200, json_pack("{s:o,s:o}", "codes", codes, "items", items));
}

typedef struct {
    gw_dict_label_row row;
    char object[96];
    char *detail;
    int reset; /* DELETE: set when a label was dropped */
} dict_write;

static gw_err op_dict_set(gw_db *tx, void *arg)
{
    dict_write *w = arg;
    gw_err e = gw_store_dict_label_set(tx, &w->row);
    return e ? e : gw_audit_append(tx, w->row.updated_ms, w->row.updated_by, "dict.set", w->object, w->detail);
}

static gw_err op_dict_reset(gw_db *tx, void *arg)
{
    dict_write *w = arg;
    gw_err e = gw_store_dict_label_reset(tx, w->row.dict, w->row.code);
    if (e == GW_E_NOT_FOUND) return GW_OK; /* the default already: nothing to write */
    w->reset = !e;
    return e ? e : gw_audit_append(tx, w->row.updated_ms, w->row.updated_by, "dict.reset", w->object, "");
}

/* The {dict}/{code} of the path into w: 404 unless they name a code of a dictionary. */
static gw_err dict_path(gw_req *r, dict_write *w)
{
    memset(w, 0, sizeof *w);
    if (r->n_params < 2 || !gw_dict_valid(r->params[0], r->params[1]))
        return gw_fail(r, GW_E_NOT_FOUND, "no such %s", "dictionary entry");
    w->row.dict = r->params[0];
    w->row.code = r->params[1];
    w->row.updated_ms = gw_now_ms();
    w->row.updated_by = r->who.user_id;
    snprintf(w->object, sizeof w->object, "dict:%s/%s", w->row.dict, w->row.code);
    return GW_OK;
}

/* A label: required, not blank, at most max characters, one line. */
static gw_err check_label(gw_req *r, const char *field, const char *s, size_t max)
{
    gw_err e = gw_admin_check_text(r, field, s, 1, max, max * 4 + 1);
    if (!e && !s[strspn(s, " \t")]) e = gw_fail(r, GW_E_INVALID, "%s is required", field);
    return e;
}

gw_err api_dict_set(gw_req *r)
{
    dict_write w;
    gw_err e = dict_path(r, &w);
    json_t *body;
    if (e || (e = gw_req_json(r, &body))) return e;
    GW_ADMIN_UNPACK(r, body, "{s:s,s:s}", "zh", &w.row.zh, "en", &w.row.en);
    if ((e = check_label(r, "zh", w.row.zh, GW_DICT_LABEL_MAX)) || (e = check_label(r, "en", w.row.en, GW_DICT_LABEL_EN_MAX))) {
        json_decref(body);
        return e;
    }
    w.detail = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
    e = w.detail ? gw_store_write(r->store, op_dict_set, &w) : GW_E_NOMEM;
    json_t *out = e ? NULL : json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "dict", w.row.dict, "code", w.row.code, "zh", w.row.zh,
                                       "en", w.row.en, "updated_at", gw_json_time(w.row.updated_ms),
                                       "updated_by", gw_json_id(w.row.updated_by));
    free(w.detail);
    json_decref(body);
    if ((e = gw_admin_finish_write(r, e, NULL, "dictionary entry"))) { json_decref(out); return e; }
    return gw_reply(r, 200, out);
}

gw_err api_dict_reset(gw_req *r)
{
    dict_write w;
    gw_err e = dict_path(r, &w);
    if (e || (e = gw_req_only_query(r, NULL))) return e;
    e = gw_store_write(r->store, op_dict_reset, &w);
    if ((e = gw_admin_finish_write(r, e, NULL, "dictionary entry"))) return e;
    return gw_reply(r, 200, json_pack("{s:s,s:s,s:b}", "dict", w.row.dict, "code", w.row.code, "reset", w.reset));
}
