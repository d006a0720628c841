/* ops/assist_store.c against a real temporary SQLite store: sub-tasks inserted and read back with every
 * field, updated, listed in order; the units that see a ticket (CC and 协办 units, withdrawn ones not);
 * and the lead's feedback check naming the units whose sub-tasks are open (ops/ticket_steps_svc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "ops/assist_store.h"
#include "ops/ticket_steps_svc.h"
#include "ops/ticket_store.h"
#include "city.h"

typedef struct {
    city *c;
    gw_ticket_row t;
    gw_assist_row a[2];
    int64_t cc;
    gw_err err;
    char msg[256];
} fx;

static gw_err op_setup(gw_db *tx, void *p)
{
    fx *f = p;
    memset(&f->t, 0, sizeof f->t);
    snprintf(f->t.track_code, sizeof f->t.track_code, "ASSIST0001");
    snprintf(f->t.source, sizeof f->t.source, "hotline");
    snprintf(f->t.description, sizeof f->t.description, "排水管堵塞");
    snprintf(f->t.division_path, sizeof f->t.division_path, "/1/2/3/4/5/");
    f->t.category_id = f->c->cat_roads;
    f->t.division_id = f->c->grid;
    f->t.urgency = 1;
    f->t.t.state = GW_T_DISPATCHED;
    f->t.t.unit_id = f->c->u1;
    f->t.created_ms = f->t.updated_ms = NOW;
    gw_err e = gw_store_ticket_insert(tx, &f->t);
    if (!e) e = gw_store_ticket_set_cc(tx, f->t.id, &f->cc, 1);
    for (int i = 0; !e && i < 2; i++) {
        gw_assist_row *r = &f->a[i];
        memset(r, 0, sizeof *r);
        r->ticket_id = f->t.id;
        r->a.state = GW_AS_ASSIGNED;
        r->a.unit_id = i ? f->c->u3 : f->c->u2;
        r->a.due_ms = NOW + 48 * HOUR;
        r->created_ms = NOW + i;
        e = gw_store_assist_insert(tx, r);
    }
    return e;
}

static gw_err op_update(gw_db *tx, void *p)
{
    fx *f = p;
    return gw_store_assist_update(tx, &f->a[0]);
}

static gw_err op_feedback_check(gw_db *tx, void *p)
{
    fx *f = p;
    f->msg[0] = 0;
    f->err = gw_assist_feedback_check(tx, f->t.id, f->msg, sizeof f->msg);
    return GW_OK;
}

static void setup_fx(fx *f, city *c)
{
    memset(f, 0, sizeof *f);
    f->c = c;
    f->cc = c->u2; /* U2 is also a CC unit: seen once */
    assert_int_equal(gw_store_write(c->s, op_setup, f), GW_OK);
    assert_true(f->a[0].id > 0 && f->a[1].id > f->a[0].id);
    assert_int_equal(city_count(c, "SELECT COUNT(*) FROM ticket_assists WHERE ticket_id = ?1", f->t.id), 2);
}

static int collect(void *cls, const gw_assist_row *r)
{
    gw_assist_row *out = cls;
    int i = out[0].id ? 1 : 0;
    out[i] = *r;
    return 1;
}

static void test_round_trip(void **state)
{
    city *c = *state;
    fx *f = malloc(sizeof *f);
    setup_fx(f, c);
    gw_db *db = gw_store_read_one(c->s);
    gw_assist_row *r = malloc(sizeof *r);
    assert_int_equal(gw_store_assist_get(db, f->a[0].id, r), GW_OK);
    assert_int_equal(r->ticket_id, f->t.id);
    assert_int_equal(r->a.state, GW_AS_ASSIGNED);
    assert_int_equal(r->a.unit_id, c->u2);
    assert_int_equal(r->a.due_ms, NOW + 48 * HOUR);
    assert_string_equal(r->unit_name, "Unit U2");
    assert_string_equal(r->note, "");
    assert_int_equal(gw_store_assist_get(db, f->a[1].id + 100, r), GW_E_NOT_FOUND);
    gw_store_read_one_end(c->s, db);

    /* every field an update writes comes back */
    f->a[0].a.state = GW_AS_DONE;
    f->a[0].a.signed_ms = NOW + 1;
    f->a[0].a.done_ms = NOW + 2;
    snprintf(f->a[0].note, sizeof f->a[0].note, "内部：更换管段");
    snprintf(f->a[0].public_reply, sizeof f->a[0].public_reply, "已疏通");
    f->a[0].updated_ms = NOW + 2;
    assert_int_equal(gw_store_write(c->s, op_update, f), GW_OK);
    gw_assist_row *both = calloc(2, sizeof *both);
    db = gw_store_read_one(c->s);
    assert_int_equal(gw_store_assist_each(db, f->t.id, collect, both), GW_OK);
    gw_store_read_one_end(c->s, db);
    assert_int_equal(both[0].id, f->a[0].id); /* oldest first */
    assert_int_equal(both[0].a.state, GW_AS_DONE);
    assert_int_equal(both[0].a.signed_ms, NOW + 1);
    assert_int_equal(both[0].a.done_ms, NOW + 2);
    assert_string_equal(both[0].note, "内部：更换管段");
    assert_string_equal(both[0].public_reply, "已疏通");
    assert_int_equal(both[1].id, f->a[1].id);
    f->a[0].id += 100;
    assert_int_equal(gw_store_write(c->s, op_update, f), GW_E_NOT_FOUND);
    free(both);
    free(r);
    free(f);
}

static void test_seen_units_and_feedback_check(void **state)
{
    city *c = *state;
    fx *f = malloc(sizeof *f);
    setup_fx(f, c);
    int64_t ids[GW_SEEN_UNITS_MAX];
    int n = 0;
    gw_db *db = gw_store_read_one(c->s);
    assert_int_equal(gw_ticket_seen_units(db, f->t.id, ids, GW_SEEN_UNITS_MAX, &n), GW_OK);
    gw_store_read_one_end(c->s, db);
    assert_int_equal(n, 3); /* CC U2, then the sub-tasks' U2 and U3 */
    assert_int_equal(ids[0], c->u2);
    assert_int_equal(ids[2], c->u3);

    /* both open: the check names both units */
    assert_int_equal(gw_store_write(c->s, op_feedback_check, f), GW_OK);
    assert_int_equal(f->err, GW_E_CONFLICT);
    assert_non_null(strstr(f->msg, "Unit U2"));
    assert_non_null(strstr(f->msg, "Unit U3"));

    /* U2 done, U3 withdrawn: no longer open; U3 no longer sees the ticket */
    f->a[0].a.state = GW_AS_DONE;
    assert_int_equal(gw_store_write(c->s, op_update, f), GW_OK);
    f->a[0] = f->a[1];
    f->a[0].a.state = GW_AS_RETURNED; /* returned: not open either */
    assert_int_equal(gw_store_write(c->s, op_update, f), GW_OK);
    assert_int_equal(gw_store_write(c->s, op_feedback_check, f), GW_OK);
    assert_int_equal(f->err, GW_OK);
    f->a[0].a.state = GW_AS_WITHDRAWN;
    assert_int_equal(gw_store_write(c->s, op_update, f), GW_OK);
    db = gw_store_read_one(c->s);
    assert_int_equal(gw_ticket_seen_units(db, f->t.id, ids, GW_SEEN_UNITS_MAX, &n), GW_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ids[1], c->u2);
    assert_int_equal(gw_ticket_seen_units(db, f->t.id, ids, 1, &n), GW_OK); /* bounded */
    assert_int_equal(n, 1);
    gw_store_read_one_end(c->s, db);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_seen_units_and_feedback_check, city_setup, city_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
