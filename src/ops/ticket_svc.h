/* ops/ticket_svc.h — the 一网统管 loop with I/O: report (classify location, route,
 * auto-accept/dispatch), act (load, check scope, gw_ticket_apply, save, timeline), read,
 * track (public), rate. Every write commits before these return. */
#ifndef GW_OPS_TICKET_SVC_H
#define GW_OPS_TICKET_SVC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "ops/ticket.h"
#include "store/store.h"
#include "store/store_ticket.h"

#define GW_MAX_PHOTOS 9

typedef struct gw_report {
    const char *source;        /* resident grid_worker hotline open311 iot staff */
    int64_t category_id;
    int has_location;
    double lon, lat;           /* WGS-84 (convert GCJ-02 before) */
    int64_t division_id;       /* 0 = find the grid from the location */
    const char *address;
    const char *description;
    int urgency;               /* 0 = the category default */
    const char *reporter_name;
    const char *reporter_phone;
    const char *photos[GW_MAX_PHOTOS]; /* sha256 of uploaded attachments */
    int n_photos;
    int64_t api_key_id;
    int64_t at_ms;             /* 0 = now (the demo back-dates) */
} gw_report;

/* Create a ticket. Grid-worker, hotline and staff reports whose routing rule is auto are
 * accepted and dispatched at once (by GW_R_SYSTEM); resident and Open311 reports wait for
 * acceptance. Fills *row with the stored ticket.
 * GW_E_INVALID (msg says which field), GW_E_NOT_FOUND (category, division or photo). */
gw_err gw_ticket_report(gw_store *s, const gw_principal *who, const gw_report *rep, gw_ticket_row *row,
                        char *msg, size_t msgn);

typedef struct {
    gw_action_kind kind;
    const char *note;
    int64_t unit_id;           /* dispatch: chosen unit (0 = by routing rule) */
    int32_t days;              /* extend */
    int32_t rating;            /* rate */
    const char *photos[GW_MAX_PHOTOS]; /* feedback photos */
    int n_photos;
    int64_t expect_version;    /* 0 = any; else GW_E_CONFLICT when the ticket moved on */
    int64_t at_ms;             /* 0 = now */
} gw_act;

/* Take an action on ticket id as `who`. GW_E_NOT_FOUND when the ticket is not visible to who;
 * GW_E_FORBIDDEN / GW_E_CONFLICT / GW_E_INVALID as gw_ticket_apply; GW_E_CONFLICT also when
 * another actor changed the ticket first. On success *row holds the new state. */
gw_err gw_ticket_act(gw_store *s, const gw_principal *who, int64_t id, const gw_act *act, gw_ticket_row *row,
                     char *msg, size_t msgn);

/* Rate a closed ticket by its tracking code (the resident). */
gw_err gw_ticket_rate(gw_store *s, const char *code, int rating, const char *comment, char *msg, size_t msgn);

/* Whether who may read the ticket (scope: division subtree, own unit or CC unit). */
int gw_ticket_visible(gw_db *db, const gw_principal *who, const gw_ticket_row *row);
/* The same decision from the fields it rests on (no I/O): the ticket's division path, primary
 * unit, reporting user and CC units. */
int gw_ticket_may_see(const gw_principal *who, const char *division_path, int64_t unit_id,
                      int64_t reporter_user_id, const int64_t *cc, int n_cc);

/* The routing decision for a category at a division, without side effects: the winning rule
 * (rule->id 0 when the fallback unit was used) and the explanation. GW_E_NOT_FOUND when
 * neither a rule nor a fallback unit exists. */
gw_err gw_ticket_route(gw_db *db, int64_t category_id, int64_t division_id, gw_route_rule *rule);

/* Mask personal data for display: name "张*", "张*明"; phone "138****5678". */
void gw_mask_name(const char *name, char *out, size_t n);
void gw_mask_phone(const char *phone, char *out, size_t n);

#endif
