/* partners/earn_points_api.c — the resident's points and gifts, the exchange between communities and
 * the expiry setting over HTTP (partners/earn_points_svc.h). */
#include "partners/earn_api.h"
#include "core/admin.h"
#include "json/reply.h"
#include "partners/earn_points_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gw_err fail_msg(gw_req *r, gw_err e, const char *msg, const char *dflt)
{
    return gw_fail(r, e, "%s", msg && msg[0] ? msg : dflt);
}

static json_t *transfer_json(const gw_ledger_transfer *t, int64_t account)
{
    json_t *o = json_pack("{s:I,s:s,s:I,s:s,s:o}", "id", (json_int_t)t->id, "kind", gw_ledger_kind_name(t->kind),
                          "amount", (json_int_t)t->amount, "memo", t->memo, "created_at", gw_json_time(t->created_ms));
    if (account) {
        json_object_set_new(o, "direction", json_string(t->credit_account_id == account ? "in" : "out"));
        json_object_set_new(o, "balance_after", json_integer(t->balance_after));
    } else {
        json_object_set_new(o, "debit_account_id", json_integer(t->debit_account_id));
        json_object_set_new(o, "credit_account_id", json_integer(t->credit_account_id));
    }
    json_object_set_new(o, "corrects_id", gw_json_id(t->corrects_id));
    return o;
}

gw_err api_resident_points(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_ledger_account_row *accts = calloc(GW_EARN_MY_ACCOUNTS_MAX, sizeof *accts);
    gw_ledger_transfer *ts = calloc(GW_EARN_HISTORY_MAX, sizeof *ts);
    gw_db *db = accts && ts ? gw_admin_read_begin(r) : NULL;
    if (!db) { free(accts); free(ts); return accts && ts ? GW_E_IO : gw_fail(r, GW_E_NOMEM, "out of memory"); }
    size_t n = 0;
    e = gw_earn_my_accounts(db, &r->who, accts, &n);
    json_t *arr = json_array();
    int64_t total = 0;
    for (size_t i = 0; !e && i < n; i++) {
        size_t k = 0;
        e = gw_earn_my_history(db, &r->who, accts[i].a.id, ts, &k);
        json_t *hist = json_array();
        for (size_t j = 0; !e && j < k; j++) json_array_append_new(hist, transfer_json(&ts[j], accts[i].a.id));
        total += gw_ledger_balance(&accts[i].a);
        json_array_append_new(arr, json_pack("{s:I,s:{s:I,s:s},s:s,s:I,s:I,s:o}", "id", (json_int_t)accts[i].a.id,
                                             "community", "id", (json_int_t)accts[i].a.division_id, "name",
                                             accts[i].division_name, "owner_kind", gw_ledger_owner_name(accts[i].a.owner),
                                             "balance", (json_int_t)gw_ledger_balance(&accts[i].a), "available",
                                             (json_int_t)gw_ledger_available(&accts[i].a), "history", hist));
    }
    gw_store_read_end(r->store, db);
    free(accts);
    free(ts);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not read your points"); }
    return gw_reply(r, 200, json_pack("{s:I,s:o}", "total", (json_int_t)total, "accounts", arr));
}

gw_err api_resident_gift(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_earn_gift_in in = { 0 };
    json_int_t community = 0, amount = 0;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s:s, s:I, s:I, s?:s}", "client_id", &in.client_id, "phone", &in.phone, "from",
                    &in.from, "community_id", &community, "amount", &amount, "memo", &in.memo);
    in.community_id = community;
    in.amount = amount;
    gw_ledger_transfer t;
    int replayed = 0;
    char msg[200] = "";
    e = gw_earn_gift(r->store, &r->who, &in, &t, &replayed, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not give the points");
    json_t *o = transfer_json(&t, 0);
    json_object_set_new(o, "replayed", json_boolean(replayed));
    return gw_reply(r, replayed ? 200 : 201, o);
}

gw_err api_earn_exchange(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_earn_exchange_in in = { 0 };
    json_int_t from = 0, to = 0, amount = 0;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:I, s:I, s:I, s?:s}", "client_id", &in.client_id, "from_account_id", &from,
                    "to_account_id", &to, "amount", &amount, "memo", &in.memo);
    in.from_account_id = from;
    in.to_account_id = to;
    in.amount = amount;
    gw_ledger_transfer t[2];
    char msg[200] = "";
    e = gw_earn_exchange(r->store, &r->who, &in, t, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not exchange the points");
    return gw_reply(r, 201, json_pack("{s:o,s:o}", "out", transfer_json(&t[0], 0), "in", transfer_json(&t[1], 0)));
}

gw_err api_earn_settings_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "community", &id);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    int months = 0;
    char msg[200] = "";
    e = gw_earn_expiry_read(db, &r->who, id, &months, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    if (e) return fail_msg(r, e, msg, "could not read the setting");
    return gw_reply(r, 200, json_pack("{s:I,s:i}", "community_id", (json_int_t)id, "expiry_months", months));
}

gw_err api_earn_settings_put(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "community", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t months = 0;
    GW_ADMIN_UNPACK(r, body, "{s:I}", "expiry_months", &months);
    json_decref(body);
    if (months < 0 || months > GW_EARN_EXPIRY_MONTHS_MAX)
        return gw_fail(r, GW_E_INVALID, "expiry_months must be between 0 (never) and %d", GW_EARN_EXPIRY_MONTHS_MAX);
    char msg[200] = "";
    e = gw_earn_expiry_set(r->store, &r->who, id, (int)months, msg, sizeof msg);
    if (e) return fail_msg(r, e, msg, "could not save the setting");
    return gw_reply(r, 200, json_pack("{s:I,s:i}", "community_id", (json_int_t)id, "expiry_months", (int)months));
}
