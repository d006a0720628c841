/* tests/unit/ops/test_ticket.c — ops/ticket.c: the loop state machine. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ops/ticket.h"

#define HOUR 3600000LL
#define DAY 86400000LL
#define UNIT 7      /* the ticket's unit in fixtures */
#define OTHER 8     /* some other unit */
#define T0 1700000000000LL

/* ---- helpers ------------------------------------------------------------------------------ */

static gw_actor actor(gw_role r, int64_t unit)
{
    gw_actor a = {r, r == GW_R_RESIDENT || r == GW_R_SYSTEM ? 0 : 100 + (int64_t)r, unit};
    return a;
}

#define ADMIN actor(GW_R_ADMIN, 0)
#define DISPATCHER actor(GW_R_DISPATCHER, 0)
#define SUPERVISOR actor(GW_R_SUPERVISOR, 0)
#define HANDLER actor(GW_R_UNIT_HANDLER, UNIT)
#define HANDLER_OTHER actor(GW_R_UNIT_HANDLER, OTHER)
#define RESIDENT actor(GW_R_RESIDENT, 0)
#define SYSTEM actor(GW_R_SYSTEM, 0)

/* An action with every payload field valid for whatever kind it is. */
static gw_action act(gw_action_kind k)
{
    gw_action a;
    memset(&a, 0, sizeof a);
    a.kind = k;
    a.note = "n";
    a.unit_id = UNIT;
    a.handle_ms = 48 * HOUR;
    a.verify_ms = 24 * HOUR;
    a.days = 3;
    a.rating = 4;
    a.result = GW_ONSITE_PASS;
    if (k == GW_A_SUBDISPATCH) a.unit_id = OTHER; /* a sub-unit: never the ticket's own unit */
    a.satisfaction = GW_SAT_SATISFIED;
    a.public_reply = "r";
    return a;
}

/* A ticket sitting in state s with all deadlines set; suspended ones came from signed. */
static gw_ticket fixture(gw_ticket_state s, int32_t pending)
{
    gw_ticket t;
    memset(&t, 0, sizeof t);
    t.state = s;
    t.suspended_from = s == GW_T_SUSPENDED ? GW_T_SIGNED : GW_T_REPORTED;
    t.unit_id = UNIT;
    t.dispatch_due_ms = T0 + 1 * HOUR;
    t.handle_due_ms = T0 + 48 * HOUR;
    t.verify_due_ms = s == GW_T_HANDLED || s == GW_T_CLOSED ? T0 + 72 * HOUR : 0;
    t.suspended_at_ms = s == GW_T_SUSPENDED ? T0 : 0;
    t.closed_at_ms = s == GW_T_CLOSED ? T0 : 0;
    t.ext_pending_days = pending;
    return t;
}

/* gw_ticket_apply, asserting that a failure leaves *t and *out byte-identical. */
static gw_err apply(gw_ticket *t, gw_action a, gw_actor who, int64_t now, gw_timeline_entry *out)
{
    gw_ticket before;
    gw_timeline_entry out_before;
    memcpy(&before, t, sizeof before);
    memcpy(&out_before, out, sizeof out_before);
    gw_err e = gw_ticket_apply(t, &a, &who, now, out);
    if (e != GW_OK) {
        assert_memory_equal(t, &before, sizeof before);
        assert_memory_equal(out, &out_before, sizeof out_before);
    }
    return e;
}

/* Apply, expecting success; checks the timeline entry. */
static void ok(gw_ticket *t, gw_action a, gw_actor who, int64_t now, gw_ticket_state to)
{
    gw_ticket_state from = t->state;
    gw_timeline_entry out;
    memset(&out, 0x5a, sizeof out);
    gw_err e = apply(t, a, who, now, &out);
    if (e != GW_OK)
        fail_msg("%s by %s in %s: %s", gw_action_name(a.kind), gw_role_name(who.role),
                 gw_ticket_state_name(from), gw_err_name(e));
    assert_int_equal(out.action, a.kind);
    assert_int_equal(out.from, from);
    assert_int_equal(out.to, to);
    assert_int_equal(t->state, to);
}

/* Apply, expecting the error e (and no change, checked by apply). */
static void fails(gw_ticket *t, gw_action a, gw_actor who, int64_t now, gw_err e)
{
    gw_timeline_entry out;
    memset(&out, 0xa5, sizeof out);
    gw_err got = apply(t, a, who, now, &out);
    if (got != e)
        fail_msg("%s by %s in %s: got %s, want %s", gw_action_name(a.kind),
                 gw_role_name(who.role), gw_ticket_state_name(t->state), gw_err_name(got),
                 gw_err_name(e));
}

/* ---- the full matrix ---------------------------------------------------------------------- */

/* Columns of want_role: the nine roles in enum order, then a handler of another unit. */
#define N_ACTORS (GW_R__COUNT + 1)
static gw_actor matrix_actor(int i)
{
    return i < GW_R__COUNT ? actor((gw_role)i, (gw_role)i == GW_R_UNIT_HANDLER ? UNIT : 0)
                           : HANDLER_OTHER;
}

/* Who may take each action ('x'), written out by hand. */
static const char *const want_role[GW_A__COUNT] = {
    /*                            ad di su uh gw ho au re sy uo */
    [GW_A_ACCEPT]              = "x  x  .  .  .  .  .  .  x  .",
    [GW_A_REJECT]              = "x  x  .  .  .  .  .  .  .  .",
    [GW_A_DISPATCH]            = "x  x  .  .  .  .  .  .  x  .",
    [GW_A_SIGN]                = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_RETURN]              = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_EXTEND]              = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_APPROVE_EXTENSION]   = "x  .  x  .  .  .  .  .  .  .",
    [GW_A_DENY_EXTENSION]      = "x  .  x  .  .  .  .  .  .  .",
    [GW_A_SUSPEND]             = "x  .  x  .  .  .  .  .  .  .",
    [GW_A_RESUME]              = "x  .  x  .  .  .  .  .  .  .",
    [GW_A_FEEDBACK]            = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_APPROVE]             = "x  .  x  .  .  .  .  .  .  .",
    [GW_A_REWORK]              = "x  .  x  .  .  .  .  .  .  .",
    [GW_A_RATE]                = ".  .  .  .  .  .  .  x  .  .",
    [GW_A_VERIFY_ONSITE]       = ".  .  .  .  x  .  .  .  .  .",
    [GW_A_RECALL]              = "x  x  .  .  .  .  .  .  .  .",
    [GW_A_SUBDISPATCH]         = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_URGE]                = "x  x  x  .  .  x  .  .  .  .",
    [GW_A_REVISIT]             = "x  .  x  .  .  x  .  .  .  .",
    [GW_A_REOPEN]              = "x  .  x  .  .  x  .  .  .  .",
    [GW_A_ANSWER]              = "x  x  .  .  .  x  .  .  .  .",
    [GW_A_MERGE]               = "x  x  .  .  .  .  .  .  .  .",
    [GW_A_UNMERGE]             = "x  .  x  .  .  .  .  .  .  .",
};

/* From which states each action is allowed ('x'), with no extension pending. Columns:
 * reported accepted dispatched signed returned suspended handled closed invalid. */
static const char *const want_state_idle[GW_A__COUNT] = {
    /*                            R  A  D  S  T  U  H  C  I  M */
    [GW_A_ACCEPT]              = "x  .  .  .  .  .  .  .  .  .",
    [GW_A_REJECT]              = "x  x  .  .  x  .  .  .  .  .",
    [GW_A_DISPATCH]            = ".  x  .  .  x  .  .  .  .  .",
    [GW_A_SIGN]                = ".  .  x  .  .  .  .  .  .  .",
    [GW_A_RETURN]              = ".  .  x  x  .  .  .  .  .  .",
    [GW_A_EXTEND]              = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_APPROVE_EXTENSION]   = ".  .  .  .  .  .  .  .  .  .",
    [GW_A_DENY_EXTENSION]      = ".  .  .  .  .  .  .  .  .  .",
    [GW_A_SUSPEND]             = ".  .  x  x  .  .  .  .  .  .",
    [GW_A_RESUME]              = ".  .  .  .  .  x  .  .  .  .",
    [GW_A_FEEDBACK]            = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_APPROVE]             = ".  .  .  .  .  .  x  .  .  .",
    [GW_A_REWORK]              = ".  .  .  .  .  .  x  .  .  .",
    [GW_A_RATE]                = ".  .  .  .  .  .  .  x  .  .",
    [GW_A_VERIFY_ONSITE]       = ".  .  .  .  .  .  x  .  .  .",
    [GW_A_RECALL]              = ".  .  x  .  .  .  .  .  .  .",
    [GW_A_SUBDISPATCH]         = ".  .  x  x  .  .  .  .  .  .",
    [GW_A_URGE]                = "x  x  x  x  x  x  x  .  .  .",
    [GW_A_REVISIT]             = ".  .  .  .  .  .  .  x  .  .",
    [GW_A_REOPEN]              = ".  .  .  .  .  .  .  .  .  .", /* only after a 不满意 revisit: test_revisit_reopen */
    [GW_A_ANSWER]              = "x  x  .  .  .  .  .  .  .  .",
    [GW_A_MERGE]               = "x  x  x  x  x  .  .  .  .  .",
    [GW_A_UNMERGE]             = ".  .  .  .  .  .  .  .  .  x",
};

/* The same with an extension request pending (3 days). */
static const char *const want_state_pending[GW_A__COUNT] = {
    /*                            R  A  D  S  T  U  H  C  I  M */
    [GW_A_ACCEPT]              = "x  .  .  .  .  .  .  .  .  .",
    [GW_A_REJECT]              = "x  x  .  .  x  .  .  .  .  .",
    [GW_A_DISPATCH]            = ".  x  .  .  x  .  .  .  .  .",
    [GW_A_SIGN]                = ".  .  x  .  .  .  .  .  .  .",
    [GW_A_RETURN]              = ".  .  x  x  .  .  .  .  .  .",
    [GW_A_EXTEND]              = ".  .  .  .  .  .  .  .  .  .",
    [GW_A_APPROVE_EXTENSION]   = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_DENY_EXTENSION]      = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_SUSPEND]             = ".  .  x  x  .  .  .  .  .  .",
    [GW_A_RESUME]              = ".  .  .  .  .  x  .  .  .  .",
    [GW_A_FEEDBACK]            = ".  .  .  x  .  .  .  .  .  .",
    [GW_A_APPROVE]             = ".  .  .  .  .  .  x  .  .  .",
    [GW_A_REWORK]              = ".  .  .  .  .  .  x  .  .  .",
    [GW_A_RATE]                = ".  .  .  .  .  .  .  x  .  .",
    [GW_A_VERIFY_ONSITE]       = ".  .  .  .  .  .  x  .  .  .",
    [GW_A_RECALL]              = ".  .  x  .  .  .  .  .  .  .",
    [GW_A_SUBDISPATCH]         = ".  .  .  .  .  .  .  .  .  .",
    [GW_A_URGE]                = "x  x  x  x  x  x  x  .  .  .",
    [GW_A_REVISIT]             = ".  .  .  .  .  .  .  x  .  .",
    [GW_A_REOPEN]              = ".  .  .  .  .  .  .  .  .  .", /* only after a 不满意 revisit: test_revisit_reopen */
    [GW_A_ANSWER]              = "x  x  .  .  .  .  .  .  .  .",
    [GW_A_MERGE]               = "x  x  x  x  x  .  .  .  .  .",
    [GW_A_UNMERGE]             = ".  .  .  .  .  .  .  .  .  x",
};

/* Where a successful action leads from a fixture; -1 = the state is unchanged. */
static const int want_to[GW_A__COUNT] = {
    [GW_A_ACCEPT] = GW_T_ACCEPTED,     [GW_A_REJECT] = GW_T_INVALID,
    [GW_A_DISPATCH] = GW_T_DISPATCHED, [GW_A_SIGN] = GW_T_SIGNED,
    [GW_A_RETURN] = GW_T_RETURNED,     [GW_A_EXTEND] = -1,
    [GW_A_APPROVE_EXTENSION] = -1,     [GW_A_DENY_EXTENSION] = -1,
    [GW_A_SUSPEND] = GW_T_SUSPENDED,   [GW_A_RESUME] = GW_T_SIGNED, /* fixture came from signed */
    [GW_A_FEEDBACK] = GW_T_HANDLED,    [GW_A_APPROVE] = GW_T_CLOSED,
    [GW_A_REWORK] = GW_T_SIGNED,       [GW_A_RATE] = -1,
    [GW_A_VERIFY_ONSITE] = -1,         [GW_A_RECALL] = GW_T_ACCEPTED,
    [GW_A_SUBDISPATCH] = GW_T_DISPATCHED,
    [GW_A_URGE] = -1,                  [GW_A_REVISIT] = -1,
    [GW_A_REOPEN] = GW_T_SIGNED,
    [GW_A_ANSWER] = GW_T_CLOSED,
    [GW_A_MERGE] = GW_T_MERGED,        [GW_A_UNMERGE] = GW_T_REPORTED, /* fixture merged from reported */
};

static int cell(const char *row, int col) { return row[3 * col] == 'x'; }

static void run_matrix(int32_t pending, const char *const *want_state)
{
    int n_ok = 0;
    for (int s = 0; s < GW_T__COUNT; s++)
        for (int k = 0; k < GW_A__COUNT; k++)
            for (int r = 0; r < N_ACTORS; r++) {
                gw_ticket t = fixture((gw_ticket_state)s, pending);
                gw_actor who = matrix_actor(r);
                gw_action a = act((gw_action_kind)k);
                gw_err want = !cell(want_role[k], r)   ? GW_E_FORBIDDEN
                              : !cell(want_state[k], s) ? GW_E_CONFLICT
                                                        : GW_OK;
                int can = gw_ticket_can(&t, a.kind, &who);
                if (can != (want == GW_OK))
                    fail_msg("can(%s, %s by %s #%d) = %d", gw_ticket_state_name(t.state),
                             gw_action_name(a.kind), gw_role_name(who.role), r, can);
                if (want == GW_OK) {
                    ok(&t, a, who, T0 + HOUR, want_to[k] < 0 ? (gw_ticket_state)s
                                                             : (gw_ticket_state)want_to[k]);
                    n_ok++;
                } else {
                    fails(&t, a, who, T0 + HOUR, want);
                }
            }
    assert_true(n_ok > 0);
}

static void test_matrix_no_pending(void **state)
{
    (void)state;
    run_matrix(0, want_state_idle);
}

static void test_matrix_pending(void **state)
{
    (void)state;
    run_matrix(3, want_state_pending);
}

/* ---- targeted ----------------------------------------------------------------------------- */

static void test_happy_path(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_REPORTED, 0);
    t.unit_id = 0;
    t.handle_due_ms = 0;

    ok(&t, act(GW_A_ACCEPT), DISPATCHER, T0, GW_T_ACCEPTED);
    gw_action d = act(GW_A_DISPATCH);
    d.unit_id = 42;
    d.handle_ms = 5 * DAY;
    ok(&t, d, DISPATCHER, T0 + HOUR, GW_T_DISPATCHED);
    assert_int_equal(t.unit_id, 42);
    assert_int_equal(t.handle_due_ms, T0 + HOUR + 5 * DAY);

    ok(&t, act(GW_A_SIGN), actor(GW_R_UNIT_HANDLER, 42), T0 + 2 * HOUR, GW_T_SIGNED);
    gw_action f = act(GW_A_FEEDBACK);
    f.verify_ms = 2 * DAY;
    ok(&t, f, actor(GW_R_UNIT_HANDLER, 42), T0 + 3 * HOUR, GW_T_HANDLED);
    assert_int_equal(t.verify_due_ms, T0 + 3 * HOUR + 2 * DAY);

    ok(&t, act(GW_A_APPROVE), SUPERVISOR, T0 + 4 * HOUR, GW_T_CLOSED);
    assert_int_equal(t.closed_at_ms, T0 + 4 * HOUR);

    gw_action r = act(GW_A_RATE);
    r.rating = 5;
    ok(&t, r, RESIDENT, T0 + 5 * HOUR, GW_T_CLOSED);
    assert_int_equal(t.rating, 5);

    assert_int_equal(t.return_count, 0);
    assert_int_equal(t.rework_count, 0);
    assert_int_equal(t.extension_count, 0);
    assert_int_equal(t.ext_pending_days, 0);
}

static void test_system_accepts_and_dispatches(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_REPORTED, 0);
    ok(&t, act(GW_A_ACCEPT), SYSTEM, T0, GW_T_ACCEPTED);
    fails(&t, act(GW_A_REJECT), SYSTEM, T0, GW_E_FORBIDDEN);
    ok(&t, act(GW_A_DISPATCH), SYSTEM, T0, GW_T_DISPATCHED);
    fails(&t, act(GW_A_SUSPEND), SYSTEM, T0, GW_E_FORBIDDEN);
}

static void test_return_and_redispatch(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    gw_action ext = act(GW_A_EXTEND);
    ok(&t, ext, HANDLER, T0, GW_T_SIGNED);
    assert_int_equal(t.ext_pending_days, 3);

    ok(&t, act(GW_A_RETURN), HANDLER, T0 + HOUR, GW_T_RETURNED);
    assert_int_equal(t.return_count, 1);
    assert_int_equal(t.unit_id, UNIT); /* kept until re-dispatch */
    assert_int_equal(t.ext_pending_days, 0);

    /* the returning unit cannot act on it any more */
    fails(&t, act(GW_A_SIGN), HANDLER, T0 + HOUR, GW_E_CONFLICT);

    gw_action d = act(GW_A_DISPATCH);
    d.unit_id = OTHER;
    d.handle_ms = 2 * DAY;
    t.ext_pending_days = 4; /* stale (hand-set): a dispatch starts clean */
    ok(&t, d, DISPATCHER, T0 + 2 * HOUR, GW_T_DISPATCHED);
    assert_int_equal(t.unit_id, OTHER);
    assert_int_equal(t.ext_pending_days, 0);
    assert_int_equal(t.handle_due_ms, T0 + 2 * HOUR + 2 * DAY);

    fails(&t, act(GW_A_SIGN), HANDLER, T0 + 3 * HOUR, GW_E_FORBIDDEN);
    ok(&t, act(GW_A_SIGN), HANDLER_OTHER, T0 + 3 * HOUR, GW_T_SIGNED);
    ok(&t, act(GW_A_RETURN), HANDLER_OTHER, T0 + 4 * HOUR, GW_T_RETURNED);
    assert_int_equal(t.return_count, 2);
    assert_int_equal(t.unit_id, OTHER);

    /* returned straight from dispatched, too; then rejected */
    t = fixture(GW_T_DISPATCHED, 0);
    ok(&t, act(GW_A_RETURN), HANDLER, T0, GW_T_RETURNED);
    ok(&t, act(GW_A_REJECT), ADMIN, T0, GW_T_INVALID);
}

static void test_extension_approve(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    int64_t due = t.handle_due_ms;
    gw_action ext = act(GW_A_EXTEND);
    ext.days = 7;
    gw_timeline_entry out;
    memset(&out, 0, sizeof out);
    assert_int_equal(apply(&t, ext, HANDLER, T0, &out), GW_OK);
    assert_int_equal(out.from, GW_T_SIGNED);
    assert_int_equal(out.to, GW_T_SIGNED);
    assert_int_equal(out.action, GW_A_EXTEND);
    assert_int_equal(t.ext_pending_days, 7);
    assert_int_equal(t.handle_due_ms, due); /* not yet */

    /* the handler cannot approve their own request; a second request conflicts */
    fails(&t, act(GW_A_APPROVE_EXTENSION), HANDLER, T0, GW_E_FORBIDDEN);
    fails(&t, ext, HANDLER, T0, GW_E_CONFLICT);

    ok(&t, act(GW_A_APPROVE_EXTENSION), SUPERVISOR, T0 + HOUR, GW_T_SIGNED);
    assert_int_equal(t.handle_due_ms, due + 7 * DAY);
    assert_int_equal(t.extension_count, 1);
    assert_int_equal(t.ext_pending_days, 0);

    /* nothing pending now */
    fails(&t, act(GW_A_APPROVE_EXTENSION), SUPERVISOR, T0, GW_E_CONFLICT);
    fails(&t, act(GW_A_DENY_EXTENSION), ADMIN, T0, GW_E_CONFLICT);

    /* a new request may follow; admin approves it */
    ext.days = 90;
    ok(&t, ext, HANDLER, T0 + 2 * HOUR, GW_T_SIGNED);
    ok(&t, act(GW_A_APPROVE_EXTENSION), ADMIN, T0 + 3 * HOUR, GW_T_SIGNED);
    assert_int_equal(t.handle_due_ms, due + 97 * DAY);
    assert_int_equal(t.extension_count, 2);
}

static void test_extension_deny(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    int64_t due = t.handle_due_ms;
    ok(&t, act(GW_A_EXTEND), HANDLER, T0, GW_T_SIGNED);
    ok(&t, act(GW_A_DENY_EXTENSION), SUPERVISOR, T0 + HOUR, GW_T_SIGNED);
    assert_int_equal(t.ext_pending_days, 0);
    assert_int_equal(t.handle_due_ms, due);
    assert_int_equal(t.extension_count, 0);
    fails(&t, act(GW_A_DENY_EXTENSION), SUPERVISOR, T0, GW_E_CONFLICT);
    /* may ask again after a denial */
    ok(&t, act(GW_A_EXTEND), HANDLER, T0 + 2 * HOUR, GW_T_SIGNED);
}

static void test_extension_cleared_by_feedback(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    ok(&t, act(GW_A_EXTEND), HANDLER, T0, GW_T_SIGNED);
    ok(&t, act(GW_A_FEEDBACK), HANDLER, T0, GW_T_HANDLED);
    assert_int_equal(t.ext_pending_days, 0);
    assert_int_equal(t.extension_count, 0);
}

static void test_extension_pending_while_suspended(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    int64_t due = t.handle_due_ms;
    ok(&t, act(GW_A_EXTEND), HANDLER, T0, GW_T_SIGNED);
    ok(&t, act(GW_A_SUSPEND), SUPERVISOR, T0, GW_T_SUSPENDED);
    fails(&t, act(GW_A_APPROVE_EXTENSION), SUPERVISOR, T0, GW_E_CONFLICT);
    fails(&t, act(GW_A_DENY_EXTENSION), SUPERVISOR, T0, GW_E_CONFLICT);
    ok(&t, act(GW_A_RESUME), SUPERVISOR, T0 + DAY, GW_T_SIGNED);
    assert_int_equal(t.ext_pending_days, 3);
    ok(&t, act(GW_A_APPROVE_EXTENSION), SUPERVISOR, T0 + DAY, GW_T_SIGNED);
    assert_int_equal(t.handle_due_ms, due + DAY + 3 * DAY);
}

static void test_other_unit_forbidden(void **state)
{
    (void)state;
    static const gw_ticket_state st[] = {GW_T_DISPATCHED, GW_T_SIGNED, GW_T_SIGNED, GW_T_SIGNED};
    static const gw_action_kind ks[] = {GW_A_SIGN, GW_A_RETURN, GW_A_EXTEND, GW_A_FEEDBACK};
    for (size_t i = 0; i < 4; i++) {
        gw_ticket t = fixture(st[i], 0);
        gw_actor own = HANDLER, other = HANDLER_OTHER;
        fails(&t, act(ks[i]), other, T0, GW_E_FORBIDDEN);
        assert_false(gw_ticket_can(&t, ks[i], &other));
        assert_true(gw_ticket_can(&t, ks[i], &own));
    }
    /* a handler without a unit never matches, not even a ticket without one */
    gw_ticket t = fixture(GW_T_DISPATCHED, 0);
    t.unit_id = 0;
    fails(&t, act(GW_A_SIGN), actor(GW_R_UNIT_HANDLER, 0), T0, GW_E_FORBIDDEN);
}

static void test_bystanders_forbidden(void **state)
{
    (void)state;
    static const gw_role roles[] = {GW_R_GRID_WORKER, GW_R_AUDITOR, GW_R_HOTLINE_OPERATOR};
    for (size_t r = 0; r < 3; r++)
        for (int s = 0; s < GW_T__COUNT; s++)
            for (int k = 0; k < GW_A__COUNT; k++)
                for (int32_t p = 0; p <= 3; p += 3) {
                    /* the hotline takes 催办, 回访 and 直接答复 (test_urge, test_revisit_*, the matrix), nothing else */
                    if (roles[r] == GW_R_HOTLINE_OPERATOR && k >= GW_A_URGE) continue;
                    gw_ticket t = fixture((gw_ticket_state)s, p);
                    gw_actor who = actor(roles[r], UNIT); /* even with the ticket's unit */
                    gw_action a = act((gw_action_kind)k);
                    if (roles[r] == GW_R_GRID_WORKER && k == GW_A_VERIFY_ONSITE) continue; /* theirs */
                    fails(&t, a, who, T0, GW_E_FORBIDDEN);
                    a.note = NULL; /* and with a bad payload */
                    a.rating = 0;
                    a.days = 0;
                    fails(&t, a, who, T0, GW_E_FORBIDDEN);
                    assert_false(gw_ticket_can(&t, a.kind, &who));
                }
}

static void test_suspend_resume_dispatched(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_DISPATCHED, 0);
    int64_t dd = t.dispatch_due_ms, hd = t.handle_due_ms;
    assert_int_equal(t.verify_due_ms, 0);

    ok(&t, act(GW_A_SUSPEND), SUPERVISOR, T0 + 2 * HOUR, GW_T_SUSPENDED);
    assert_int_equal(t.suspended_from, GW_T_DISPATCHED);
    assert_int_equal(t.suspended_at_ms, T0 + 2 * HOUR);
    /* nothing else may happen while suspended */
    fails(&t, act(GW_A_SIGN), HANDLER, T0, GW_E_CONFLICT);
    fails(&t, act(GW_A_SUSPEND), SUPERVISOR, T0, GW_E_CONFLICT);

    ok(&t, act(GW_A_RESUME), SUPERVISOR, T0 + 2 * HOUR + 3 * DAY, GW_T_DISPATCHED);
    assert_int_equal(t.dispatch_due_ms, dd + 3 * DAY);
    assert_int_equal(t.handle_due_ms, hd + 3 * DAY);
    assert_int_equal(t.verify_due_ms, 0); /* unset stays unset */
    assert_int_equal(t.suspended_at_ms, 0);
    fails(&t, act(GW_A_RESUME), SUPERVISOR, T0, GW_E_CONFLICT);
    ok(&t, act(GW_A_SIGN), HANDLER, T0 + 4 * DAY, GW_T_SIGNED);
}

static void test_suspend_resume_signed(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    t.dispatch_due_ms = 0;
    t.verify_due_ms = T0 + 10 * DAY; /* hand-set, to see every set deadline move */
    int64_t hd = t.handle_due_ms;
    ok(&t, act(GW_A_SUSPEND), ADMIN, T0, GW_T_SUSPENDED);
    assert_int_equal(t.suspended_from, GW_T_SIGNED);
    ok(&t, act(GW_A_RESUME), ADMIN, T0 + 5 * HOUR + 17, GW_T_SIGNED);
    assert_int_equal(t.dispatch_due_ms, 0);
    assert_int_equal(t.handle_due_ms, hd + 5 * HOUR + 17);
    assert_int_equal(t.verify_due_ms, T0 + 10 * DAY + 5 * HOUR + 17);
    assert_int_equal(t.suspended_at_ms, 0);
    ok(&t, act(GW_A_FEEDBACK), HANDLER, T0 + DAY, GW_T_HANDLED);

    /* a clock that went backwards shifts nothing */
    t = fixture(GW_T_SIGNED, 0);
    hd = t.handle_due_ms;
    ok(&t, act(GW_A_SUSPEND), SUPERVISOR, T0, GW_T_SUSPENDED);
    ok(&t, act(GW_A_RESUME), SUPERVISOR, T0 - HOUR, GW_T_SIGNED);
    assert_int_equal(t.handle_due_ms, hd);
}

static void test_rework(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_HANDLED, 0);
    assert_int_not_equal(t.verify_due_ms, 0);
    gw_action rw = act(GW_A_REWORK);
    rw.handle_ms = 2 * DAY;
    ok(&t, rw, SUPERVISOR, T0 + 5 * DAY, GW_T_SIGNED);
    assert_int_equal(t.rework_count, 1);
    assert_int_equal(t.handle_due_ms, T0 + 7 * DAY);
    assert_int_equal(t.verify_due_ms, 0);

    ok(&t, act(GW_A_FEEDBACK), HANDLER, T0 + 6 * DAY, GW_T_HANDLED);
    rw.handle_ms = DAY;
    ok(&t, rw, ADMIN, T0 + 8 * DAY, GW_T_SIGNED);
    assert_int_equal(t.rework_count, 2);
    assert_int_equal(t.handle_due_ms, T0 + 9 * DAY);
}

/* An approved extension survives rework: rework gives a fresh handling window but never moves the
 * deadline before one already granted (the extension was approved to T0+9d; a 1-day rework at T0+2d
 * keeps T0+9d instead of falling back to T0+3d). */
static void test_rework_keeps_extension(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    gw_action ext = act(GW_A_EXTEND);
    ext.days = 7;
    ok(&t, ext, HANDLER, T0, GW_T_SIGNED);
    ok(&t, act(GW_A_APPROVE_EXTENSION), SUPERVISOR, T0 + HOUR, GW_T_SIGNED);
    assert_int_equal(t.handle_due_ms, T0 + 9 * DAY);
    ok(&t, act(GW_A_FEEDBACK), HANDLER, T0 + DAY, GW_T_HANDLED);
    gw_action rw = act(GW_A_REWORK);
    rw.handle_ms = DAY;
    ok(&t, rw, SUPERVISOR, T0 + 2 * DAY, GW_T_SIGNED);
    assert_int_equal(t.handle_due_ms, T0 + 9 * DAY);
    assert_int_equal(t.extension_count, 1);
    /* past the granted deadline, rework restarts the clock from now */
    ok(&t, act(GW_A_FEEDBACK), HANDLER, T0 + 9 * DAY, GW_T_HANDLED);
    ok(&t, rw, SUPERVISOR, T0 + 10 * DAY, GW_T_SIGNED);
    assert_int_equal(t.handle_due_ms, T0 + 11 * DAY);
}

static void test_rating(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_CLOSED, 0);
    gw_action r = act(GW_A_RATE);
    static const int32_t bad[] = {0, 6, -1, 100, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r.rating = bad[i];
        fails(&t, r, RESIDENT, T0, GW_E_INVALID);
    }
    for (int32_t v = 1; v <= 5; v++) {
        gw_ticket u = fixture(GW_T_CLOSED, 0);
        r.rating = v;
        ok(&u, r, RESIDENT, T0, GW_T_CLOSED);
        assert_int_equal(u.rating, v);
    }
    r.rating = 1;
    ok(&t, r, RESIDENT, T0, GW_T_CLOSED);
    r.rating = 5;
    fails(&t, r, RESIDENT, T0, GW_E_CONFLICT);
    r.rating = 9; /* state before payload */
    fails(&t, r, RESIDENT, T0, GW_E_CONFLICT);
    assert_int_equal(t.rating, 1);
    gw_actor res = RESIDENT, adm = ADMIN;
    assert_false(gw_ticket_can(&t, GW_A_RATE, &res));
    /* only residents rate */
    gw_ticket u = fixture(GW_T_CLOSED, 0);
    fails(&u, act(GW_A_RATE), ADMIN, T0, GW_E_FORBIDDEN);
    assert_false(gw_ticket_can(&u, GW_A_RATE, &adm));
}

static void test_note_required(void **state)
{
    (void)state;
    static const struct {
        gw_action_kind k;
        gw_ticket_state s;
    } cases[] = {
        {GW_A_REJECT, GW_T_REPORTED}, {GW_A_RETURN, GW_T_SIGNED},  {GW_A_EXTEND, GW_T_SIGNED},
        {GW_A_SUSPEND, GW_T_SIGNED},  {GW_A_REWORK, GW_T_HANDLED}, {GW_A_FEEDBACK, GW_T_SIGNED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gw_ticket t = fixture(cases[i].s, 0);
        gw_action a = act(cases[i].k);
        gw_actor who = a.kind == GW_A_REJECT ? DISPATCHER
                       : (a.kind == GW_A_SUSPEND || a.kind == GW_A_REWORK) ? SUPERVISOR
                                                                            : HANDLER;
        a.note = NULL;
        fails(&t, a, who, T0, GW_E_INVALID);
        a.note = "";
        fails(&t, a, who, T0, GW_E_INVALID);
        /* can() ignores the payload */
        assert_true(gw_ticket_can(&t, a.kind, &who));
        a.note = " ";
        ok(&t, a, who, T0, t.state == GW_T_REPORTED   ? GW_T_INVALID
                           : a.kind == GW_A_RETURN     ? GW_T_RETURNED
                           : a.kind == GW_A_EXTEND     ? GW_T_SIGNED
                           : a.kind == GW_A_SUSPEND    ? GW_T_SUSPENDED
                           : a.kind == GW_A_REWORK     ? GW_T_SIGNED
                                                       : GW_T_HANDLED);
    }
    /* actions without a required note take none */
    gw_ticket t = fixture(GW_T_REPORTED, 0);
    gw_action a = act(GW_A_ACCEPT);
    a.note = NULL;
    ok(&t, a, DISPATCHER, T0, GW_T_ACCEPTED);
}

static void test_payload_ranges(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_ACCEPTED, 0);
    gw_action d = act(GW_A_DISPATCH);
    d.unit_id = 0;
    fails(&t, d, DISPATCHER, T0, GW_E_INVALID);
    d.unit_id = -3;
    fails(&t, d, DISPATCHER, T0, GW_E_INVALID);
    d.unit_id = 9;
    d.handle_ms = 0;
    fails(&t, d, DISPATCHER, T0, GW_E_INVALID);
    d.handle_ms = -HOUR;
    fails(&t, d, DISPATCHER, T0, GW_E_INVALID);
    d.handle_ms = INT64_MAX; /* would overflow the deadline */
    fails(&t, d, DISPATCHER, T0, GW_E_INVALID);
    gw_actor disp = DISPATCHER;
    assert_true(gw_ticket_can(&t, GW_A_DISPATCH, &disp));

    t = fixture(GW_T_SIGNED, 0);
    gw_action e = act(GW_A_EXTEND);
    static const int32_t bad_days[] = {0, -1, 91, INT32_MAX};
    for (size_t i = 0; i < sizeof bad_days / sizeof bad_days[0]; i++) {
        e.days = bad_days[i];
        fails(&t, e, HANDLER, T0, GW_E_INVALID);
    }
    e.days = 1;
    ok(&t, e, HANDLER, T0, GW_T_SIGNED);
    assert_int_equal(t.ext_pending_days, 1);

    t = fixture(GW_T_SIGNED, 0);
    gw_action f = act(GW_A_FEEDBACK);
    f.verify_ms = 0;
    fails(&t, f, HANDLER, T0, GW_E_INVALID);
    f.verify_ms = -1;
    fails(&t, f, HANDLER, T0, GW_E_INVALID);

    t = fixture(GW_T_HANDLED, 0);
    gw_action rw = act(GW_A_REWORK);
    rw.handle_ms = 0;
    fails(&t, rw, SUPERVISOR, T0, GW_E_INVALID);
}

/* 答复口径: feedback, approve and 直接答复 carry a non-empty public reply; the others need none. */
static void test_public_reply_required(void **state)
{
    (void)state;
    static const struct {
        gw_action_kind k;
        gw_ticket_state s, to;
    } cases[] = {
        {GW_A_FEEDBACK, GW_T_SIGNED, GW_T_HANDLED},
        {GW_A_APPROVE, GW_T_HANDLED, GW_T_CLOSED},
        {GW_A_ANSWER, GW_T_REPORTED, GW_T_CLOSED},
        {GW_A_ANSWER, GW_T_ACCEPTED, GW_T_CLOSED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gw_ticket t = fixture(cases[i].s, 0);
        gw_action a = act(cases[i].k);
        gw_actor who = a.kind == GW_A_FEEDBACK ? HANDLER : a.kind == GW_A_APPROVE ? SUPERVISOR
                                                                                 : actor(GW_R_HOTLINE_OPERATOR, 0);
        a.public_reply = NULL;
        fails(&t, a, who, T0, GW_E_INVALID);
        a.public_reply = "";
        fails(&t, a, who, T0, GW_E_INVALID);
        assert_true(gw_ticket_can(&t, a.kind, &who));
        a.public_reply = "已答复";
        ok(&t, a, who, T0 + HOUR, cases[i].to);
    }
    /* the answer closes the ticket now, without a unit, and it may then be rated */
    gw_ticket t = fixture(GW_T_REPORTED, 0);
    t.unit_id = 0;
    ok(&t, act(GW_A_ANSWER), DISPATCHER, T0 + 2 * HOUR, GW_T_CLOSED);
    assert_int_equal(t.closed_at_ms, T0 + 2 * HOUR);
    assert_int_equal(t.unit_id, 0);
    ok(&t, act(GW_A_RATE), RESIDENT, T0 + 3 * HOUR, GW_T_CLOSED);
    /* other actions still take no public reply */
    t = fixture(GW_T_REPORTED, 0);
    gw_action acc = act(GW_A_ACCEPT);
    acc.public_reply = NULL;
    ok(&t, acc, DISPATCHER, T0, GW_T_ACCEPTED);
}

static void test_check_order(void **state)
{
    (void)state;
    /* role before state before payload */
    gw_ticket t = fixture(GW_T_CLOSED, 0);
    gw_action d = act(GW_A_DISPATCH);
    d.unit_id = 0;
    fails(&t, d, SUPERVISOR, T0, GW_E_FORBIDDEN);
    fails(&t, d, DISPATCHER, T0, GW_E_CONFLICT);
    t = fixture(GW_T_ACCEPTED, 0);
    fails(&t, d, DISPATCHER, T0, GW_E_INVALID);
    /* other unit before state */
    t = fixture(GW_T_CLOSED, 0);
    fails(&t, act(GW_A_SIGN), HANDLER_OTHER, T0, GW_E_FORBIDDEN);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_REPORTED, 0);
    gw_action a = act(GW_A_ACCEPT);
    gw_actor who = DISPATCHER;
    gw_timeline_entry out;
    assert_int_equal(gw_ticket_apply(NULL, &a, &who, T0, &out), GW_E_INVALID);
    assert_int_equal(gw_ticket_apply(&t, NULL, &who, T0, &out), GW_E_INVALID);
    assert_int_equal(gw_ticket_apply(&t, &a, NULL, T0, &out), GW_E_INVALID);
    assert_int_equal(gw_ticket_apply(&t, &a, &who, T0, NULL), GW_E_INVALID);
    assert_false(gw_ticket_can(NULL, GW_A_ACCEPT, &who));
    assert_false(gw_ticket_can(&t, GW_A_ACCEPT, NULL));

    a.kind = GW_A__COUNT;
    fails(&t, a, who, T0, GW_E_INVALID);
    assert_false(gw_ticket_can(&t, GW_A__COUNT, &who));
    a.kind = GW_A_ACCEPT;
    who.role = GW_R__COUNT;
    fails(&t, a, who, T0, GW_E_FORBIDDEN);
    who = DISPATCHER;
    t.state = GW_T__COUNT;
    fails(&t, a, who, T0, GW_E_CONFLICT);
    /* a suspended ticket whose origin is corrupt cannot resume */
    t = fixture(GW_T_SUSPENDED, 0);
    t.suspended_from = GW_T_CLOSED;
    fails(&t, act(GW_A_RESUME), SUPERVISOR, T0, GW_E_CONFLICT);
}

/* ---- 现场核查 and 撤回 ---------------------------------------------------------------------- */

#define GRID actor(GW_R_GRID_WORKER, 0)

static void test_verify_onsite(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_HANDLED, 0);
    gw_ticket before = t;
    gw_action a = act(GW_A_VERIFY_ONSITE);
    a.note = NULL; /* a pass needs no note */
    ok(&t, a, GRID, T0, GW_T_HANDLED);
    assert_memory_equal(&t, &before, sizeof t); /* a finding only: the loop is the supervisor's */
    a.result = GW_ONSITE_FAIL; /* a fail needs one */
    fails(&t, a, GRID, T0, GW_E_INVALID);
    a.note = "";
    fails(&t, a, GRID, T0, GW_E_INVALID);
    a.note = "still blocked";
    ok(&t, a, GRID, T0, GW_T_HANDLED);
    static const int32_t bad[] = {0, 3, -1, INT32_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        a.result = bad[i];
        fails(&t, a, GRID, T0, GW_E_INVALID);
    }
    /* the supervisor may still approve without a verification (documented: not required) */
    ok(&t, act(GW_A_APPROVE), SUPERVISOR, T0, GW_T_CLOSED);
    fails(&t, act(GW_A_VERIFY_ONSITE), GRID, T0, GW_E_CONFLICT);
}

static void test_recall(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_DISPATCHED, 2);
    gw_action a = act(GW_A_RECALL);
    a.note = NULL;
    fails(&t, a, DISPATCHER, T0, GW_E_INVALID);
    a.note = "";
    fails(&t, a, DISPATCHER, T0, GW_E_INVALID);
    fails(&t, act(GW_A_RECALL), HANDLER, T0, GW_E_FORBIDDEN);
    ok(&t, act(GW_A_RECALL), DISPATCHER, T0, GW_T_ACCEPTED);
    assert_int_equal(t.unit_id, 0); /* the unit no longer holds it */
    assert_int_equal(t.handle_due_ms, 0);
    assert_int_equal(t.ext_pending_days, 0);
    assert_int_equal(t.dispatch_due_ms, T0 + 1 * HOUR); /* the dispatch clock runs on */
    ok(&t, act(GW_A_DISPATCH), DISPATCHER, T0 + HOUR, GW_T_DISPATCHED);
    /* once signed it is the unit's: no recall (it may return it instead) */
    ok(&t, act(GW_A_SIGN), HANDLER, T0 + HOUR, GW_T_SIGNED);
    fails(&t, act(GW_A_RECALL), DISPATCHER, T0 + HOUR, GW_E_CONFLICT);
}

static void test_subdispatch(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    gw_action a = act(GW_A_SUBDISPATCH);
    a.unit_id = 0;
    fails(&t, a, HANDLER, T0, GW_E_INVALID);
    a.unit_id = UNIT; /* not to itself */
    fails(&t, a, HANDLER, T0, GW_E_INVALID);
    a.unit_id = OTHER;
    fails(&t, a, HANDLER_OTHER, T0, GW_E_FORBIDDEN);
    fails(&t, a, DISPATCHER, T0, GW_E_FORBIDDEN);
    int64_t due = t.handle_due_ms;
    ok(&t, a, HANDLER, T0 + HOUR, GW_T_DISPATCHED);
    assert_int_equal(t.unit_id, OTHER);
    assert_int_equal(t.handle_due_ms, due); /* the sub-unit works within the same deadline */
    /* now the sub-unit's: it signs; the parent's handler no longer acts */
    fails(&t, act(GW_A_SIGN), HANDLER, T0, GW_E_FORBIDDEN);
    ok(&t, act(GW_A_SIGN), HANDLER_OTHER, T0, GW_T_SIGNED);
}

/* 二级派单 then 退单: the sub-unit's return goes back to the unit that passed it down (which signs
 * again and handles it or passes it on); only the top unit's return reaches the dispatcher. */
static void test_subunit_return_goes_to_parent(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    gw_action a = act(GW_A_SUBDISPATCH);
    ok(&t, a, HANDLER, T0, GW_T_DISPATCHED);
    assert_int_equal(t.passed_from_unit_id, UNIT);
    fails(&t, act(GW_A_RETURN), HANDLER, T0, GW_E_FORBIDDEN); /* the parent cannot return what it passed down */
    int64_t due = t.handle_due_ms;
    ok(&t, act(GW_A_SIGN), HANDLER_OTHER, T0, GW_T_SIGNED);
    ok(&t, act(GW_A_RETURN), HANDLER_OTHER, T0 + HOUR, GW_T_DISPATCHED);
    assert_int_equal(t.unit_id, UNIT);
    assert_int_equal(t.passed_from_unit_id, 0);
    assert_int_equal(t.handle_due_ms, due);
    assert_int_equal(t.return_count, 1);
    fails(&t, act(GW_A_SIGN), HANDLER_OTHER, T0, GW_E_FORBIDDEN);
    ok(&t, act(GW_A_SUBDISPATCH), HANDLER, T0 + HOUR, GW_T_DISPATCHED); /* pass it down again */
    ok(&t, act(GW_A_RETURN), HANDLER_OTHER, T0 + HOUR, GW_T_DISPATCHED);
    ok(&t, act(GW_A_SIGN), HANDLER, T0 + HOUR, GW_T_SIGNED);
    ok(&t, act(GW_A_RETURN), HANDLER, T0 + 2 * HOUR, GW_T_RETURNED); /* the top unit: to the dispatcher */
    assert_int_equal(t.unit_id, UNIT);
    assert_int_equal(t.return_count, 3);
}

/* ---- names -------------------------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    static const char *const st[] = {"reported", "accepted", "dispatched", "signed", "returned",
                                     "suspended", "handled", "closed", "invalid", "merged"};
    static const char *const ac[] = {"accept", "reject", "dispatch", "sign", "return", "extend",
                                     "approve_extension", "deny_extension", "suspend", "resume",
                                     "feedback", "approve", "rework", "rate",
                                     "verify_onsite", "recall", "subdispatch", "urge", "revisit", "reopen", "answer",
                                     "merge", "unmerge"};
    static const char *const ro[] = {"admin", "dispatcher", "supervisor", "unit_handler",
                                     "grid_worker", "hotline_operator", "auditor", "resident",
                                     "system"};
    assert_int_equal(sizeof st / sizeof st[0], GW_T__COUNT);
    assert_int_equal(sizeof ac / sizeof ac[0], GW_A__COUNT);
    assert_int_equal(sizeof ro / sizeof ro[0], GW_R__COUNT);
    for (int i = 0; i < GW_T__COUNT; i++) {
        assert_string_equal(gw_ticket_state_name((gw_ticket_state)i), st[i]);
        assert_int_equal(gw_ticket_state_parse(st[i]), i);
    }
    for (int i = 0; i < GW_A__COUNT; i++) {
        assert_string_equal(gw_action_name((gw_action_kind)i), ac[i]);
        assert_int_equal(gw_action_parse(ac[i]), i);
    }
    for (int i = 0; i < GW_R__COUNT; i++) {
        assert_string_equal(gw_role_name((gw_role)i), ro[i]);
        assert_int_equal(gw_role_parse(ro[i]), i);
    }
    static const char *const unknown[] = {"", "Reported", "report", "reported ", "dispatcher",
                                          "closed\n", "approve-extension", "ADMIN"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *u = unknown[i];
        if (strcmp(u, "dispatcher") != 0) assert_int_equal(gw_role_parse(u), -1);
        assert_int_equal(gw_ticket_state_parse(u), -1);
        assert_int_equal(gw_action_parse(u), -1);
    }
    assert_int_equal(gw_action_parse("reported"), -1); /* names don't cross tables */
    assert_int_equal(gw_role_parse("accept"), -1);
    assert_int_equal(gw_ticket_state_parse(NULL), -1);
    assert_int_equal(gw_action_parse(NULL), -1);
    assert_int_equal(gw_role_parse(NULL), -1);
    assert_string_equal(gw_ticket_state_name(GW_T__COUNT), "unknown");
    assert_string_equal(gw_action_name(GW_A__COUNT), "unknown");
    assert_string_equal(gw_role_name(GW_R__COUNT), "unknown");
}

/* ---- 催办 and 回访 ------------------------------------------------------------------------ */

#define OPERATOR actor(GW_R_HOTLINE_OPERATOR, 0)

static void test_urge(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 0);
    gw_ticket before = t;
    ok(&t, act(GW_A_URGE), OPERATOR, T0, GW_T_SIGNED);
    ok(&t, act(GW_A_URGE), DISPATCHER, T0, GW_T_SIGNED);
    assert_int_equal(t.urge_count, 2);
    /* nothing else moves: no clock, no unit */
    t.urge_count = 0;
    assert_memory_equal(&t, &before, sizeof t);
    gw_action a = act(GW_A_URGE);
    a.note = "";
    fails(&t, a, OPERATOR, T0, GW_E_INVALID);
    fails(&t, act(GW_A_URGE), HANDLER, T0, GW_E_FORBIDDEN); /* the unit is urged, it does not urge */
    t = fixture(GW_T_CLOSED, 0);
    fails(&t, act(GW_A_URGE), OPERATOR, T0, GW_E_CONFLICT);
    t = fixture(GW_T_INVALID, 0);
    fails(&t, act(GW_A_URGE), OPERATOR, T0, GW_E_CONFLICT);
}

static void test_urge_urgency_rule(void **state)
{
    (void)state;
    assert_int_equal(gw_urge_urgency(1, 1), 1); /* the first 催办 is recorded only */
    assert_int_equal(gw_urge_urgency(1, 2), 2); /* the second raises one level */
    assert_int_equal(gw_urge_urgency(2, 3), 2);
    assert_int_equal(gw_urge_urgency(2, 4), 3); /* and every second one after */
    assert_int_equal(gw_urge_urgency(3, 6), 3); /* critical is the top */
    assert_int_equal(gw_urge_urgency(3, 2), 3);
    assert_int_equal(gw_urge_urgency(1, 0), 1);
    assert_int_equal(gw_urge_urgency(0, 2), 1);
}

static void test_revisit_once_per_closure(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_CLOSED, 0);
    gw_action r = act(GW_A_REVISIT);
    r.satisfaction = GW_SAT_NONE;
    fails(&t, r, OPERATOR, T0 + HOUR, GW_E_INVALID);
    r.satisfaction = 4;
    fails(&t, r, OPERATOR, T0 + HOUR, GW_E_INVALID);
    r.satisfaction = GW_SAT_BASIC;
    r.note = NULL; /* a note is optional */
    ok(&t, r, OPERATOR, T0 + HOUR, GW_T_CLOSED);
    assert_int_equal(t.revisit_result, GW_SAT_BASIC);
    assert_int_equal(t.revisited_at_ms, T0 + HOUR);
    fails(&t, r, OPERATOR, T0 + 2 * HOUR, GW_E_CONFLICT); /* done for this closure */
    fails(&t, act(GW_A_REOPEN), OPERATOR, T0 + 2 * HOUR, GW_E_CONFLICT); /* 基本满意 does not reopen */
    fails(&t, r, HANDLER, T0 + 2 * HOUR, GW_E_FORBIDDEN);
}

static void test_revisit_reopen(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_CLOSED, 0);
    t.rework_count = 1;
    fails(&t, act(GW_A_REOPEN), OPERATOR, T0 + HOUR, GW_E_CONFLICT); /* not revisited yet */
    gw_action r = act(GW_A_REVISIT);
    r.satisfaction = GW_SAT_UNSATISFIED;
    ok(&t, r, OPERATOR, T0 + HOUR, GW_T_CLOSED);
    gw_action re = act(GW_A_REOPEN);
    re.note = NULL;
    fails(&t, re, OPERATOR, T0 + HOUR, GW_E_INVALID); /* a reason is required */
    re.note = "still broken";
    re.handle_ms = 0;
    fails(&t, re, OPERATOR, T0 + HOUR, GW_E_INVALID);
    re.handle_ms = 24 * HOUR;
    ok(&t, re, OPERATOR, T0 + 2 * HOUR, GW_T_SIGNED);
    assert_int_equal(t.unit_id, UNIT); /* the same unit */
    assert_int_equal(t.handle_due_ms, T0 + 26 * HOUR);
    assert_int_equal(t.verify_due_ms, 0);
    assert_int_equal(t.closed_at_ms, 0);
    assert_int_equal(t.reopen_count, 1);
    assert_int_equal(t.rework_count, 1); /* 重办 is not 返工 */
    assert_int_equal(t.revisit_result, GW_SAT_UNSATISFIED); /* kept for the figures */
    /* closed again later: that closure needs its own 回访 */
    ok(&t, act(GW_A_FEEDBACK), HANDLER, T0 + 3 * HOUR, GW_T_HANDLED);
    ok(&t, act(GW_A_APPROVE), SUPERVISOR, T0 + 4 * HOUR, GW_T_CLOSED);
    fails(&t, re, OPERATOR, T0 + 5 * HOUR, GW_E_CONFLICT);
    r.satisfaction = GW_SAT_SATISFIED;
    ok(&t, r, SUPERVISOR, T0 + 5 * HOUR, GW_T_CLOSED);
    assert_int_equal(t.revisit_result, GW_SAT_SATISFIED);
}

static void test_satisfaction_names(void **state)
{
    (void)state;
    assert_string_equal(gw_satisfaction_name(GW_SAT_SATISFIED), "satisfied");
    assert_string_equal(gw_satisfaction_name(GW_SAT_BASIC), "basic");
    assert_string_equal(gw_satisfaction_name(GW_SAT_UNSATISFIED), "unsatisfied");
    assert_null(gw_satisfaction_name(GW_SAT_NONE));
    assert_null(gw_satisfaction_name(9));
    assert_int_equal(gw_satisfaction_parse("basic"), GW_SAT_BASIC);
    assert_int_equal(gw_satisfaction_parse("unsatisfied"), GW_SAT_UNSATISFIED);
    assert_int_equal(gw_satisfaction_parse("Satisfied"), GW_SAT_NONE);
    assert_int_equal(gw_satisfaction_parse(NULL), GW_SAT_NONE);
}

/* ---- 合并重复件 ------------------------------------------------------------------------------ */

static void test_merge_and_unmerge_keep_the_state(void **state)
{
    (void)state;
    gw_ticket t = fixture(GW_T_SIGNED, 2);
    ok(&t, act(GW_A_MERGE), DISPATCHER, T0 + HOUR, GW_T_MERGED);
    assert_int_equal(t.merged_from, GW_T_SIGNED);
    assert_int_equal(t.closed_at_ms, T0 + HOUR);
    assert_int_equal(t.ext_pending_days, 0);
    assert_int_equal(t.unit_id, UNIT); /* kept: an unmerge gives it back to the same unit */
    fails(&t, act(GW_A_MERGE), DISPATCHER, T0 + HOUR, GW_E_CONFLICT); /* not twice */
    fails(&t, act(GW_A_UNMERGE), DISPATCHER, T0 + HOUR, GW_E_FORBIDDEN); /* a supervisor's */
    gw_action a = act(GW_A_UNMERGE);
    a.note = "";
    fails(&t, a, SUPERVISOR, T0 + HOUR, GW_E_INVALID); /* the reason is required */
    ok(&t, act(GW_A_UNMERGE), SUPERVISOR, T0 + 2 * HOUR, GW_T_SIGNED);
    assert_int_equal(t.closed_at_ms, 0);
    assert_int_equal(t.handle_due_ms, T0 + 48 * HOUR);
    /* a merged ticket whose remembered state is not one a merge starts from stays merged */
    gw_ticket m = fixture(GW_T_MERGED, 0);
    m.merged_from = GW_T_CLOSED;
    fails(&m, act(GW_A_UNMERGE), SUPERVISOR, T0, GW_E_CONFLICT);
    m.merged_from = GW_T_MERGED;
    fails(&m, act(GW_A_UNMERGE), SUPERVISOR, T0, GW_E_CONFLICT);
}

static void test_merge_check(void **state)
{
    (void)state;
    for (int s = 0; s < GW_T__COUNT; s++) {
        gw_ticket p = fixture((gw_ticket_state)s, 0);
        int open = s != GW_T_CLOSED && s != GW_T_INVALID && s != GW_T_MERGED;
        assert_int_equal(gw_ticket_merge_check(1, 0, 2, &p), open ? GW_OK : GW_E_CONFLICT);
    }
    gw_ticket p = fixture(GW_T_SIGNED, 0);
    assert_int_equal(gw_ticket_merge_check(7, 0, 7, &p), GW_E_INVALID);   /* not into itself */
    assert_int_equal(gw_ticket_merge_check(7, 2, 8, &p), GW_E_CONFLICT);  /* a parent is not merged away: no chains */
    assert_int_equal(gw_ticket_merge_check(0, 0, 8, &p), GW_E_INVALID);
    assert_int_equal(gw_ticket_merge_check(7, 0, 8, NULL), GW_E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix_no_pending),
        cmocka_unit_test(test_matrix_pending),
        cmocka_unit_test(test_happy_path),
        cmocka_unit_test(test_system_accepts_and_dispatches),
        cmocka_unit_test(test_return_and_redispatch),
        cmocka_unit_test(test_extension_approve),
        cmocka_unit_test(test_extension_deny),
        cmocka_unit_test(test_extension_cleared_by_feedback),
        cmocka_unit_test(test_extension_pending_while_suspended),
        cmocka_unit_test(test_other_unit_forbidden),
        cmocka_unit_test(test_bystanders_forbidden),
        cmocka_unit_test(test_suspend_resume_dispatched),
        cmocka_unit_test(test_suspend_resume_signed),
        cmocka_unit_test(test_rework),
        cmocka_unit_test(test_rework_keeps_extension),
        cmocka_unit_test(test_rating),
        cmocka_unit_test(test_note_required),
        cmocka_unit_test(test_payload_ranges),
        cmocka_unit_test(test_check_order),
        cmocka_unit_test(test_public_reply_required),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_verify_onsite),
        cmocka_unit_test(test_recall),
        cmocka_unit_test(test_subdispatch),
        cmocka_unit_test(test_subunit_return_goes_to_parent),
        cmocka_unit_test(test_urge),
        cmocka_unit_test(test_urge_urgency_rule),
        cmocka_unit_test(test_revisit_once_per_closure),
        cmocka_unit_test(test_revisit_reopen),
        cmocka_unit_test(test_satisfaction_names),
        cmocka_unit_test(test_merge_and_unmerge_keep_the_state),
        cmocka_unit_test(test_merge_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
