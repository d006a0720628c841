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
#include "core/privacy.h"
#include "ops/ticket.h"
#include "db/store.h"
#include "ops/ticket_store.h"
#include "ops/review.h"


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
    const char *request_type;  /* 诉求类型; NULL or "" = complain */
    const gw_intake_class *cls; /* the classifier chose category_id (ops/review_svc.h); NULL: the caller did */
} gw_report;

/* Create a ticket. Grid-worker, hotline and staff reports whose routing rule is auto are
 * accepted and dispatched at once (by GW_R_SYSTEM); resident and Open311 reports wait for
 * acceptance. A report that cannot be placed in a division (an address alone, or a point outside
 * every grid) is filed at the root division flagged needs_location (待定位): the city's
 * dispatchers see it and place it with gw_ticket_locate; it is never auto-dispatched. Photos must
 * have been uploaded by the reporter (who->user_id; the public path when who has none).
 * Fills *row with the stored ticket. GW_E_INVALID (msg says which field). */
gw_err gw_ticket_report(gw_store *s, const gw_principal *who, const gw_report *rep, gw_ticket_row *row,
                        char *msg, size_t msgn);
/* The same report inside the caller's write transaction `tx` (a gw_store_write operation), so the
 * ticket commits or rolls back with what the caller writes beside it (an IoT alarm). It runs the
 * report's own operation but not gw_ticket_report's field checks: the caller builds the report from
 * data it has checked (source, description, address, location within their limits). */
gw_err gw_ticket_report_tx(gw_db *tx, const gw_principal *who, const gw_report *rep, gw_ticket_row *row, char *msg,
                           size_t msgn);

#define GW_MAX_KB_CITES 5

typedef struct {
    gw_action_kind kind;
    const char *note;          /* internal: staff only, never on a public path */
    const char *public_reply;  /* 答复口径: what the resident may read (tracking page, Open311) */
    int64_t unit_id;           /* dispatch: chosen unit (0 = by routing rule) */
    int32_t days;              /* extend */
    int32_t rating;            /* rate */
    const char *photos[GW_MAX_PHOTOS]; /* feedback photos */
    int n_photos;
    int64_t expect_version;    /* 0 = any; else GW_E_CONFLICT when the ticket moved on */
    int64_t at_ms;             /* 0 = now */
    int32_t result;            /* verify_onsite: GW_ONSITE_PASS | GW_ONSITE_FAIL; photos[] are "before" */
    const char *after[GW_MAX_PHOTOS]; /* verify_onsite: the "after" photos */
    int n_after;
    int32_t satisfaction;      /* revisit: a gw_satisfaction */
    int64_t kb_ids[GW_MAX_KB_CITES]; /* answer: knowledge-base articles cited (recorded on the timeline) */
    int n_kb;
} gw_act;

/* Take an action on ticket id as `who`. GW_E_NOT_FOUND when the ticket is not visible to who;
 * GW_E_FORBIDDEN / GW_E_CONFLICT / GW_E_INVALID as gw_ticket_apply; GW_E_CONFLICT also when
 * another actor changed the ticket first. On success *row holds the new state. */

gw_err gw_ticket_act(gw_store *s, const gw_principal *who, int64_t id, const gw_act *act, gw_ticket_row *row,
                     char *msg, size_t msgn);

/* Take acts[0..n-1] on ticket id in order, in one transaction: all of them or none (a 回访 that
 * reopens the ticket). expect_version and at_ms are read from acts[0]. */
gw_err gw_ticket_act_seq(gw_store *s, const gw_principal *who, int64_t id, const gw_act *acts, int n,
                         gw_ticket_row *row, char *msg, size_t msgn);

/* Where a dispatcher places a ticket: a point (the grid found by point-in-polygon, as at
 * creation) or a division chosen directly. */
typedef struct {
    int has_location;
    double lon, lat;           /* WGS-84 */
    int64_t division_id;       /* used when !has_location */
    const char *note, *public_reply;
    int64_t expect_version;    /* 0 = any */
} gw_place;

/* Set the place of ticket id (dispatcher or admin, before dispatch: reported, accepted, returned):
 * division, path and location follow, needs_location is cleared, the timeline gets a "locate"
 * entry; a staff report still in reported with an auto rule for the new place is then accepted
 * and dispatched as at creation. GW_E_NOT_FOUND not visible; GW_E_FORBIDDEN role, or the new place
 * outside the caller's scope; GW_E_CONFLICT state or version; GW_E_INVALID no grid at the point or
 * no such division. */
gw_err gw_ticket_locate(gw_store *s, const gw_principal *who, int64_t id, const gw_place *p, gw_ticket_row *row,
                        char *msg, size_t msgn);

/* Whether who may read the photo: once a ticket holds it, those who may see such a ticket; before
 * that only its uploader (staff, by user id; public uploads are read by nobody until attached). */
int gw_photo_may_read(gw_db *db, const gw_principal *who, const char *sha256);

/* Rate a closed ticket by its tracking code (the resident). */
gw_err gw_ticket_rate(gw_store *s, const char *code, int rating, const char *comment, char *msg, size_t msgn);
/* Record in the audit log (pii.search) that `who` searched the cases by a caller's phone, shown
 * masked; before the search answers. */
gw_err gw_ticket_search_audit(gw_store *s, const gw_principal *who, const char *phone_key);

/* After a transition: the clock running in row's state (0 when none runs) restarts its warning point and
 * clears the flags when its deadline is not old_due. */
void gw_ticket_restart_clock(gw_ticket_row *row, int64_t old_due, int64_t now);

/* Whether who may read the ticket (core/scope.h; loads the CC units when they matter). */
int gw_ticket_visible(gw_db *db, const gw_principal *who, const gw_ticket_row *row);

/* The routing decision for a category at a division, without side effects: the winning rule
 * (rule->id 0 when the fallback unit was used) and the explanation. GW_E_NOT_FOUND when
 * neither a rule nor a fallback unit exists. */
gw_err gw_ticket_route(gw_db *db, int64_t category_id, int64_t division_id, gw_route_rule *rule);


#endif
