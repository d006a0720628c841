/* demo/demo_classify.c — the demo's classifier model (see demo_classify.h). */
#include "demo/demo_classify.h"
#include "demo/demo_city.h"
#include "ops/classify_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_TEXT 12 /* reports generated from each of the demo's texts */
#define PER_NAME 8  /* and from templates naming each category */

/* How residents name a problem besides the demo's texts: %s is the category's name. */
static const char *const templates[] = {
    "%s坏了，一直没人修", "反映一下%s的问题", "%s有问题需要处理", "发现%s存在隐患",
    "%s出了状况，麻烦派人来看看", "投诉%s问题，多次反映未解决",
};
static const char *const spots[] = { "门口", "附近", "对面", "路口", "东侧", "小区北门旁" };
static const char *const endings[] = { "。", "，请尽快处理。", "，影响居民出行。", "，存在安全隐患。", "！", "" };

static uint32_t next(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

#define PICK_ONE(x, a) ((a)[next(x) % (sizeof(a) / sizeof((a)[0]))])

typedef struct {
    char **texts;
    uint16_t *y;
    size_t n, cap;
} corpus;

static int add(corpus *c, uint32_t *x, const char *what, uint16_t label)
{
    if (c->n == c->cap) return -1;
    char buf[512];
    int street = (int)(next(x) % N_STREETS);
    const char *road = roads[street][next(x) % 4];
    if (next(x) % 2)
        snprintf(buf, sizeof buf, "%s%u号%s%s%s", road, (unsigned)(next(x) % 399 + 1), PICK_ONE(x, spots), what,
                 PICK_ONE(x, endings));
    else
        snprintf(buf, sizeof buf, "%s%s%s%s", street_names[street], road, what, PICK_ONE(x, endings));
    if (!(c->texts[c->n] = strdup(buf))) return -1;
    c->y[c->n++] = label;
    return 0;
}

/* The subclasses with texts become the labels (their codes); every report of them into c. */
static int generate(corpus *c, uint32_t *x, const char **labels, size_t *nl)
{
    *nl = 0;
    for (int k = 0; k < demo_n_cats; k++) {
        const char *code, *t;
        int has = 0;
        for (int i = 0; (t = demo_text_at(i, &code)); i++) has |= !strcmp(code, demo_cats[k].code);
        if (!has || *nl >= GW_CLF_MAX_LABELS) continue;
        uint16_t label = (uint16_t)(*nl);
        labels[(*nl)++] = demo_cats[k].code;
        for (int i = 0; (t = demo_text_at(i, &code)); i++)
            for (int j = 0; j < PER_TEXT && !strcmp(code, demo_cats[k].code); j++)
                if (add(c, x, t, label)) return -1;
        for (int j = 0; j < PER_NAME; j++) {
            char what[256];
            snprintf(what, sizeof what, PICK_ONE(x, templates), demo_cats[k].name);
            if (add(c, x, what, label)) return -1;
        }
    }
    return 0;
}

static gw_err train(gw_store *s, corpus *c, const char **labels, size_t nl, uint32_t seed)
{
    /* every fifth report held out for calibration and the model's dev figures */
    size_t ntr = 0, ndv = 0;
    const char **tr = malloc(c->n * sizeof *tr), **dv = malloc(c->n * sizeof *dv);
    uint16_t *ytr = malloc(c->n * sizeof *ytr), *ydv = malloc(c->n * sizeof *ydv);
    gw_err e = tr && dv && ytr && ydv ? GW_OK : GW_E_NOMEM;
    for (size_t i = 0; !e && i < c->n; i++) {
        if (i % 5 == 4) dv[ndv] = c->texts[i], ydv[ndv++] = c->y[i];
        else tr[ntr] = c->texts[i], ytr[ntr++] = c->y[i];
    }
    gw_clf_params p;
    gw_clf_default_params(&p);
    p.hash_bits = 15; /* 64 categories x 32768 buckets x 4 bytes: an 8 MiB model */
    p.seed = seed;
    gw_clf *m = NULL;
    if (!e) e = gw_clf_train(&p, labels, nl, tr, ytr, ntr, &m);
    if (!e) e = gw_clf_calibrate(m, dv, ydv, ndv);
    if (!e) {
        gw_model_row meta = { .baseline_macro_f1 = -1, .examples = (int64_t)ntr, .labels = (int64_t)nl, .dev_examples = (int64_t)ndv };
        snprintf(meta.source, sizeof meta.source, "demo");
        gw_classify_measure(m, dv, ydv, ndv, &meta.dev_accuracy, &meta.dev_macro_f1);
        e = gw_classify_store_model(s, m, &meta, 1);
    }
    gw_clf_free(m);
    free(tr), free(dv), free(ytr), free(ydv);
    return e;
}

gw_err gw_demo_classifier_load(gw_store *s, uint32_t seed)
{
    const char *code, *labels[GW_CLF_MAX_LABELS];
    size_t ntexts = 0, nl = 0;
    while (demo_text_at((int)ntexts, &code)) ntexts++;
    corpus c = { 0 };
    c.cap = ntexts * PER_TEXT + (size_t)demo_n_cats * PER_NAME;
    c.texts = calloc(c.cap, sizeof *c.texts);
    c.y = calloc(c.cap, sizeof *c.y);
    uint32_t x = seed ? seed : 0x2545F491u;
    gw_err e = c.texts && c.y ? GW_OK : GW_E_NOMEM;
    if (!e && generate(&c, &x, labels, &nl)) e = GW_E_NOMEM;
    if (!e) e = train(s, &c, labels, nl, seed ? seed : 1);
    for (size_t i = 0; i < c.n; i++) free(c.texts[i]);
    free(c.texts);
    free(c.y);
    gw_classify_stop(); /* the command line does not keep it */
    return e;
}
