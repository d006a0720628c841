/* core/resident_store.c against a real temporary SQLite store: an account round trip with every field,
 * the one-account-per-number rule, the scoped and searched list, sessions (expiry, delete but one), and
 * one-time codes (used once, not after expiry, voided by a newer one, only for their own account). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/core_schema_store.h"
#include "core/resident_store.h"
#include "db/store.h"
#include "../tmp_db.h"

#define NOW INT64_C(1760000000000)

typedef struct {
    char path[64];
    gw_store *s;
    int64_t a, b; /* two accounts */
} fx;

static gw_err op_setup(gw_db *tx, void *p)
{
    fx *f = p;
    gw_err e = gw_db_exec(tx, "INSERT INTO divisions(id, level, code, name, path, created_ms) VALUES"
                              " (1, 'city', 'C', 'City', '/1/', 0), (2, 'community', 'M1', '东湖社区', '/1/2/', 0),"
                              " (3, 'community', 'M2', '西湖社区', '/1/3/', 0);"
                              "INSERT INTO users(id, username, display_name, role, pw_hash, created_ms) VALUES"
                              " (7, 'sq', '社区小李', 'grid_worker', 'x', 0)");
    gw_resident_row r = { .status = GW_RS_ACTIVE, .method = -1, .created_ms = NOW };
    snprintf(r.phone, sizeof r.phone, "13900000001");
    snprintf(r.pw_hash, sizeof r.pw_hash, "hash-a");
    snprintf(r.display_name, sizeof r.display_name, "小王");
    r.division_id = 2;
    if (!e) e = gw_store_resident_insert(tx, &r);
    f->a = r.id;
    snprintf(r.phone, sizeof r.phone, "13900000002");
    r.pw_hash[0] = 0;
    r.division_id = 3;
    if (!e) e = gw_store_resident_insert(tx, &r);
    f->b = r.id;
    return e;
}

static int setup(void **state)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, NULL };
    gw_schema_use(modules);
    fx *f = calloc(1, sizeof *f);
    tmp_db_new(f->path, "resident");
    if (gw_store_open(f->path, 2, &f->s) || gw_store_write(f->s, op_setup, f)) return -1;
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

static gw_err op_duplicate(gw_db *tx, void *p)
{
    (void)p;
    gw_resident_row r = { .status = GW_RS_ACTIVE, .method = -1, .created_ms = NOW };
    snprintf(r.phone, sizeof r.phone, "13900000001");
    return gw_store_resident_insert(tx, &r);
}

static gw_err op_verify(gw_db *tx, void *p)
{
    fx *f = p;
    gw_resident_row r;
    gw_err e = gw_store_resident_get(tx, f->b, &r);
    if (e) return e;
    snprintf(r.person_name, sizeof r.person_name, "王小明");
    snprintf(r.id_number, sizeof r.id_number, "11010519491231002X");
    snprintf(r.address, sizeof r.address, "幸福路12号");
    r.verified_ms = NOW + 5;
    r.verified_by = 7;
    r.method = 1;
    r.status = GW_RS_DISABLED;
    return gw_store_resident_update(tx, &r);
}

static void accounts(void **state)
{
    fx *f = *state;
    assert_int_equal(gw_store_write(f->s, op_duplicate, f), GW_E_CONFLICT);
    assert_int_equal(gw_store_write(f->s, op_verify, f), GW_OK);
    gw_db *db = gw_store_read_begin(f->s);
    gw_resident_row r;
    assert_int_equal(gw_store_resident_by_phone(db, "13900000001", &r), GW_OK);
    assert_int_equal(r.id, f->a);
    assert_string_equal(r.pw_hash, "hash-a");
    assert_true(r.has_password);
    assert_string_equal(r.division_name, "东湖社区");
    assert_string_equal(r.division_path, "/1/2/");
    assert_int_equal(r.verified_ms, 0);
    assert_int_equal(r.method, -1);
    assert_int_equal(gw_store_resident_get(db, f->b, &r), GW_OK);
    assert_false(r.has_password);
    assert_string_equal(r.person_name, "王小明");
    assert_string_equal(r.id_number, "11010519491231002X");
    assert_string_equal(r.verified_by_name, "社区小李");
    assert_int_equal(r.verified_ms, NOW + 5);
    assert_int_equal(r.method, 1);
    assert_int_equal(r.status, GW_RS_DISABLED);
    assert_int_equal(gw_store_resident_get(db, 999, &r), GW_E_NOT_FOUND);
    char path[64];
    assert_int_equal(gw_store_community_path(db, 3, path, sizeof path), GW_OK);
    assert_string_equal(path, "/1/3/");
    assert_int_equal(gw_store_community_path(db, 1, path, sizeof path), GW_E_NOT_FOUND); /* a city */

    gw_resident_row rows[4];
    size_t n;
    int64_t total;
    gw_resident_query q = { .div_prefix = "/1/2/", .status = -1, .verified = -1, .limit = 4 };
    assert_int_equal(gw_store_resident_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, f->a);
    q.div_prefix = NULL;
    q.q = "小明";
    assert_int_equal(gw_store_resident_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 1);
    assert_int_equal(rows[0].id, f->b);
    q.q = "0000";
    q.verified = 0;
    assert_int_equal(gw_store_resident_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 1);
    assert_int_equal(rows[0].id, f->a);
    q.verified = -1;
    q.limit = 1;
    assert_int_equal(gw_store_resident_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(total, 2);
    assert_int_equal(rows[0].id, f->b); /* newest first */
    gw_community_row *cs = NULL;
    assert_int_equal(gw_store_community_list(db, &cs, &n), GW_OK);
    assert_int_equal(n, 2);
    free(cs);
    gw_store_read_end(f->s, db);
}

static gw_err op_sessions(gw_db *tx, void *p)
{
    fx *f = p;
    gw_err e = gw_store_rsession_insert(tx, "h1", f->a, NOW, NOW + 1000, "127.0.0.1");
    if (!e) e = gw_store_rsession_insert(tx, "h2", f->a, NOW, NOW + 1000, NULL);
    if (!e) e = gw_store_rsession_insert(tx, "h3", f->a, NOW, NOW + 1000, NULL);
    if (!e) e = gw_store_rsession_delete_all(tx, f->a, "h2");
    return e;
}

static void sessions(void **state)
{
    fx *f = *state;
    assert_int_equal(gw_store_write(f->s, op_sessions, f), GW_OK);
    gw_db *db = gw_store_read_begin(f->s);
    int64_t id = 0;
    assert_int_equal(gw_store_rsession_resident(db, "h2", NOW + 999, &id), GW_OK);
    assert_int_equal(id, f->a);
    assert_int_equal(gw_store_rsession_resident(db, "h2", NOW + 1000, &id), GW_E_NOT_FOUND); /* expired */
    assert_int_equal(gw_store_rsession_resident(db, "h1", NOW, &id), GW_E_NOT_FOUND);
    assert_int_equal(gw_store_rsession_resident(db, "h3", NOW, &id), GW_E_NOT_FOUND);
    gw_store_read_end(f->s, db);
}

typedef struct { fx *f; const char *hash; int64_t who, at; } use_arg;

static gw_err op_codes(gw_db *tx, void *p)
{
    fx *f = p;
    gw_err e = gw_store_rcode_insert(tx, "old", f->a, 7, NOW, NOW + 100);
    if (!e) e = gw_store_rcode_void(tx, f->a, NOW + 1);
    if (!e) e = gw_store_rcode_insert(tx, "new", f->a, 7, NOW + 1, NOW + 100);
    return e;
}

static gw_err op_use(gw_db *tx, void *p)
{
    use_arg *u = p;
    return gw_store_rcode_use(tx, u->hash, u->who, u->at);
}

static void codes(void **state)
{
    fx *f = *state;
    assert_int_equal(gw_store_write(f->s, op_codes, f), GW_OK);
    use_arg u = { f, "old", f->a, NOW + 2 };
    assert_int_equal(gw_store_write(f->s, op_use, &u), GW_E_NOT_FOUND); /* voided */
    u.hash = "new";
    u.who = f->b;
    assert_int_equal(gw_store_write(f->s, op_use, &u), GW_E_NOT_FOUND); /* not b's */
    u.who = f->a;
    u.at = NOW + 100;
    assert_int_equal(gw_store_write(f->s, op_use, &u), GW_E_NOT_FOUND); /* expired */
    u.at = NOW + 99;
    assert_int_equal(gw_store_write(f->s, op_use, &u), GW_OK);
    assert_int_equal(gw_store_write(f->s, op_use, &u), GW_E_NOT_FOUND); /* once */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accounts),
        cmocka_unit_test(sessions),
        cmocka_unit_test(codes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
