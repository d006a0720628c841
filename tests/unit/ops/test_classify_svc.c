/* ops/classify_svc.c and classify_store.c against a real temporary SQLite store: no model, 503-style
 * unavailable; a stored and activated model suggests categories by code with their ids and names; the
 * list; activation of another swaps at once while a suggestion holds the old one; a damaged stored model
 * is refused and the active one stays; training from closed tickets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "ops/classify_svc.h"
#include "city.h"

static const char *const CODES[] = { "0101", "0102" };
static const char *const TEXTS[] = { "道路坑洼不平", "路面破损开裂", "马路上有大坑", "人行道路面塌陷",
                                     "路灯不亮", "路灯坏了很黑", "灯杆倾斜", "路灯一直闪" };
static const uint16_t Y[] = { 0, 0, 0, 0, 1, 1, 1, 1 };

static gw_clf *tiny(uint64_t seed)
{
    gw_clf_params p;
    gw_clf_default_params(&p);
    p.hash_bits = 12;
    p.seed = seed;
    gw_clf *m = NULL;
    assert_int_equal(gw_clf_train(&p, CODES, 2, TEXTS, Y, 8, &m), GW_OK);
    return m;
}

static int64_t store(city *c, uint64_t seed, int activate)
{
    gw_clf *m = tiny(seed);
    gw_model_row meta = { .examples = 8, .labels = 2, .dev_accuracy = -1, .dev_macro_f1 = -1 };
    snprintf(meta.source, sizeof meta.source, "unit %llu", (unsigned long long)seed);
    assert_int_equal(gw_classify_store_model(c->s, m, &meta, activate), GW_OK);
    gw_clf_free(m);
    assert_true(meta.id > 0);
    return meta.id;
}

static gw_err op_damage(gw_db *tx, void *arg)
{
    static const char junk[] = "GWCLF\r\n\x1a not a model";
    return gw_store_model_insert(tx, arg, junk, sizeof junk);
}

static void test_models(void **state)
{
    city *c = *state;
    gw_principal admin = { .role = GW_R_ADMIN }, disp = { .role = GW_R_DISPATCHER };
    gw_suggestion s[GW_CLASSIFY_TOP];
    size_t n;
    int64_t used;
    char msg[200];
    assert_int_equal(gw_classify_start(c->s), GW_OK);
    assert_int_equal(gw_classify_suggest(c->s, "路灯不亮", s, &n, &used), GW_E_UNAVAILABLE);

    int64_t a = store(c, 1, 1), b = store(c, 2, 0);
    assert_int_equal(gw_classify_suggest(c->s, "北门的路灯坏了", s, &n, &used), GW_OK);
    assert_int_equal(used, a);
    assert_int_equal(n, 2); /* two labels: the top three are two */
    assert_string_equal(s[0].label, "0102");
    assert_int_equal(s[0].category_id, c->cat_lamps);
    assert_string_equal(s[0].category_name, "Category 0102");
    assert_true(s[0].probability > s[1].probability && s[0].ngrams > 0);

    gw_model_row rows[4];
    gw_db *db = gw_store_read_one(c->s);
    assert_int_equal(gw_store_model_list(db, rows, 4, &n), GW_OK);
    gw_store_read_one_end(c->s, db);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, b); /* newest first */
    assert_true(!rows[0].active && rows[1].active && rows[1].size > 4 * 4096 * 2);
    assert_true(rows[0].dev_macro_f1 < 0);

    assert_int_equal(gw_classify_activate(c->s, &disp, b, msg, sizeof msg), GW_E_FORBIDDEN);
    assert_int_equal(gw_classify_activate(c->s, &admin, 999, msg, sizeof msg), GW_E_NOT_FOUND);
    assert_int_equal(gw_classify_activate(c->s, &admin, b, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_classify_suggest(c->s, "路灯不亮", s, &n, &used), GW_OK);
    assert_int_equal(used, b);
    assert_int_equal(city_count(c, "SELECT COUNT(*) FROM classifier_models WHERE active = 1", 0), 1);
    assert_int_equal(city_count(c, "SELECT COUNT(*) FROM audit_log WHERE action = 'model.activate'", 0), 1);

    gw_model_row bad = { .examples = 1, .labels = 2, .dev_accuracy = -1, .dev_macro_f1 = -1 };
    snprintf(bad.source, sizeof bad.source, "damaged");
    assert_int_equal(gw_store_write(c->s, op_damage, &bad), GW_OK);
    assert_int_equal(gw_classify_activate(c->s, &admin, bad.id, msg, sizeof msg), GW_E_CONFLICT);
    assert_string_equal(msg, "the stored model is damaged and cannot be used");
    assert_int_equal(gw_classify_suggest(c->s, "路灯不亮", s, &n, &used), GW_OK);
    assert_int_equal(used, b); /* the active one stays */
    gw_classify_stop();
}

static void test_too_few_tickets(void **state)
{
    city *c = *state;
    gw_clf_params p;
    gw_clf_default_params(&p);
    gw_model_row meta = { 0 };
    char msg[200] = "";
    assert_int_equal(gw_classify_train_tickets(c->s, &p, 1, &meta, msg, sizeof msg), GW_E_INVALID);
    assert_non_null(strstr(msg, "too few closed tickets"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_models, city_setup, city_teardown),
        cmocka_unit_test_setup_teardown(test_too_few_tickets, city_setup, city_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
