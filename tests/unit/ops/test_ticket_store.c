/* ops/ticket_store.c against a real temporary SQLite store: insert and read back every field, unique
 * track codes, updates guarded by the version (a stale writer gets GW_E_CONFLICT and changes nothing),
 * CC units replaced whole, attachments, uploads and ticket photos. (The timeline and list parts are
 * tested end to end.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "ops/ticket_store.h"
#include "core/attachment_store.h"
#include "city.h"

typedef struct {
    gw_ticket_row row;
    int64_t cc[4];
    int n_cc;
    gw_err err;
} tk_arg;

static void sample(city *c, gw_ticket_row *r, const char *code)
{
    memset(r, 0, sizeof *r);
    snprintf(r->track_code, sizeof r->track_code, "%s", code);
    snprintf(r->source, sizeof r->source, "hotline");
    r->category_id = c->cat_roads;
    r->division_id = c->grid;
    snprintf(r->division_path, sizeof r->division_path, "/1/2/3/4/5/");
    r->has_location = 1;
    r->lon = 120.05;
    r->lat = 30.05;
    snprintf(r->address, sizeof r->address, "1 River Road");
    snprintf(r->description, sizeof r->description, "井盖缺失 — missing manhole cover");
    r->urgency = 2;
    snprintf(r->reporter_name, sizeof r->reporter_name, "Li Lei");
    snprintf(r->reporter_phone, sizeof r->reporter_phone, "+86 138 0013 8000");
    r->t.state = GW_T_REPORTED;
    r->t.dispatch_due_ms = NOW + 2 * HOUR;
    r->due_ms = NOW + 2 * HOUR;
    r->warn_at_ms = NOW + 96 * 60000;
    r->created_ms = r->updated_ms = NOW;
}

static gw_err op_insert(gw_db *tx, void *p)
{
    tk_arg *a = p;
    return a->err = gw_store_ticket_insert(tx, &a->row);
}

static gw_err op_update(gw_db *tx, void *p)
{
    tk_arg *a = p;
    return a->err = gw_store_ticket_update(tx, &a->row);
}

static gw_err op_set_cc(gw_db *tx, void *p)
{
    tk_arg *a = p;
    return gw_store_ticket_set_cc(tx, a->row.id, a->cc, a->n_cc);
}

static int64_t insert(city *c, const char *code)
{
    tk_arg a;
    sample(c, &a.row, code);
    assert_int_equal(gw_store_write(c->s, op_insert, &a), GW_OK);
    assert_true(a.row.id > 0);
    return a.row.id;
}

static void get(city *c, int64_t id, gw_ticket_row *out, gw_err want)
{
    gw_db *db = gw_store_read_one(c->s);
    assert_int_equal(gw_store_ticket_get(db, id, out), want);
    gw_store_read_one_end(c->s, db);
}

static void test_insert_get_round_trip(void **state)
{
    city *c = *state;
    int64_t id = insert(c, "TESTCODE00000001");
    gw_ticket_row want, got;
    sample(c, &want, "TESTCODE00000001");
    get(c, id, &got, GW_OK);
    assert_int_equal(got.id, id);
    assert_string_equal(got.track_code, want.track_code);
    assert_string_equal(got.source, "hotline");
    assert_int_equal(got.category_id, c->cat_roads);
    assert_int_equal(got.division_id, c->grid);
    assert_string_equal(got.division_path, "/1/2/3/4/5/");
    assert_int_equal(got.has_location, 1);
    assert_true(got.lon == 120.05 && got.lat == 30.05);
    assert_string_equal(got.address, want.address);
    assert_string_equal(got.description, want.description);
    assert_int_equal(got.urgency, 2);
    assert_string_equal(got.reporter_name, "Li Lei");
    assert_string_equal(got.reporter_phone, "+86 138 0013 8000");
    assert_int_equal(got.t.state, GW_T_REPORTED);
    assert_int_equal(got.t.dispatch_due_ms, NOW + 2 * HOUR);
    assert_int_equal(got.due_ms, NOW + 2 * HOUR);
    assert_int_equal(got.warn_at_ms, NOW + 96 * 60000);
    assert_int_equal(got.t.unit_id, 0);
    assert_int_equal(got.version, 1);
    assert_int_equal(got.created_ms, NOW);

    gw_db *db = gw_store_read_one(c->s);
    gw_ticket_row by;
    assert_int_equal(gw_store_ticket_by_code(db, "TESTCODE00000001", &by), GW_OK);
    assert_int_equal(by.id, id);
    assert_int_equal(gw_store_ticket_by_code(db, "NOSUCHCODE000000", &by), GW_E_NOT_FOUND);
    int64_t v = 0;
    assert_int_equal(gw_store_ticket_version(db, id, &v), GW_OK);
    assert_int_equal(v, 1);
    assert_int_equal(gw_store_ticket_version(db, id + 100, &v), GW_E_NOT_FOUND);
    gw_store_read_one_end(c->s, db);
    get(c, id + 100, &got, GW_E_NOT_FOUND);

    /* no location: stored as none, not as (0, 0) */
    tk_arg a;
    sample(c, &a.row, "TESTCODE00000002");
    a.row.has_location = 0;
    assert_int_equal(gw_store_write(c->s, op_insert, &a), GW_OK);
    get(c, a.row.id, &got, GW_OK);
    assert_int_equal(got.has_location, 0);
}

static void test_unique_track_code(void **state)
{
    city *c = *state;
    insert(c, "TESTCODE00000003");
    tk_arg a;
    sample(c, &a.row, "TESTCODE00000003");
    assert_int_equal(gw_store_write(c->s, op_insert, &a), GW_E_CONFLICT);
    assert_int_equal(city_count(c, "SELECT COUNT(*) FROM tickets", 0), 1);
}

static void test_update_guarded_by_version(void **state)
{
    city *c = *state;
    int64_t id = insert(c, "TESTCODE00000004");
    tk_arg first, second;
    get(c, id, &first.row, GW_OK);
    get(c, id, &second.row, GW_OK); /* two actors read version 1 */

    first.row.t.state = GW_T_DISPATCHED;
    first.row.t.unit_id = c->u1;
    first.row.t.handle_due_ms = NOW + 72 * HOUR;
    first.row.rule_id = c->rule_roads;
    first.row.warn_flag = 1;
    first.row.needs_location = 1;
    first.row.updated_ms = NOW + 1000;
    assert_int_equal(gw_store_write(c->s, op_update, &first), GW_OK);
    assert_int_equal(first.row.version, 2); /* bumped in the caller's row too */

    second.row.t.state = GW_T_INVALID;
    assert_int_equal(gw_store_write(c->s, op_update, &second), GW_E_CONFLICT);

    gw_ticket_row got;
    get(c, id, &got, GW_OK);
    assert_int_equal(got.version, 2);
    assert_int_equal(got.t.state, GW_T_DISPATCHED); /* the stale write changed nothing */
    assert_int_equal(got.t.unit_id, c->u1);
    assert_int_equal(got.t.handle_due_ms, NOW + 72 * HOUR);
    assert_int_equal(got.rule_id, c->rule_roads);
    assert_int_equal(got.warn_flag, 1);
    assert_int_equal(got.needs_location, 1);
    assert_int_equal(got.updated_ms, NOW + 1000);

    got.t.state = GW_T_SIGNED; /* with the fresh version it goes through */
    tk_arg again = { .row = got };
    assert_int_equal(gw_store_write(c->s, op_update, &again), GW_OK);
    get(c, id, &got, GW_OK);
    assert_int_equal(got.version, 3);
    assert_int_equal(got.t.state, GW_T_SIGNED);

    tk_arg missing = { .row = got };
    missing.row.id = id + 100;
    assert_int_equal(gw_store_write(c->s, op_update, &missing), GW_E_CONFLICT);
}

static int cc_ids(city *c, int64_t id, int64_t *ids)
{
    int n = -1;
    gw_db *db = gw_store_read_one(c->s);
    assert_int_equal(gw_store_ticket_cc_ids(db, id, ids, 4, &n), GW_OK);
    gw_store_read_one_end(c->s, db);
    return n;
}

/* What the row callbacks saw. */
typedef struct { int n; char name[4][80]; } names;

static int note_cc(void *cls, int64_t id, const char *name)
{
    names *s = cls;
    (void)id;
    if (s->n < 4) snprintf(s->name[s->n], sizeof s->name[0], "%s", name);
    s->n++;
    return 1;
}

static int note_photo(void *cls, const gw_photo_row *p)
{
    names *s = cls;
    if (s->n < 4) snprintf(s->name[s->n], sizeof s->name[0], "%s", p->sha256);
    s->n++;
    return 1;
}

static void test_cc_replaced_whole(void **state)
{
    city *c = *state;
    int64_t id = insert(c, "TESTCODE00000005"), ids[4];
    tk_arg a = { .row.id = id, .cc = { c->u2, c->u1, c->u2 }, .n_cc = 3 }; /* a repeat is stored once */
    assert_int_equal(gw_store_write(c->s, op_set_cc, &a), GW_OK);
    assert_int_equal(cc_ids(c, id, ids), 2);
    assert_int_equal(ids[0], c->u1);
    assert_int_equal(ids[1], c->u2);

    gw_db *db = gw_store_read_one(c->s);
    names seen = { 0 };
    assert_int_equal(gw_store_ticket_cc_each(db, id, note_cc, &seen), GW_OK);
    gw_store_read_one_end(c->s, db);
    assert_int_equal(seen.n, 2);
    assert_string_equal(seen.name[1], "Unit U2"); /* by unit id */

    a.cc[0] = c->u3;
    a.n_cc = 1;
    assert_int_equal(gw_store_write(c->s, op_set_cc, &a), GW_OK);
    assert_int_equal(cc_ids(c, id, ids), 1);
    assert_int_equal(ids[0], c->u3);
    a.n_cc = 0;
    assert_int_equal(gw_store_write(c->s, op_set_cc, &a), GW_OK);
    assert_int_equal(cc_ids(c, id, ids), 0);

    a.cc[0] = 9999; /* no such unit: refused, the old list stays */
    a.cc[1] = c->u1;
    a.n_cc = 2;
    tk_arg keep = { .row.id = id, .cc = { c->u2 }, .n_cc = 1 };
    assert_int_equal(gw_store_write(c->s, op_set_cc, &keep), GW_OK);
    assert_int_not_equal(gw_store_write(c->s, op_set_cc, &a), GW_OK);
    assert_int_equal(cc_ids(c, id, ids), 1);
    assert_int_equal(ids[0], c->u2);
}

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

typedef struct { int64_t ticket; gw_err e1, e2, e3, e4, e5; } photo_arg;

static gw_err op_photos(gw_db *tx, void *p)
{
    photo_arg *a = p;
    a->e1 = gw_store_attachment_put(tx, SHA_A, "image/jpeg", 1234, NOW);
    a->e2 = gw_store_attachment_put(tx, SHA_A, "image/png", 1, NOW); /* again: the first stays */
    gw_err e = gw_db_exec(tx, "INSERT INTO users(id, username, display_name, role, pw_hash, created_ms)"
                              " VALUES (7, 'u7', 'U7', 'dispatcher', 'x', 0)");
    if (e) return e;
    a->e3 = gw_store_upload_put(tx, SHA_A, 7, NOW);
    a->e4 = gw_store_ticket_photo_add(tx, a->ticket, SHA_A, "report", NOW);
    a->e5 = gw_store_ticket_photo_add(tx, a->ticket, SHA_A, "report", NOW); /* again: once */
    return GW_OK;
}

static gw_err op_photo_unknown(gw_db *tx, void *p)
{
    photo_arg *a = p;
    return gw_store_ticket_photo_add(tx, a->ticket, SHA_B, "report", NOW); /* never uploaded */
}

static void test_photos(void **state)
{
    city *c = *state;
    photo_arg a = { .ticket = insert(c, "TESTCODE00000006") };
    assert_int_equal(gw_store_write(c->s, op_photos, &a), GW_OK);
    assert_int_equal(a.e1, GW_OK);
    assert_int_equal(a.e2, GW_OK);
    assert_int_equal(a.e3, GW_OK);
    assert_int_equal(a.e4, GW_OK);
    assert_int_equal(a.e5, GW_OK);
    assert_int_not_equal(gw_store_write(c->s, op_photo_unknown, &a), GW_OK);

    gw_db *db = gw_store_read_one(c->s);
    char mime[32];
    assert_int_equal(gw_store_attachment_mime(db, SHA_A, mime, sizeof mime), GW_OK);
    assert_string_equal(mime, "image/jpeg");
    assert_int_equal(gw_store_attachment_mime(db, SHA_B, mime, sizeof mime), GW_E_NOT_FOUND);
    assert_int_equal(gw_store_uploaded_by(db, SHA_A, 7), 1);
    assert_int_equal(gw_store_uploaded_by(db, SHA_A, 8), 0);
    assert_int_equal(gw_store_uploaded_by(db, SHA_A, 0), 0); /* not through the public path */
    int64_t ids[4];
    int n = -1;
    assert_int_equal(gw_store_photo_tickets(db, SHA_A, ids, 4, &n), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], a.ticket);
    assert_int_equal(gw_store_photo_tickets(db, SHA_B, ids, 4, &n), GW_OK);
    assert_int_equal(n, 0);
    names seen = { 0 };
    assert_int_equal(gw_store_ticket_photo_each(db, a.ticket, note_photo, &seen), GW_OK);
    gw_store_read_one_end(c->s, db);
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.name[0], SHA_A);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_insert_get_round_trip, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_unique_track_code, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_update_guarded_by_version, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_cc_replaced_whole, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_photos, city_setup, city_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
