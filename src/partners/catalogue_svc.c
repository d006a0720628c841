/* partners/catalogue_svc.c — see catalogue_svc.h. */
#include "partners/catalogue_svc.h"
#include "base/clock.h"
#include "core/audit.h"
#include "core/resident_store.h"
#include "core/scope.h"
#include "json/reply.h"
#include "partners/ledger_store.h"
#include "partners/partner_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gw_err audit(gw_db *tx, int64_t now, int64_t actor, const char *action, int64_t id, json_t *detail)
{
    char obj[40], *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    snprintf(obj, sizeof obj, "catalogue_item:%lld", (long long)id);
    gw_err e = gw_audit_append(tx, now, actor, action, obj, d ? d : "");
    free(d);
    return e;
}

static const char *prefix_of(const gw_principal *who) { return who->role == GW_R_ADMIN ? NULL : who->div_path; }

/* Copy the given fields of in over r (a new item or the stored one). */
static gw_err merge(const gw_cat_in *in, gw_cat_item_row *r, int create, char *msg, size_t msgn)
{
    gw_err e = gw_json_check_text("name", in->name, create, GW_CAT_NAME_MAX, msg, msgn);
    if (!e) e = gw_json_check_text("description", in->description, 0, GW_CAT_DESC_MAX, msg, msgn);
    if (e) return e;
    if (in->name) snprintf(r->name, sizeof r->name, "%s", in->name);
    if (in->description) snprintf(r->description, sizeof r->description, "%s", in->description);
    int64_t *dst[] = { &r->rules.price, &r->rules.valid_from_ms, &r->rules.valid_to_ms, &r->rules.hold_ms,
                       &r->rules.per_person, &r->rules.partner_id };
    const int64_t src[] = { in->price, in->valid_from_ms, in->valid_to_ms, in->hold_ms, in->per_person, in->partner_id };
    for (int i = 0; i < 6; i++)
        if (src[i] != GW_CAT_UNSET) *dst[i] = src[i];
    if (in->active >= 0) r->rules.active = in->active;
    if (create && in->price == GW_CAT_UNSET) return gw_say(msg, msgn, GW_E_INVALID, "price is required");
    return gw_cat_check_rules(&r->rules, msg, msgn);
}

/* A coupon's merchant: an active resource partner of the item's community. */
static gw_err check_merchant(gw_db *tx, const gw_cat_item_row *r, char *msg, size_t msgn)
{
    if (r->rules.kind != GW_CK_COUPON) return GW_OK;
    gw_partner_row *p = malloc(sizeof *p);
    if (!p) return GW_E_NOMEM;
    gw_err e = gw_store_partner_get(tx, r->rules.partner_id, p);
    if (!e && (p->type != GW_PT_RESOURCE || p->status != GW_PS_ACTIVE || p->community_id != r->community_id))
        e = GW_E_NOT_FOUND;
    free(p);
    if (e == GW_E_NOT_FOUND)
        return gw_say(msg, msgn, GW_E_INVALID, "partner_id: no active resource partner of this community");
    return e;
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    const gw_cat_in *in;
    gw_cat_item_row *out;
    char *msg;
    size_t msgn;
} item_op;

static gw_err op_create(gw_db *tx, void *arg)
{
    item_op *o = arg;
    gw_cat_item_row *r = o->out;
    char path[128];
    gw_err e = gw_store_ledger_community(tx, o->in->community_id, path);
    if (e == GW_E_INVALID) return gw_say(o->msg, o->msgn, e, "community_id: no such community");
    if (e) return e;
    if (!gw_scope_has_path(o->who, path)) return gw_say(o->msg, o->msgn, GW_E_FORBIDDEN, "the community is outside your area");
    if ((e = check_merchant(tx, r, o->msg, o->msgn))) return e;
    if ((e = gw_store_cat_item_insert(tx, r))) return e;
    return audit(tx, r->created_ms, o->who->user_id, "catalogue.create", r->id,
                 json_pack("{s:s,s:s,s:I,s:I}", "kind", gw_cat_kind_name(r->rules.kind), "name", r->name, "price",
                           (json_int_t)r->rules.price, "stock", (json_int_t)r->stock));
}

static gw_err reload(gw_store *s, int64_t id, gw_cat_item_row *out)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_cat_item_get(db, id, out);
    gw_store_read_end(s, db);
    return e;
}

gw_err gw_cat_item_create(gw_store *s, const gw_principal *who, const gw_cat_in *in, gw_cat_item_row *out, char *msg,
                          size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    memset(out, 0, sizeof *out);
    int kind = gw_cat_kind_parse(in->kind);
    if (kind < 0) return gw_say(msg, msgn, GW_E_INVALID, "kind must be goods, coupon or room");
    if (in->community_id == GW_CAT_UNSET || in->community_id <= 0) return gw_say(msg, msgn, GW_E_INVALID, "community_id is required");
    out->rules.kind = (gw_cat_kind)kind;
    out->rules.active = 1;
    out->rules.hold_ms = GW_ORDER_HOLD_DEFAULT_MS;
    out->community_id = in->community_id;
    out->stock = in->stock == GW_CAT_UNSET ? 0 : in->stock;
    if (out->stock < 0 || out->stock > GW_CAT_STOCK_MAX) return gw_say(msg, msgn, GW_E_INVALID, "stock must be 0 to %d", GW_CAT_STOCK_MAX);
    if (kind == GW_CK_ROOM && out->stock) return gw_say(msg, msgn, GW_E_INVALID, "a room has no stock: add slots");
    gw_err e = merge(in, out, 1, msg, msgn);
    if (e) return e;
    out->created_by = who->user_id;
    out->created_ms = out->updated_ms = gw_now_ms();
    item_op o = { who, 0, in, out, msg, msgn };
    msg[0] = 0;
    e = gw_store_write(s, op_create, &o);
    if (e) return msg[0] ? e : gw_say(msg, msgn, e, "could not save the item");
    return reload(s, out->id, out);
}

static gw_err load_scoped(gw_db *tx, const gw_principal *who, int64_t id, gw_cat_item_row *r, char *msg, size_t msgn)
{
    gw_err e = gw_store_cat_item_get(tx, id, r);
    if (!e && !gw_scope_has_path(who, r->community_path)) e = GW_E_NOT_FOUND;
    return e == GW_E_NOT_FOUND ? gw_say(msg, msgn, e, "no such catalogue item") : e;
}

static gw_err op_update(gw_db *tx, void *arg)
{
    item_op *o = arg;
    gw_err e = load_scoped(tx, o->who, o->id, o->out, o->msg, o->msgn);
    if (!e) e = merge(o->in, o->out, 0, o->msg, o->msgn);
    if (!e && o->in->partner_id != GW_CAT_UNSET) e = check_merchant(tx, o->out, o->msg, o->msgn);
    if (e) return e;
    o->out->updated_ms = gw_now_ms();
    if ((e = gw_store_cat_item_update(tx, o->out))) return e;
    return audit(tx, o->out->updated_ms, o->who->user_id, "catalogue.update", o->id,
                 json_pack("{s:s,s:I,s:b}", "name", o->out->name, "price", (json_int_t)o->out->rules.price, "active",
                           o->out->rules.active));
}

gw_err gw_cat_item_update(gw_store *s, const gw_principal *who, int64_t id, const gw_cat_in *in, gw_cat_item_row *out,
                          char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    if (in->kind || in->community_id != GW_CAT_UNSET || in->stock != GW_CAT_UNSET)
        return gw_say(msg, msgn, GW_E_INVALID, "kind, community_id and stock cannot be changed here");
    if (!in->name && !in->description && in->active < 0 && in->price == GW_CAT_UNSET && in->valid_from_ms == GW_CAT_UNSET &&
        in->valid_to_ms == GW_CAT_UNSET && in->hold_ms == GW_CAT_UNSET && in->per_person == GW_CAT_UNSET &&
        in->partner_id == GW_CAT_UNSET)
        return gw_say(msg, msgn, GW_E_INVALID, "nothing to change");
    item_op o = { who, id, in, out, msg, msgn };
    msg[0] = 0;
    gw_err e = gw_store_write(s, op_update, &o);
    if (e) return msg[0] ? e : gw_say(msg, msgn, e, "could not save the item");
    return reload(s, id, out);
}

typedef struct {
    const gw_principal *who;
    int64_t id, delta;
    const char *reason;
    gw_cat_item_row *out;
    char *msg;
    size_t msgn;
} stock_op;

static gw_err op_stock(gw_db *tx, void *arg)
{
    stock_op *o = arg;
    gw_err e = load_scoped(tx, o->who, o->id, o->out, o->msg, o->msgn);
    if (e) return e;
    if (o->out->rules.kind == GW_CK_ROOM) return gw_say(o->msg, o->msgn, GW_E_INVALID, "a room has no stock: add slots");
    if ((e = gw_store_cat_stock_move(tx, o->id, o->delta)) == GW_E_CONFLICT)
        return gw_say(o->msg, o->msgn, e, "the stock is %lld: it cannot move by %lld", (long long)o->out->stock,
                      (long long)o->delta);
    if (e) return e;
    return audit(tx, gw_now_ms(), o->who->user_id, "catalogue.stock", o->id,
                 json_pack("{s:I,s:I,s:s}", "from", (json_int_t)o->out->stock, "delta", (json_int_t)o->delta, "reason",
                           o->reason));
}

gw_err gw_cat_stock_adjust(gw_store *s, const gw_principal *who, int64_t id, int64_t delta, const char *reason,
                           gw_cat_item_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    if (!delta || delta < -GW_CAT_STOCK_MAX || delta > GW_CAT_STOCK_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "delta must be a non-zero number of -%d to %d", GW_CAT_STOCK_MAX,
                      GW_CAT_STOCK_MAX);
    gw_err e = gw_json_check_text("reason", reason, 1, GW_REASON_MAX, msg, msgn);
    if (e) return e;
    stock_op o = { who, id, delta, reason, out, msg, msgn };
    msg[0] = 0;
    if ((e = gw_store_write(s, op_stock, &o))) return msg[0] ? e : gw_say(msg, msgn, e, "could not adjust the stock");
    return reload(s, id, out);
}

typedef struct {
    const gw_principal *who;
    gw_cat_slot_row *slot;
    char *msg;
    size_t msgn;
} slot_op;

static gw_err op_slot(gw_db *tx, void *arg)
{
    slot_op *o = arg;
    gw_cat_item_row *it = malloc(sizeof *it);
    gw_err e = it ? load_scoped(tx, o->who, o->slot->item_id, it, o->msg, o->msgn) : GW_E_NOMEM;
    if (!e && it->rules.kind != GW_CK_ROOM) e = gw_say(o->msg, o->msgn, GW_E_INVALID, "slots belong to room items");
    free(it);
    if (!e) e = gw_store_cat_slot_insert(tx, o->slot);
    if (e) return e;
    return audit(tx, o->slot->created_ms, o->who->user_id, "catalogue.slot", o->slot->item_id,
                 json_pack("{s:I,s:I,s:I,s:I}", "slot_id", (json_int_t)o->slot->id, "start_ms",
                           (json_int_t)o->slot->start_ms, "end_ms", (json_int_t)o->slot->end_ms, "capacity",
                           (json_int_t)o->slot->capacity));
}

gw_err gw_cat_slot_add(gw_store *s, const gw_principal *who, int64_t item_id, int64_t start_ms, int64_t end_ms,
                       int64_t capacity, gw_cat_slot_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    gw_err e = gw_slot_check(start_ms, end_ms, capacity, msg, msgn);
    if (e) return e;
    memset(out, 0, sizeof *out);
    out->item_id = item_id;
    out->start_ms = start_ms;
    out->end_ms = end_ms;
    out->capacity = capacity;
    out->created_ms = gw_now_ms();
    slot_op o = { who, out, msg, msgn };
    msg[0] = 0;
    e = gw_store_write(s, op_slot, &o);
    return e && !msg[0] ? gw_say(msg, msgn, e, "could not add the slot") : e;
}

gw_err gw_cat_items_list(gw_db *db, const gw_principal *who, gw_cat_item_query *q, gw_cat_item_row *out, size_t *n,
                         int64_t *total, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    q->div_prefix = prefix_of(who);
    gw_err e = gw_store_cat_items(db, q, out, n, total);
    return e ? gw_say(msg, msgn, e, "could not list the catalogue") : GW_OK;
}

gw_err gw_cat_item_read(gw_db *db, const gw_principal *who, int64_t id, gw_cat_item_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    return load_scoped(db, who, id, out, msg, msgn);
}

gw_err gw_cat_item_slots(gw_db *db, int64_t item_id, int64_t now_ms, gw_cat_slot_row *out, size_t *n)
{
    return gw_store_cat_slots(db, item_id, now_ms, out, GW_CAT_SLOTS_MAX, n);
}

gw_err gw_cat_resident_items(gw_db *db, const gw_principal *who, gw_cat_item_row *out, size_t max, size_t *n,
                             int64_t *available, int *level)
{
    *n = 0;
    *available = 0;
    *level = 0;
    if (who->kind != GW_PK_RESIDENT) return GW_E_FORBIDDEN;
    gw_resident_row *res = malloc(sizeof *res);
    gw_err e = res ? gw_store_resident_get(db, who->resident_id, res) : GW_E_NOMEM;
    int64_t community = e ? 0 : res->division_id;
    free(res);
    if (e || !community) return e;
    gw_ledger_account_query aq = { "/", community, GW_LO_RESIDENT, who->resident_id, 0, 1 };
    gw_ledger_account_row acct;
    size_t na = 0;
    int more = 0;
    if ((e = gw_store_ledger_accounts(db, &aq, &acct, &na, &more))) return e;
    if (na) *available = gw_ledger_available(&acct.a);
    *level = gw_booking_level(*available);
    gw_cat_item_query q = { NULL, community, -1, 1, gw_now_ms(), 0, max };
    int64_t total = 0;
    return gw_store_cat_items(db, &q, out, n, &total);
}
