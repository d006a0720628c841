/* partners/partner_svc.c — see partner_svc.h. */
#include "partners/partner_svc.h"
#include "partners/ledger_svc.h"
#include "base/clock.h"
#include "core/audit.h"
#include "core/privacy.h"
#include "core/resident_store.h"
#include "core/scope.h"
#include "json/reply.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gw_err check_tags(const gw_partner_in *in, char *msg, size_t n)
{
    if (in->n_tags > GW_PARTNER_TAGS_MAX) return gw_say(msg, n, GW_E_INVALID, "tags holds at most %d tags", GW_PARTNER_TAGS_MAX);
    for (int i = 0; i < in->n_tags; i++) {
        if (!gw_partner_tag_ok(in->tags[i]))
            return gw_say(msg, n, GW_E_INVALID, "each tag is 1 to %d characters without ',' or control characters",
                       GW_PARTNER_TAG_MAX);
        for (int j = 0; j < i; j++)
            if (!strcmp(in->tags[i], in->tags[j])) return gw_say(msg, n, GW_E_INVALID, "tags must not repeat");
    }
    return GW_OK;
}

/* The fields given (all that a create needs when create). */
static gw_err check_in(const gw_partner_in *in, int create, char *msg, size_t n)
{
    if ((create || in->type) && gw_partner_type_parse(in->type) < 0)
        return gw_say(msg, n, GW_E_INVALID, "type must be resource, professional or volunteer");
    if ((create || in->kind) && gw_partner_kind_parse(in->kind) < 0)
        return gw_say(msg, n, GW_E_INVALID, "kind must be person or organisation");
    gw_err e = gw_json_check_text("name", in->name, create, GW_PARTNER_NAME_MAX, msg, n);
    if (!e) e = gw_json_check_text("offer", in->offer, 0, GW_PARTNER_OFFER_MAX, msg, n);
    if (!e) e = gw_json_check_text("contact_name", in->contact_name, 0, GW_NAME_MAX, msg, n);
    if (e) return e;
    if (in->name && strspn(in->name, " ") == strlen(in->name)) return gw_say(msg, n, GW_E_INVALID, "name is required");
    if (in->contact_phone && *in->contact_phone && !gw_phone_valid(in->contact_phone))
        return gw_say(msg, n, GW_E_INVALID, "contact_phone must be a phone number: 3 to 20 digits, an optional leading "
                                         "'+', spaces, '-', '.', '(' and ')'");
    if (create && in->community_id <= 0) return gw_say(msg, n, GW_E_INVALID, "community_id is required");
    if (in->community_id < 0 || in->service_div_id < 0) return gw_say(msg, n, GW_E_INVALID, "ids are positive integers");
    return check_tags(in, msg, n);
}

/* Where the record's community and service area lie, checked: the community must be one, the area a
 * division; for staff both in their subtree. paths hold 128 bytes each. */
static gw_err check_places(gw_db *db, const gw_principal *who, int64_t community, int64_t area, char *msg, size_t n)
{
    char cpath[128], apath[128];
    gw_err e = gw_store_community_path(db, community, cpath, sizeof cpath);
    if (e == GW_E_NOT_FOUND) return gw_say(msg, n, GW_E_INVALID, "community_id must name a community");
    if (!e && (e = gw_store_partner_div_path(db, area, apath, sizeof apath)) == GW_E_NOT_FOUND)
        return gw_say(msg, n, GW_E_INVALID, "service_area_id must name a division");
    if (e) return e;
    if (who->kind == GW_PK_STAFF && (!gw_scope_has_path(who, cpath) || !gw_scope_has_path(who, apath)))
        return gw_say(msg, n, GW_E_FORBIDDEN, "the community and the service area must lie in your own area");
    return GW_OK;
}

static void apply_in(gw_partner_row *p, const gw_partner_in *in)
{
    if (in->type) p->type = gw_partner_type_parse(in->type);
    if (in->kind) p->kind = gw_partner_kind_parse(in->kind);
    if (in->name) snprintf(p->name, sizeof p->name, "%s", in->name);
    if (in->offer) snprintf(p->offer, sizeof p->offer, "%s", in->offer);
    if (in->contact_name) snprintf(p->contact_name, sizeof p->contact_name, "%s", in->contact_name);
    if (in->contact_phone) snprintf(p->contact_phone, sizeof p->contact_phone, "%s", in->contact_phone);
    if (in->community_id) p->community_id = in->community_id;
    if (in->service_div_id) p->service_div_id = in->service_div_id;
    if (in->has_tags) {
        size_t k = 0;
        p->tags[0] = 0;
        for (int i = 0; i < in->n_tags; i++)
            k += (size_t)snprintf(p->tags + k, sizeof p->tags - k, "%s%s", i ? "," : "", in->tags[i]);
    }
}

/* Append to the audit log on "partner:<id>"; detail (stolen, may be NULL). */
static gw_err audit(gw_db *tx, int64_t now, int64_t actor, const char *action, int64_t id, json_t *detail)
{
    char obj[40], *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    snprintf(obj, sizeof obj, "partner:%lld", (long long)id);
    gw_err e = gw_audit_append(tx, now, actor, action, obj, d ? d : "");
    free(d);
    return e;
}

typedef struct {
    const gw_principal *who;
    int64_t id;               /* 0: a new record */
    const gw_partner_in *in;
    gw_partner_row *row;
    char *msg;
    size_t msgn;
} save_op;

static gw_err op_save(gw_db *tx, void *arg)
{
    save_op *w = arg;
    gw_partner_row *p = w->row;
    int64_t now = gw_now_ms();
    gw_err e;
    if (w->id) {
        if ((e = gw_store_partner_get(tx, w->id, p))) return gw_say(w->msg, w->msgn, e, "no such partner");
        if (w->who->kind == GW_PK_STAFF && !gw_scope_has_path(w->who, p->community_path))
            return gw_say(w->msg, w->msgn, GW_E_NOT_FOUND, "no such partner");
    }
    apply_in(p, w->in);
    if (!p->service_div_id) p->service_div_id = p->community_id;
    if ((e = check_places(tx, w->who, p->community_id, p->service_div_id, w->msg, w->msgn))) return e;
    p->updated_ms = now;
    e = w->id ? gw_store_partner_update(tx, p) : gw_store_partner_insert(tx, p);
    if (e == GW_E_CONFLICT) return gw_say(w->msg, w->msgn, e, "you already hold a partner record in this community");
    if (e) return e;
    const char *action = w->who->kind == GW_PK_RESIDENT ? "partner.apply" : w->id ? "partner.update" : "partner.create";
    return audit(tx, now, w->who->user_id, action, p->id,
                 json_pack("{s:s,s:s,s:s,s:I,s:I}", "type", gw_partner_type_name(p->type), "kind",
                           gw_partner_kind_name(p->kind), "name", p->name, "community_id", (json_int_t)p->community_id,
                           "resident_id", (json_int_t)p->resident_id));
}

/* Reload the record as committed (its divisions' names). */
static gw_err reload(gw_store *s, gw_partner_row *p)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_partner_get(db, p->id, p);
    gw_store_read_end(s, db);
    return e;
}

static gw_err save(gw_store *s, const gw_principal *who, int64_t id, const gw_partner_in *in, gw_partner_row *out,
                   char *msg, size_t msgn)
{
    msg[0] = 0;
    save_op w = { who, id, in, out, msg, msgn };
    gw_err e = gw_store_write(s, op_save, &w);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the partner");
    return e ? e : reload(s, out);
}

gw_err gw_partner_create(gw_store *s, const gw_principal *who, const gw_partner_in *in, gw_partner_row *out,
                         char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    gw_err e = check_in(in, 1, msg, msgn);
    if (e) return e;
    memset(out, 0, sizeof *out);
    out->status = GW_PS_PENDING;
    out->verify_method = -1;
    out->created_by = who->user_id;
    return save(s, who, 0, in, out, msg, msgn);
}

gw_err gw_partner_update(gw_store *s, const gw_principal *who, int64_t id, const gw_partner_in *in,
                         gw_partner_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    gw_err e = check_in(in, 0, msg, msgn);
    return e ? e : save(s, who, id, in, out, msg, msgn);
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    int action, method;
    const char *reason;
    gw_partner_row *row;
    char *msg;
    size_t msgn;
} act_op;

static gw_err op_act(gw_db *tx, void *arg)
{
    act_op *a = arg;
    gw_partner_row *p = a->row;
    gw_err e = gw_store_partner_get(tx, a->id, p);
    if (!e && !gw_scope_has_path(a->who, p->community_path)) e = GW_E_NOT_FOUND;
    if (e) return e == GW_E_NOT_FOUND ? gw_say(a->msg, a->msgn, e, "no such partner") : e;
    gw_partner_status to, from = (gw_partner_status)p->status;
    if ((e = gw_partner_step(from, (gw_partner_action)a->action, gw_may(a->who, GW_P_PARTNER_MANAGE), &to)))
        return gw_say(a->msg, a->msgn, e, "a %s partner cannot be %s", gw_partner_status_name(from),
                   a->action == GW_PA_APPROVE ? "approved" : a->action == GW_PA_SUSPEND ? "suspended"
                   : a->action == GW_PA_RESUME ? "resumed" : "retired");
    int64_t now = gw_now_ms();
    p->status = to;
    snprintf(p->status_reason, sizeof p->status_reason, "%s", a->reason);
    p->status_by = a->who->user_id;
    p->status_ms = p->updated_ms = now;
    if (a->action == GW_PA_APPROVE) {
        p->verified_by = a->who->user_id;
        p->verified_ms = now;
        p->verify_method = a->method;
    }
    if ((e = gw_store_partner_update(tx, p))) return e;
    int64_t account;
    /* an approved partner has its points account (积分银行) from then on */
    if (a->action == GW_PA_APPROVE &&
        (e = gw_ledger_account_ensure(tx, p->community_id, GW_LO_PARTNER, p->id, now, &account)))
        return e;
    json_t *d = json_pack("{s:s,s:s,s:s}", "from", gw_partner_status_name(from), "to", gw_partner_status_name(to),
                          "reason", a->reason);
    if (d && a->action == GW_PA_APPROVE) json_object_set_new(d, "method", json_string(gw_partner_verify_name(a->method)));
    char action[32];
    snprintf(action, sizeof action, "partner.%s", gw_partner_action_name(a->action));
    return audit(tx, now, a->who->user_id, action, p->id, d);
}

gw_err gw_partner_act(gw_store *s, const gw_principal *who, int64_t id, const char *action, const char *reason,
                      const char *method, gw_partner_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    act_op a = { who, id, gw_partner_action_parse(action), -1, reason, out, msg, msgn };
    if (a.action < 0) return gw_say(msg, msgn, GW_E_INVALID, "action must be approve, suspend, resume or retire");
    gw_err e = gw_json_check_text("reason", reason, 1, GW_REASON_MAX, msg, msgn);
    if (e) return e;
    if (a.action == GW_PA_APPROVE && (a.method = gw_partner_verify_parse(method)) < 0)
        return gw_say(msg, msgn, GW_E_INVALID, "method must be licence, practice, id_card or reference");
    if (a.action != GW_PA_APPROVE && method) return gw_say(msg, msgn, GW_E_INVALID, "method belongs to approve");
    msg[0] = 0;
    e = gw_store_write(s, op_act, &a);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not change the partner");
    return e ? e : reload(s, out);
}

gw_err gw_partner_list(gw_db *db, const gw_principal *who, gw_partner_query *q, gw_partner_row *out, size_t *n,
                       int64_t *total, char *msg, size_t msgn)
{
    *n = 0;
    *total = 0;
    if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    q->div_prefix = who->role == GW_R_ADMIN ? NULL : who->div_path;
    q->resident_id = 0;
    gw_err e = gw_store_partner_list(db, q, out, n, total);
    return e ? gw_say(msg, msgn, e, "could not list partners") : GW_OK;
}

gw_err gw_partner_get(gw_db *db, const gw_principal *who, int64_t id, gw_partner_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    gw_err e = gw_store_partner_get(db, id, out);
    if (!e && !gw_scope_has_path(who, out->community_path)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such partner");
    return e ? gw_say(msg, msgn, e, "could not read the partner") : GW_OK;
}

typedef struct { const gw_principal *who; int64_t id; gw_partner_row *row; } contact_op;

static gw_err op_contact(gw_db *tx, void *arg)
{
    contact_op *c = arg;
    gw_err e = gw_store_partner_get(tx, c->id, c->row);
    if (!e && !gw_scope_has_path(c->who, c->row->community_path)) e = GW_E_NOT_FOUND;
    return e ? e : audit(tx, gw_now_ms(), c->who->user_id, "partner.contact_read", c->id, NULL);
}

gw_err gw_partner_contact(gw_store *s, const gw_principal *who, int64_t id, gw_partner_row *out, char *msg,
                          size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    contact_op c = { who, id, out };
    gw_err e = gw_store_write(s, op_contact, &c);
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such partner");
    return e ? gw_say(msg, msgn, e, "could not read the partner") : GW_OK;
}

gw_err gw_partner_apply(gw_store *s, const gw_principal *who, const gw_partner_in *in, gw_partner_row *out, char *msg,
                        size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in with a resident account to apply");
    gw_err e = check_in(in, 1, msg, msgn);
    if (e) return e;
    if (in->service_div_id && in->service_div_id != in->community_id)
        return gw_say(msg, msgn, GW_E_INVALID, "an application serves its own community: leave service_area_id out");
    gw_resident_row acct;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    e = gw_store_resident_get(db, who->resident_id, &acct);
    gw_store_read_end(s, db);
    memset(acct.pw_hash, 0, sizeof acct.pw_hash);
    if (e) return gw_say(msg, msgn, e, "could not read your account");
    memset(out, 0, sizeof *out);
    out->status = GW_PS_PENDING;
    out->verify_method = -1;
    out->resident_id = who->resident_id;
    snprintf(out->contact_name, sizeof out->contact_name, "%s", acct.person_name[0] ? acct.person_name : acct.display_name);
    snprintf(out->contact_phone, sizeof out->contact_phone, "%s", acct.phone);
    return save(s, who, 0, in, out, msg, msgn);
}

gw_err gw_partner_mine(gw_db *db, const gw_principal *who, gw_partner_row *out, size_t max, size_t *n)
{
    *n = 0;
    if (who->kind != GW_PK_RESIDENT) return GW_E_FORBIDDEN;
    gw_partner_query q = { .resident_id = who->resident_id, .type = -1, .status = -1, .limit = max };
    int64_t total;
    return gw_store_partner_list(db, &q, out, n, &total);
}
