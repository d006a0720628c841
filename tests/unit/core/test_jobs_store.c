/* core/jobs_store.c: the claim is a compare-and-set — of two servers that read the same due slot only
 * the first claim touches the row, and a slot not due yet cannot be claimed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/jobs_store.h"
#include "db/store.h"
#include "core/core_schema_store.h"
#include "../tmp_db.h"

typedef struct { int64_t seen, now, next; } claim_arg;

static gw_err op_add(gw_db *tx, void *p) { (void)p; return gw_store_job_add(tx, "test.claim", 1000); }

static gw_err op_claim(gw_db *tx, void *p)
{
    claim_arg *a = p;
    return gw_store_job_claim(tx, "test.claim", a->seen, a->now, a->next);
}

static void test_claim_once(void **st)
{
    (void)st;
    char path[64];
    tmp_db_new(path, "jobs-store");
    gw_store *s;
    assert_int_equal(gw_store_open(path, 2, &s), GW_OK);
    assert_int_equal(gw_store_write(s, op_add, NULL), GW_OK);
    assert_int_equal(gw_store_write(s, op_add, NULL), GW_OK); /* adding again keeps the row */
    claim_arg early = { 1000, 999, 2000 }, a = { 1000, 1500, 2500 }, b = { 1000, 1600, 2600 };
    assert_int_equal(gw_store_write(s, op_claim, &early), GW_E_NOT_FOUND); /* not due */
    assert_int_equal(gw_store_write(s, op_claim, &a), GW_OK);
    assert_int_equal(gw_store_write(s, op_claim, &b), GW_E_NOT_FOUND);     /* same slot, read before a's claim */
    gw_db *db = gw_store_read_begin(s);
    int64_t next = 0;
    assert_int_equal(gw_store_job_next(db, "test.claim", &next), GW_OK);
    assert_int_equal(next, 2500);
    assert_int_equal(gw_store_job_next(db, "test.none", &next), GW_E_NOT_FOUND);
    gw_store_read_end(s, db);
    claim_arg c = { 2500, 99999, 100000 }; /* a clock far ahead still takes only the slot it read */
    assert_int_equal(gw_store_write(s, op_claim, &c), GW_OK);
    assert_int_equal(gw_store_write(s, op_claim, &c), GW_E_NOT_FOUND);
    gw_store_close(s);
    tmp_db_rm(path);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_claim_once) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
