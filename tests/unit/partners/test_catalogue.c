/* tests/unit/partners/test_catalogue.c — partners/catalogue.c: every cell of kind x status x action of
 * the order machine against a table written out by hand; what each end does to the hold; an item's
 * rules (price, window, hold, merchant, limit); when an item is on offer; an order's expiry; slots;
 * the booking-priority levels and windows; the coupon code format. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "partners/catalogue.h"
#include "partners/ledger.h"

#define NO (-1) /* GW_E_CONFLICT: the order is no longer held */
#define BAD (-2) /* GW_E_INVALID: the action does not fit the kind */

/* want[kind][action] from held; from any other status every action is NO. */
static const int want[GW_CK__COUNT][GW_OA__COUNT] = {
    /*               hand_over          cancel             no_show         verify        expire */
    [GW_CK_GOODS] = { GW_OS_HANDED_OVER, GW_OS_CANCELLED, BAD, BAD, GW_OS_EXPIRED },
    [GW_CK_COUPON] = { GW_OS_USED, GW_OS_CANCELLED, BAD, GW_OS_USED, GW_OS_EXPIRED },
    [GW_CK_ROOM] = { GW_OS_HANDED_OVER, GW_OS_CANCELLED, GW_OS_NO_SHOW, BAD, GW_OS_EXPIRED },
};

static void order_machine(void **state)
{
    (void)state;
    char msg[200];
    for (int k = 0; k < GW_CK__COUNT; k++)
        for (int s = 0; s < GW_OS__COUNT; s++)
            for (int a = 0; a < GW_OA__COUNT; a++) {
                gw_order_status to = (gw_order_status)99;
                msg[0] = 0;
                gw_err e = gw_order_step((gw_cat_kind)k, (gw_order_status)s, (gw_order_action)a, &to, msg, sizeof msg);
                int w = want[k][a];
                if (w == BAD) {
                    assert_int_equal(e, GW_E_INVALID);
                } else if (s != GW_OS_HELD) {
                    assert_int_equal(e, GW_E_CONFLICT);
                    assert_non_null(strstr(msg, gw_order_status_name(s)));
                } else {
                    assert_int_equal(e, GW_OK);
                    assert_int_equal(to, w);
                }
                if (e) assert_int_equal(to, 99);
                if (e) assert_true(msg[0] != 0);
            }
    /* a second verification of a used coupon says so */
    gw_order_status to;
    assert_int_equal(gw_order_step(GW_CK_COUPON, GW_OS_USED, GW_OA_VERIFY, &to, msg, sizeof msg), GW_E_CONFLICT);
    assert_non_null(strstr(msg, "already"));
    assert_int_equal(gw_order_step(GW_CK__COUNT, GW_OS_HELD, GW_OA_CANCEL, &to, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_order_step(GW_CK_GOODS, GW_OS_HELD, GW_OA__COUNT, &to, msg, sizeof msg), GW_E_INVALID);
}

static void hold_ends(void **state)
{
    (void)state;
    assert_int_equal(gw_order_posts(GW_OS_HANDED_OVER), 1);
    assert_int_equal(gw_order_posts(GW_OS_USED), 1);
    assert_int_equal(gw_order_posts(GW_OS_NO_SHOW), 1);
    assert_int_equal(gw_order_posts(GW_OS_CANCELLED), 0);
    assert_int_equal(gw_order_posts(GW_OS_EXPIRED), 0);
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < GW_CK__COUNT; k++) assert_int_equal(gw_cat_kind_parse(gw_cat_kind_name(k)), k);
    for (int s = 0; s < GW_OS__COUNT; s++) assert_int_equal(gw_order_status_parse(gw_order_status_name(s)), s);
    for (int a = 0; a < GW_OA__COUNT; a++) assert_int_equal(gw_order_action_parse(gw_order_action_name(a)), a);
    assert_string_equal(gw_cat_kind_name(GW_CK__COUNT), "unknown");
    assert_string_equal(gw_cat_kind_name(-1), "unknown");
    assert_int_equal(gw_cat_kind_parse("Goods"), -1);
    assert_int_equal(gw_cat_kind_parse(NULL), -1);
    assert_int_equal(gw_order_status_parse("unknown"), -1);
    assert_int_equal(gw_order_action_parse(""), -1);
}

static gw_cat_rules goods(void)
{
    gw_cat_rules r = { GW_CK_GOODS, 50, 1, 0, 0, GW_ORDER_HOLD_DEFAULT_MS, 0, 0 };
    return r;
}

static void item_rules(void **state)
{
    (void)state;
    char msg[200];
    gw_cat_rules r = goods();
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_OK);
    r.price = 0;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    assert_non_null(strstr(msg, "price"));
    r.price = GW_CAT_PRICE_MAX + 1;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    r.price = GW_CAT_PRICE_MAX;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_OK);
    r.valid_from_ms = 2000, r.valid_to_ms = 2000;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    assert_non_null(strstr(msg, "valid_to"));
    r.valid_to_ms = 2001;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_OK);
    r.valid_from_ms = -1;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    r = goods();
    r.hold_ms = GW_ORDER_HOLD_MIN_MS - 1;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    r.hold_ms = GW_LEDGER_TIMEOUT_MAX + 1;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    r.hold_ms = GW_LEDGER_TIMEOUT_MAX;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_OK);
    r.per_person = 1; /* a limit is a coupon's */
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    r = goods();
    r.partner_id = 3; /* so is a merchant */
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    /* a coupon: a merchant and an end of validity */
    r = goods();
    r.kind = GW_CK_COUPON;
    r.per_person = 2;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    r.partner_id = 3;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    assert_non_null(strstr(msg, "valid_to"));
    r.valid_to_ms = 5000;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_OK);
    r.per_person = GW_CAT_LIMIT_MAX + 1;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    r.per_person = -1;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
    r.kind = (gw_cat_kind)GW_CK__COUNT;
    assert_int_equal(gw_cat_check_rules(&r, msg, sizeof msg), GW_E_INVALID);
}

static void offer_and_expiry(void **state)
{
    (void)state;
    gw_cat_rules r = goods();
    assert_true(gw_cat_on_offer(&r, 0));
    r.active = 0;
    assert_false(gw_cat_on_offer(&r, 0));
    r.active = 1;
    r.valid_from_ms = 1000, r.valid_to_ms = 2000;
    assert_false(gw_cat_on_offer(&r, 999));
    assert_true(gw_cat_on_offer(&r, 1000));
    assert_true(gw_cat_on_offer(&r, 1999));
    assert_false(gw_cat_on_offer(&r, 2000));
    r = goods();
    r.hold_ms = 5000;
    assert_int_equal(gw_order_expires(&r, 100), 5100);
    r.valid_to_ms = 3000; /* goods: the window ends the offer, not a held order */
    assert_int_equal(gw_order_expires(&r, 100), 5100);
    r.kind = GW_CK_COUPON; /* a coupon's code is dead after its validity */
    assert_int_equal(gw_order_expires(&r, 100), 3000);
    r.valid_to_ms = 9000;
    assert_int_equal(gw_order_expires(&r, 100), 5100);
}

static void slots(void **state)
{
    (void)state;
    char msg[200];
    assert_int_equal(gw_slot_check(1000, 2000, 10, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_slot_check(2000, 2000, 10, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_slot_check(0, 2000, 10, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_slot_check(1000, 1000 + GW_SLOT_LEN_MAX_MS, 1, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_slot_check(1000, 1001 + GW_SLOT_LEN_MAX_MS, 1, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_slot_check(1000, 2000, 0, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_slot_check(1000, 2000, GW_SLOT_CAPACITY_MAX, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_slot_check(1000, 2000, GW_SLOT_CAPACITY_MAX + 1, msg, sizeof msg), GW_E_INVALID);
}

static void booking_priority(void **state)
{
    (void)state;
    assert_int_equal(gw_booking_level(0), 0);
    assert_int_equal(gw_booking_level(99), 0);
    assert_int_equal(gw_booking_level(100), 1);
    assert_int_equal(gw_booking_level(499), 1);
    assert_int_equal(gw_booking_level(500), 2);
    assert_int_equal(gw_booking_level(-5), 0);
    assert_int_equal(gw_booking_days(0), 3);
    assert_int_equal(gw_booking_days(1), 5);
    assert_int_equal(gw_booking_days(2), 7);
    assert_int_equal(gw_booking_days(9), 7);
    assert_int_equal(gw_booking_days(-1), 3);
    int64_t start = 100 * GW_DAY_MS;
    assert_int_equal(gw_booking_opens(start, 0), start - 3 * GW_DAY_MS);
    assert_int_equal(gw_booking_opens(start, 2), start - 7 * GW_DAY_MS);
    /* more points never open a slot later */
    for (int l = 1; l < GW_BOOKING_LEVELS; l++) assert_true(gw_booking_opens(start, l) < gw_booking_opens(start, l - 1));
}

static void coupon_codes(void **state)
{
    (void)state;
    uint32_t idx[GW_COUPON_CODE_LEN];
    char code[GW_COUPON_CODE_LEN + 1], norm[GW_COUPON_CODE_LEN + 1];
    for (int i = 0; i < GW_COUPON_CODE_LEN; i++) idx[i] = (uint32_t)(i * 7 % GW_COUPON_ALPHABET_N);
    gw_coupon_code_make(idx, code);
    assert_int_equal(strlen(code), GW_COUPON_CODE_LEN);
    assert_null(strpbrk(code, "0O1IL"));
    assert_int_equal(gw_coupon_code_norm(code, norm, sizeof norm), GW_OK);
    assert_string_equal(norm, code);
    /* as typed: lower case, groups */
    char typed[40];
    snprintf(typed, sizeof typed, "%.4s-%.4s %.4s", code, code + 4, code + 8);
    for (char *p = typed; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    assert_int_equal(gw_coupon_code_norm(typed, norm, sizeof norm), GW_OK);
    assert_string_equal(norm, code);
    /* every index maps into the alphabet; the first and last */
    for (int i = 0; i < GW_COUPON_CODE_LEN; i++) idx[i] = GW_COUPON_ALPHABET_N - 1;
    gw_coupon_code_make(idx, code);
    assert_int_equal(gw_coupon_code_norm(code, norm, sizeof norm), GW_OK);
    assert_int_equal(gw_coupon_code_norm("", norm, sizeof norm), GW_E_INVALID);
    assert_int_equal(gw_coupon_code_norm("ABCD-EFGH-JKM", norm, sizeof norm), GW_E_INVALID);   /* 11 */
    assert_int_equal(gw_coupon_code_norm("ABCD-EFGH-JKMNP", norm, sizeof norm), GW_E_INVALID); /* 13 */
    assert_int_equal(gw_coupon_code_norm("ABCD-EFGH-JKM0", norm, sizeof norm), GW_E_INVALID);  /* look-alike */
    assert_int_equal(gw_coupon_code_norm("ABCD-EFGH-JKM!", norm, sizeof norm), GW_E_INVALID);
    assert_int_equal(gw_coupon_code_norm(NULL, norm, sizeof norm), GW_E_INVALID);
    assert_int_equal(gw_coupon_code_norm("ABCD-EFGH-JKMN", norm, 5), GW_E_INVALID); /* out too small */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(order_machine),   cmocka_unit_test(hold_ends), cmocka_unit_test(names_round_trip),
        cmocka_unit_test(item_rules),      cmocka_unit_test(offer_and_expiry), cmocka_unit_test(slots),
        cmocka_unit_test(booking_priority), cmocka_unit_test(coupon_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
