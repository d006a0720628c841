/* core/audit_api.c — the auditor's page: browse the audit log (GET /api/v1/audit) and walk every
 * hash chain (POST /api/v1/audit/verify). Admin and auditor only (permission audit.view). */
#include "core/api.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/anchor.h"
#include "core/audit.h"
#include "json/reply.h"

#include <stdlib.h>
#include <string.h>

static const gw_chain *const *verify_chains;
static int n_verify_chains;

void gw_audit_api_chains(const gw_chain *const *chains, int n)
{
    verify_chains = chains;
    n_verify_chains = n;
}

/* actor (a user id), action (at most 63 bytes; "x." is a prefix), from/to (ISO 8601), limit 1..100, offset. */
static gw_err audit_filter(gw_req *r, gw_audit_filter *f)
{
    static const char *const keys[] = { "actor", "action", "from", "to", "limit", "offset", NULL };
    const char *v;
    *f = (gw_audit_filter){ .limit = 50 };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    if ((v = gw_req_query(r, "actor")) && !(f->actor_user_id = gw_parse_id(v)))
        return gw_fail(r, GW_E_INVALID, "actor must be a user id");
    if ((v = gw_req_query(r, "action"))) {
        if (strlen(v) > 63) return gw_fail(r, GW_E_INVALID, "action is longer than 63 bytes");
        for (const char *p = v; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f) return gw_fail(r, GW_E_INVALID, "action must not contain control characters");
        f->action = v;
    }
    if ((v = gw_req_query(r, "from")) && gw_clock_parse(v, &f->from_ms))
        return gw_fail(r, GW_E_INVALID, "from must be an ISO 8601 date or time");
    if ((v = gw_req_query(r, "to")) && gw_clock_parse(v, &f->to_ms))
        return gw_fail(r, GW_E_INVALID, "to must be an ISO 8601 date or time");
    if ((v = gw_req_query(r, "limit")) && ((f->limit = gw_parse_id(v)) < 1 || f->limit > 100))
        return gw_fail(r, GW_E_INVALID, "limit must be an integer in 1..%d", 100);
    if ((v = gw_req_query(r, "offset"))) {
        f->offset = strcmp(v, "0") ? gw_parse_id(v) : 0;
        if ((strcmp(v, "0") && f->offset < 1) || f->offset > 10000000)
            return gw_fail(r, GW_E_INVALID, "offset must be an integer in %ld..%ld", 0L, 10000000L);
    }
    return GW_OK;
}

static json_t *audit_row_json(const gw_audit_row *x)
{
    char at[40];
    gw_clock_iso8601(x->at_ms, at, sizeof at);
    return json_pack("{s:I,s:s,s:o,s:o,s:s,s:s,s:s%,s:b}", "id", (json_int_t)x->id, "at", at, "actor_id",
                     gw_json_id(x->actor_user_id), "actor", gw_json_str(x->actor[0] ? x->actor : NULL), "action",
                     x->action, "object", x->object, "detail", x->detail, strlen(x->detail), "detail_cut", x->detail_cut);
}

gw_err api_audit_list(gw_req *r)
{
    gw_audit_filter f;
    gw_err e = audit_filter(r, &f);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_audit_row *rows = NULL;
    size_t n = 0;
    int64_t total = 0;
    e = gw_store_audit_list(db, &f, &rows, &n, &total);
    gw_store_read_end(r->store, db);
    json_t *arr = e ? NULL : json_array();
    for (size_t i = 0; arr && i < n; i++) json_array_append_new(arr, audit_row_json(&rows[i]));
    free(rows);
    if (e) return gw_fail(r, e, "could not read the audit log");
    return gw_reply(r, 200, json_pack("{s:o,s:I}", "items", arr, "total", (json_int_t)total));
}

/* The body is empty or {}: the verification takes no options. */
gw_err api_audit_verify(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    if (r->body_len) {
        json_t *body = NULL;
        if ((e = gw_req_json(r, &body))) return e;
        size_t n = json_object_size(body);
        json_decref(body);
        if (n) return gw_fail(r, GW_E_INVALID, "the verification takes no fields");
    }
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *arr = json_array();
    int64_t all = 0;
    int ok = 1;
    for (int i = 0; i < n_verify_chains; i++) {
        char where[256] = "";
        int64_t rows = 0;
        e = gw_chains_verify(db, &verify_chains[i], 1, where, sizeof where, &rows);
        if (e && e != GW_E_CONFLICT) break;
        ok = ok && !e;
        all += rows;
        json_array_append_new(arr, json_pack("{s:i,s:s,s:i,s:b,s:I,s:o}", "id", verify_chains[i]->id, "chain", verify_chains[i]->table,
                                             "version", verify_chains[i]->version, "ok", !e, "rows",
                                             (json_int_t)rows, "broken_at", gw_json_str(e ? where : NULL)));
        e = GW_OK;
    }
    gw_store_read_end(r->store, db);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not verify the chains"); }
    return gw_reply(r, 200, json_pack("{s:b,s:I,s:o}", "ok", ok, "rows", (json_int_t)all, "chains", arr));
}
