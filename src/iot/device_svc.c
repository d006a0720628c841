/* iot/device_svc.c — see device_svc.h. */
#include "iot/device_svc.h"
#include "base/clock.h"
#include "core/admin.h"
#include "core/model_store.h"
#include "core/scope.h"
#include "json/reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gw_device_scope gw_iot_scope_of(const gw_principal *who)
{
    gw_device_scope sc = { 0 };
    if (who->role == GW_R_ADMIN || who->role == GW_R_SYSTEM) sc.all = 1;
    else if (who->role == GW_R_UNIT_HANDLER) sc.unit_id = who->unit_id ? who->unit_id : -1;
    else if (!strcmp(who->div_path, "/")) sc.all = 1;
    else sc.div_prefix = who->div_path[0] ? who->div_path : "/nothing/";
    return sc;
}

/* ---- types -------------------------------------------------------------------------------- */

typedef struct {
    const gw_principal *who;
    const char *code;
    const gw_dtype_in *in;
    gw_device_type *t;
    char *msg;
    size_t msgn;
} dtype_arg;

static gw_err dtype_apply(gw_device_type *t, const gw_dtype_in *in, char *msg, size_t msgn)
{
    gw_err e;
    if (in->name && (e = gw_json_check_text("name", in->name, 1, NAME_MAX_CHARS, msg, msgn))) return e;
    if (in->name) snprintf(t->name, sizeof t->name, "%s", in->name);
    if (in->statuses && (e = gw_device_type_set_statuses(t, in->statuses, msg, msgn))) return e;
    if (in->has_heartbeat) t->heartbeat_s = in->heartbeat_s;
    if (in->has_offline) t->offline_s = in->offline_s;
    if (in->has_debounce_n) t->debounce_n = in->debounce_n;
    if (in->has_debounce_ms) t->debounce_ms = in->debounce_ms;
    return gw_device_type_check(t, msg, msgn);
}

static gw_err op_dtype(gw_db *tx, void *p)
{
    dtype_arg *a = p;
    int64_t now = gw_now_ms();
    gw_err e;
    if (a->code) {
        if ((e = gw_store_dtype_get(tx, a->code, a->t))) return e;
    } else {
        memset(a->t, 0, sizeof *a->t);
        snprintf(a->t->code, sizeof a->t->code, "%s", a->in->code ? a->in->code : "");
        a->t->heartbeat_s = 300, a->t->offline_s = 900, a->t->debounce_n = 1;
    }
    if ((e = dtype_apply(a->t, a->in, a->msg, a->msgn))) return e;
    for (int i = 0; i < a->t->n_st; i++) {
        int64_t cat;
        if (a->t->st[i].category[0] && gw_store_iot_category_id(tx, a->t->st[i].category, &cat) != GW_OK) {
            snprintf(a->msg, a->msgn, "statuses[%d]: no enabled category %s", i, a->t->st[i].category);
            return GW_E_INVALID;
        }
    }
    e = a->code ? gw_store_dtype_update(tx, a->t, now) : gw_store_dtype_insert(tx, a->t, now);
    if (e == GW_E_CONFLICT) snprintf(a->msg, a->msgn, "device type %s exists", a->t->code);
    if (e) return e;
    char *d = gw_admin_detail_of(json_pack("{s:s,s:o}", "code", a->t->code, "statuses",
                                           gw_device_type_statuses_json(a->t)));
    e = gw_admin_audit(tx, now, a->who->user_id, a->code ? "device_type.update" : "device_type.create", "device_type",
                       0, d);
    free(d);
    return e;
}

gw_err gw_dtype_save(gw_store *s, const gw_principal *who, const char *code, const gw_dtype_in *in,
                     gw_device_type *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_IOT_MANAGE)) return GW_E_FORBIDDEN;
    if (!code && !gw_iot_code_valid(in->code)) {
        snprintf(msg, msgn, "code must be 1 to %d letters, digits or _ . : -", GW_IOT_CODE_MAX);
        return GW_E_INVALID;
    }
    dtype_arg a = { who, code, in, out, msg, msgn };
    return gw_store_write(s, op_dtype, &a);
}

/* ---- devices ------------------------------------------------------------------------------ */

typedef struct {
    const gw_principal *who;
    int64_t id;
    const gw_device_in *in;
    gw_device_row *d;
    char *secret;
    char *msg;
    size_t msgn;
} device_arg;

static gw_err device_check(const gw_device_in *in, int create, char *msg, size_t msgn)
{
    gw_err e;
    if ((create || in->device_id) && !gw_iot_code_valid(in->device_id)) {
        snprintf(msg, msgn, "device_id must be 1 to %d letters, digits or _ . : -", GW_IOT_CODE_MAX);
        return GW_E_INVALID;
    }
    if ((create || in->type) && !gw_iot_code_valid(in->type)) { snprintf(msg, msgn, "type must name a device type"); return GW_E_INVALID; }
    if ((e = gw_json_check_text("name", in->name, create, NAME_MAX_CHARS, msg, msgn))) return e;
    if ((e = gw_json_check_text("address", in->address, 0, GW_ADDR_MAX, msg, msgn))) return e;
    if (in->secret && (strlen(in->secret) < 8 || strlen(in->secret) > 128)) {
        snprintf(msg, msgn, "a device secret has 8 to 128 bytes");
        return GW_E_INVALID;
    }
    return GW_OK;
}

/* Fields of in onto d, the grid from the location, the references checked. */
static gw_err device_apply(gw_db *tx, gw_device_row *d, const gw_device_in *in, char *msg, size_t msgn)
{
    gw_device_type t;
    if (in->type) snprintf(d->type_code, sizeof d->type_code, "%s", in->type);
    if (gw_store_dtype_get(tx, d->type_code, &t) != GW_OK) {
        snprintf(msg, msgn, "no device type %s", d->type_code);
        return GW_E_INVALID;
    }
    if (in->name) snprintf(d->name, sizeof d->name, "%s", in->name);
    if (in->address) snprintf(d->address, sizeof d->address, "%s", in->address);
    if (in->enabled >= 0) d->enabled = in->enabled;
    if (in->has_owner) {
        if (in->owner_unit_id && gw_store_iot_unit_exists(tx, in->owner_unit_id) != GW_OK) {
            snprintf(msg, msgn, "owner_unit_id: no unit %lld", (long long)in->owner_unit_id);
            return GW_E_INVALID;
        }
        d->owner_unit_id = in->owner_unit_id;
    }
    if (in->has_location) {
        d->has_location = 1, d->lon = in->lon, d->lat = in->lat;
        gw_point pt = { in->lon, in->lat };
        if (gw_store_grid_at(tx, pt, &d->division_id) != GW_OK) d->division_id = 0;
    }
    return GW_OK;
}

static gw_err op_device(gw_db *tx, void *p)
{
    device_arg *a = p;
    int64_t now = gw_now_ms();
    gw_err e;
    if (a->id) {
        if ((e = gw_store_device_get(tx, a->id, a->d))) return e;
    } else {
        memset(a->d, 0, sizeof *a->d);
        snprintf(a->d->device_id, sizeof a->d->device_id, "%s", a->in->device_id);
        a->d->enabled = 1;
        a->d->created_ms = now;
        if (a->in->secret) snprintf(a->secret, GW_IOT_SECRET_LEN + 1, "%s", a->in->secret);
        else gw_iot_secret_new(a->secret);
        gw_iot_secret_hash(a->d->device_id, a->in->secret ? a->in->secret : a->secret, a->d->secret_hash);
    }
    if ((e = device_apply(tx, a->d, a->in, a->msg, a->msgn))) return e;
    a->d->updated_ms = now;
    e = a->id ? gw_store_device_update(tx, a->d) : gw_store_device_insert(tx, a->d);
    if (e == GW_E_CONFLICT) snprintf(a->msg, a->msgn, "device %s exists", a->d->device_id);
    if (e) return e;
    char *det = gw_admin_detail_of(json_pack("{s:s,s:s,s:s}", "device_id", a->d->device_id, "type", a->d->type_code,
                                             "name", a->d->name));
    e = gw_admin_audit(tx, now, a->who->user_id, a->id ? "device.update" : "device.create", "device", a->d->id, det);
    free(det);
    return e ? e : gw_store_device_get(tx, a->d->id, a->d);
}

gw_err gw_device_create(gw_store *s, const gw_principal *who, const gw_device_in *in, gw_device_row *out,
                        char *secret_out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_IOT_MANAGE)) return GW_E_FORBIDDEN;
    gw_err e = device_check(in, 1, msg, msgn);
    if (e) return e;
    device_arg a = { who, 0, in, out, secret_out, msg, msgn };
    return gw_store_write(s, op_device, &a);
}

gw_err gw_device_create_tx(gw_db *tx, const gw_principal *who, const gw_device_in *in, gw_device_row *out,
                           char *secret_out, char *msg, size_t msgn)
{
    gw_err e = device_check(in, 1, msg, msgn);
    device_arg a = { who, 0, in, out, secret_out, msg, msgn };
    return e ? e : op_device(tx, &a);
}

gw_err gw_device_update(gw_store *s, const gw_principal *who, int64_t id, const gw_device_in *in, gw_device_row *out,
                        char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_IOT_MANAGE)) return GW_E_FORBIDDEN;
    if (in->device_id || in->secret) { snprintf(msg, msgn, "device_id and secret do not change here"); return GW_E_INVALID; }
    gw_err e = device_check(in, 0, msg, msgn);
    if (e) return e;
    device_arg a = { who, id, in, out, NULL, msg, msgn };
    return gw_store_write(s, op_device, &a);
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    char *secret; /* NULL: delete */
} dev_small;

static gw_err op_small(gw_db *tx, void *p)
{
    dev_small *a = p;
    int64_t now = gw_now_ms();
    gw_err e;
    if (a->secret) {
        gw_device_row *d = malloc(sizeof *d);
        e = d ? gw_store_device_get(tx, a->id, d) : GW_E_NOMEM;
        if (!e) {
            char h[GW_IOT_HASH_BUF];
            gw_iot_secret_new(a->secret);
            gw_iot_secret_hash(d->device_id, a->secret, h);
            e = gw_store_device_set_secret(tx, a->id, h, now);
        }
        free(d);
    } else {
        e = gw_store_device_delete(tx, a->id, now);
    }
    return e ? e : gw_admin_audit(tx, now, a->who->user_id, a->secret ? "device.secret" : "device.delete", "device",
                                  a->id, NULL);
}

gw_err gw_device_delete(gw_store *s, const gw_principal *who, int64_t id)
{
    if (!gw_may(who, GW_P_IOT_MANAGE)) return GW_E_FORBIDDEN;
    dev_small a = { who, id, NULL };
    return gw_store_write(s, op_small, &a);
}

gw_err gw_device_rotate(gw_store *s, const gw_principal *who, int64_t id, char *secret_out)
{
    if (!gw_may(who, GW_P_IOT_MANAGE)) return GW_E_FORBIDDEN;
    dev_small a = { who, id, secret_out };
    return gw_store_write(s, op_small, &a);
}

static int in_scope(const gw_device_scope *sc, const gw_device_row *d)
{
    if (sc->all) return 1;
    if (sc->unit_id) return d->owner_unit_id == sc->unit_id;
    return sc->div_prefix && d->division_path[0] && !strncmp(d->division_path, sc->div_prefix, strlen(sc->div_prefix));
}

gw_err gw_device_get(gw_db *db, const gw_principal *who, int64_t id, gw_device_row *out)
{
    gw_device_scope sc = gw_iot_scope_of(who);
    gw_err e = gw_store_device_get(db, id, out);
    return !e && !in_scope(&sc, out) ? GW_E_NOT_FOUND : e;
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    gw_alarm_row *a;
} ack_arg;

static gw_err op_ack(gw_db *tx, void *p)
{
    ack_arg *a = p;
    gw_device_scope sc = gw_iot_scope_of(a->who);
    gw_err e = gw_store_alarm_get(tx, a->id, a->a, &sc);
    if (!e) e = gw_alarm_ack_check(a->a->acked);
    if (!e) e = gw_store_alarm_ack(tx, a->id, a->who->user_id, gw_now_ms());
    return e ? e : gw_store_alarm_get(tx, a->id, a->a, &sc);
}

gw_err gw_alarm_ack(gw_store *s, const gw_principal *who, int64_t id, gw_alarm_row *out)
{
    if (!gw_may(who, GW_P_IOT_VIEW)) return GW_E_FORBIDDEN;
    ack_arg a = { who, id, out };
    return gw_store_write(s, op_ack, &a);
}
