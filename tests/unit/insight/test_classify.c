/* The text classifier (insight/classify.c): loss and gradient by hand, hashing stability, determinism,
 * save/load, corrupt models refused, explanations, and calibration on the shared data when present. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insight/classify.h"

static void test_softmax_loss_by_hand(void **st)
{
    (void)st;
    /* s = (0, ln 2): p = (1/3, 2/3); y = 0: loss = ln 3, grad = (1/3 - 1, 2/3) */
    double s[2] = { 0, log(2) }, g[2];
    assert_true(fabs(gw_clf_softmax_loss(s, 2, 0, g) - log(3)) < 1e-12);
    assert_true(fabs(g[0] + 2.0 / 3) < 1e-12 && fabs(g[1] - 2.0 / 3) < 1e-12);
    /* three equal scores shifted by 1000 (no overflow): p = 1/3 each, loss ln 3 */
    double t[3] = { 1000, 1000, 1000 }, h[3];
    assert_true(fabs(gw_clf_softmax_loss(t, 3, 2, h) - log(3)) < 1e-9);
    assert_true(fabs(h[2] + 2.0 / 3) < 1e-9 && fabs(h[0] - 1.0 / 3) < 1e-9);
    /* the gradient is the loss's: a finite difference agrees */
    double u[3] = { 0.3, -1.2, 2.0 }, gu[3], tmp[3];
    double l0 = gw_clf_softmax_loss(u, 3, 1, gu);
    for (int c = 0; c < 3; c++) {
        double v[3] = { u[0], u[1], u[2] };
        v[c] += 1e-6;
        assert_true(fabs((gw_clf_softmax_loss(v, 3, 1, tmp) - l0) / 1e-6 - gu[c]) < 1e-5);
    }
}

static void test_hash_stable(void **st)
{
    (void)st;
    /* pinned values: a model saved by one build must mean the same on another */
    uint32_t a[2] = { 0x8DEF, 0x706F }; /* 路灯 */
    uint32_t b[1] = { 'x' };
    uint32_t ha = gw_clf_gram_bucket(a, 2, 20), hb = gw_clf_gram_bucket(b, 1, 20);
    assert_int_equal(ha, gw_clf_gram_bucket(a, 2, 20));
    assert_true(ha < (1u << 20) && hb < (1u << 20));
    assert_int_equal(gw_clf_gram_bucket(a, 2, 12), ha & 0xFFF); /* fewer bits: the low bits */
    assert_int_equal(ha, 0xf0ee0u); /* FNV-1a 64 of "2" + code points LE, then the finaliser */
    assert_int_equal(hb, 0xdabdfu);
}

static const char *const LABELS[] = { "路灯", "噪音", "垃圾" };
static const char *const TEXTS[] = {
    "小区门口路灯不亮了", "路灯坏了晚上很黑", "人民路的路灯一直闪", "STREET LIGHT broken",
    "楼下烧烤店噪音太大", "半夜施工噪音扰民", "广场舞音响噪音", "loud noise at night",
    "垃圾桶满了没人清理", "路边垃圾堆放很久", "小区垃圾没人收", "garbage not collected",
};
static const uint16_t Y[] = { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 };

static gw_clf *tiny(uint64_t seed)
{
    gw_clf_params p;
    gw_clf_default_params(&p);
    p.hash_bits = 14;
    p.epochs = 40;
    p.seed = seed;
    gw_clf *m = NULL;
    assert_int_equal(gw_clf_train(&p, LABELS, 3, TEXTS, Y, 12, &m), GW_OK);
    return m;
}

static unsigned char *saved(const gw_clf *m, size_t *len)
{
    *len = gw_clf_saved_size(m);
    unsigned char *buf = malloc(*len);
    assert_non_null(buf);
    assert_int_equal(gw_clf_save(m, buf, *len - 1), GW_E_TOO_LARGE);
    assert_int_equal(gw_clf_save(m, buf, *len), GW_OK);
    return buf;
}

static void test_learns_and_explains(void **st)
{
    (void)st;
    gw_clf *m = tiny(1);
    double p[3];
    size_t top[3];
    assert_int_equal(gw_clf_predict(m, "解放路路灯不亮", p), GW_OK);
    assert_true(fabs(p[0] + p[1] + p[2] - 1) < 1e-9);
    assert_int_equal(gw_clf_top(p, 3, top, 3), 3);
    assert_int_equal(top[0], 0);
    assert_true(p[top[0]] >= p[top[1]] && p[top[1]] >= p[top[2]]);
    /* full-width and upper case fold to the ASCII words seen in training */
    assert_int_equal(gw_clf_predict(m, "ＬＯＵＤ　ＮＯＩＳＥ", p), GW_OK);
    gw_clf_top(p, 3, top, 1);
    assert_int_equal(top[0], 1);
    gw_clf_gram g[4];
    size_t k = gw_clf_explain(m, "解放路路灯不亮", 0, g, 4);
    assert_true(k >= 1 && k <= 4);
    int lamp = 0;
    for (size_t i = 0; i < k; i++) {
        lamp |= strstr(g[i].text, "灯") != NULL;
        assert_true(g[i].weight > 0);
        if (i) assert_true(g[i - 1].weight >= g[i].weight);
    }
    assert_true(lamp); /* 路, 灯 or 路灯 drove it */
    gw_clf_free(m);
}

static void test_deterministic_for_a_seed(void **st)
{
    (void)st;
    gw_clf *a = tiny(7), *b = tiny(7), *c = tiny(8);
    size_t la, lb, lc;
    unsigned char *sa = saved(a, &la), *sb = saved(b, &lb), *sc = saved(c, &lc);
    assert_int_equal(la, lb);
    assert_memory_equal(sa, sb, la);
    assert_int_equal(la, lc);
    assert_memory_not_equal(sa, sc, la);
    free(sa), free(sb), free(sc);
    gw_clf_free(a), gw_clf_free(b), gw_clf_free(c);
}

static void test_save_load_round_trip(void **st)
{
    (void)st;
    gw_clf *m = tiny(3);
    assert_int_equal(gw_clf_calibrate(m, TEXTS, Y, 12), GW_OK);
    size_t len, len2;
    unsigned char *buf = saved(m, &len);
    gw_clf *r = NULL;
    assert_int_equal(gw_clf_load(buf, len, &r), GW_OK);
    assert_int_equal(gw_clf_nlabels(r), 3);
    assert_string_equal(gw_clf_label(r, 1), "噪音");
    assert_true(gw_clf_temperature(r) == gw_clf_temperature(m));
    double p[3], q[3];
    for (size_t i = 0; i < 12; i++) {
        gw_clf_predict(m, TEXTS[i], p);
        gw_clf_predict(r, TEXTS[i], q);
        assert_memory_equal(p, q, sizeof p);
    }
    unsigned char *again = saved(r, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(buf, again, len);
    free(again);
    free(buf);
    gw_clf_free(r);
    gw_clf_free(m);
}

static void test_corrupt_model_refused(void **st)
{
    (void)st;
    gw_clf *m = tiny(3);
    size_t len;
    unsigned char *buf = saved(m, &len);
    gw_clf *r = (gw_clf *)1;
    /* every truncation */
    for (size_t cut = 0; cut < 200; cut++) {
        assert_int_equal(gw_clf_load(buf, cut, &r), GW_E_INVALID);
        assert_null(r);
    }
    assert_int_equal(gw_clf_load(buf, len - 1, &r), GW_E_INVALID);
    /* a flipped bit anywhere: the header, a label, a weight, the checksum */
    size_t at[] = { 0, 9, 13, 30, 40, 45, len / 2, len - 9, len - 1 };
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
        buf[at[i]] ^= 0x10;
        assert_int_equal(gw_clf_load(buf, len, &r), GW_E_INVALID);
        buf[at[i]] ^= 0x10;
    }
    /* every byte of the head and the labels, and a spread of the weights, each changed in turn */
    for (size_t i = 0; i < len; i += i < 256 ? 1 : len / 300) {
        unsigned char was = buf[i];
        buf[i] = (unsigned char)(was + 1 + i % 254);
        assert_int_equal(gw_clf_load(buf, len, &r), GW_E_INVALID);
        assert_null(r);
        buf[i] = was;
    }
    assert_int_equal(gw_clf_load(buf, len, &r), GW_OK);
    gw_clf_free(r);
    free(buf);
    gw_clf_free(m);
}

static void test_bad_training_input(void **st)
{
    (void)st;
    gw_clf_params p;
    gw_clf_default_params(&p);
    gw_clf *m = (gw_clf *)1;
    const char *const dup[] = { "a", "a" };
    uint16_t bad[1] = { 3 };
    assert_int_equal(gw_clf_train(&p, LABELS, 3, TEXTS, Y, 0, &m), GW_E_INVALID);
    assert_int_equal(gw_clf_train(&p, LABELS, 3, TEXTS, bad, 1, &m), GW_E_INVALID);
    assert_int_equal(gw_clf_train(&p, dup, 2, TEXTS, Y, 4, &m), GW_E_INVALID);
    assert_int_equal(gw_clf_train(&p, LABELS, 1, TEXTS, Y, 4, &m), GW_E_INVALID);
    p.hash_bits = 30;
    assert_int_equal(gw_clf_train(&p, LABELS, 3, TEXTS, Y, 12, &m), GW_E_INVALID);
    assert_null(m);
}

/* ---- calibration on the shared data (skipped when it is not on this machine) ---- */

typedef struct { char **texts; uint16_t *y; size_t n; } rows;

/* titles_*.csv: "title,label" rows; titles hold no newlines, a quoted one may hold commas. */
static int read_titles(const char *path, const char *const *labels, size_t nl, rows *r)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[4096];
    memset(r, 0, sizeof *r);
    r->texts = calloc(20000, sizeof *r->texts);
    r->y = calloc(20000, sizeof *r->y);
    assert_non_null(fgets(line, sizeof line, f));
    while (r->n < 20000 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        char *comma = strrchr(line, ',');
        if (!comma) continue;
        *comma = 0;
        for (size_t c = 0; c < nl; c++)
            if (!strcmp(comma + 1, labels[c])) {
                r->texts[r->n] = strdup(line);
                r->y[r->n++] = (uint16_t)c;
            }
    }
    fclose(f);
    return 0;
}

static void rows_free(rows *r)
{
    for (size_t i = 0; i < r->n; i++) free(r->texts[i]);
    free(r->texts);
    free(r->y);
}

static void test_calibration_on_dev(void **st)
{
    (void)st;
    static const char *const L7[] = { "交通运输", "卫生计生", "劳动和社会保障", "商贸旅游", "城乡建设", "教育文体", "环境保护" };
    rows tr, dv;
    const char *dir = getenv("GW_TEDDY_DIR") ? getenv("GW_TEDDY_DIR") : "/work/shared/data/teddy2020c";
    char path[512];
    snprintf(path, sizeof path, "%s/titles_train.csv", dir);
    if (read_titles(path, L7, 7, &tr)) skip();
    snprintf(path, sizeof path, "%s/titles_dev.csv", dir);
    assert_int_equal(read_titles(path, L7, 7, &dv), 0);
    assert_true(tr.n > 6000 && dv.n > 1800);
    gw_clf_params p;
    gw_clf_default_params(&p);
    gw_clf *m = NULL;
    assert_int_equal(gw_clf_train(&p, L7, 7, (const char *const *)tr.texts, tr.y, tr.n, &m), GW_OK);
    gw_clf_bin raw[10], cal[10];
    double ece_raw = gw_clf_reliability(m, (const char *const *)dv.texts, dv.y, dv.n, raw, 10);
    assert_int_equal(gw_clf_calibrate(m, (const char *const *)dv.texts, dv.y, dv.n), GW_OK);
    double ece = gw_clf_reliability(m, (const char *const *)dv.texts, dv.y, dv.n, cal, 10);
    printf("dev ECE before %.4f, after %.4f (T = %.3f)\n", ece_raw, ece, gw_clf_temperature(m));
    assert_true(ece <= ece_raw + 1e-9);
    assert_true(ece < 0.05); /* reliable: confidence within 5 points of accuracy on average */
    size_t n = 0;
    for (int b = 0; b < 10; b++) n += cal[b].n;
    assert_int_equal(n, dv.n);
    gw_clf_free(m);
    rows_free(&tr);
    rows_free(&dv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_softmax_loss_by_hand),   cmocka_unit_test(test_hash_stable),
        cmocka_unit_test(test_learns_and_explains),    cmocka_unit_test(test_deterministic_for_a_seed),
        cmocka_unit_test(test_save_load_round_trip),   cmocka_unit_test(test_corrupt_model_refused),
        cmocka_unit_test(test_bad_training_input),     cmocka_unit_test(test_calibration_on_dev),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
