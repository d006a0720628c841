/* partners/partner_store.c against a real temporary SQLite store: a record round trip with every field
 * (divisions' names, the verifier's name), an update, the one-record-per-resident-and-community rule,
 * and the list's scope, filters, search, paging and total. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/core_schema_store.h"
#include "db/store.h"
#include "ops/ops_schema_store.h"
#include "partners/partner_store.h"
#include "partners/partners_schema_store.h"
#include "../tmp_db.h"

#define NOW INT64_C(1760000000000)

typedef struct {
    char path[64];
    gw_store *s;
    int64_t firm, vol;
} fx;

static void fill(gw_partner_row *p, int type, int kind, const char *name, int64_t community, int64_t resident)
{
    memset(p, 0, sizeof *p);
    p->type = type;
    p->kind = kind;
    snprintf(p->name, sizeof p->name, "%s", name);
    p->community_id = p->service_div_id = community;
    p->status = GW_PS_PENDING;
    p->verify_method = -1;
    p->resident_id = resident;
    p->updated_ms = NOW;
}

static gw_err op_setup(gw_db *tx, void *arg)
{
    fx *f = arg;
    gw_err e = gw_db_exec(tx, "INSERT INTO divisions(id, level, code, name, path, created_ms) VALUES"
                              " (1, 'city', 'C', 'City', '/1/', 0), (2, 'community', 'M1', '东湖社区', '/1/2/', 0),"
                              " (3, 'community', 'M2', '西湖社区', '/1/3/', 0);"
                              "INSERT INTO users(id, username, display_name, role, pw_hash, created_ms) VALUES"
                              " (7, 'sq', '社区小李', 'grid_worker', 'x', 0);"
                              "INSERT INTO resident_accounts(id, phone, created_ms) VALUES (5, '13900000001', 0)");
    gw_partner_row p;
    fill(&p, GW_PT_PROFESSIONAL, GW_PKIND_ORG, "明理律师事务所", 2, 0);
    snprintf(p.tags, sizeof p.tags, "法律咨询,合同审查");
    snprintf(p.offer, sizeof p.offer, "免费法律咨询");
    snprintf(p.contact_name, sizeof p.contact_name, "李明理");
    snprintf(p.contact_phone, sizeof p.contact_phone, "13905710001");
    p.service_div_id = 1;
    p.created_by = 7;
    if (!e) e = gw_store_partner_insert(tx, &p);
    f->firm = p.id;
    fill(&p, GW_PT_VOLUNTEER, GW_PKIND_PERSON, "周建国", 3, 5);
    p.updated_ms = NOW + 1;
    if (!e) e = gw_store_partner_insert(tx, &p);
    f->vol = p.id;
    return e;
}

static int setup(void **state)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, &gw_partners_schema, NULL };
    gw_schema_use(modules);
    fx *f = calloc(1, sizeof *f);
    tmp_db_new(f->path, "partner");
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

static gw_err op_second_application(gw_db *tx, void *arg)
{
    (void)arg;
    gw_partner_row p;
    fill(&p, GW_PT_VOLUNTEER, GW_PKIND_PERSON, "周建国又一次", 3, 5);
    return gw_store_partner_insert(tx, &p);
}

static gw_err op_other_community(gw_db *tx, void *arg)
{
    (void)arg;
    gw_partner_row p;
    fill(&p, GW_PT_VOLUNTEER, GW_PKIND_PERSON, "周建国东湖", 2, 5);
    return gw_store_partner_insert(tx, &p);
}

static gw_err op_approve(gw_db *tx, void *arg)
{
    fx *f = arg;
    gw_partner_row p;
    gw_err e = gw_store_partner_get(tx, f->firm, &p);
    if (e) return e;
    p.status = GW_PS_ACTIVE;
    p.verified_by = p.status_by = 7;
    p.verified_ms = p.status_ms = p.updated_ms = NOW + 10;
    p.verify_method = GW_PV_PRACTICE;
    snprintf(p.status_reason, sizeof p.status_reason, "执业许可证已核验");
    return gw_store_partner_update(tx, &p);
}

static void round_trip(void **state)
{
    fx *f = *state;
    assert_int_equal(gw_store_write(f->s, op_second_application, f), GW_E_CONFLICT);
    assert_int_equal(gw_store_write(f->s, op_approve, f), GW_OK);
    gw_db *db = gw_store_read_begin(f->s);
    gw_partner_row p;
    assert_int_equal(gw_store_partner_get(db, f->firm, &p), GW_OK);
    assert_int_equal(p.type, GW_PT_PROFESSIONAL);
    assert_int_equal(p.kind, GW_PKIND_ORG);
    assert_string_equal(p.name, "明理律师事务所");
    assert_string_equal(p.community_name, "东湖社区");
    assert_string_equal(p.community_path, "/1/2/");
    assert_string_equal(p.service_div_name, "City");
    assert_string_equal(p.tags, "法律咨询,合同审查");
    assert_string_equal(p.contact_phone, "13905710001");
    assert_int_equal(p.status, GW_PS_ACTIVE);
    assert_int_equal(p.verify_method, GW_PV_PRACTICE);
    assert_string_equal(p.verified_by_name, "社区小李");
    assert_int_equal(p.verified_ms, NOW + 10);
    assert_string_equal(p.status_reason, "执业许可证已核验");
    assert_int_equal(p.created_by, 7);
    assert_int_equal(p.created_ms, NOW);
    assert_int_equal(p.resident_id, 0);
    assert_int_equal(gw_store_partner_get(db, f->vol, &p), GW_OK);
    assert_int_equal(p.resident_id, 5);
    assert_int_equal(p.verify_method, -1);
    assert_int_equal(p.verified_ms, 0);
    assert_int_equal(gw_store_partner_get(db, 999, &p), GW_E_NOT_FOUND);
    gw_store_read_end(f->s, db);
    assert_int_equal(gw_store_write(f->s, op_other_community, f), GW_OK); /* another community: allowed */
}

static void lists(void **state)
{
    fx *f = *state;
    gw_db *db = gw_store_read_begin(f->s);
    gw_partner_row rows[4];
    size_t n;
    int64_t total;
    gw_partner_query q = { .type = -1, .status = -1, .limit = 4 };
    assert_int_equal(gw_store_partner_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 3);
    assert_true(rows[0].id > rows[1].id); /* newest first */
    q.div_prefix = "/1/3/";
    assert_int_equal(gw_store_partner_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, f->vol);
    q.div_prefix = NULL;
    q.type = GW_PT_PROFESSIONAL;
    assert_int_equal(gw_store_partner_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 1);
    assert_int_equal(rows[0].id, f->firm);
    q.type = -1;
    q.status = GW_PS_PENDING;
    assert_int_equal(gw_store_partner_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 2);
    q.status = -1;
    q.q = "合同";
    assert_int_equal(gw_store_partner_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 1);
    q.q = NULL;
    q.resident_id = 5;
    assert_int_equal(gw_store_partner_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(total, 2);
    q.resident_id = 0;
    q.limit = 1;
    q.offset = 2;
    assert_int_equal(gw_store_partner_list(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(total, 3);
    assert_int_equal(rows[0].id, f->firm); /* the oldest, last */
    gw_store_read_end(f->s, db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(lists),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
