/* ops/ticket_svc.c through a real temporary SQLite store: a report finds its grid from the point,
 * routing picks the rule (or the fallback unit), staff reports with an auto rule are accepted and
 * dispatched by the system while residents' and review-rule reports wait, 待定位 reports wait at the
 * root, deadlines follow the category and the urgency, bad input writes nothing, and actions check
 * scope, version and units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ops/ticket_svc.h"
#include "city.h"
#include "ops/track.h"

static const char SQL_TICKETS[] = "SELECT COUNT(*) FROM tickets";
static const char SQL_TIMELINE[] = "SELECT COUNT(*) FROM ticket_timeline WHERE ticket_id = ?1";
static const char SQL_DISPATCHES[] = "SELECT COUNT(*) FROM ticket_timeline WHERE ticket_id = ?1 AND action = 'dispatch'";

static gw_principal staff(gw_role role, int64_t user, int64_t unit, const char *path)
{
    gw_principal p;
    memset(&p, 0, sizeof p);
    p.user_id = user;
    p.role = role;
    p.unit_id = unit;
    snprintf(p.div_path, sizeof p.div_path, "%s", path);
    return p;
}

static gw_report at_point(const char *source, int64_t cat, double lon, double lat)
{
    gw_report r;
    memset(&r, 0, sizeof r);
    r.source = source;
    r.category_id = cat;
    r.has_location = 1;
    r.lon = lon;
    r.lat = lat;
    r.description = "road surface broken";
    r.at_ms = NOW;
    return r;
}

static gw_err report(city *c, const gw_principal *who, const gw_report *r, gw_ticket_row *row)
{
    char msg[256] = "";
    return gw_ticket_report(c->s, who, r, row, msg, sizeof msg);
}

static void test_staff_report_found_routed_dispatched(void **state)
{
    city *c = *state;
    gw_principal gwk = staff(GW_R_GRID_WORKER, 11, 0, "/1/2/3/4/5/");
    gw_report r = at_point("grid_worker", c->cat_roads, 120.05, 30.05);
    gw_ticket_row row;
    assert_int_equal(report(c, &gwk, &r, &row), GW_OK);
    assert_int_equal(row.division_id, c->grid); /* point in the grid's polygon */
    assert_string_equal(row.division_path, "/1/2/3/4/5/");
    assert_int_equal(row.needs_location, 0);
    assert_int_equal(row.t.state, GW_T_DISPATCHED); /* the district's auto rule, by the system */
    assert_int_equal(row.t.unit_id, c->u1);
    assert_int_equal(row.rule_id, c->rule_roads);
    assert_int_equal(row.t.dispatch_due_ms, NOW + 2 * HOUR);
    assert_int_equal(row.t.handle_due_ms, NOW + 72 * HOUR); /* normal urgency: the category's window */
    assert_int_equal(row.due_ms, NOW + 72 * HOUR);           /* the running clock is the handling one */
    assert_int_equal(row.warn_at_ms, NOW + 72 * HOUR * 8 / 10);
    assert_int_equal(row.urgency, 1);                        /* the category default */
    assert_int_equal(row.reporter_user_id, 11);
    assert_int_equal(strlen(row.track_code), GW_TRACK_SYMBOLS);

    gw_ticket_row stored;
    gw_db *db = gw_store_read_one(c->s);
    assert_int_equal(gw_store_ticket_get(db, row.id, &stored), GW_OK);
    int64_t cc[4];
    int n = 0;
    assert_int_equal(gw_store_ticket_cc_ids(db, row.id, cc, 4, &n), GW_OK);
    gw_store_read_one_end(c->s, db);
    assert_int_equal(stored.t.state, GW_T_DISPATCHED); /* written in its final state */
    assert_int_equal(stored.version, 1);               /* once */
    assert_int_equal(n, 1);
    assert_int_equal(cc[0], c->u2);                    /* the rule's CC unit */
    assert_int_equal(city_count(c, SQL_TIMELINE, row.id), 3); /* report, accept, dispatch */
}

static void test_urgency_scales_handling(void **state)
{
    city *c = *state;
    gw_principal hl = staff(GW_R_HOTLINE_OPERATOR, 12, 0, "/1/");
    gw_report r = at_point("hotline", c->cat_roads, 120.01, 30.09);
    gw_ticket_row row;
    r.urgency = 2;
    assert_int_equal(report(c, &hl, &r, &row), GW_OK);
    assert_int_equal(row.t.handle_due_ms, NOW + 36 * HOUR); /* urgent halves */
    r.urgency = 3;
    assert_int_equal(report(c, &hl, &r, &row), GW_OK);
    assert_int_equal(row.t.handle_due_ms, NOW + 18 * HOUR); /* critical quarters */
    assert_int_equal(row.t.dispatch_due_ms, NOW + 2 * HOUR); /* dispatching is not scaled */
}

static void test_residents_and_review_rules_wait(void **state)
{
    city *c = *state;
    gw_report r = at_point("resident", c->cat_roads, 120.05, 30.05);
    gw_ticket_row row;
    assert_int_equal(report(c, NULL, &r, &row), GW_OK);
    assert_int_equal(row.t.state, GW_T_REPORTED); /* a resident's report waits for acceptance */
    assert_int_equal(row.t.unit_id, 0);
    assert_int_equal(row.due_ms, NOW + 2 * HOUR); /* the dispatch clock runs */
    assert_int_equal(row.warn_at_ms, NOW + 2 * HOUR * 8 / 10);
    assert_int_equal(row.reporter_user_id, 0);
    assert_int_equal(city_count(c, SQL_TIMELINE, row.id), 1);

    gw_principal gwk = staff(GW_R_GRID_WORKER, 11, 0, "/1/2/3/4/5/");
    r = at_point("grid_worker", c->cat_lamps, 120.05, 30.05);
    assert_int_equal(report(c, &gwk, &r, &row), GW_OK);
    assert_int_equal(row.t.state, GW_T_REPORTED); /* the rule says review: a person dispatches */

    r = at_point("grid_worker", c->cat_nofall, 120.05, 30.05);
    assert_int_equal(report(c, &gwk, &r, &row), GW_OK);
    assert_int_equal(row.t.state, GW_T_REPORTED); /* only the fallback unit: never automatic */
}

static gw_err op_rule_anywhere(gw_db *tx, void *p)
{
    city *c = p;
    int64_t id;
    return city_rule(tx, c->cat_roads, 0, c->u1, 0, GW_ROUTE_AUTO, &id);
}

static void test_unplaced_reports_wait_at_the_root(void **state)
{
    city *c = *state;
    assert_int_equal(gw_store_write(c->s, op_rule_anywhere, c), GW_OK); /* an auto rule covers the root too */
    gw_principal gwk = staff(GW_R_GRID_WORKER, 11, 0, "/1/");
    gw_report r = at_point("grid_worker", c->cat_roads, 121.5, 31.0); /* outside every grid */
    gw_ticket_row row;
    assert_int_equal(report(c, &gwk, &r, &row), GW_OK);
    assert_int_equal(row.needs_location, 1);
    assert_int_equal(row.division_id, c->city);
    assert_string_equal(row.division_path, "/1/");
    assert_int_equal(row.t.state, GW_T_REPORTED); /* never auto-dispatched, though a rule would match */

    memset(&r, 0, sizeof r);
    r.source = "hotline";
    r.category_id = c->cat_roads;
    r.address = "somewhere by the river";
    r.description = "flooding";
    assert_int_equal(report(c, &gwk, &r, &row), GW_OK); /* an address alone */
    assert_int_equal(row.needs_location, 1);
    assert_int_equal(row.has_location, 0);

    assert_int_equal(row.t.state, GW_T_REPORTED);

    r.division_id = c->street; /* a division chosen directly */
    r.address = NULL;
    assert_int_equal(report(c, &gwk, &r, &row), GW_OK);
    assert_int_equal(row.needs_location, 0);
    assert_string_equal(row.division_path, "/1/2/3/");
    assert_int_equal(row.t.state, GW_T_DISPATCHED); /* placed: the district's rule dispatches it */
}

static void test_bad_reports_write_nothing(void **state)
{
    city *c = *state;
    gw_report ok = at_point("hotline", c->cat_roads, 120.05, 30.05), r;
    char longtext[2100 * 3 + 1];
    memset(longtext, 0, sizeof longtext);
    for (int i = 0; i < 2001; i++) longtext[i] = 'x';
    gw_ticket_row row;
    char msg[256];
    for (int k = 0; k < 11; k++) {
        r = ok;
        switch (k) {
        case 0: r.source = "carrier_pigeon"; break;
        case 1: r.source = NULL; break;
        case 2: r.description = ""; break;
        case 3: r.description = longtext; break; /* 2001 characters */
        case 4: r.reporter_phone = "call me"; break;
        case 5: r.urgency = 4; break;
        case 6: r.lon = 200; break;
        case 7: r.has_location = 0; break;       /* nothing to place it by */
        case 8: r.category_id = c->cat_disabled; break;
        case 9: r.category_id = 9999; break;
        case 10: r.has_location = 0; r.division_id = 9999; break;
        }
        msg[0] = 0;
        gw_err e = gw_ticket_report(c->s, NULL, &r, &row, msg, sizeof msg);
        if (e != GW_E_INVALID) fail_msg("case %d: %s (%s)", k, gw_err_name(e), msg);
        assert_true(msg[0] != 0); /* says which field */
    }
    assert_int_equal(city_count(c, SQL_TICKETS, 0), 0);
    assert_int_equal(city_count(c, "SELECT COUNT(*) FROM ticket_timeline", 0), 0);
}

static void test_route_decision(void **state)
{
    city *c = *state;
    gw_route_rule rule;
    gw_db *db = gw_store_read_one(c->s);
    assert_int_equal(gw_ticket_route(db, c->cat_roads, c->grid, &rule), GW_OK);
    assert_int_equal(rule.id, c->rule_roads); /* the district's rule covers its grids */
    assert_int_equal(rule.mode, GW_ROUTE_AUTO);
    assert_int_equal(gw_ticket_route(db, c->cat_nofall, c->grid, &rule), GW_OK);
    assert_int_equal(rule.id, 0);             /* no rule: the nearest fallback unit above the grid */
    assert_int_equal(rule.unit_id, c->u3);
    assert_int_equal(rule.mode, GW_ROUTE_REVIEW);
    assert_int_equal(gw_ticket_route(db, c->cat_nofall, c->district, &rule), GW_E_NOT_FOUND); /* none above */
    assert_int_equal(gw_ticket_route(db, c->cat_roads, c->city, &rule), GW_E_NOT_FOUND);  /* outside the rule */
    gw_store_read_one_end(c->s, db);
}

static void test_act_scope_version_units(void **state)
{
    city *c = *state;
    gw_report r = at_point("resident", c->cat_nofall, 120.05, 30.05);
    gw_ticket_row row;
    char msg[256];
    assert_int_equal(report(c, NULL, &r, &row), GW_OK);
    gw_principal disp = staff(GW_R_DISPATCHER, 21, 0, "/1/2/");
    gw_principal other = staff(GW_R_DISPATCHER, 22, 0, "/1/9/"); /* another district */
    gw_principal handler = staff(GW_R_UNIT_HANDLER, 23, c->u3, "/");
    gw_principal wrong_unit = staff(GW_R_UNIT_HANDLER, 24, c->u1, "/");

    gw_act accept = { .kind = GW_A_ACCEPT, .at_ms = NOW + HOUR };
    assert_int_equal(gw_ticket_act(c->s, &other, row.id, &accept, &row, msg, sizeof msg), GW_E_NOT_FOUND);
    accept.expect_version = 5;
    assert_int_equal(gw_ticket_act(c->s, &disp, row.id, &accept, &row, msg, sizeof msg), GW_E_CONFLICT);
    accept.expect_version = 1;
    assert_int_equal(gw_ticket_act(c->s, &disp, row.id, &accept, &row, msg, sizeof msg), GW_OK);
    assert_int_equal(row.t.state, GW_T_ACCEPTED);
    assert_int_equal(row.version, 2);

    gw_act dispatch = { .kind = GW_A_DISPATCH, .unit_id = c->u4, .at_ms = NOW + HOUR };
    assert_int_equal(gw_ticket_act(c->s, &disp, row.id, &dispatch, &row, msg, sizeof msg), GW_E_INVALID); /* disabled */
    dispatch.unit_id = 0; /* by routing: the fallback unit */
    assert_int_equal(gw_ticket_act(c->s, &disp, row.id, &dispatch, &row, msg, sizeof msg), GW_OK);
    assert_int_equal(row.t.state, GW_T_DISPATCHED);
    assert_int_equal(row.t.unit_id, c->u3);
    assert_int_equal(row.t.handle_due_ms, NOW + HOUR + 72 * HOUR);
    assert_int_equal(row.due_ms, NOW + HOUR + 72 * HOUR);
    assert_int_equal(city_count(c, SQL_DISPATCHES, row.id), 1);

    gw_act sign = { .kind = GW_A_SIGN, .at_ms = NOW + 2 * HOUR };
    assert_int_equal(gw_ticket_act(c->s, &wrong_unit, row.id, &sign, &row, msg, sizeof msg), GW_E_NOT_FOUND);
    assert_int_equal(gw_ticket_act(c->s, &handler, row.id, &sign, &row, msg, sizeof msg), GW_OK);
    gw_act feedback = { .kind = GW_A_FEEDBACK, .note = "fixed", .public_reply = "已修复", .at_ms = NOW + 3 * HOUR };
    assert_int_equal(gw_ticket_act(c->s, &handler, row.id, &feedback, &row, msg, sizeof msg), GW_OK);
    assert_int_equal(row.t.state, GW_T_HANDLED);
    assert_int_equal(row.t.verify_due_ms, NOW + 3 * HOUR + 24 * HOUR); /* the category's verify window */
    assert_int_equal(row.due_ms, NOW + 3 * HOUR + 24 * HOUR);
    assert_int_equal(row.warn_flag, 0);

    gw_act again = { .kind = GW_A_SIGN, .at_ms = NOW + 4 * HOUR };
    gw_ticket_row before = row;
    assert_int_equal(gw_ticket_act(c->s, &handler, row.id, &again, &row, msg, sizeof msg), GW_E_CONFLICT);
    gw_db *db = gw_store_read_one(c->s);
    assert_int_equal(gw_store_ticket_get(db, before.id, &row), GW_OK);
    gw_store_read_one_end(c->s, db);
    assert_int_equal(row.version, before.version); /* a refused action writes nothing */
    gw_act rate = { .kind = GW_A_RATE, .rating = 5 };
    assert_int_equal(gw_ticket_act(c->s, &disp, row.id, &rate, &row, msg, sizeof msg), GW_E_FORBIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_staff_report_found_routed_dispatched, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_urgency_scales_handling, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_residents_and_review_rules_wait, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_unplaced_reports_wait_at_the_root, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_bad_reports_write_nothing, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_route_decision, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_act_scope_version_units, city_setup, city_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
