/* ops/kb_api.c — the 知识库 over HTTP (rules in kb_svc.h). */
#include "ops/kb_api.h"
#include "base/str.h"
#include "core/admin.h"
#include "json/reply.h"
#include "ops/kb_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KB_OFFSET_MAX 10000

static json_t *kb_json(const gw_kb_row *a, int with_body)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)a->id, "title", a->title,
                          "category", a->category, "tags", a->tags, "status", gw_kb_status_name(a->status),
                          "updated_by", gw_json_id(a->updated_by), "updated_by_name",
                          a->updated_by_name[0] ? json_string(a->updated_by_name) : json_null(),
                          "updated_at", gw_json_time(a->updated_ms));
    if (o) json_object_set_new(o, "body", json_string(with_body ? a->body : ""));
    return o;
}

gw_err api_kb_list(gw_req *r)
{
    static const char *const allowed[] = { "q", "status", "offset", "limit", NULL };
    gw_err e = gw_req_only_query(r, allowed);
    if (e) return e;
    const char *q = gw_req_query(r, "q"), *sv = gw_req_query(r, "status");
    char msg[200];
    if (q && (e = gw_json_check_text("q", q, 0, GW_KB_QUERY_MAX, msg, sizeof msg))) return gw_fail(r, e, "%s", msg);
    int status = sv ? gw_kb_status_parse(sv) : -1;
    if (sv && status < 0) return gw_fail(r, GW_E_INVALID, "status must be draft or published");
    size_t offset, limit;
    if ((e = gw_req_page(r, 20, GW_KB_LIMIT_MAX, KB_OFFSET_MAX, &offset, &limit))) return e;
    gw_kb_row *rows = calloc(limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int more = 0;
    e = gw_kb_search(db, &r->who, q, status, offset, limit, rows, &n, &more);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) {
        json_t *o = kb_json(&rows[i], 1);
        if (q && *q) json_object_set_new(o, "score", json_integer(rows[i].score));
        json_array_append_new(arr, o);
    }
    free(rows);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not search the knowledge base"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:o}", "items", arr, "offset", (json_int_t)offset, "next_offset",
                                      more ? json_integer((json_int_t)(offset + limit)) : json_null()));
}

gw_err api_kb_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "article", &id);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_kb_row *a = malloc(sizeof *a);
    e = a ? gw_kb_get(db, &r->who, id, a) : GW_E_NOMEM;
    gw_store_read_end(r->store, db);
    if (e) { free(a); return gw_fail(r, e, e == GW_E_NOT_FOUND ? "no such article" : "could not read the article"); }
    json_t *o = kb_json(a, 1);
    free(a);
    return gw_reply(r, 200, o);
}

/* A create (id 0) or an update from the body; answers with the stored article. */
static gw_err kb_write(gw_req *r, int64_t id)
{
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    gw_kb_in in = { 0 };
    if (id)
        GW_ADMIN_UNPACK(r, body, "{s?:s, s?:s, s?:s, s?:s, s?:s}", "title", &in.title, "body", &in.body, "category",
                        &in.category, "tags", &in.tags, "status", &in.status);
    else
        GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s?:s, s?:s, s?:s}", "title", &in.title, "body", &in.body, "category",
                        &in.category, "tags", &in.tags, "status", &in.status);
    if (id && !in.title && !in.body && !in.category && !in.tags && !in.status) {
        json_decref(body);
        return gw_fail(r, GW_E_INVALID, "nothing to change");
    }
    gw_kb_row *a = malloc(sizeof *a);
    char msg[200] = "";
    e = !a ? GW_E_NOMEM
           : id ? gw_kb_update(r->store, &r->who, id, &in, a, msg, sizeof msg)
                : gw_kb_create(r->store, &r->who, &in, a, msg, sizeof msg);
    json_decref(body);
    if ((e = gw_admin_finish_write(r, e, msg, "article"))) { free(a); return e; }
    json_t *o = kb_json(a, 1);
    free(a);
    return gw_reply(r, id ? 200 : 201, o);
}

gw_err api_kb_create(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    return e ? e : kb_write(r, 0);
}

gw_err api_kb_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "article", &id);
    return e ? e : kb_write(r, id);
}

gw_err api_kb_delete(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "article", &id);
    if (e) return e;
    e = gw_kb_delete(r->store, &r->who, id);
    if ((e = gw_admin_finish_write(r, e, NULL, "article"))) return e;
    return gw_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
}
