/* partners/catalogue.h — the 兑换目录 (redemption catalogue)'s pure half: the three kinds of item (goods
 * with stock, merchant coupons, priority booking of the activity room in slots), an item's and a slot's
 * shape, when an item is on offer, the booking-priority rule, the coupon code format, and the order
 * state machine with what each end does to the points hold and the stock. No I/O, no allocation.
 * Use cases: partners/catalogue_svc.h (items) and partners/order_svc.h (orders). */
#ifndef GW_PARTNERS_CATALOGUE_H
#define GW_PARTNERS_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h" /* GW_CAT_*, GW_SLOT_CAPACITY_MAX */

#define GW_COUPON_CODE_LEN 12          /* characters of a coupon code (grouped 4-4-4 when shown) */
#define GW_COUPON_ALPHABET_N 31        /* digits and capitals without the look-alikes 0 O 1 I L */
#define GW_ORDER_HOLD_MIN_MS 1000      /* an order's hold lasts at least a second ... */
#define GW_ORDER_HOLD_DEFAULT_MS (48LL * 3600 * 1000) /* ... by default two days (at most the ledger's 30) */
#define GW_SLOT_LEN_MAX_MS (12LL * 3600 * 1000)       /* one slot lasts at most 12 hours */
#define GW_DAY_MS (24LL * 3600 * 1000)

/* 米面油 and other goods; a merchant's coupon (优惠券); priority use of the 活动室 in slots. */
typedef enum { GW_CK_GOODS = 0, GW_CK_COUPON, GW_CK_ROOM, GW_CK__COUNT } gw_cat_kind;
/* An order: held (points and stock reserved) until handed over (goods, room: 核销 by staff), used (a
 * coupon verified by its merchant), cancelled, expired (not collected in time) or no_show (a booked
 * slot not turned up for). */
typedef enum {
    GW_OS_HELD = 0, GW_OS_HANDED_OVER, GW_OS_USED, GW_OS_CANCELLED, GW_OS_EXPIRED, GW_OS_NO_SHOW, GW_OS__COUNT
} gw_order_status;
typedef enum { GW_OA_HAND_OVER = 0, GW_OA_CANCEL, GW_OA_NO_SHOW, GW_OA_VERIFY, GW_OA_EXPIRE, GW_OA__COUNT } gw_order_action;

/* "goods", "coupon", "room"; "held", "handed_over", "used", "cancelled", "expired", "no_show";
 * "hand_over", "cancel", "no_show", "verify", "expire". "unknown" out of range; parse gives -1 (NULL too). */
const char *gw_cat_kind_name(int k);
int gw_cat_kind_parse(const char *s);
const char *gw_order_status_name(int s);
int gw_order_status_parse(const char *s);
const char *gw_order_action_name(int a);
int gw_order_action_parse(const char *s);

/* What staff set on an item (the stock is moved only by adjustments and orders). */
typedef struct {
    gw_cat_kind kind;
    int64_t price;            /* points, 1..GW_CAT_PRICE_MAX */
    int active;
    int64_t valid_from_ms;    /* 0: from now on */
    int64_t valid_to_ms;      /* 0: open-ended; a coupon must have one (its codes' validity) */
    int64_t hold_ms;          /* how long an uncollected order holds points and stock */
    int64_t per_person;       /* coupons: orders per resident still held or used, 0..GW_CAT_LIMIT_MAX (0: no limit) */
    int64_t partner_id;       /* coupons: the merchant (a resource partner) that honours them; 0 for the others */
} gw_cat_rules;

/* The item's own shape: price, window (from < to when both are set; a coupon needs valid_to),
 * hold (GW_ORDER_HOLD_MIN_MS .. GW_LEDGER_TIMEOUT_MAX), per-person limit (coupons only), merchant
 * (coupons only, and every coupon has one). GW_E_INVALID with msg. */
gw_err gw_cat_check_rules(const gw_cat_rules *r, char *msg, size_t msgn);
/* Whether a resident may redeem the item at now: active and inside its window. */
int gw_cat_on_offer(const gw_cat_rules *r, int64_t now_ms);
/* When an order placed at now expires: now + hold, but never after a coupon's validity ends. */
int64_t gw_order_expires(const gw_cat_rules *r, int64_t now_ms);

/* A slot of the activity room: start < end, at most GW_SLOT_LEN_MAX_MS long, capacity
 * 1..GW_SLOT_CAPACITY_MAX. GW_E_INVALID with msg. */
gw_err gw_slot_check(int64_t start_ms, int64_t end_ms, int64_t capacity, char *msg, size_t msgn);

/* Booking priority (积分优先): a slot opens for booking earlier to residents with more points. Level 0
 * (fewer than 100 points available) may book from 3 days before the slot starts, level 1 (100..499)
 * from 5 days, level 2 (500 or more) from 7 days. */
#define GW_BOOKING_LEVELS 3
int gw_booking_level(int64_t available_points);
int gw_booking_days(int level);
/* When the slot starting at start_ms opens to a resident of `level`. */
int64_t gw_booking_opens(int64_t start_ms, int level);

/* A coupon code from GW_COUPON_CODE_LEN indexes each below GW_COUPON_ALPHABET_N (the service draws
 * them with randombytes_uniform); out holds GW_COUPON_CODE_LEN + 1 bytes. */
void gw_coupon_code_make(const uint32_t *idx, char *out);
/* A code as typed: spaces and '-' dropped, letters upper-cased; GW_E_INVALID unless what is left is
 * GW_COUPON_CODE_LEN characters of the alphabet. out holds GW_COUPON_CODE_LEN + 1 bytes. */
gw_err gw_coupon_code_norm(const char *in, char *out, size_t n);

/* The order state machine: hand_over held -> handed_over (goods, room; a coupon -> used, staff
 * verifying for the merchant); verify held -> used (coupons only); cancel held -> cancelled;
 * no_show held -> no_show (rooms only); expire held -> expired (the job). GW_E_CONFLICT when the order
 * is no longer held (msg says what it is), GW_E_INVALID when the action does not fit the kind. */
gw_err gw_order_step(gw_cat_kind kind, gw_order_status from, gw_order_action act, gw_order_status *to, char *msg,
                     size_t msgn);
/* What an end does to the hold: 1 post it (handed_over, used, no_show: the points are spent), 0 void
 * it (cancelled, expired: the points and the stock come back). */
int gw_order_posts(gw_order_status to);

#endif
