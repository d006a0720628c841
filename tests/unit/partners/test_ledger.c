/* tests/unit/partners/test_ledger.c — partners/ledger.c: names, request shape, the accounts of a
 * transfer, the balance arithmetic (no negative, int64 overflow), the two-phase states and the
 * idempotency rule, each on a small hand-worked example. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "partners/ledger.h"

static gw_ledger_account acct(int64_t id, int64_t div, gw_ledger_owner o, int64_t owner_id)
{
    gw_ledger_account a = { 0 };
    a.id = id;
    a.division_id = div;
    a.owner = o;
    a.owner_id = owner_id;
    return a;
}

static gw_ledger_req req(gw_ledger_kind k, int64_t dr, int64_t cr, int64_t amount)
{
    gw_ledger_req q = { 0 };
    strcpy(q.client_id, "c-1");
    q.kind = k;
    q.debit_account_id = dr;
    q.credit_account_id = cr;
    q.amount = amount;
    if (k == GW_LK_PENDING) q.timeout_ms = 60000;
    return q;
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(gw_ledger_owner_parse("partner"), GW_LO_PARTNER);
    assert_int_equal(gw_ledger_owner_parse("Partner"), -1);
    assert_int_equal(gw_ledger_owner_parse(NULL), -1);
    assert_int_equal(gw_ledger_system_parse("issuance"), GW_LS_ISSUANCE);
    assert_int_equal(gw_ledger_system_parse("exchange"), GW_LS_EXCHANGE);
    assert_int_equal(gw_ledger_system_parse(""), -1);
    assert_string_equal(gw_ledger_system_name(0), "unknown");
    assert_int_equal(gw_ledger_kind_parse("void"), GW_LK_VOID);
    assert_string_equal(gw_ledger_kind_name(GW_LK_EXPIRE), "expire");
    assert_string_equal(gw_ledger_pstate_name(GW_LP_VOIDED), "voided");
}

static void test_check_req(void **state)
{
    (void)state;
    char m[200];
    gw_ledger_req q = req(GW_LK_POSTED, 1, 2, 10);
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_OK);
    q.amount = 0;
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
    q.amount = -5;
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
    q = req(GW_LK_POSTED, 1, 1, 10); /* one account twice */
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
    q = req(GW_LK_POSTED, 1, 2, 10);
    q.client_id[0] = 0;
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
    strcpy(q.client_id, "has space");
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
    q = req(GW_LK_POSTED, 1, 2, 10);
    q.timeout_ms = 5; /* a timeout only for a hold */
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
    q = req(GW_LK_PENDING, 1, 2, 10);
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_OK);
    q.timeout_ms = 0;
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
    q.timeout_ms = GW_LEDGER_TIMEOUT_MAX + 1;
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
    q = req(GW_LK_POST, 0, 0, 0);
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID); /* no pending_id */
    q.pending_id = 7;
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_OK);
    q.amount = 3; /* post takes only pending_id */
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
    q = req(GW_LK_EXPIRE, 0, 0, 0); /* the job's kind, not a client's */
    q.pending_id = 7;
    assert_int_equal(gw_ledger_check_req(&q, m, sizeof m), GW_E_INVALID);
}

static void test_accounts(void **state)
{
    (void)state;
    char m[200];
    gw_ledger_account a = acct(1, 10, GW_LO_PARTNER, 5), b = acct(2, 10, GW_LO_RESIDENT, 6);
    gw_ledger_account c = acct(3, 11, GW_LO_RESIDENT, 7);
    gw_ledger_account x1 = acct(4, 10, GW_LO_SYSTEM, GW_LS_EXCHANGE), x2 = acct(5, 11, GW_LO_SYSTEM, GW_LS_EXCHANGE);
    gw_ledger_account i2 = acct(6, 11, GW_LO_SYSTEM, GW_LS_ISSUANCE);
    assert_int_equal(gw_ledger_check_accounts(&a, &b, m, sizeof m), GW_OK);
    assert_int_equal(gw_ledger_check_accounts(&a, &a, m, sizeof m), GW_E_INVALID);
    assert_int_equal(gw_ledger_check_accounts(&a, &c, m, sizeof m), GW_E_INVALID); /* two communities */
    assert_int_equal(gw_ledger_check_accounts(&x1, &x2, m, sizeof m), GW_OK);      /* an exchange */
    assert_int_equal(gw_ledger_check_accounts(&x1, &i2, m, sizeof m), GW_E_INVALID);
}

/* Issue 10 to a partner, spend 4 of it, hold 5, try to spend 2 more (only 1 free), post the hold. */
static void test_apply_worked(void **state)
{
    (void)state;
    char m[200];
    gw_ledger_account iss = acct(1, 10, GW_LO_SYSTEM, GW_LS_ISSUANCE), p = acct(2, 10, GW_LO_PARTNER, 1);
    gw_ledger_account red = acct(3, 10, GW_LO_SYSTEM, GW_LS_REDEMPTION);
    assert_int_equal(gw_ledger_apply(&iss, &p, GW_LK_POSTED, 10, m, sizeof m), GW_OK);
    assert_int_equal(gw_ledger_balance(&iss), -10); /* a system account goes negative */
    assert_int_equal(gw_ledger_balance(&p), 10);
    assert_int_equal(gw_ledger_apply(&p, &red, GW_LK_POSTED, 4, m, sizeof m), GW_OK);
    assert_int_equal(gw_ledger_apply(&p, &red, GW_LK_PENDING, 5, m, sizeof m), GW_OK);
    assert_int_equal(gw_ledger_balance(&p), 6);
    assert_int_equal(gw_ledger_available(&p), 1);
    assert_int_equal(p.debits_pending, 5);
    assert_int_equal(red.credits_pending, 5);
    gw_ledger_account before = p;
    assert_int_equal(gw_ledger_apply(&p, &red, GW_LK_POSTED, 2, m, sizeof m), GW_E_CONFLICT);
    assert_memory_equal(&before, &p, sizeof p); /* nothing moved */
    assert_int_equal(gw_ledger_apply(&p, &red, GW_LK_PENDING, 2, m, sizeof m), GW_E_CONFLICT);
    assert_int_equal(gw_ledger_apply(&p, &red, GW_LK_POST, 5, m, sizeof m), GW_OK);
    assert_int_equal(p.debits_pending, 0);
    assert_int_equal(p.debits_posted, 9);
    assert_int_equal(gw_ledger_balance(&p), 1);
    assert_int_equal(gw_ledger_balance(&red), 9);
    assert_int_equal(gw_ledger_balance(&iss) + gw_ledger_balance(&p) + gw_ledger_balance(&red), 0);
    /* a void gives the hold back */
    assert_int_equal(gw_ledger_apply(&p, &red, GW_LK_PENDING, 1, m, sizeof m), GW_OK);
    assert_int_equal(gw_ledger_available(&p), 0);
    assert_int_equal(gw_ledger_apply(&p, &red, GW_LK_VOID, 1, m, sizeof m), GW_OK);
    assert_int_equal(gw_ledger_available(&p), 1);
    assert_int_equal(gw_ledger_apply(&p, &red, GW_LK_EXPIRE, 1, m, sizeof m), GW_E_CONFLICT); /* no hold left */
    assert_int_equal(gw_ledger_apply(&p, &red, GW_LK_POSTED, 0, m, sizeof m), GW_E_INVALID);
}

static void test_overflow(void **state)
{
    (void)state;
    char m[200];
    int64_t s = 0;
    assert_int_equal(gw_ledger_add(INT64_MAX - 1, 1, &s), 1);
    assert_true(s == INT64_MAX);
    assert_int_equal(gw_ledger_add(INT64_MAX, 1, &s), 0);
    gw_ledger_account iss = acct(1, 10, GW_LO_SYSTEM, GW_LS_ISSUANCE), p = acct(2, 10, GW_LO_PARTNER, 1);
    assert_int_equal(gw_ledger_apply(&iss, &p, GW_LK_POSTED, INT64_MAX, m, sizeof m), GW_OK);
    gw_ledger_account bi = iss, bp = p;
    assert_int_equal(gw_ledger_apply(&iss, &p, GW_LK_POSTED, 1, m, sizeof m), GW_E_CONFLICT);
    assert_memory_equal(&bi, &iss, sizeof iss);
    assert_memory_equal(&bp, &p, sizeof p);
}

static void test_pending_states(void **state)
{
    (void)state;
    char m[200];
    assert_int_equal(gw_ledger_pending_state(-1, 1000, 999), GW_LP_PENDING);
    assert_int_equal(gw_ledger_pending_state(-1, 1000, 1000), GW_LP_EXPIRED); /* due: expired, job or not */
    assert_int_equal(gw_ledger_pending_state(GW_LK_POST, 1000, 5000), GW_LP_POSTED);
    assert_int_equal(gw_ledger_pending_state(GW_LK_VOID, 1000, 0), GW_LP_VOIDED);
    assert_int_equal(gw_ledger_pending_state(GW_LK_EXPIRE, 1000, 0), GW_LP_EXPIRED);
    assert_int_equal(gw_ledger_check_end(GW_LP_PENDING, GW_LK_POST, 7, m, sizeof m), GW_OK);
    assert_int_equal(gw_ledger_check_end(GW_LP_PENDING, GW_LK_VOID, 7, m, sizeof m), GW_OK);
    assert_int_equal(gw_ledger_check_end(GW_LP_POSTED, GW_LK_VOID, 7, m, sizeof m), GW_E_CONFLICT);
    assert_string_equal(m, "transfer 7 is already posted");
    assert_int_equal(gw_ledger_check_end(GW_LP_VOIDED, GW_LK_POST, 7, m, sizeof m), GW_E_CONFLICT);
    assert_int_equal(gw_ledger_check_end(GW_LP_EXPIRED, GW_LK_POST, 7, m, sizeof m), GW_E_CONFLICT);
    assert_int_equal(gw_ledger_check_end(GW_LP_PENDING, GW_LK_POSTED, 7, m, sizeof m), GW_E_INVALID);
}

static void test_idempotency(void **state)
{
    (void)state;
    char m[200], f[GW_LEDGER_FIELDS_MAX];
    gw_ledger_req q = req(GW_LK_POSTED, 1, 2, 10);
    strcpy(q.memo, "法律咨询");
    assert_int_equal(gw_ledger_fields_text(&q, f, sizeof f), 0);
    assert_string_equal(f, "k=posted;d=1;c=2;a=10;p=0;t=0;x=0;m=法律咨询");
    assert_int_equal(gw_ledger_idem(f, &q, m, sizeof m), GW_OK); /* the same: the stored outcome */
    gw_ledger_req d = q;
    d.amount = 11;
    assert_int_equal(gw_ledger_idem(f, &d, m, sizeof m), GW_E_CONFLICT);
    assert_string_equal(m, "client_id c-1 was used for a different transfer");
    d = q;
    d.credit_account_id = 3;
    assert_int_equal(gw_ledger_idem(f, &d, m, sizeof m), GW_E_CONFLICT);
    d = q;
    strcpy(d.memo, "x");
    assert_int_equal(gw_ledger_idem(f, &d, m, sizeof m), GW_E_CONFLICT);
    assert_int_equal(gw_ledger_fields_text(&q, f, 10), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),         cmocka_unit_test(test_check_req),      cmocka_unit_test(test_accounts),
        cmocka_unit_test(test_apply_worked),  cmocka_unit_test(test_overflow),       cmocka_unit_test(test_pending_states),
        cmocka_unit_test(test_idempotency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
