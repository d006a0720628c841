/* ops/unit_tree_api.c — see unit_tree_api.h. One level: a unit with sub-units takes no parent, and
 * a parent has none itself, so there are no cycles and a sub-unit's parent is its only ancestor. */
#include "ops/unit_tree_api.h"
#include "ops/unit_tree_store.h"
#include "base/clock.h"
#include "core/admin.h"
#include "json/reply.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    int64_t id, parent, now, actor;
    char *detail;
    char msg[160];
} parent_write;

static gw_err op_parent_set(gw_db *tx, void *arg)
{
    parent_write *a = arg;
    int64_t mine = 0, grand = 0, kids = 0;
    gw_err e = gw_store_unit_parent(tx, a->id, &mine);
    if (e) return e;
    if (a->parent) {
        if (a->parent == a->id) { snprintf(a->msg, sizeof a->msg, "a unit cannot be its own parent"); return GW_E_INVALID; }
        if ((e = gw_store_unit_parent(tx, a->parent, &grand)) == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "parent unit %lld does not exist", (long long)a->parent);
            return GW_E_INVALID;
        }
        if (!e) e = gw_store_unit_children(tx, a->id, &kids);
        if (e) return e;
        if (grand || kids) {
            snprintf(a->msg, sizeof a->msg, "one level only: the parent may have no parent, the unit no sub-units");
            return GW_E_INVALID;
        }
    }
    if ((e = gw_store_unit_parent_set(tx, a->id, a->parent))) return e;
    return gw_admin_audit(tx, a->now, a->actor, "unit.parent", "unit", a->id, a->detail);
}

gw_err api_unit_parent_set(gw_req *r)
{
    parent_write a = { 0 };
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_admin_path_id(r, "unit", &a.id);
    if (e) return e;
    json_t *body, *jp = NULL;
    if ((e = gw_req_json(r, &body))) return e;
    GW_ADMIN_UNPACK(r, body, "{s:o}", "parent_unit_id", &jp);
    if (gw_admin_opt_int(r, "parent_unit_id", jp, 1, INT64_MAX, 1, &a.parent) < 0) { json_decref(body); return GW_E_INVALID; }
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = gw_admin_detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_parent_set, &a);
    free(a.detail);
    if ((e = gw_admin_finish_write(r, e, a.msg, "unit"))) return e;
    return gw_reply(r, 200, json_pack("{s:I,s:o}", "id", (json_int_t)a.id, "parent_unit_id", gw_json_id(a.parent)));
}

static int add_sub(void *cls, int64_t id, const char *name)
{
    return json_array_append_new(cls, json_pack("{s:I,s:s}", "id", (json_int_t)id, "name", name ? name : "")) == 0;
}

gw_err api_unit_subunits(gw_req *r)
{
    int64_t id = 0, parent = 0;
    gw_err e = gw_admin_path_id(r, "unit", &id);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *arr = json_array();
    e = gw_store_unit_parent(db, id, &parent);
    if (!e) e = gw_store_unit_subunit_each(db, id, add_sub, arr);
    gw_store_read_end(r->store, db);
    if (e) {
        json_decref(arr);
        return e == GW_E_NOT_FOUND ? gw_fail(r, GW_E_NOT_FOUND, "no such unit") : e;
    }
    return gw_reply(r, 200, json_pack("{s:o,s:o}", "items", arr, "parent_unit_id", gw_json_id(parent)));
}
