/* tests/unit/core/test_scope.c — core/scope.c: permissions by role, ticket visibility over a table of
 * principals x tickets, contact access, the list/stats filters (that the list filter selects exactly
 * the visible tickets, and how the stats filter differs), and the self-change rule. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/scope.h"

static gw_principal who(gw_role role, int64_t id, int64_t unit, const char *path)
{
    gw_principal p;
    memset(&p, 0, sizeof p);
    p.role = role;
    p.user_id = id;
    p.unit_id = unit;
    snprintf(p.div_path, sizeof p.div_path, "%s", path);
    return p;
}

static const int64_t cc_7[] = { 7 };

/* Tickets: in /1/4/ (unit 5, CC unit 7, reported by user 30), in /1/9/ (unit 6), unplaced (reported by
 * user 30), and in /1/9/ reported by user 20 (the dispatcher below). */
static const gw_scope_ticket tickets[] = {
    { "/1/4/12/", 5, 30, cc_7, 1 },
    { "/1/9/15/", 6, 0, NULL, 0 },
    { NULL, 0, 30, NULL, 0 },
    { "/1/9/16/", 0, 20, NULL, 0 },
};
#define N_T (sizeof tickets / sizeof tickets[0])

/* Expected visibility (list = by id) and what the stats filter counts, per principal and ticket. */
static const struct {
    gw_role role;
    int64_t id, unit;
    const char *path;
    int see[N_T], stats[N_T];
} table[] = {
    { GW_R_ADMIN, 1, 0, "/", { 1, 1, 1, 1 }, { 1, 1, 1, 1 } },
    { GW_R_DISPATCHER, 20, 0, "/1/4/", { 1, 0, 0, 1 }, { 1, 0, 0, 0 } },  /* own report outside: seen, not counted */
    { GW_R_SUPERVISOR, 21, 0, "/1/", { 1, 1, 0, 1 }, { 1, 1, 0, 1 } },     /* unplaced: nobody's area */
    { GW_R_AUDITOR, 22, 0, "/1/9/", { 0, 1, 0, 1 }, { 0, 1, 0, 1 } },
    { GW_R_UNIT_HANDLER, 23, 5, "/", { 1, 0, 0, 0 }, { 1, 0, 0, 0 } },
    { GW_R_UNIT_HANDLER, 24, 7, "/", { 1, 0, 0, 0 }, { 0, 0, 0, 0 } },     /* CC: seen, not counted */
    { GW_R_UNIT_HANDLER, 25, 0, "/", { 0, 0, 0, 0 }, { 0, 0, 0, 0 } },     /* no unit: nothing */
    { GW_R_GRID_WORKER, 30, 0, "/1/4/12/", { 1, 0, 1, 0 }, { 1, 0, 0, 0 } }, /* own unplaced report */
    { GW_R_HOTLINE_OPERATOR, 31, 0, "/2/", { 0, 0, 0, 0 }, { 0, 0, 0, 0 } },
    { GW_R_RESIDENT, 0, 0, "/", { 0, 0, 0, 0 }, { 0, 0, 0, 0 } },
    { GW_R_SYSTEM, 0, 0, "/", { 0, 0, 0, 0 }, { 0, 0, 0, 0 } },
};

static void visibility_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        gw_principal p = who(table[i].role, table[i].id, table[i].unit, table[i].path);
        gw_scope_filter list = gw_scope_ticket_filter(&p, GW_SCOPE_LIST);
        gw_scope_filter stats = gw_scope_ticket_filter(&p, GW_SCOPE_STATS);
        for (size_t k = 0; k < N_T; k++) {
            char what[64];
            snprintf(what, sizeof what, "principal %zu ticket %zu", i, k);
            int see = gw_scope_ticket_visible(&p, &tickets[k]);
            if (see != table[i].see[k]) fail_msg("%s: visible %d", what, see);
            /* the list filter is the read-by-id rule: they cannot drift */
            if (gw_scope_filter_match(&list, &tickets[k]) != see) fail_msg("%s: list differs from by-id", what);
            if (gw_scope_filter_match(&stats, &tickets[k]) != table[i].stats[k]) fail_msg("%s: stats", what);
            /* figures never count a ticket the caller could not read */
            if (table[i].stats[k]) assert_true(see);
        }
    }
}

static void contact_access(void **state)
{
    (void)state;
    gw_principal disp = who(GW_R_DISPATCHER, 20, 0, "/1/4/"), aud = who(GW_R_AUDITOR, 22, 0, "/1/");
    gw_principal own = who(GW_R_UNIT_HANDLER, 23, 5, "/"), cc = who(GW_R_UNIT_HANDLER, 24, 7, "/");
    gw_principal gridw = who(GW_R_GRID_WORKER, 30, 0, "/1/4/12/");
    assert_int_equal(gw_scope_contact(&disp, &tickets[0]), GW_OK);
    assert_int_equal(gw_scope_contact(&disp, &tickets[1]), GW_E_NOT_FOUND);
    assert_int_equal(gw_scope_contact(&aud, &tickets[0]), GW_E_FORBIDDEN); /* auditors never see contacts */
    assert_int_equal(gw_scope_contact(&own, &tickets[0]), GW_OK);
    assert_int_equal(gw_scope_contact(&cc, &tickets[0]), GW_E_FORBIDDEN); /* CC units see the case, not the caller */
    assert_int_equal(gw_scope_contact(&gridw, &tickets[0]), GW_E_FORBIDDEN);
    /* what a phone search narrows to: a handler's own unit, a handler without a unit nothing, others no unit */
    gw_principal lost = who(GW_R_UNIT_HANDLER, 25, 0, "/");
    assert_int_equal(gw_scope_contact_unit(&own), 5);
    assert_int_equal(gw_scope_contact_unit(&cc), 7);
    assert_int_equal(gw_scope_contact_unit(&lost), -1);
    assert_int_equal(gw_scope_contact_unit(&disp), 0);
}

/* Every permission by role, written out by hand. */
static void permissions_by_role(void **state)
{
    (void)state;
    static const char *const want[GW_R__COUNT] = {
        [GW_R_ADMIN] = "ticket.view ticket.intake ticket.act ticket.dispatch ticket.supervise contact.view stats.view "
                       "dashboard.view config.view config.edit user.manage audit.view kb.view kb.edit iot.view iot.manage "
                       "ledger.view ledger.manage resident.view resident.verify partner.view partner.manage ",
        [GW_R_DISPATCHER] = "ticket.view ticket.intake ticket.act ticket.dispatch contact.view stats.view dashboard.view "
                            "config.view kb.view kb.edit iot.view ledger.view ledger.manage resident.view partner.view ",
        [GW_R_SUPERVISOR] = "ticket.view ticket.intake ticket.act ticket.supervise contact.view stats.view dashboard.view "
                            "config.view kb.view iot.view ledger.view resident.view partner.view ",
        [GW_R_UNIT_HANDLER] = "ticket.view ticket.act ticket.handle contact.view stats.view config.view kb.view iot.view ",
        [GW_R_GRID_WORKER] = "ticket.view ticket.intake ticket.act stats.view config.view ticket.onsite kb.view iot.view "
                             "resident.view resident.verify partner.view partner.manage ",
        [GW_R_HOTLINE_OPERATOR] = "ticket.view ticket.intake ticket.act contact.view stats.view config.view kb.view "
                                  "partner.view ",
        [GW_R_AUDITOR] = "ticket.view stats.view dashboard.view config.view audit.view kb.view ledger.view ",
        [GW_R_RESIDENT] = "",
        [GW_R_SYSTEM] = "",
    };
    for (int r = 0; r < GW_R__COUNT; r++) {
        gw_principal p = who((gw_role)r, 1, 0, "/");
        char got[512] = "";
        for (int k = 0; k < GW_P__COUNT; k++)
            if (gw_may(&p, (gw_perm)k)) {
                strcat(got, gw_perm_name((gw_perm)k));
                strcat(got, " ");
            }
        assert_string_equal(got, want[r]);
    }
    assert_string_equal(gw_perm_name(GW_P__COUNT), "unknown");
    assert_int_equal(gw_perm_roles(GW_P__COUNT), 0);
}

static void paths_and_self_change(void **state)
{
    (void)state;
    gw_principal d = who(GW_R_DISPATCHER, 2, 0, "/1/4/"), a = who(GW_R_ADMIN, 1, 0, "/");
    assert_true(gw_scope_has_path(&d, "/1/4/"));
    gw_principal res = { .kind = GW_PK_RESIDENT, .role = GW_R_RESIDENT, .resident_id = 7 }; /* div_path "" */
    assert_false(gw_scope_has_path(&res, "/1/4/"));  /* a resident account holds no subtree */
    assert_false(gw_scope_has_path(&res, "/"));
    assert_true(gw_scope_has_path(&d, "/1/4/12/"));
    assert_false(gw_scope_has_path(&d, "/1/45/")); /* a prefix of the text is not a subtree... */
    assert_false(gw_scope_has_path(&d, "/1/"));
    assert_false(gw_scope_has_path(&d, NULL));
    assert_true(gw_scope_has_path(&a, NULL));
    assert_true(gw_scope_self_change_ok(1, 2, GW_R_AUDITOR, 1));
    assert_true(gw_scope_self_change_ok(1, 1, GW_R_ADMIN, 0));
    assert_false(gw_scope_self_change_ok(1, 1, GW_R_DISPATCHER, 0));
    assert_false(gw_scope_self_change_ok(1, 1, GW_R_ADMIN, 1));
    assert_true(gw_scope_user_manage(&a, "/1/"));
    assert_false(gw_scope_user_manage(&d, "/1/4/"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(visibility_table),
        cmocka_unit_test(contact_access),
        cmocka_unit_test(permissions_by_role),
        cmocka_unit_test(paths_and_self_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
