/* ops/stats_store.c against a real temporary SQLite store: the window arithmetic, and each figure
 * (totals, today, the daily series, per big class, per unit, per grid, alerts) for the
 * administrator and through the figures' scope (a unit's own tickets without CC, a division subtree
 * without own reports outside it); a row callback that stops ends the walk with GW_E_NOMEM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "ops/stats_store.h"
#include "ops/ticket_store.h"
#include "city.h"

#define DAY INT64_C(86400000)

/* Four tickets (NOW is 08:00 on 2026-01-01 in Shanghai):
 *   A roads, grid, U1 (CC U2), created NOW, closed NOW+1h before its handling deadline, rated 4;
 *   B roads, grid, U1, created a day before, signed, overdue (due NOW-1h), an extension pending;
 *   C lamps, grid, no unit, created 10 days before, reported, warned (due NOW+1h);
 *   D class 02, the city division, no unit, created 2 days before by user 11, invalid. */
typedef struct {
    city *c;
    int64_t a, b, cc[1];
} fx;

static int64_t put(gw_db *tx, city *c, const char *code, int64_t cat, int64_t div, gw_ticket_state state,
                   int64_t created, void (*more)(gw_ticket_row *r))
{
    gw_ticket_row r;
    memset(&r, 0, sizeof r);
    snprintf(r.track_code, sizeof r.track_code, "%s", code);
    snprintf(r.source, sizeof r.source, "hotline");
    r.category_id = cat;
    r.division_id = div;
    if (div == c->city) snprintf(r.division_path, sizeof r.division_path, "/%lld/", (long long)c->city);
    else snprintf(r.division_path, sizeof r.division_path, "/%lld/%lld/%lld/%lld/%lld/", (long long)c->city,
                  (long long)c->district, (long long)c->street, (long long)c->community, (long long)c->grid);
    snprintf(r.description, sizeof r.description, "ticket %s", code);
    r.urgency = 1;
    r.t.state = state;
    r.created_ms = r.updated_ms = created;
    if (more) more(&r);
    return gw_store_ticket_insert(tx, &r) == GW_OK ? r.id : 0;
}

static void more_a(gw_ticket_row *r)
{
    r->t.handle_due_ms = NOW + 2 * HOUR;
    r->t.closed_at_ms = NOW + HOUR;
    r->t.rating = 4;
}

static void more_b(gw_ticket_row *r)
{
    r->due_ms = NOW - HOUR;
    r->overdue_flag = 1;
    r->warn_flag = 1;
    r->t.ext_pending_days = 2;
}

static void more_c(gw_ticket_row *r)
{
    r->due_ms = NOW + HOUR;
    r->warn_flag = 1;
}

static void more_d(gw_ticket_row *r)
{
    r->reporter_user_id = 11;
}

static gw_err op_tickets(gw_db *tx, void *p)
{
    fx *f = p;
    city *c = f->c;
    f->a = put(tx, c, "A", c->cat_roads, c->grid, GW_T_CLOSED, NOW, more_a);
    f->b = put(tx, c, "B", c->cat_roads, c->grid, GW_T_SIGNED, NOW - DAY, more_b);
    int64_t tc = put(tx, c, "C", c->cat_lamps, c->grid, GW_T_REPORTED, NOW - 10 * DAY, more_c);
    int64_t td = put(tx, c, "D", c->cat_nofall, c->city, GW_T_INVALID, NOW - 2 * DAY, more_d);
    if (!f->a || !f->b || !tc || !td) return GW_E_INTERNAL;
    gw_ticket_row r;
    gw_err e = GW_OK;
    for (int i = 0; i < 2 && !e; i++) { /* give A and B their unit */
        e = gw_store_ticket_get(tx, i ? f->b : f->a, &r);
        r.t.unit_id = c->u1;
        if (!e) e = gw_store_ticket_update(tx, &r);
    }
    f->cc[0] = c->u2;
    return e ? e : gw_store_ticket_set_cc(tx, f->a, f->cc, 1);
}

static int fx_setup(void **state)
{
    if (city_setup(state)) return -1;
    fx *f = calloc(1, sizeof *f);
    if (!f) return -1;
    f->c = *state;
    if (gw_store_write(f->c->s, op_tickets, f) != GW_OK) return -1;
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    *state = f->c;
    free(f);
    return city_teardown(state);
}

static gw_principal admin(void)
{
    gw_principal p;
    memset(&p, 0, sizeof p);
    p.user_id = 1;
    p.role = GW_R_ADMIN;
    snprintf(p.div_path, sizeof p.div_path, "/");
    return p;
}

static gw_principal handler(int64_t unit)
{
    gw_principal p;
    memset(&p, 0, sizeof p);
    p.user_id = 20;
    p.role = GW_R_UNIT_HANDLER;
    p.unit_id = unit;
    snprintf(p.div_path, sizeof p.div_path, "/");
    return p;
}

/* user 11 (who reported D at the city level) scoped to the district */
static gw_principal district_worker(const city *c)
{
    gw_principal p;
    memset(&p, 0, sizeof p);
    p.user_id = 11;
    p.role = GW_R_GRID_WORKER;
    p.division_id = c->district;
    snprintf(p.div_path, sizeof p.div_path, "/%lld/%lld/", (long long)c->city, (long long)c->district);
    return p;
}

static void test_window(void **state)
{
    (void)state;
    gw_stats_window w;
    assert_int_equal(gw_stats_window_of(NOW, 0, &w), GW_E_INVALID);
    assert_int_equal(gw_stats_window_of(NOW, GW_STATS_MAX_DAYS + 1, &w), GW_E_INVALID);
    assert_int_equal(gw_stats_window_of(NOW, 3, &w), GW_OK);
    assert_int_equal(w.days, 3);
    assert_int_equal(w.day0_ms, NOW - 8 * HOUR);          /* 2026-01-01 00:00 Shanghai */
    assert_int_equal(w.from_ms, NOW - 8 * HOUR - 2 * DAY); /* 2025-12-30 00:00 Shanghai */
    assert_int_equal(w.first_day, (NOW + 8 * HOUR) / DAY - 2);
    assert_int_equal(gw_stats_window_of(NOW - 8 * HOUR - 1, 1, &w), GW_OK); /* 23:59:59.999 the day before */
    assert_int_equal(w.day0_ms, NOW - 8 * HOUR - DAY);
}

static void totals_of(fx *f, const gw_principal *who, gw_stats_totals *t)
{
    gw_db *db = gw_store_read_one(f->c->s);
    assert_int_equal(gw_store_stats_totals(db, who, t), GW_OK);
    gw_store_read_one_end(f->c->s, db);
}

static void test_totals_and_scope(void **state)
{
    fx *f = *state;
    gw_principal who = admin();
    gw_stats_totals t;
    assert_int_equal(city_count(f->c, "SELECT COUNT(*) FROM tickets", 0), 4);
    totals_of(f, &who, &t);
    assert_int_equal(t.all, 4);
    assert_int_equal(t.open, 2); /* B and C: neither closed nor invalid */
    assert_int_equal(t.by_state[GW_T_CLOSED], 1);
    assert_int_equal(t.by_state[GW_T_SIGNED], 1);
    assert_int_equal(t.by_state[GW_T_REPORTED], 1);
    assert_int_equal(t.by_state[GW_T_INVALID], 1);
    assert_int_equal(t.by_state[GW_T_DISPATCHED], 0);
    assert_int_equal(t.overdue, 1);
    assert_int_equal(t.warning, 1); /* C; B is overdue, not a warning */
    assert_int_equal(t.extension_pending, 1);

    who = handler(f->c->u1); /* its own tickets A and B */
    totals_of(f, &who, &t);
    assert_int_equal(t.all, 2);
    assert_int_equal(t.open, 1);
    who = handler(f->c->u2); /* only copied on A: figures leave CC out */
    totals_of(f, &who, &t);
    assert_int_equal(t.all, 0);
    who = district_worker(f->c); /* A, B, C; not D, their own report outside the district */
    totals_of(f, &who, &t);
    assert_int_equal(t.all, 3);
    assert_int_equal(t.by_state[GW_T_INVALID], 0);
}

static void test_today_and_series(void **state)
{
    fx *f = *state;
    gw_principal who = admin();
    gw_stats_window w;
    assert_int_equal(gw_stats_window_of(NOW, 3, &w), GW_OK);
    int64_t n_new = -1, n_closed = -1, s_new[3], s_closed[3];
    gw_db *db = gw_store_read_one(f->c->s);
    assert_int_equal(gw_store_stats_today(db, &who, w.day0_ms, &n_new, &n_closed), GW_OK);
    assert_int_equal(n_new, 1);
    assert_int_equal(n_closed, 1);
    assert_int_equal(gw_store_stats_series(db, &who, &w, s_new, s_closed), GW_OK);
    assert_int_equal(s_new[0], 1); /* D */
    assert_int_equal(s_new[1], 1); /* B */
    assert_int_equal(s_new[2], 1); /* A; C is before the window */
    assert_int_equal(s_closed[0], 0);
    assert_int_equal(s_closed[1], 0);
    assert_int_equal(s_closed[2], 1);
    who = handler(f->c->u1);
    assert_int_equal(gw_stats_window_of(NOW + DAY, 1, &w), GW_OK); /* tomorrow: nothing new yet */
    assert_int_equal(gw_store_stats_today(db, &who, w.day0_ms, &n_new, &n_closed), GW_OK);
    assert_int_equal(n_new, 0);
    assert_int_equal(n_closed, 0);
    w.days = 0;
    assert_int_equal(gw_store_stats_series(db, &who, &w, s_new, s_closed), GW_E_INVALID);
    gw_store_read_one_end(f->c->s, db);
}

typedef struct {
    int n, stop_at;
    char text[256];
} seen;

static int note(seen *s, const char *fmt, ...)
{
    size_t len = strlen(s->text);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->text + len, sizeof s->text - len, fmt, ap);
    va_end(ap);
    return ++s->n != s->stop_at;
}

static int on_category(void *cls, const gw_stats_category_row *r)
{
    return note(cls, "%s:%s:%lld;", r->code, r->name, (long long)r->count);
}

static int on_unit(void *cls, const gw_stats_unit_row *r)
{
    return note(cls, "%s:%lld/%lld/%lld:%lld:%lld/%lld:%lld;", r->unit_name, (long long)r->total, (long long)r->closed,
                (long long)r->on_time, (long long)r->handle_ms_sum, (long long)r->rating_sum, (long long)r->rated,
                (long long)r->overdue);
}

static int on_grid(void *cls, int64_t division_id, int64_t count)
{
    return note(cls, "%lld:%lld;", (long long)division_id, (long long)count);
}

static int on_alert(void *cls, const gw_stats_alert_row *r)
{
    return note(cls, "%s:%s:%s:%s:%d%d:%lld;", r->track_code, r->state, r->category_code,
                r->unit_name ? r->unit_name : "-", r->overdue, r->warning, (long long)(r->due_ms - NOW));
}

static void test_rows(void **state)
{
    fx *f = *state;
    gw_principal who = admin();
    int64_t from = NOW - 8 * HOUR - 2 * DAY;
    gw_db *db = gw_store_read_one(f->c->s);
    seen s = { 0 };
    assert_int_equal(gw_store_stats_category_each(db, &who, from, on_category, &s), GW_OK);
    assert_string_equal(s.text, "01:Category 01:2;02:Category 02:1;"); /* roads count for their class */
    memset(&s, 0, sizeof s);
    assert_int_equal(gw_store_stats_unit_each(db, &who, from, on_unit, &s), GW_OK);
    assert_string_equal(s.text, "Unit U1:2/1/1:3600000:4/1:1;");
    memset(&s, 0, sizeof s);
    assert_int_equal(gw_store_stats_grid_each(db, &who, from, on_grid, &s), GW_OK);
    char want[64];
    snprintf(want, sizeof want, "%lld:1;%lld:2;", (long long)f->c->city, (long long)f->c->grid);
    assert_string_equal(s.text, want);
    memset(&s, 0, sizeof s);
    assert_int_equal(gw_store_stats_alert_each(db, &who, GW_STATS_ALERTS, on_alert, &s), GW_OK);
    assert_string_equal(s.text, "B:signed:0101:Unit U1:11:-3600000;C:reported:0102:-:01:3600000;");
    memset(&s, 0, sizeof s);
    assert_int_equal(gw_store_stats_alert_each(db, &who, 1, on_alert, &s), GW_OK); /* the limit */
    assert_string_equal(s.text, "B:signed:0101:Unit U1:11:-3600000;");

    who = district_worker(f->c); /* D left out everywhere */
    memset(&s, 0, sizeof s);
    assert_int_equal(gw_store_stats_category_each(db, &who, from, on_category, &s), GW_OK);
    assert_string_equal(s.text, "01:Category 01:2;");
    memset(&s, 0, sizeof s);
    assert_int_equal(gw_store_stats_grid_each(db, &who, from, on_grid, &s), GW_OK);
    snprintf(want, sizeof want, "%lld:2;", (long long)f->c->grid);
    assert_string_equal(s.text, want);
    who = handler(f->c->u2); /* CC only: nothing */
    memset(&s, 0, sizeof s);
    assert_int_equal(gw_store_stats_unit_each(db, &who, from, on_unit, &s), GW_OK);
    assert_int_equal(gw_store_stats_alert_each(db, &who, GW_STATS_ALERTS, on_alert, &s), GW_OK);
    assert_int_equal(s.n, 0);
    gw_store_read_one_end(f->c->s, db);
}

static void test_callback_stops(void **state)
{
    fx *f = *state;
    gw_principal who = admin();
    int64_t from = NOW - 8 * HOUR - 2 * DAY;
    gw_db *db = gw_store_read_one(f->c->s);
    seen s = { .stop_at = 1 };
    assert_int_equal(gw_store_stats_category_each(db, &who, from, on_category, &s), GW_E_NOMEM);
    assert_int_equal(s.n, 1);
    s = (seen){ .stop_at = 1 };
    assert_int_equal(gw_store_stats_grid_each(db, &who, from, on_grid, &s), GW_E_NOMEM);
    assert_int_equal(s.n, 1);
    s = (seen){ .stop_at = 1 };
    assert_int_equal(gw_store_stats_alert_each(db, &who, GW_STATS_ALERTS, on_alert, &s), GW_E_NOMEM);
    assert_int_equal(s.n, 1);
    s = (seen){ .stop_at = 1 };
    assert_int_equal(gw_store_stats_unit_each(db, &who, from, on_unit, &s), GW_E_NOMEM);
    assert_int_equal(s.n, 1);
    s = (seen){ 0 }; /* the statements were reset: the next walk sees every row */
    assert_int_equal(gw_store_stats_category_each(db, &who, from, on_category, &s), GW_OK);
    assert_int_equal(s.n, 2);
    gw_store_read_one_end(f->c->s, db);
}

/* 催办 and 回访 figures: B (open) urged 3 times; A (closed) revisited 不满意 after closing and reopened once. */
static gw_err op_urge_revisit(gw_db *tx, void *p)
{
    fx *f = p;
    gw_ticket_row r;
    gw_err e = gw_store_ticket_get(tx, f->b, &r);
    r.t.urge_count = 3;
    if (!e) e = gw_store_ticket_update(tx, &r);
    if (!e) e = gw_store_ticket_get(tx, f->a, &r);
    r.t.reopen_count = 1;
    r.t.revisit_result = GW_SAT_UNSATISFIED;
    r.t.revisited_at_ms = NOW + 2 * HOUR;
    return e ? e : gw_store_ticket_update(tx, &r);
}

/* A 差评 on A with its 回访 older than its closure: A waits for a call back. */
static gw_err op_low_rating(gw_db *tx, void *p)
{
    fx *f = p;
    gw_ticket_row r;
    gw_err e = gw_store_ticket_get(tx, f->a, &r);
    r.t.rating = 2;
    r.t.revisited_at_ms = NOW - HOUR;
    return e ? e : gw_store_ticket_update(tx, &r);
}

static int keep_unit(void *cls, const gw_stats_unit_row *row)
{
    *(gw_stats_unit_row *)cls = *row;
    return 1;
}

static void test_urge_and_revisit(void **state)
{
    fx *f = *state;
    gw_principal who = admin();
    gw_stats_totals t;
    totals_of(f, &who, &t);
    assert_int_equal(t.urged, 0);
    assert_int_equal(t.revisit_pending, 0); /* A: no caller phone (fixture), rated 4 */
    assert_int_equal(gw_store_write(f->c->s, op_urge_revisit, f), GW_OK);
    totals_of(f, &who, &t);
    assert_int_equal(t.urged, 1);
    assert_int_equal(t.revisit_pending, 0);
    gw_stats_unit_row u;
    memset(&u, 0, sizeof u);
    gw_db *db = gw_store_read_one(f->c->s);
    assert_int_equal(gw_store_stats_unit_each(db, &who, NOW - 8 * HOUR - 2 * DAY, keep_unit, &u), GW_OK);
    gw_store_read_one_end(f->c->s, db);
    assert_int_equal(u.urges, 3);
    assert_int_equal(u.reopens, 1);
    assert_int_equal(u.reopened, 1);
    assert_int_equal(u.unsatisfied, 1);
    assert_int_equal(u.satisfied + u.basic, 0);
    assert_int_equal(gw_store_write(f->c->s, op_low_rating, f), GW_OK);
    totals_of(f, &who, &t);
    assert_int_equal(t.revisit_pending, 1);
    who = handler(f->c->u2); /* CC only: none of it */
    totals_of(f, &who, &t);
    assert_int_equal(t.urged + t.revisit_pending, 0);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window),
        cmocka_unit_test_setup_teardown(test_totals_and_scope, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_today_and_series, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rows, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_callback_stops, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_urge_and_revisit, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
