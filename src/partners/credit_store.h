/* partners/credit_store.h — SQL of the credit file: the append-only events (partners migration 3),
 * the aggregates the score and the ranking are computed from on every read (nothing cached), and the
 * volunteer service certificates with their gap-free numbers (partners migration 7). An event is never
 * updated or deleted; a revocation is a new event. Writes run inside gw_store_write, in the
 * transaction of the step they record; reads take any connection. */
#ifndef GW_PARTNERS_CREDIT_STORE_H
#define GW_PARTNERS_CREDIT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"
#include "db/db.h"
#include "partners/credit.h"
#include "partners/partner.h"

typedef struct {
    int64_t partner_id;
    gw_credit_kind kind;
    int64_t value;          /* see gw_credit_kind */
    const char *ref_kind;   /* what the event is about: "service", "order", "booking", "project", "transfer" */
    int64_t ref_id;         /* its id */
    int64_t at_ms;          /* when it happened */
} gw_credit_event;

/* Append one event (the partner's community is taken from its record). GW_E_NOT_FOUND for no such
 * partner, GW_E_INVALID for a kind out of range or an empty ref_kind. */
gw_err gw_credit_event_add(gw_db *tx, const gw_credit_event *ev);

/* ---- reads ---- */

/* The figures of partner_id's events with from_ms <= at_ms < to_ms; *services: its service_live events. */
gw_err gw_store_credit_figures(gw_db *db, int64_t partner_id, int64_t from_ms, int64_t to_ms, gw_credit_figures *out,
                               int64_t *services);

typedef struct {
    int64_t id, partner_id, value, ref_id, at_ms;
    int kind;
    char ref_kind[32];
} gw_credit_event_row;
/* A page of partner_id's events, newest first; *total counts them all. */
gw_err gw_store_credit_events(gw_db *db, int64_t partner_id, size_t offset, size_t limit, gw_credit_event_row *out,
                              size_t *n, int64_t *total);

/* One partner in a ranking: its figures over the period, its all-time live minutes up to the period's end. */
typedef struct {
    int64_t partner_id;
    int type, kind, status;                       /* partners/partner.h */
    char name[GW_PARTNER_NAME_MAX * 4 + 1];
    gw_credit_figures f;
    int64_t live_minutes_total;
} gw_credit_rank_row;
/* Every partner of community_id with an event in [from_ms, to_ms) (at most max; *n how many). */
gw_err gw_store_credit_period(gw_db *db, int64_t community_id, int64_t from_ms, int64_t to_ms, gw_credit_rank_row *out,
                              size_t max, size_t *n);

/* ---- volunteer service certificates (志愿服务记录证明) ---- */

typedef struct {
    int64_t id;
    char number[96];
    int64_t community_id;
    char community_code[64], community_name[GW_NAME_BUF], community_path[128];
    int year;
    int64_t seq, partner_id;
    char volunteer_name[GW_PARTNER_NAME_MAX * 4 + 1];
    int64_t from_ms, to_ms, live_minutes, services;
    char content[GW_CERT_CONTENT_MAX * 4 + 1], place[GW_CERT_PLACE_MAX * 4 + 1];
    char organisation[GW_NAME_BUF];               /* up to the community's name, its default */
    int64_t issued_by, issued_ms;
    char issued_by_name[GW_DISPLAY_BUF];
    int64_t replaces_id, replaced_by;             /* 0 none */
    int64_t revoked_by, revoked_ms;               /* 0 while valid */
    char revoked_by_name[GW_DISPLAY_BUF], revoke_reason[GW_REASON_MAX * 4 + 1];
    int64_t resident_id;                          /* the partner's resident account, 0 none */
    int person;                                   /* the partner is a person (its name is personal data) */
} gw_cert_row;

/* The community's division code (its certificates' prefix); GW_E_NOT_FOUND for no such division. */
gw_err gw_store_cert_community_code(gw_db *db, int64_t community_id, char *code, size_t n);
/* The next number of (community, year), taken in this transaction: 1, 2, 3 ... without gaps (a
 * rolled-back issue gives its number back). */
gw_err gw_store_cert_next_seq(gw_db *tx, int64_t community_id, int year, int64_t *seq);
/* Insert c (fills c->id). GW_E_CONFLICT when its number or its replaces_id is taken. */
gw_err gw_store_cert_insert(gw_db *tx, gw_cert_row *c);
gw_err gw_store_cert_get(gw_db *db, int64_t id, gw_cert_row *out);
/* Mark revoked; GW_E_NOT_FOUND when there is no such certificate or it is revoked already. */
gw_err gw_store_cert_revoke(gw_db *tx, int64_t id, int64_t by, int64_t at_ms, const char *reason);
/* partner_id's certificates, newest first (at most max). */
gw_err gw_store_cert_list(gw_db *db, int64_t partner_id, gw_cert_row *out, size_t max, size_t *n);

#endif
