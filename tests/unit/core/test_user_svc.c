/* tests/unit/core/test_user_svc.c — core/user_svc.c against a real temporary store: the rules
 * every caller of the account service gets (the API and the command line alike), the audit rows,
 * and the list rows of core/auth_store.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/auth_store.h"
#include "core/model_store.h"
#include "core/user_svc.h"
#include "db/store.h"
#include "core/core_schema_store.h"
#include "../tmp_db.h"

#define NOW INT64_C(1767225600000)

typedef struct {
    gw_store *s;
    char path[64];
    int64_t city, unit;
    gw_principal admin;
} fixture;

static gw_err op_model(gw_db *tx, void *arg)
{
    fixture *f = arg;
    gw_division_row d;
    memset(&d, 0, sizeof d);
    snprintf(d.level, sizeof d.level, "city");
    snprintf(d.code, sizeof d.code, "c1");
    snprintf(d.name, sizeof d.name, "测试市");
    gw_err e = gw_store_division_insert(tx, &d, NOW);
    if (e) return e;
    f->city = d.id;
    gw_unit_row u;
    memset(&u, 0, sizeof u);
    snprintf(u.code, sizeof u.code, "u1");
    snprintf(u.name, sizeof u.name, "市政");
    snprintf(u.level, sizeof u.level, "city");
    u.division_id = d.id;
    u.enabled = 1;
    e = gw_store_unit_insert(tx, &u, NOW);
    f->unit = u.id;
    return e;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    tmp_db_new(f->path, "user-svc");
    if (gw_store_open(f->path, 2, &f->s) != GW_OK || gw_store_write(f->s, op_model, f) != GW_OK) return -1;
    gw_user_console(&f->admin);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    gw_store_close(f->s);
    tmp_db_rm(f->path);
    free(f);
    return 0;
}

static gw_user_input dispatcher(const fixture *f, const char *username)
{
    gw_user_input in = { .username = username, .display_name = "调度员", .password = "longenough1",
                         .role = "dispatcher", .division_id = f->city, .disabled = 0 };
    return in;
}

/* The users' list and a count of the audit rows on object, read back from the store. */
static size_t n_users(gw_store *s)
{
    gw_db *db = gw_store_read_begin(s);
    gw_user_item *rows = NULL;
    size_t n = 0;
    assert_int_equal(gw_store_user_list(db, &rows, &n), GW_OK);
    gw_store_read_end(s, db);
    free(rows);
    return n;
}

static void refusals_write_nothing(void **state)
{
    fixture *f = *state;
    struct { const char *what; gw_user_input in; const char *msg; } cases[10];
    size_t n = 0;
    gw_user_input in;
#define CASE(WHAT, FIELD, VALUE, MSG) \
    in = dispatcher(f, "case" #FIELD); in.FIELD = VALUE; cases[n].what = WHAT; cases[n].in = in; cases[n++].msg = MSG
    CASE("no unit for a unit handler", role, "unit_handler", "a unit_handler needs a unit_id");
    CASE("no division", division_id, 0, "a dispatcher needs a division_id (the scope)");
    CASE("unknown division", division_id, 987654, "division 987654 does not exist");
    CASE("a unit for a dispatcher", unit_id, f->unit, "unit_id is only for a unit_handler");
    CASE("bad phone", phone, "call me", "phone must be a phone number");
    CASE("4 characters in 12 bytes", password, "密码密码", "password must have at least 8 characters");
    CASE("resident", role, "resident", "role must be");
    CASE("system", role, "system", "role must be");
    CASE("bad username", username, "Bad User", "username must start with a lowercase letter");
    CASE("long display name", display_name, "一二三四五六七八九十一二三四五六七八九十一", "display_name is longer than 20");
#undef CASE
    for (size_t i = 0; i < n; i++) {
        char msg[200] = "";
        gw_user_row out;
        assert_int_equal(gw_user_create(f->s, &f->admin, &cases[i].in, &out, msg, sizeof msg), GW_E_INVALID);
        if (!strstr(msg, cases[i].msg)) fail_msg("%s: %s", cases[i].what, msg);
    }
    assert_int_equal(n_users(f->s), 0);
}

static void only_the_administrator(void **state)
{
    fixture *f = *state;
    gw_principal disp = { .user_id = 7, .role = GW_R_DISPATCHER, .division_id = f->city };
    snprintf(disp.div_path, sizeof disp.div_path, "/");
    gw_user_input in = dispatcher(f, "newuser");
    char msg[200], key[GW_TOKEN_LEN + 1];
    int64_t id = 0;
    assert_int_equal(gw_user_create(f->s, &disp, &in, NULL, msg, sizeof msg), GW_E_FORBIDDEN);
    assert_int_equal(gw_user_create(f->s, NULL, &in, NULL, msg, sizeof msg), GW_E_FORBIDDEN);
    assert_int_equal(gw_apikey_create(f->s, &disp, "k", key, &id, msg, sizeof msg), GW_E_FORBIDDEN);
    assert_int_equal(n_users(f->s), 0);
    assert_int_equal(gw_user_create(f->s, &f->admin, &in, NULL, msg, sizeof msg), GW_OK);
    assert_int_equal(n_users(f->s), 1);
}

static void create_update_and_list(void **state)
{
    fixture *f = *state;
    char msg[200] = "";
    gw_user_input in = dispatcher(f, "chen");
    in.phone = "13812345678";
    gw_user_row u;
    assert_int_equal(gw_user_create(f->s, &f->admin, &in, &u, msg, sizeof msg), GW_OK);
    assert_true(u.id > 0);
    assert_int_equal(gw_user_create(f->s, &f->admin, &in, NULL, msg, sizeof msg), GW_E_CONFLICT);
    assert_string_equal(msg, "the username chen is taken");

    gw_user_input none = { .disabled = -1 };
    assert_int_equal(gw_user_update(f->s, &f->admin, u.id, &none, NULL, msg, sizeof msg), GW_E_INVALID);
    assert_string_equal(msg, "nothing to change");
    gw_user_input to_unit = { .role = "unit_handler", .set_unit = 1, .unit_id = f->unit, .set_division = 1,
                              .division_id = 0, .disabled = -1 };
    gw_user_row after;
    assert_int_equal(gw_user_update(f->s, &f->admin, u.id, &to_unit, &after, msg, sizeof msg), GW_OK);
    assert_int_equal(after.role, GW_R_UNIT_HANDLER);
    assert_int_equal(after.unit_id, f->unit);
    assert_int_equal(after.division_id, 0);
    assert_int_equal(gw_user_update(f->s, &f->admin, 987654, &to_unit, NULL, msg, sizeof msg), GW_E_NOT_FOUND);

    gw_db *db = gw_store_read_begin(f->s);
    gw_user_item *rows = NULL;
    size_t n = 0;
    assert_int_equal(gw_store_user_list(db, &rows, &n), GW_OK);
    gw_store_read_end(f->s, db);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].u.username, "chen");
    assert_string_equal(rows[0].u.phone, "13812345678");
    assert_string_equal(rows[0].unit_name, "市政");
    assert_string_equal(rows[0].division_name, "");
    assert_string_equal(rows[0].u.pw_hash, ""); /* a list never carries hashes */
    free(rows);
}

/* Nobody disables themselves or drops their own admin role; another admin may. */
static void no_self_demotion(void **state)
{
    fixture *f = *state;
    char msg[200];
    gw_user_input in = dispatcher(f, "boss");
    in.role = "admin";
    gw_user_row boss;
    assert_int_equal(gw_user_create(f->s, &f->admin, &in, &boss, msg, sizeof msg), GW_OK);
    gw_principal me = { .user_id = boss.id, .role = GW_R_ADMIN, .division_id = f->city };
    gw_user_input demote = { .role = "dispatcher", .disabled = -1 }, off = { .disabled = 1 };
    assert_int_equal(gw_user_update(f->s, &me, boss.id, &demote, NULL, msg, sizeof msg), GW_E_INVALID);
    assert_string_equal(msg, "you cannot disable your own account or drop your own admin role");
    assert_int_equal(gw_user_update(f->s, &me, boss.id, &off, NULL, msg, sizeof msg), GW_E_INVALID);
    gw_user_row after;
    assert_int_equal(gw_user_update(f->s, &f->admin, boss.id, &demote, &after, msg, sizeof msg), GW_OK);
    assert_int_equal(after.role, GW_R_DISPATCHER);
}

/* A fresh database has no division: its first account is an admin over the whole tree. */
static void admin_without_division(void **state)
{
    fixture *f = *state;
    char msg[200];
    gw_user_input in = dispatcher(f, "first");
    in.division_id = 0;
    assert_int_equal(gw_user_create(f->s, &f->admin, &in, NULL, msg, sizeof msg), GW_E_INVALID);
    in.role = "admin";
    gw_user_row u;
    assert_int_equal(gw_user_create(f->s, &f->admin, &in, &u, msg, sizeof msg), GW_OK);
    assert_int_equal(u.division_id, 0);
    gw_user_input demote = { .role = "supervisor", .disabled = -1 };
    assert_int_equal(gw_user_update(f->s, &f->admin, u.id, &demote, NULL, msg, sizeof msg), GW_E_INVALID);
    assert_string_equal(msg, "a supervisor needs a division_id (the scope)");
}

static void api_keys(void **state)
{
    fixture *f = *state;
    char msg[200], key[GW_TOKEN_LEN + 1];
    int64_t id = 0;
    assert_int_equal(gw_apikey_create(f->s, &f->admin, "", key, &id, msg, sizeof msg), GW_E_INVALID);
    char longname[APIKEY_NAME_MAX + 2];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    assert_int_equal(gw_apikey_create(f->s, &f->admin, longname, key, &id, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_apikey_create(f->s, &f->admin, "city app", key, &id, msg, sizeof msg), GW_OK);
    assert_int_equal(strlen(key), GW_TOKEN_LEN);
    gw_apikey_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(gw_apikey_list(f->s, &f->admin, &rows, &n), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, id);
    assert_string_equal(rows[0].name, "city app");
    assert_memory_equal(rows[0].prefix, key, 8);
    assert_int_equal(rows[0].revoked_ms, 0);
    free(rows);
    assert_int_equal(gw_apikey_revoke(f->s, &f->admin, id, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_apikey_revoke(f->s, &f->admin, id, msg, sizeof msg), GW_E_NOT_FOUND);
    assert_int_equal(gw_apikey_list(f->s, &f->admin, &rows, &n), GW_OK);
    assert_true(n == 1 && rows[0].revoked_ms > 0);
    free(rows);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(refusals_write_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(only_the_administrator, setup, teardown),
        cmocka_unit_test_setup_teardown(create_update_and_list, setup, teardown),
        cmocka_unit_test_setup_teardown(no_self_demotion, setup, teardown),
        cmocka_unit_test_setup_teardown(admin_without_division, setup, teardown),
        cmocka_unit_test_setup_teardown(api_keys, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
