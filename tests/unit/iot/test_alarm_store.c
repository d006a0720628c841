/* tests/unit/iot/test_alarm_store.c — iot/alarm_store.c and iot/device_store.c on a real SQLite store:
 * the raise upsert (insert, repeat, escalation), the database's one-open-alarm guarantee, clear, ack,
 * heartbeat touches and the silent-device query. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/core_schema_store.h"
#include "db/store.h"
#include "iot/alarm_store.h"
#include "iot/device_store.h"
#include "iot/iot_schema_store.h"
#include "ops/ops_schema_store.h"

typedef struct {
    char dir[64];
    gw_store *s;
    int64_t dev;
} fx;

typedef struct {
    fx *f;
    gw_alarm_row a[4];
    gw_err e[4];
    size_t n;
    int64_t seen;
} arg;

static gw_err op_setup(gw_db *tx, void *p)
{
    fx *f = p;
    gw_device_type t;
    char msg[200];
    memset(&t, 0, sizeof t);
    strcpy(t.code, "manhole");
    strcpy(t.name, "井盖");
    t.heartbeat_s = 60, t.offline_s = 300, t.debounce_n = 1;
    json_t *a = json_loads("[{\"status\":\"normal\"},{\"status\":\"tilted\",\"alarm\":\"cover\",\"severity\":\"major\"}]",
                           0, NULL);
    gw_err e = gw_device_type_set_statuses(&t, a, msg, sizeof msg);
    json_decref(a);
    if (!e) e = gw_store_dtype_insert(tx, &t, 1000);
    gw_device_row d;
    memset(&d, 0, sizeof d);
    strcpy(d.device_id, "MC-001");
    strcpy(d.type_code, "manhole");
    strcpy(d.name, "井盖");
    strcpy(d.secret_hash, "00");
    d.enabled = 1, d.created_ms = 1000;
    if (!e) e = gw_store_device_insert(tx, &d);
    f->dev = d.id;
    return e;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/gw-iot-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    char path[128];
    snprintf(path, sizeof path, "%s/t.db", f->dir);
    if (gw_store_open(path, 2, &f->s) != GW_OK) return -1;
    if (gw_store_write(f->s, op_setup, f) != GW_OK) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    char cmd[160];
    gw_store_close(f->s);
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd)) return -1;
    free(f);
    return 0;
}

static gw_err op_raise3(gw_db *tx, void *p)
{
    arg *a = p;
    gw_err e = gw_store_alarm_raise(tx, a->f->dev, "cover", GW_SEV_MAJOR, 2000, &a->a[0]);
    if (!e) e = gw_store_alarm_raise(tx, a->f->dev, "cover", GW_SEV_MINOR, 3000, &a->a[1]);
    if (!e) e = gw_store_alarm_raise(tx, a->f->dev, "cover", GW_SEV_CRITICAL, 2500, &a->a[2]);
    return e;
}

static gw_err op_second_open(gw_db *tx, void *p)
{
    (void)p;
    /* what a read-then-insert would do beside the open alarm of device 1: the partial unique index refuses it */
    return gw_db_exec(tx, "INSERT INTO alarms(device_id, alarm_type, severity, sev_rank, state, first_ms, last_ms)"
                          " VALUES (1, 'cover', 'major', 3, 'active', 1, 1)");
}

static gw_err op_clear_raise(gw_db *tx, void *p)
{
    arg *a = p;
    gw_err e = gw_store_alarm_clear(tx, a->f->dev, NULL, "offline", 4000, &a->a[0], 4, &a->n);
    if (!e) e = gw_store_alarm_raise(tx, a->f->dev, "cover", GW_SEV_MAJOR, 5000, &a->a[1]);
    return e;
}

static gw_err op_ack(gw_db *tx, void *p)
{
    arg *a = p;
    a->e[0] = gw_store_alarm_ack(tx, a->a[1].id, 0, 6000);
    a->e[1] = gw_store_alarm_ack(tx, a->a[1].id, 0, 6001);
    return GW_OK;
}

static void test_raise_repeat_escalate_clear(void **state)
{
    fx *f = *state;
    arg a = { .f = f };
    assert_int_equal(f->dev, 1);
    assert_int_equal(gw_store_write(f->s, op_raise3, &a), GW_OK);
    assert_int_equal(a.a[0].count, 1); /* created */
    assert_int_equal(a.a[1].count, 2); /* a repeat, lower severity: stays major */
    assert_int_equal(a.a[1].id, a.a[0].id);
    assert_int_equal(a.a[1].severity, GW_SEV_MAJOR);
    assert_int_equal(a.a[1].last_ms, 3000);
    assert_int_equal(a.a[2].count, 3); /* escalated; last_ms never goes back */
    assert_int_equal(a.a[2].severity, GW_SEV_CRITICAL);
    assert_int_equal(a.a[2].prev_severity, GW_SEV_MAJOR);
    assert_int_equal(a.a[2].last_ms, 3000);
    assert_int_equal(gw_store_write(f->s, op_second_open, &a), GW_E_CONFLICT);

    memset(&a, 0, sizeof a);
    a.f = f;
    assert_int_equal(gw_store_write(f->s, op_clear_raise, &a), GW_OK);
    assert_int_equal(a.n, 1);
    assert_int_equal(a.a[0].count, 3);
    assert_int_equal(a.a[0].cleared_ms, 4000);
    assert_int_equal(a.a[1].count, 1); /* after a clear, a new alarm */
    assert_int_not_equal(a.a[1].id, a.a[0].id);
    assert_int_equal(gw_store_write(f->s, op_ack, &a), GW_OK);
    assert_int_equal(a.e[0], GW_OK);
    assert_int_equal(a.e[1], GW_E_CONFLICT);

    gw_db *db = gw_store_read_begin(f->s);
    gw_alarm_query q = { .scope = { .all = 1 }, .state = -1, .acked = -1, .limit = 10 };
    gw_alarm_row rows[10];
    size_t n = 0;
    int64_t total = 0, counts[GW_SEV_CRITICAL + 1], by_state[2][2];
    assert_int_equal(gw_store_alarm_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 2);
    assert_true(rows[0].active && rows[0].acked && !rows[1].active); /* active first */
    q.state = 0;
    assert_int_equal(gw_store_alarm_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 1);
    gw_device_scope none = { .unit_id = 99 };
    q.scope = none, q.state = -1;
    assert_int_equal(gw_store_alarm_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 0); /* out of scope */
    assert_int_equal(gw_store_alarm_counts(db, &q.scope, counts, by_state), GW_OK);
    assert_int_equal(by_state[1][1], 0);
    gw_device_scope all = { .all = 1 };
    assert_int_equal(gw_store_alarm_counts(db, &all, counts, by_state), GW_OK);
    assert_int_equal(counts[GW_SEV_MAJOR], 1);
    assert_int_equal(by_state[1][1] + by_state[0][0], 2);
    gw_store_read_end(f->s, db);
}

static gw_err op_touch(gw_db *tx, void *p)
{
    arg *a = p;
    gw_err e = gw_store_device_touch(tx, a->f->dev, 50000, 1, 80, 0, 0);
    if (!e) e = gw_store_device_touch(tx, a->f->dev, 40000, 0, 0, 1, -70); /* older: last seen stays */
    return e;
}

static void test_touch_and_silent(void **state)
{
    fx *f = *state;
    arg a = { .f = f };
    int64_t ids[4];
    size_t n = 9;
    gw_db *db = gw_store_read_begin(f->s);
    assert_int_equal(gw_store_device_silent(db, 1000 + 300000, ids, 4, &n), GW_OK);
    assert_int_equal(n, 0); /* exactly at the threshold: not yet */
    assert_int_equal(gw_store_device_silent(db, 1001 + 300000, ids, 4, &n), GW_OK);
    assert_int_equal(n, 1);
    gw_store_read_end(f->s, db);
    assert_int_equal(gw_store_write(f->s, op_touch, &a), GW_OK);
    gw_device_row d;
    db = gw_store_read_begin(f->s);
    assert_int_equal(gw_store_device_by_did(db, "MC-001", &d), GW_OK);
    assert_int_equal(d.last_seen_ms, 50000);
    assert_true(d.has_battery && d.battery == 80 && d.has_signal && d.signal == -70);
    assert_int_equal(gw_store_device_silent(db, 50000 + 300000, ids, 4, &n), GW_OK);
    assert_int_equal(n, 0);
    assert_int_equal(gw_store_device_by_did(db, "MC-404", &d), GW_E_NOT_FOUND);
    gw_store_read_end(f->s, db);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, &gw_iot_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_raise_repeat_escalate_clear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_touch_and_silent, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
