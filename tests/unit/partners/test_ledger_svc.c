/* tests/unit/partners/test_ledger_svc.c — partners/ledger_svc.c and ledger_store.c against a real
 * temporary SQLite store: a hand-worked sequence (issue, hold, post, void, linked batch, replay,
 * expiry, verify), and a property test: random operation sequences (transfers, holds, posts and voids
 * of live and ended holds, linked batches, retries with the same and with other fields) applied both
 * to the store and to an in-memory model built on the pure rules (partners/ledger.h); the outcome of
 * every request and every account's four balances must agree, and `ledger verify` stays clean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/core_schema_store.h"
#include "core/model_store.h"
#include "core/scope.h"
#include "db/store.h"
#include "ops/ops_schema_store.h"
#include "partners/ledger_svc.h"
#include "partners/partners_schema_store.h"
#include "../tmp_db.h"

#define NACC 10 /* 5 system accounts, 3 partners, 2 residents */
#define NHOLD 512

typedef struct {
    gw_store *s;
    char path[64];
    int64_t community;
    int64_t acc[NACC];
    gw_principal who;
} fx;

static gw_err op_setup(gw_db *tx, void *p)
{
    fx *f = p;
    const char *levels[] = { "city", "district", "street", "community" };
    int64_t parent = 0;
    gw_err e = gw_db_exec(tx, "INSERT INTO users(id, username, display_name, role, pw_hash, created_ms)"
                              " VALUES (1, 'admin', 'Admin', 'admin', 'x', 0)");
    for (int i = 0; !e && i < 4; i++) {
        gw_division_row d;
        memset(&d, 0, sizeof d);
        d.parent_id = parent;
        snprintf(d.level, sizeof d.level, "%s", levels[i]);
        snprintf(d.code, sizeof d.code, "L%d", i);
        snprintf(d.name, sizeof d.name, "Division %d", i);
        e = gw_store_division_insert(tx, &d, 0);
        parent = d.id;
    }
    f->community = parent;
    for (int i = 0; !e && i < 5; i++) /* the system accounts: opened with the first account */
        e = gw_ledger_account_ensure(tx, f->community, i < 3 ? GW_LO_PARTNER : GW_LO_RESIDENT, 100 + i, 0, &f->acc[5 + i]);
    for (int c = 1; !e && c <= 5; c++)
        e = gw_store_ledger_account_ensure(tx, f->community, GW_LO_SYSTEM, c, 0, &f->acc[c - 1]);
    return e;
}

static int setup(void **state)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, &gw_partners_schema, NULL };
    gw_schema_use(modules);
    fx *f = calloc(1, sizeof *f);
    if (!f) return -1;
    tmp_db_new(f->path, "ledger");
    if (gw_store_open(f->path, 2, &f->s) || gw_store_write(f->s, op_setup, f)) { free(f); return -1; }
    f->who.user_id = 1;
    f->who.role = GW_R_ADMIN;
    snprintf(f->who.div_path, sizeof f->who.div_path, "/");
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

static gw_ledger_account stored(fx *f, int64_t id)
{
    gw_ledger_account_row r;
    gw_db *db = gw_store_read_begin(f->s);
    assert_int_equal(gw_store_ledger_account_get(db, id, &r), GW_OK);
    gw_store_read_end(f->s, db);
    return r.a;
}

static void verify_clean(fx *f)
{
    gw_ledger_report rep;
    gw_db *db = gw_store_read_begin(f->s);
    gw_err e = gw_ledger_verify(db, &rep);
    gw_store_read_end(f->s, db);
    if (e) print_error("verify: %s\n", rep.where);
    assert_int_equal(e, GW_OK);
    assert_int_equal(rep.accounts, NACC);
}

static gw_ledger_item item(const char *cid, gw_ledger_kind k, int64_t dr, int64_t cr, int64_t amount)
{
    gw_ledger_item it;
    memset(&it, 0, sizeof it);
    snprintf(it.req.client_id, sizeof it.req.client_id, "%s", cid);
    it.req.kind = k;
    if (k == GW_LK_POST || k == GW_LK_VOID) { it.req.pending_id = dr; return it; }
    it.req.debit_account_id = dr;
    it.req.credit_account_id = cr;
    it.req.amount = amount;
    if (k == GW_LK_PENDING) it.req.timeout_ms = 3600000;
    return it;
}

static gw_err submit(fx *f, gw_ledger_item *it, int n)
{
    char msg[400];
    int failed;
    return gw_ledger_submit(f->s, &f->who, it, n, &failed, msg, sizeof msg);
}

static gw_err op_expire_all(gw_db *tx, void *p)
{
    int n;
    return gw_ledger_expire_due(tx, INT64_MAX / 2, &n) ? GW_E_INTERNAL : (*(int *)p = n, GW_OK);
}

/* Issue 100 to partner P1, hold 30 and post it, hold 50 and void it, a linked batch with an overdraft
 * (nothing moves), a replay, a hold expired by the job; verify clean throughout. */
static void test_worked(void **state)
{
    fx *f = *state;
    int64_t ISS = f->acc[0], RED = f->acc[1], P1 = f->acc[5], P2 = f->acc[6];
    gw_ledger_item a = item("w-iss", GW_LK_POSTED, ISS, P1, 100);
    assert_int_equal(submit(f, &a, 1), GW_OK);
    assert_true(a.t.id > 0);
    gw_ledger_item b = item("w-hold", GW_LK_PENDING, P1, RED, 30);
    assert_int_equal(submit(f, &b, 1), GW_OK);
    gw_ledger_account p = stored(f, P1);
    assert_int_equal(gw_ledger_balance(&p), 100);
    assert_int_equal(gw_ledger_available(&p), 70);
    gw_ledger_item c = item("w-post", GW_LK_POST, b.t.id, 0, 0);
    assert_int_equal(submit(f, &c, 1), GW_OK);
    p = stored(f, P1);
    assert_int_equal(gw_ledger_balance(&p), 70);
    assert_int_equal(p.debits_pending, 0);
    gw_ledger_item d = item("w-void", GW_LK_VOID, b.t.id, 0, 0); /* already posted */
    assert_int_equal(submit(f, &d, 1), GW_E_CONFLICT);
    gw_ledger_item batch[2] = { item("w-l1", GW_LK_POSTED, P1, P2, 60), item("w-l2", GW_LK_POSTED, P1, RED, 20) };
    assert_int_equal(submit(f, batch, 2), GW_E_CONFLICT); /* 60 + 20 > 70 */
    p = stored(f, P1);
    assert_int_equal(gw_ledger_balance(&p), 70); /* the first member did not stay */
    gw_ledger_account p2 = stored(f, P2);
    assert_int_equal(gw_ledger_balance(&p2), 0);
    gw_ledger_item again = item("w-iss", GW_LK_POSTED, ISS, P1, 100);
    assert_int_equal(submit(f, &again, 1), GW_OK);
    assert_int_equal(again.t.id, a.t.id);
    assert_true(again.replayed);
    gw_ledger_item other = item("w-iss", GW_LK_POSTED, ISS, P1, 99);
    assert_int_equal(submit(f, &other, 1), GW_E_CONFLICT);
    gw_ledger_item h = item("w-hold2", GW_LK_PENDING, P1, RED, 5);
    assert_int_equal(submit(f, &h, 1), GW_OK);
    int n = 0;
    assert_int_equal(gw_store_write(f->s, op_expire_all, &n), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(gw_store_write(f->s, op_expire_all, &n), GW_OK);
    assert_int_equal(n, 0); /* once */
    p = stored(f, P1);
    assert_int_equal(gw_ledger_available(&p), 70);
    verify_clean(f);
}

/* gw_ledger_submit_tx inside a practice step's own transaction: a caller without ledger.manage moves
 * points when its step commits; when the step abandons its transaction on a refusal, nothing stays. */
typedef struct {
    fx *f;
    gw_ledger_item it;
    int abandon;
} step_arg;

static gw_err op_step(gw_db *tx, void *p)
{
    step_arg *a = p;
    gw_principal resident = { .kind = GW_PK_RESIDENT, .resident_id = 7, .role = GW_R_RESIDENT };
    char msg[400];
    int failed;
    gw_err e = gw_ledger_submit_tx(tx, &resident, &a->it, 1, &failed, msg, sizeof msg);
    return e ? e : a->abandon ? GW_E_CONFLICT : GW_OK;
}

static void test_in_step(void **state)
{
    fx *f = *state;
    int64_t ISS = f->acc[0], P1 = f->acc[5], R1 = f->acc[8];
    step_arg a = { f, item("s-iss", GW_LK_POSTED, ISS, P1, 40), 0 };
    assert_int_equal(gw_store_write(f->s, op_step, &a), GW_OK);
    gw_ledger_account p = stored(f, P1);
    assert_int_equal(gw_ledger_balance(&p), 40);
    a = (step_arg){ f, item("s-gift", GW_LK_POSTED, P1, R1, 50), 0 }; /* more than P1 holds */
    assert_int_equal(gw_store_write(f->s, op_step, &a), GW_E_CONFLICT);
    a = (step_arg){ f, item("s-gift2", GW_LK_POSTED, P1, R1, 10), 1 }; /* the step gives up after the move */
    assert_int_equal(gw_store_write(f->s, op_step, &a), GW_E_CONFLICT);
    p = stored(f, P1);
    assert_int_equal(gw_ledger_balance(&p), 40);
    a = (step_arg){ f, item("s-gift2", GW_LK_POSTED, P1, R1, 10), 0 }; /* the id was not used up */
    assert_int_equal(gw_store_write(f->s, op_step, &a), GW_OK);
    gw_ledger_account r = stored(f, R1);
    assert_int_equal(gw_ledger_balance(&r), 10);
    verify_clean(f);
}

/* ---- the model ---- */

typedef struct {
    gw_ledger_account acc[NACC];
    struct { int64_t id; int dr, cr; int64_t amount; int ended; } hold[NHOLD];
    int nhold;
} model;

static int idx_of(fx *f, int64_t id)
{
    for (int i = 0; i < NACC; i++)
        if (f->acc[i] == id) return i;
    fail_msg("no account %lld", (long long)id);
    return -1;
}

/* Apply a request to the model: the expected error (GW_OK or GW_E_CONFLICT); the model moves only on OK. */
static gw_err model_apply(fx *f, model *m, const gw_ledger_item *its, int n)
{
    model t = *m;
    char msg[256];
    for (int i = 0; i < n; i++) {
        const gw_ledger_req *q = &its[i].req;
        gw_err e;
        if (q->kind == GW_LK_POST || q->kind == GW_LK_VOID) {
            int h = -1;
            for (int k = 0; k < t.nhold; k++)
                if (t.hold[k].id == q->pending_id) h = k;
            assert_true(h >= 0);
            if (t.hold[h].ended) return GW_E_CONFLICT;
            e = gw_ledger_apply(&t.acc[t.hold[h].dr], &t.acc[t.hold[h].cr], q->kind, t.hold[h].amount, msg, sizeof msg);
            t.hold[h].ended = 1;
        } else {
            e = gw_ledger_apply(&t.acc[idx_of(f, q->debit_account_id)], &t.acc[idx_of(f, q->credit_account_id)], q->kind,
                                q->amount, msg, sizeof msg);
        }
        if (e) return e;
    }
    *m = t;
    return GW_OK;
}

static void compare(fx *f, const model *m)
{
    for (int i = 0; i < NACC; i++) {
        gw_ledger_account s = stored(f, f->acc[i]);
        assert_int_equal(s.debits_pending, m->acc[i].debits_pending);
        assert_int_equal(s.debits_posted, m->acc[i].debits_posted);
        assert_int_equal(s.credits_pending, m->acc[i].credits_pending);
        assert_int_equal(s.credits_posted, m->acc[i].credits_posted);
        if (s.owner != GW_LO_SYSTEM) assert_true(gw_ledger_available(&s) >= 0);
    }
}

typedef struct { gw_ledger_item it[3]; int n; gw_err err; int64_t ids[3]; } sent;

/* One random request: a retry of an earlier one (same or other fields), or a new one. */
static int random_request(fx *f, model *m, sent *log, int nlog, sent *out, int seq)
{
    int r = rand() % 100;
    if (r < 10 && nlog) { *out = log[rand() % nlog]; return 1; }                 /* the same again */
    if (r < 13 && nlog) { *out = log[rand() % nlog]; snprintf(out->it[0].req.memo, sizeof out->it[0].req.memo, "other"); return 2; } /* other fields */
    memset(out, 0, sizeof *out);
    out->n = 1;
    char cid[32];
    snprintf(cid, sizeof cid, "p-%d", seq);
    if (r < 30 && m->nhold) {
        int h = rand() % m->nhold;
        out->it[0] = item(cid, rand() % 2 ? GW_LK_POST : GW_LK_VOID, m->hold[h].id, 0, 0);
        return 0;
    }
    out->n = r < 45 ? 2 + rand() % 2 : 1;
    for (int k = 0; k < out->n; k++) {
        int dr = rand() % NACC, cr = rand() % NACC;
        if (cr == dr) cr = (dr + 1) % NACC;
        char c2[48];
        snprintf(c2, sizeof c2, "%s-%d", cid, k);
        out->it[k] = item(c2, r >= 45 && r < 65 ? GW_LK_PENDING : GW_LK_POSTED, f->acc[dr], f->acc[cr], 1 + rand() % 40);
    }
    return 0;
}

static void test_property(void **state)
{
    fx *f = *state;
    gw_store_write(f->s, op_expire_all, &(int){ 0 }); /* the worked example's live holds end first */
    model *m = calloc(1, sizeof *m);
    sent *log = calloc(400, sizeof *log);
    for (int i = 0; i < NACC; i++) m->acc[i] = stored(f, f->acc[i]);
    srand(20261207);
    int nlog = 0, n_ok = 0, n_refused = 0;
    for (int step = 0; step < 400; step++) {
        sent s;
        int kind = random_request(f, m, log, nlog, &s, step);
        gw_err want = kind == 1 ? s.err : kind == 2 ? GW_E_CONFLICT : model_apply(f, m, s.it, s.n);
        gw_ledger_item got[3];
        memcpy(got, s.it, sizeof got);
        gw_err e = submit(f, got, s.n);
        if (e != want) print_error("step %d (%s %s): %d, the model %d\n", step, got[0].req.client_id,
                                   gw_ledger_kind_name(got[0].req.kind), e, want);
        assert_int_equal(e, want);
        if (e) n_refused++;
        else n_ok++;
        for (int k = 0; k < s.n; k++) {
            if (kind == 1) assert_int_equal(got[k].t.id, s.ids[k]); /* the original transfer */
            if (kind || e) continue;
            s.ids[k] = got[k].t.id;
            if (got[k].req.kind == GW_LK_PENDING && m->nhold < NHOLD) {
                int h = m->nhold++;
                m->hold[h].id = got[k].t.id;
                m->hold[h].dr = idx_of(f, got[k].req.debit_account_id);
                m->hold[h].cr = idx_of(f, got[k].req.credit_account_id);
                m->hold[h].amount = got[k].req.amount;
            }
        }
        if (!kind) { s.err = e; log[nlog++] = s; }
        if (step % 50 == 49) { compare(f, m); verify_clean(f); }
    }
    assert_true(n_ok > 150 && n_refused > 40); /* both outcomes were exercised */
    /* every live hold expires in one job run */
    int n = 0, live = 0;
    assert_int_equal(gw_store_write(f->s, op_expire_all, &n), GW_OK);
    char msg[200];
    for (int h = 0; h < m->nhold; h++)
        if (!m->hold[h].ended) {
            live++;
            assert_int_equal(gw_ledger_apply(&m->acc[m->hold[h].dr], &m->acc[m->hold[h].cr], GW_LK_EXPIRE,
                                             m->hold[h].amount, msg, sizeof msg), GW_OK);
        }
    assert_int_equal(n, live);
    compare(f, m);
    verify_clean(f);
    free(log);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked),
        cmocka_unit_test_setup_teardown(test_in_step, setup, teardown),
        cmocka_unit_test(test_property),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
