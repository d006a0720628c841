/* partners/catalogue.c — see catalogue.h. */
#include "partners/catalogue.h"
#include "partners/ledger.h" /* GW_LEDGER_TIMEOUT_MAX */

#include <stdio.h>
#include <string.h>

static const char *const kind_names[GW_CK__COUNT] = { "goods", "coupon", "room" };
static const char *const status_names[GW_OS__COUNT] = { "held", "handed_over", "used", "cancelled", "expired", "no_show" };
static const char *const action_names[GW_OA__COUNT] = { "hand_over", "cancel", "no_show", "verify", "expire" };
static const char alphabet[GW_COUPON_ALPHABET_N + 1] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

static const char *name_of(const char *const *names, int n, int v) { return v >= 0 && v < n ? names[v] : "unknown"; }

static int parse_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(names[i], s)) return i;
    return -1;
}

const char *gw_cat_kind_name(int k) { return name_of(kind_names, GW_CK__COUNT, k); }
int gw_cat_kind_parse(const char *s) { return parse_of(kind_names, GW_CK__COUNT, s); }
const char *gw_order_status_name(int s) { return name_of(status_names, GW_OS__COUNT, s); }
int gw_order_status_parse(const char *s) { return parse_of(status_names, GW_OS__COUNT, s); }
const char *gw_order_action_name(int a) { return name_of(action_names, GW_OA__COUNT, a); }
int gw_order_action_parse(const char *s) { return parse_of(action_names, GW_OA__COUNT, s); }

gw_err gw_cat_check_rules(const gw_cat_rules *r, char *msg, size_t msgn)
{
    if ((int)r->kind < 0 || r->kind >= GW_CK__COUNT) return gw_say(msg, msgn, GW_E_INVALID, "kind must be goods, coupon or room");
    if (r->price < 1 || r->price > GW_CAT_PRICE_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "price must be 1 to %d points", GW_CAT_PRICE_MAX);
    if (r->valid_from_ms < 0 || r->valid_to_ms < 0) return gw_say(msg, msgn, GW_E_INVALID, "valid_from and valid_to are times in ms");
    if (r->valid_from_ms && r->valid_to_ms && r->valid_to_ms <= r->valid_from_ms)
        return gw_say(msg, msgn, GW_E_INVALID, "valid_to must be after valid_from");
    if (r->hold_ms < GW_ORDER_HOLD_MIN_MS || r->hold_ms > GW_LEDGER_TIMEOUT_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "hold_ms must be %d to %lld", GW_ORDER_HOLD_MIN_MS,
                      (long long)GW_LEDGER_TIMEOUT_MAX);
    if (r->kind != GW_CK_COUPON && (r->per_person || r->partner_id))
        return gw_say(msg, msgn, GW_E_INVALID, "partner_id and per_person belong to coupons");
    if (r->kind != GW_CK_COUPON) return GW_OK;
    if (r->per_person < 0 || r->per_person > GW_CAT_LIMIT_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "per_person must be 0 to %d", GW_CAT_LIMIT_MAX);
    if (r->partner_id <= 0) return gw_say(msg, msgn, GW_E_INVALID, "a coupon needs partner_id: the merchant that honours it");
    if (!r->valid_to_ms) return gw_say(msg, msgn, GW_E_INVALID, "a coupon needs valid_to: when its codes stop being valid");
    return GW_OK;
}

int gw_cat_on_offer(const gw_cat_rules *r, int64_t now_ms)
{
    return r->active && (!r->valid_from_ms || now_ms >= r->valid_from_ms) && (!r->valid_to_ms || now_ms < r->valid_to_ms);
}

int64_t gw_order_expires(const gw_cat_rules *r, int64_t now_ms)
{
    int64_t at = now_ms + r->hold_ms;
    if (r->kind == GW_CK_COUPON && r->valid_to_ms && r->valid_to_ms < at) at = r->valid_to_ms;
    return at;
}

gw_err gw_slot_check(int64_t start_ms, int64_t end_ms, int64_t capacity, char *msg, size_t msgn)
{
    if (start_ms <= 0 || end_ms <= start_ms) return gw_say(msg, msgn, GW_E_INVALID, "a slot needs start_ms before end_ms");
    if (end_ms - start_ms > GW_SLOT_LEN_MAX_MS) return gw_say(msg, msgn, GW_E_INVALID, "a slot lasts at most 12 hours");
    if (capacity < 1 || capacity > GW_SLOT_CAPACITY_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "capacity must be 1 to %d", GW_SLOT_CAPACITY_MAX);
    return GW_OK;
}

int gw_booking_level(int64_t available_points) { return available_points >= 500 ? 2 : available_points >= 100 ? 1 : 0; }

int gw_booking_days(int level) { return level >= 2 ? 7 : level == 1 ? 5 : 3; }

int64_t gw_booking_opens(int64_t start_ms, int level) { return start_ms - gw_booking_days(level) * GW_DAY_MS; }

void gw_coupon_code_make(const uint32_t *idx, char *out)
{
    for (int i = 0; i < GW_COUPON_CODE_LEN; i++) out[i] = alphabet[idx[i] % GW_COUPON_ALPHABET_N];
    out[GW_COUPON_CODE_LEN] = 0;
}

gw_err gw_coupon_code_norm(const char *in, char *out, size_t n)
{
    size_t k = 0;
    if (!in || n < GW_COUPON_CODE_LEN + 1) return GW_E_INVALID;
    for (const char *p = in; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '-') continue;
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (!c || !strchr(alphabet, c) || k == GW_COUPON_CODE_LEN) return GW_E_INVALID;
        out[k++] = c;
    }
    out[k] = 0;
    return k == GW_COUPON_CODE_LEN ? GW_OK : GW_E_INVALID;
}

/* Whether the action fits the kind at all. */
static int fits(gw_cat_kind kind, gw_order_action act)
{
    switch (act) {
    case GW_OA_HAND_OVER: case GW_OA_CANCEL: case GW_OA_EXPIRE: return 1;
    case GW_OA_NO_SHOW: return kind == GW_CK_ROOM;
    case GW_OA_VERIFY: return kind == GW_CK_COUPON;
    default: return 0;
    }
}

gw_err gw_order_step(gw_cat_kind kind, gw_order_status from, gw_order_action act, gw_order_status *to, char *msg,
                     size_t msgn)
{
    if ((int)kind < 0 || kind >= GW_CK__COUNT || !fits(kind, act))
        return gw_say(msg, msgn, GW_E_INVALID, "%s does not apply to a %s order", gw_order_action_name(act),
                      gw_cat_kind_name(kind));
    if (from == GW_OS_USED && act == GW_OA_VERIFY)
        return gw_say(msg, msgn, GW_E_CONFLICT, "this coupon code was already used");
    if (from != GW_OS_HELD)
        return gw_say(msg, msgn, GW_E_CONFLICT, "the order is already %s", gw_order_status_name(from));
    switch (act) {
    case GW_OA_HAND_OVER: *to = kind == GW_CK_COUPON ? GW_OS_USED : GW_OS_HANDED_OVER; break;
    case GW_OA_VERIFY: *to = GW_OS_USED; break;
    case GW_OA_CANCEL: *to = GW_OS_CANCELLED; break;
    case GW_OA_NO_SHOW: *to = GW_OS_NO_SHOW; break;
    default: *to = GW_OS_EXPIRED; break;
    }
    return GW_OK;
}

int gw_order_posts(gw_order_status to) { return to == GW_OS_HANDED_OVER || to == GW_OS_USED || to == GW_OS_NO_SHOW; }
