/* partners/partner_svc.h — the partner registry's use cases (社区合伙人).
 *
 * Staff with partner.view list and read the partners whose community lies in their division subtree
 * (out of scope reads as not found); staff with partner.manage register partners, edit them and drive
 * their status (partners/partner.h: approve with how they verified it, suspend, resume, retire — each
 * with a reason, audited), and read a partner's full contact (audited before it is returned). A
 * signed-in resident applies from the H5 page (a pending record of their own; at most one per
 * community) and reads their own records. Approval opens no ledger account here: the integrator wires
 * it to the points ledger (partners/ledger*.c).
 *
 * Every function that takes msg writes the client's message there on an error. */
#ifndef GW_PARTNERS_PARTNER_SVC_H
#define GW_PARTNERS_PARTNER_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"
#include "partners/partner_store.h"

/* The fields of a write; NULL (0 for ids, !has_tags) leaves a field as it is on an update. A create
 * needs type, kind, name and community_id; the service area defaults to the community. */
typedef struct {
    const char *type, *kind, *name, *offer, *contact_name, *contact_phone;
    const char *tags[GW_PARTNER_TAGS_MAX + 1];
    int n_tags, has_tags; /* n_tags > GW_PARTNER_TAGS_MAX: too many were given */
    int64_t community_id, service_div_id;
} gw_partner_in;

gw_err gw_partner_create(gw_store *s, const gw_principal *who, const gw_partner_in *in, gw_partner_row *out,
                         char *msg, size_t msgn);
gw_err gw_partner_update(gw_store *s, const gw_principal *who, int64_t id, const gw_partner_in *in,
                         gw_partner_row *out, char *msg, size_t msgn);
/* Apply a status action (gw_partner_action_parse names) with a reason; approve also needs method
 * (gw_partner_verify_parse names). GW_E_CONFLICT when the status does not allow it. */
gw_err gw_partner_act(gw_store *s, const gw_principal *who, int64_t id, const char *action, const char *reason,
                      const char *method, gw_partner_row *out, char *msg, size_t msgn);
/* A page of the partners in who's scope (partner.view); q->div_prefix and q->resident_id are set here. */
gw_err gw_partner_list(gw_db *db, const gw_principal *who, gw_partner_query *q, gw_partner_row *out, size_t *n,
                       int64_t *total, char *msg, size_t msgn);
gw_err gw_partner_get(gw_db *db, const gw_principal *who, int64_t id, gw_partner_row *out, char *msg, size_t msgn);
/* The full record with its contact (partner.manage, in scope); the read is audited first. */
gw_err gw_partner_contact(gw_store *s, const gw_principal *who, int64_t id, gw_partner_row *out, char *msg,
                          size_t msgn);

/* ---- the resident's own ---- */

/* Apply as a partner (a signed-in resident account, active): a pending record. GW_E_CONFLICT when
 * the resident already holds one in that community. Contact defaults to the account's. */
gw_err gw_partner_apply(gw_store *s, const gw_principal *who, const gw_partner_in *in, gw_partner_row *out, char *msg,
                        size_t msgn);
/* The resident's own records (at most max), newest first. */
gw_err gw_partner_mine(gw_db *db, const gw_principal *who, gw_partner_row *out, size_t max, size_t *n);

#endif
