/* partners/credit_svc.h — the credit file's use cases (信用档案, 优秀合伙人, 志愿服务记录证明).
 *
 * Everything is computed from the partner's credit events on every read (partners/credit.h the
 * formula, partners/credit_store.h the aggregates): nothing is cached, so nothing drifts. Staff with
 * partner.view read the files and the ranking of the partners in their division subtree (out of
 * scope reads as not found); a signed-in resident reads the files of their own partner records.
 * Certificates are issued and revoked by staff with partner.manage (audited), never edited: a wrong
 * one is revoked and another issued in its place. Every function that takes msg writes the client's
 * message there on an error. */
#ifndef GW_PARTNERS_CREDIT_SVC_H
#define GW_PARTNERS_CREDIT_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"
#include "partners/credit_store.h"
#include "partners/partner_store.h"

typedef struct {
    gw_partner_row partner;
    int64_t window_from_ms, now_ms;  /* the score's window: the last 24 months */
    gw_credit_figures window;        /* figures over the window */
    gw_credit_figures all;           /* all-time figures (the level) */
    gw_credit_score score;
    int level;
    int64_t next_level_minutes;      /* live minutes the next level needs, 0 at five stars */
} gw_credit_file;

/* A partner's file at now (staff: partner.view and in scope; a resident: their own record) and a
 * page of its events, newest first (events may be NULL with limit 0). */
gw_err gw_credit_file_get(gw_db *db, const gw_principal *who, int64_t partner_id, int64_t now, gw_credit_file *out,
                          size_t offset, size_t limit, gw_credit_event_row *events, size_t *n, int64_t *total,
                          char *msg, size_t msgn);

typedef struct {
    gw_credit_rank_row row;
    gw_credit_score score;
    int level, rank;                 /* rank 1.. in the ranking's order */
} gw_credit_ranked;
/* The ranking of community_id's partners with events in [from_ms, to_ms), in gw_credit_rank_cmp's
 * order (scores over the period; the level by all-time live hours to the period's end). out holds max. */
gw_err gw_credit_ranking(gw_db *db, const gw_principal *who, int64_t community_id, int64_t from_ms, int64_t to_ms,
                         gw_credit_ranked *out, size_t max, size_t *n, char *msg, size_t msgn);

/* What staff give for a certificate; the rest (hours, number, volunteer, issuer, date) is the system's. */
typedef struct {
    int64_t partner_id, from_ms, to_ms, replaces_id; /* replaces_id 0: none; else a revoked certificate */
    const char *content, *place, *organisation;      /* place, organisation default to the community's name */
} gw_cert_in;
/* Issue (partner.manage, in scope): the live hours of [from_ms, to_ms) (at least one minute), the next
 * number of the community and year, audited. GW_E_CONFLICT for no live service in the period or a
 * replaces_id not revoked or already replaced. */
gw_err gw_cert_issue(gw_store *s, const gw_principal *who, const gw_cert_in *in, gw_cert_row *out, char *msg,
                     size_t msgn);
/* Revoke with a reason (partner.manage, in scope), audited. GW_E_CONFLICT when revoked already. */
gw_err gw_cert_revoke(gw_store *s, const gw_principal *who, int64_t id, const char *reason, gw_cert_row *out,
                      char *msg, size_t msgn);
/* One certificate: staff in scope, or the resident whose partner record it is. */
gw_err gw_cert_get(gw_db *db, const gw_principal *who, int64_t id, gw_cert_row *out, char *msg, size_t msgn);
/* A partner's certificates, newest first (who may read the partner). */
gw_err gw_cert_list(gw_db *db, const gw_principal *who, int64_t partner_id, gw_cert_row *out, size_t max, size_t *n,
                    char *msg, size_t msgn);

#endif
