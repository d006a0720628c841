/* tests/unit/ops/test_assist.c — ops/assist.c: 协办 sub-task rules, every transition legal and illegal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ops/assist.h"

#define LEAD 7   /* the ticket's (lead) unit */
#define CO 9     /* the co-handling unit */
#define OTHER 11 /* an unrelated unit */
#define T0 1700000000000LL

static gw_actor actor(gw_role r, int64_t unit)
{
    gw_actor a = { r, 100 + (int64_t)r, unit };
    return a;
}

/* Columns: the nine roles in enum order (a unit handler is CO's), then the lead's handler, then another unit's. */
#define N_ACTORS (GW_R__COUNT + 2)
static gw_actor matrix_actor(int i)
{
    if (i == GW_R__COUNT) return actor(GW_R_UNIT_HANDLER, LEAD);
    if (i == GW_R__COUNT + 1) return actor(GW_R_UNIT_HANDLER, OTHER);
    return actor((gw_role)i, (gw_role)i == GW_R_UNIT_HANDLER ? CO : 0);
}

static gw_assist fixture(gw_assist_state s)
{
    gw_assist a;
    memset(&a, 0, sizeof a);
    a.state = s;
    a.unit_id = CO;
    a.due_ms = T0 + 72 * 3600000LL;
    return a;
}

static gw_assist_act act(gw_assist_action k)
{
    gw_assist_act a = { k, "n", "r", OTHER, 0 };
    return a;
}

/* Who ('x') may take each action, by column as matrix_actor. */
static const char *const want_role[GW_AA__COUNT] = {
    /*                  ad di su uh gw ho au re sy lead other */
    [GW_AA_SIGN]     = ".  .  .  x  .  .  .  .  .  .  .",
    [GW_AA_COMPLETE] = ".  .  .  x  .  .  .  .  .  .  .",
    [GW_AA_RETURN]   = ".  .  .  x  .  .  .  .  .  .  .",
    [GW_AA_WITHDRAW] = "x  x  .  .  .  .  .  .  .  .  .",
    [GW_AA_REASSIGN] = "x  x  .  .  .  .  .  .  .  .  .",
};
/* From which sub-task states (as, si, do, re, wi). */
static const char *const want_from[GW_AA__COUNT] = {
    [GW_AA_SIGN]     = "x  .  .  .  .",
    [GW_AA_COMPLETE] = ".  x  .  .  .",
    [GW_AA_RETURN]   = "x  x  .  .  .",
    [GW_AA_WITHDRAW] = "x  x  .  x  .",
    [GW_AA_REASSIGN] = ".  .  .  x  .",
};
static const gw_assist_state want_to[GW_AA__COUNT] = {
    [GW_AA_SIGN] = GW_AS_SIGNED, [GW_AA_COMPLETE] = GW_AS_DONE, [GW_AA_RETURN] = GW_AS_RETURNED,
    [GW_AA_WITHDRAW] = GW_AS_WITHDRAWN, [GW_AA_REASSIGN] = GW_AS_ASSIGNED,
};
/* Ticket states in which the action may be taken (all of the sub-task's unit's actions and withdraw:
 * while the case is open (not closed, invalid or merged); reassign: while it is at the lead unit). */
static int lead_ok(gw_assist_action k, gw_ticket_state t)
{
    if (t == GW_T_CLOSED || t == GW_T_INVALID || t == GW_T_MERGED) return 0;
    return k != GW_AA_REASSIGN || t == GW_T_DISPATCHED || t == GW_T_SIGNED;
}

static int cell(const char *row, int col) { return row[3 * col] == 'x'; }

static void test_matrix(void **state)
{
    (void)state;
    int n_ok = 0;
    for (int t = 0; t < GW_T__COUNT; t++)
        for (int s = 0; s < GW_AS__COUNT; s++)
            for (int k = 0; k < GW_AA__COUNT; k++)
                for (int r = 0; r < N_ACTORS; r++) {
                    gw_assist a = fixture((gw_assist_state)s), before = a;
                    gw_actor who = matrix_actor(r);
                    gw_assist_act x = act((gw_assist_action)k);
                    gw_err want = !cell(want_role[k], r) ? GW_E_FORBIDDEN
                                  : !cell(want_from[k], s) || !lead_ok((gw_assist_action)k, (gw_ticket_state)t)
                                      ? GW_E_CONFLICT : GW_OK;
                    assert_int_equal(gw_assist_can(&a, (gw_ticket_state)t, x.kind, &who), want == GW_OK);
                    gw_err got = gw_assist_apply(&a, (gw_ticket_state)t, &x, &who, T0);
                    if (got != want)
                        fail_msg("%s by #%d from %s (ticket %s): got %s want %s", gw_assist_action_name(x.kind), r,
                                 gw_assist_state_name((gw_assist_state)s), gw_ticket_state_name((gw_ticket_state)t),
                                 gw_err_name(got), gw_err_name(want));
                    if (want == GW_OK) {
                        assert_int_equal(a.state, want_to[k]);
                        n_ok++;
                    } else {
                        assert_memory_equal(&a, &before, sizeof a);
                    }
                }
    assert_true(n_ok > 0);
}

static void test_flow_and_times(void **state)
{
    (void)state;
    gw_actor co = actor(GW_R_UNIT_HANDLER, CO), disp = actor(GW_R_DISPATCHER, 0);
    gw_assist a = fixture(GW_AS_ASSIGNED);
    gw_assist_act x = act(GW_AA_SIGN);
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &co, T0 + 1), GW_OK);
    assert_int_equal(a.signed_ms, T0 + 1);
    x = act(GW_AA_RETURN);
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &co, T0 + 2), GW_OK);
    assert_int_equal(a.returned_ms, T0 + 2);
    assert_false(gw_assist_open(a.state));
    x = act(GW_AA_REASSIGN);
    x.due_ms = T0 + 99;
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &disp, T0 + 3), GW_OK);
    assert_int_equal(a.unit_id, OTHER);
    assert_int_equal(a.due_ms, T0 + 99);
    assert_int_equal(a.signed_ms, 0);
    assert_int_equal(a.returned_ms, 0);
    assert_true(gw_assist_open(a.state));
    /* now OTHER's: CO may no longer act */
    x = act(GW_AA_SIGN);
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &co, T0 + 4), GW_E_FORBIDDEN);
    gw_actor other = actor(GW_R_UNIT_HANDLER, OTHER);
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &other, T0 + 4), GW_OK);
    x = act(GW_AA_COMPLETE);
    assert_int_equal(gw_assist_apply(&a, GW_T_HANDLED, &x, &other, T0 + 5), GW_OK);
    assert_int_equal(a.done_ms, T0 + 5);
    assert_false(gw_assist_open(a.state));
}

static void test_payload(void **state)
{
    (void)state;
    gw_actor co = actor(GW_R_UNIT_HANDLER, CO), disp = actor(GW_R_DISPATCHER, 0);
    gw_assist a = fixture(GW_AS_SIGNED), before = a;
    gw_assist_act x = act(GW_AA_COMPLETE);
    x.note = NULL;
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &co, T0), GW_E_INVALID);
    x.note = "";
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &co, T0), GW_E_INVALID);
    x = act(GW_AA_RETURN);
    x.note = "";
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &co, T0), GW_E_INVALID);
    x = act(GW_AA_COMPLETE); /* 协办意见 is optional */
    x.public_reply = NULL;
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &co, T0), GW_OK);
    a = before;
    a.state = GW_AS_RETURNED;
    before = a;
    x = act(GW_AA_REASSIGN);
    x.unit_id = 0;
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &disp, T0), GW_E_INVALID);
    x.unit_id = CO; /* to the same unit: withdraw it instead */
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &disp, T0), GW_E_INVALID);
    x.unit_id = OTHER;
    x.due_ms = -1;
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &disp, T0), GW_E_INVALID);
    assert_memory_equal(&a, &before, sizeof a);
    assert_int_equal(gw_assist_apply(NULL, GW_T_SIGNED, &x, &disp, T0), GW_E_INVALID);
    x.kind = GW_AA__COUNT;
    assert_int_equal(gw_assist_apply(&a, GW_T_SIGNED, &x, &disp, T0), GW_E_INVALID);
}

static void test_add_check(void **state)
{
    (void)state;
    for (int t = 0; t < GW_T__COUNT; t++)
        for (int r = 0; r < N_ACTORS; r++) {
            gw_actor who = matrix_actor(r);
            int disp = r == GW_R_ADMIN || r == GW_R_DISPATCHER;
            int at_lead = t == GW_T_DISPATCHED || t == GW_T_SIGNED;
            gw_err want = !disp ? GW_E_FORBIDDEN : !at_lead ? GW_E_CONFLICT : GW_OK;
            assert_int_equal(gw_assist_add_check((gw_ticket_state)t, &who), want);
        }
}

static void test_names(void **state)
{
    (void)state;
    for (int s = 0; s < GW_AS__COUNT; s++)
        assert_int_equal(gw_assist_state_parse(gw_assist_state_name((gw_assist_state)s)), s);
    for (int k = 0; k < GW_AA__COUNT; k++)
        assert_int_equal(gw_assist_action_parse(gw_assist_action_name((gw_assist_action)k)), k);
    assert_int_equal(gw_assist_state_parse("nope"), -1);
    assert_int_equal(gw_assist_action_parse(NULL), -1);
    assert_string_equal(gw_assist_state_name(GW_AS__COUNT), "unknown");
    assert_string_equal(gw_assist_action_name(GW_AA__COUNT), "unknown");
    assert_true(gw_assist_open(GW_AS_ASSIGNED) && gw_assist_open(GW_AS_SIGNED));
    assert_false(gw_assist_open(GW_AS_DONE) || gw_assist_open(GW_AS_RETURNED) || gw_assist_open(GW_AS_WITHDRAWN));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix),
        cmocka_unit_test(test_flow_and_times),
        cmocka_unit_test(test_payload),
        cmocka_unit_test(test_add_check),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
