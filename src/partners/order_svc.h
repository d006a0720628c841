/* partners/order_svc.h — 兑换订单 (redemption orders): a signed-in resident redeems a catalogue item;
 * staff hand it over (核销), cancel it or mark a booked slot a no-show; a merchant verifies its coupon
 * codes; the job settles orders that were not collected in time.
 *
 * A redemption is ONE write transaction: the stock (or the slot's free place) is taken by a
 * conditional UPDATE, the order row is written, and a pending ledger hold "ord-<id>" moves the price
 * from the resident's points account to the community's redemption account (partners/ledger_svc.h
 * gw_ledger_submit_tx). Any refusal (out of stock, too few points, limit reached) abandons the whole
 * transaction: nothing is written. An end of the order (hand-over, verification, no-show: the hold is
 * posted, client id "ord-<id>-end"; cancel: voided, and the stock comes back) is likewise one
 * transaction, and leaves `held` by a conditional UPDATE, so of two racing ends exactly one wins
 * and the other is GW_E_CONFLICT.
 *
 * Expiry: the order's expires_ms is its hold's. The job (gw_order_expiry, every ledger_seconds, exactly
 * once per slot across servers: core/jobs.h) in one transaction ends every held order past its time as
 * expired and gives its stock back, settles held orders whose hold the ledger ended by itself (the
 * ledger's own expiry job or its post/void routes), and then expires the due holds
 * (gw_ledger_expire_due). An order's end and its stock move in the same transaction as its state
 * change, which happens once (the conditional UPDATE), so the stock comes back exactly once whichever
 * server or job gets there first. Until the job runs a held order past its time reads as expired and no
 * hand-over or verification is accepted for it.
 *
 * Every function that takes msg writes the client's message there on an error. */
#ifndef GW_PARTNERS_ORDER_SVC_H
#define GW_PARTNERS_ORDER_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/jobs.h"
#include "db/store.h"
#include "partners/catalogue_store.h"

#define GW_ORDER_JOB "order_expire"

/* Redeem item_id (slot_id for a room, else 0) as the signed-in resident, paying from their resident points
 * account, or (from_partner) from the account of their active partner record in the item's community
 * (GW_E_CONFLICT when they hold none). key (NULL: none) is the page's
 * idempotency key: a retry with the same key returns the first order (*replayed = 1); the same key for
 * another item or slot is GW_E_CONFLICT. GW_E_NOT_FOUND for an item not on offer in the resident's
 * community; GW_E_CONFLICT for no stock, too few points, no points account, the per-person limit, or a
 * slot not open yet to the resident's level (partners/catalogue.h gw_booking_opens). */
gw_err gw_order_redeem(gw_store *s, const gw_principal *who, int64_t item_id, int64_t slot_id, int from_partner,
                       const char *key, gw_order_row *out, int *replayed, char *msg, size_t msgn);
/* A staff action (partner.manage, the order's community in scope): hand_over, cancel or no_show, with a
 * reason (required for cancel and no_show). A no-show posts the hold (the booking's points are spent)
 * and adds a GW_CE_NO_SHOW credit event when the booker is a partner of that community. */
gw_err gw_order_act(gw_store *s, const gw_principal *who, int64_t id, const char *action, const char *reason,
                    gw_order_row *out, char *msg, size_t msgn);
/* The resident cancels their own held order. Another's order is GW_E_NOT_FOUND. */
gw_err gw_order_cancel_mine(gw_store *s, const gw_principal *who, int64_t id, gw_order_row *out, char *msg, size_t msgn);
/* A merchant (a resident account linked to the active resource partner that issued the coupon)
 * verifies a code once. GW_E_NOT_FOUND for a code that is not one of its coupons; GW_E_CONFLICT when the
 * code was already used (also when two verifications race), cancelled or expired. */
gw_err gw_order_verify(gw_store *s, const gw_principal *who, const char *code, gw_order_row *out, char *msg, size_t msgn);

/* Reads. Staff (partner.view) see the orders of their subtree; a resident sees their own. */
gw_err gw_orders_list(gw_db *db, const gw_principal *who, gw_order_query *q, gw_order_row *out, size_t *n,
                      int64_t *total, char *msg, size_t msgn);
gw_err gw_order_read(gw_db *db, const gw_principal *who, int64_t id, gw_order_row *out, char *msg, size_t msgn);
/* The order's state as read at now: a held order past its time reads expired. */
gw_order_status gw_order_state_at(const gw_order_row *o, int64_t now_ms);

/* The job and its work (see above). *ended: orders settled. */
gw_job gw_order_expiry(int seconds);
gw_err gw_order_settle_due(gw_db *tx, int64_t now_ms, int *ended);

#endif
