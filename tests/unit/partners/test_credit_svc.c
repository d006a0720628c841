/* partners/credit_svc.c against a real temporary SQLite store: the file recomputed from events
 * (back-fill apart, a revocation lowers it), the ranking's order with a tie, and certificate numbers:
 * consecutive, a refused issue takes none, a revoked certificate re-issued once in its place, out of
 * scope reads as not found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/clock.h"
#include "core/core_schema_store.h"
#include "db/store.h"
#include "ops/ops_schema_store.h"
#include "partners/credit_svc.h"
#include "partners/partners_schema_store.h"
#include "../tmp_db.h"

#define DAY INT64_C(86400000)

typedef struct {
    char path[64];
    gw_store *s;
    gw_principal staff, other;
    gw_credit_event ev[16];
    int n_ev;
    int64_t now;
} fx;

static gw_err op_setup(gw_db *tx, void *arg)
{
    (void)arg;
    return gw_db_exec(tx, "INSERT INTO divisions(id, level, code, name, path, created_ms) VALUES"
                          " (1, 'city', 'C', 'City', '/1/', 0), (2, 'community', 'M1', '东湖社区', '/1/2/', 0),"
                          " (3, 'community', 'M2', '西湖社区', '/1/3/', 0);"
                          "INSERT INTO users(id, username, display_name, role, pw_hash, created_ms) VALUES"
                          " (7, 'sq', '社区小李', 'grid_worker', 'x', 0);"
                          "INSERT INTO partners(id, type, kind, name, community_id, service_div_id, status, created_ms,"
                          " updated_ms) VALUES (9, 'volunteer', 'person', '周建国', 2, 2, 'active', 0, 0),"
                          " (10, 'volunteer', 'person', '吴桂芳', 2, 2, 'active', 0, 0)");
}

static gw_err op_events(gw_db *tx, void *arg)
{
    fx *f = arg;
    gw_err e = GW_OK;
    for (int i = 0; !e && i < f->n_ev; i++) e = gw_credit_event_add(tx, &f->ev[i]);
    return e;
}

static void add(fx *f, int64_t partner, gw_credit_kind k, int64_t v, int64_t at)
{
    f->ev[f->n_ev++] = (gw_credit_event){ partner, k, v, "test", f->n_ev + 1, at };
}

static int setup(void **state)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, &gw_partners_schema, NULL };
    gw_schema_use(modules);
    fx *f = calloc(1, sizeof *f);
    tmp_db_new(f->path, "credit_svc");
    if (gw_store_open(f->path, 2, &f->s) || gw_store_write(f->s, op_setup, f)) return -1;
    f->now = gw_now_ms();
    f->staff = (gw_principal){ .kind = GW_PK_STAFF, .user_id = 7, .role = GW_R_GRID_WORKER, .division_id = 2 };
    snprintf(f->staff.div_path, sizeof f->staff.div_path, "/1/2/");
    f->other = f->staff;
    snprintf(f->other.div_path, sizeof f->other.div_path, "/1/3/");
    int64_t t = f->now - 2 * DAY;
    for (int64_t p = 9; p <= 10; p++) {
        add(f, p, GW_CE_SERVICE_LIVE, 300 * 60, t); /* 300 h: two stars */
        add(f, p, GW_CE_CONFIRMED, 1, t);
        add(f, p, GW_CE_EVALUATION, 80, t);
    }
    add(f, 9, GW_CE_SERVICE_BACKFILL, 10000 * 60, t);
    if (gw_store_write(f->s, op_events, f)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    gw_store_close(f->s);
    tmp_db_rm(f->path);
    free(f);
    return 0;
}

static gw_credit_file read_file(fx *f, const gw_principal *who, int64_t id, gw_err *e)
{
    gw_credit_file file;
    gw_credit_event_row ev[4];
    size_t n = 0;
    int64_t total = 0;
    char msg[200];
    gw_db *db = gw_store_read_begin(f->s);
    *e = gw_credit_file_get(db, who, id, f->now, &file, 0, 4, ev, &n, &total, msg, sizeof msg);
    gw_store_read_end(f->s, db);
    return file;
}

static void file_recomputed(void **state)
{
    fx *f = *state;
    gw_err e;
    gw_credit_file file = read_file(f, &f->staff, 9, &e);
    assert_int_equal(e, GW_OK);
    /* 300 h -> 150 h cap x2 = 300; one confirmation 5; evaluation 80 -> 160 */
    assert_int_equal(file.score.score, 465);
    assert_int_equal(file.level, 2);                       /* the 10000 back-filled hours do not count */
    assert_int_equal(file.all.backfill_minutes, 10000 * 60);
    read_file(f, &f->other, 9, &e);
    assert_int_equal(e, GW_E_NOT_FOUND);
    f->n_ev = 0;
    add(f, 9, GW_CE_REVOKED, 10, f->now - 1000);
    assert_int_equal(gw_store_write(f->s, op_events, f), GW_OK);
    assert_int_equal(read_file(f, &f->staff, 9, &e).score.score, 365);
}

static void ranking_ties_by_id(void **state)
{
    fx *f = *state;
    gw_credit_ranked out[8];
    size_t n = 0;
    char msg[200];
    gw_db *db = gw_store_read_begin(f->s);
    gw_err e = gw_credit_ranking(db, &f->staff, 2, f->now - 30 * DAY, f->now, out, 8, &n, msg, sizeof msg);
    gw_err e2 = gw_credit_ranking(db, &f->other, 2, f->now - 30 * DAY, f->now, out + 4, 4, &(size_t){ 0 }, msg,
                                  sizeof msg);
    gw_store_read_end(f->s, db);
    assert_int_equal(e, GW_OK);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].row.partner_id, 9);
    assert_int_equal(out[1].row.partner_id, 10);
    assert_int_equal(out[0].score.score, out[1].score.score);
    assert_int_equal(out[0].rank, 1);
    assert_int_equal(out[1].rank, 2);
    assert_int_equal(e2, GW_E_NOT_FOUND);
}

static gw_err issue(fx *f, int64_t partner, int64_t from, int64_t to, int64_t replaces, gw_cert_row *c)
{
    gw_cert_in in = { partner, from, to, replaces, "社区巡逻", NULL, NULL };
    char msg[200];
    return gw_cert_issue(f->s, &f->staff, &in, c, msg, sizeof msg);
}

static void cert_numbers(void **state)
{
    fx *f = *state;
    gw_cert_row *c = malloc(sizeof *c);
    char want[64], msg[200];
    int year = gw_credit_year_of(f->now);
    assert_int_equal(issue(f, 9, f->now - 10 * DAY, f->now, 0, c), GW_OK);
    snprintf(want, sizeof want, "M1-%04d-00001", year);
    assert_string_equal(c->number, want);
    assert_int_equal(c->live_minutes, 300 * 60);
    assert_string_equal(c->organisation, "东湖社区");
    int64_t first = c->id;
    /* no live hours in that period: refused, and it takes no number */
    assert_int_equal(issue(f, 9, f->now - 100 * DAY, f->now - 90 * DAY, 0, c), GW_E_CONFLICT);
    assert_int_equal(issue(f, 10, f->now - 10 * DAY, f->now, 0, c), GW_OK);
    assert_int_equal(c->seq, 2);
    /* a valid certificate is not replaced; a revoked one once */
    assert_int_equal(issue(f, 9, f->now - 10 * DAY, f->now, first, c), GW_E_CONFLICT);
    assert_int_equal(gw_cert_revoke(f->s, &f->other, first, "wrong", c, msg, sizeof msg), GW_E_NOT_FOUND);
    assert_int_equal(gw_cert_revoke(f->s, &f->staff, first, "地点有误", c, msg, sizeof msg), GW_OK);
    assert_true(c->revoked_ms > 0);
    assert_int_equal(gw_cert_revoke(f->s, &f->staff, first, "again", c, msg, sizeof msg), GW_E_CONFLICT);
    assert_int_equal(issue(f, 10, f->now - 10 * DAY, f->now, first, c), GW_E_INVALID); /* another partner's */
    assert_int_equal(issue(f, 9, f->now - 10 * DAY, f->now, first, c), GW_OK);
    assert_int_equal(c->seq, 3);
    assert_int_equal(c->replaces_id, first);
    assert_int_equal(issue(f, 9, f->now - 10 * DAY, f->now, first, c), GW_E_CONFLICT);
    gw_db *db = gw_store_read_begin(f->s);
    assert_int_equal(gw_cert_get(db, &f->staff, first, c, msg, sizeof msg), GW_OK);
    assert_true(c->replaced_by > first);
    assert_int_equal(gw_cert_get(db, &f->other, first, c, msg, sizeof msg), GW_E_NOT_FOUND);
    gw_store_read_end(f->s, db);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(file_recomputed, setup, teardown),
        cmocka_unit_test_setup_teardown(ranking_ties_by_id, setup, teardown),
        cmocka_unit_test_setup_teardown(cert_numbers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
