/* ops/classify_cli.c — `gridwork train` and `gridwork classify-eval` (see classify_cli.h). */
#include "ops/classify_cli.h"
#include "core/sheet.h"
#include "insight/classify.h"
#include "ops/classify_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
    "usage: gridwork train --csv FILE --text-col C --label-col L [--dev FILE] [--out MODEL] [--seed N]\n"
    "                      [--hash-bits B] [--ngrams MIN-MAX] [--epochs E] [--lr X] [--l2 X]\n"
    "                      [--db URL [--activate]]\n"
    "       gridwork train --from-tickets --db URL [--activate] [--seed N] [--hash-bits B] ...\n"
    "       gridwork classify-eval --csv FILE [--text-col C] [--label-col L] (--model MODEL | --db URL)\n";

/* Training data is read whole: up to 512 MiB, 2 million rows, 64 KiB a message. */
static const gw_sheet_limits DATA_LIMITS = { 512u << 20, 512u << 20, 2000001, 64, 64u << 10 };

typedef struct {
    gw_sheet *sheet;
    const char **texts;
    uint16_t *y;
    size_t n;
    const char **labels; /* distinct, sorted (when the data names them) */
    size_t nl;
} dataset;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(max + 1);
    *len = buf ? fread(buf, 1, max + 1, f) : 0;
    fclose(f);
    return buf;
}

static int column(const gw_sheet *s, const char *name, size_t dflt)
{
    if (!name) return (int)dflt;
    for (size_t c = 0; c < gw_sheet_cols(s, 0); c++)
        if (!strcmp(gw_sheet_cell(s, 0, c), name)) return (int)c;
    return -1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* Labels: the model's (when given) or the data's distinct ones, sorted. Rows whose label the model does not
 * know get y = 0xFFFF. */
static int index_labels(dataset *d, const char **lab, const gw_clf *m)
{
    if (m) {
        d->nl = gw_clf_nlabels(m);
        for (size_t i = 0; i < d->n; i++) {
            int k = gw_clf_label_index(m, lab[i]);
            d->y[i] = k < 0 ? 0xFFFF : (uint16_t)k;
        }
        return 0;
    }
    d->labels = malloc(d->n * sizeof *d->labels);
    if (!d->labels) return -1;
    memcpy(d->labels, lab, d->n * sizeof *lab);
    qsort(d->labels, d->n, sizeof *lab, cmp_str);
    for (size_t i = 0; i < d->n; i++)
        if (!d->nl || strcmp(d->labels[d->nl - 1], d->labels[i])) d->labels[d->nl++] = d->labels[i];
    if (d->nl > GW_CLF_MAX_LABELS) return -1;
    for (size_t i = 0; i < d->n; i++) {
        const char **hit = bsearch(&lab[i], d->labels, d->nl, sizeof *lab, cmp_str);
        d->y[i] = (uint16_t)(hit - d->labels);
    }
    return 0;
}

static void data_free(dataset *d)
{
    gw_sheet_free(d->sheet);
    free(d->texts);
    free(d->y);
    free(d->labels);
    memset(d, 0, sizeof *d);
}

/* Read a CSV's text and label columns (by header name; text defaults to the first column, label to
 * "label"). Rows with an empty text or label are skipped. */
static int data_read(const char *file, const char *tcol, const char *lcol, const gw_clf *m, dataset *d)
{
    memset(d, 0, sizeof *d);
    size_t len = 0;
    char msg[256] = "";
    char *buf = slurp(file, DATA_LIMITS.max_bytes, &len);
    if (!buf) { fprintf(stderr, "gridwork: cannot read %s\n", file); return -1; }
    gw_err e = gw_sheet_read(buf, len, &DATA_LIMITS, &d->sheet, msg, sizeof msg);
    free(buf);
    if (e) { fprintf(stderr, "gridwork: %s: %s\n", file, msg); return -1; }
    size_t rows = gw_sheet_rows(d->sheet);
    int tc = rows ? column(d->sheet, tcol, 0) : -1, lc = rows ? column(d->sheet, lcol ? lcol : "label", 0) : -1;
    if (tc < 0 || lc < 0) { fprintf(stderr, "gridwork: %s: no such column\n", file); data_free(d); return -1; }
    const char **lab = malloc(rows * sizeof *lab);
    d->texts = malloc(rows * sizeof *d->texts);
    d->y = malloc(rows * sizeof *d->y);
    if (!lab || !d->texts || !d->y) { free(lab); data_free(d); return -1; }
    for (size_t r = 1; r < rows; r++) {
        const char *t = gw_sheet_cell(d->sheet, r, (size_t)tc), *l = gw_sheet_cell(d->sheet, r, (size_t)lc);
        if (!*t || !*l) continue;
        d->texts[d->n] = t;
        lab[d->n++] = l;
    }
    int rc = d->n ? index_labels(d, lab, m) : -1;
    free(lab);
    if (rc) { fprintf(stderr, "gridwork: %s: no rows, or more than %d labels\n", file, GW_CLF_MAX_LABELS); data_free(d); }
    return rc;
}

static void print_reliability(const gw_clf *m, const dataset *d)
{
    gw_clf_bin bins[10];
    double ece = gw_clf_reliability(m, d->texts, d->y, d->n, bins, 10);
    printf("calibration: temperature %.3f, expected calibration error %.4f\n", gw_clf_temperature(m), ece);
    printf("  confidence  n      mean conf  accuracy\n");
    for (int b = 0; b < 10; b++)
        if (bins[b].n) printf("  %.1f-%.1f     %-6zu %.3f      %.3f\n", b / 10.0, (b + 1) / 10.0, bins[b].n,
                              bins[b].conf, bins[b].acc);
}

/* The confusion matrix of m on d (rows: truth, columns: prediction); returns the seconds per message. */
static double confusion(const gw_clf *m, const dataset *d, size_t *cm)
{
    size_t nl = gw_clf_nlabels(m);
    double p[GW_CLF_MAX_LABELS], t0 = now_s();
    for (size_t i = 0; i < d->n; i++) {
        size_t top = 0;
        if (gw_clf_predict(m, d->texts[i], p) == GW_OK) gw_clf_top(p, nl, &top, 1);
        if (d->y[i] < nl) cm[d->y[i] * nl + top]++;
    }
    return (now_s() - t0) / (double)d->n;
}

static void print_eval(const gw_clf *m, const dataset *d)
{
    size_t nl = gw_clf_nlabels(m), correct = 0, known = 0;
    size_t *cm = calloc(nl * nl, sizeof *cm);
    if (!cm) return;
    double per = confusion(m, d, cm), f1sum = 0;
    printf("%-24s %9s %9s %9s %7s\n", "class", "precision", "recall", "F1", "n");
    for (size_t c = 0; c < nl; c++) {
        size_t tp = cm[c * nl + c], row = 0, col = 0;
        for (size_t k = 0; k < nl; k++) row += cm[c * nl + k], col += cm[k * nl + c];
        double pr = col ? (double)tp / (double)col : 0, rc = row ? (double)tp / (double)row : 0;
        double f1 = pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
        f1sum += f1;
        correct += tp;
        known += row;
        printf("%-24s %9.4f %9.4f %9.4f %7zu\n", gw_clf_label(m, c), pr, rc, f1, row);
    }
    printf("confusion (rows: truth, columns: predicted, in the order above):\n");
    for (size_t c = 0; c < nl; c++) {
        for (size_t k = 0; k < nl; k++) printf("%6zu", cm[c * nl + k]);
        printf("\n");
    }
    printf("messages %zu (labels the model does not know: %zu)\n", d->n, d->n - known);
    printf("accuracy %.4f\nmacro-F1 %.4f\n", (double)correct / (double)d->n, f1sum / (double)nl);
    printf("prediction %.1f us per message\n", per * 1e6);
    print_reliability(m, d);
    free(cm);
}

static int parse_params(int argc, char **argv, gw_clf_params *p)
{
    for (int i = 0; i + 1 < argc; i++) {
        const char *v = argv[i + 1];
        if (!strcmp(argv[i], "--seed")) p->seed = strtoull(v, NULL, 10);
        else if (!strcmp(argv[i], "--hash-bits")) p->hash_bits = (unsigned)atoi(v);
        else if (!strcmp(argv[i], "--epochs")) p->epochs = (unsigned)atoi(v);
        else if (!strcmp(argv[i], "--lr")) p->lr = atof(v);
        else if (!strcmp(argv[i], "--l2")) p->l2 = atof(v);
        else if (!strcmp(argv[i], "--words")) p->words = atoi(v);
        else if (!strcmp(argv[i], "--ngrams") && sscanf(v, "%u-%u", &p->min_n, &p->max_n) != 2) return -1;
    }
    return 0;
}

static const char *opt(int argc, char **argv, const char *name)
{
    for (int i = 0; i + 1 < argc; i++)
        if (!strcmp(argv[i], name)) return argv[i + 1];
    return NULL;
}

static int write_model(const gw_clf *m, const char *out)
{
    size_t len = gw_clf_saved_size(m);
    unsigned char *buf = malloc(len);
    FILE *f = buf ? fopen(out, "wb") : NULL;
    int ok = f && gw_clf_save(m, buf, len) == GW_OK && fwrite(buf, 1, len, f) == len;
    if (f && fclose(f)) ok = 0;
    free(buf);
    if (!ok) fprintf(stderr, "gridwork: cannot write %s\n", out);
    return ok ? 0 : 1;
}

static int has(int argc, char **argv, const char *flag)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], flag)) return 1;
    return 0;
}

static gw_store *open_db(const char *url)
{
    gw_store *s = NULL;
    gw_err e = gw_store_open(url, 1, &s);
    if (e) fprintf(stderr, "gridwork: cannot open database %s: %s\n", url, gw_err_name(e));
    return e ? NULL : s;
}

static int store_model(const char *db, const gw_clf *m, gw_model_row *meta, int activate)
{
    gw_store *s = open_db(db);
    if (!s) return 1;
    gw_err e = gw_classify_store_model(s, m, meta, activate);
    gw_store_close(s);
    gw_classify_stop();
    if (e) { fprintf(stderr, "gridwork: could not store the model: %s\n", gw_err_name(e)); return 1; }
    printf("stored model %lld%s\n", (long long)meta->id, activate ? ", active" : "");
    return 0;
}

/* Models from tickets are smaller by default: many categories share the hash space. */
static int train_tickets(int argc, char **argv, gw_clf_params *p)
{
    const char *db = opt(argc, argv, "--db");
    p->hash_bits = 16;
    if (!db || parse_params(argc, argv, p)) { fputs(USAGE, stderr); return 2; }
    gw_store *s = open_db(db);
    if (!s) return 1;
    gw_model_row meta = { 0 };
    char msg[200] = "";
    gw_err e = gw_classify_train_tickets(s, p, has(argc, argv, "--activate"), &meta, msg, sizeof msg);
    gw_store_close(s);
    gw_classify_stop();
    if (e) { fprintf(stderr, "gridwork: %s\n", msg[0] ? msg : gw_err_name(e)); return 1; }
    printf("stored model %lld: %lld closed tickets, %lld categories; dev (%lld): accuracy %.4f, macro-F1 %.4f%s\n",
           (long long)meta.id, (long long)meta.examples, (long long)meta.labels, (long long)meta.dev_examples,
           meta.dev_accuracy, meta.dev_macro_f1, has(argc, argv, "--activate") ? ", active" : "");
    return 0;
}

/* Train on a CSV, calibrate on --dev (when given), print the dev figures, write --out. */
static int cmd_train(int argc, char **argv)
{
    const char *csv = opt(argc, argv, "--csv"), *out = opt(argc, argv, "--out"), *dev = opt(argc, argv, "--dev");
    const char *tcol = opt(argc, argv, "--text-col"), *lcol = opt(argc, argv, "--label-col");
    gw_clf_params p;
    gw_clf_default_params(&p);
    if (has(argc, argv, "--from-tickets")) return train_tickets(argc, argv, &p);
    if (!csv || !tcol || !lcol || parse_params(argc, argv, &p)) { fputs(USAGE, stderr); return 2; }
    dataset d, dv;
    if (data_read(csv, tcol, lcol, NULL, &d)) return 1;
    gw_clf *m = NULL;
    double t0 = now_s();
    gw_err e = gw_clf_train(&p, d.labels, d.nl, d.texts, d.y, d.n, &m);
    printf("trained on %zu messages, %zu classes in %.2f s\n", d.n, d.nl, now_s() - t0);
    size_t ntrain = d.n;
    data_free(&d);
    if (e) { fprintf(stderr, "gridwork: training failed: %s\n", gw_err_name(e)); return 1; }
    int rc = 0;
    gw_model_row meta = { .baseline_macro_f1 = -1, .examples = (int64_t)ntrain, .labels = (int64_t)gw_clf_nlabels(m), .dev_accuracy = -1,
                          .dev_macro_f1 = -1 };
    if (dev && !(rc = data_read(dev, tcol, lcol, m, &dv) ? 1 : 0)) {
        if (gw_clf_calibrate(m, dv.texts, dv.y, dv.n) == GW_OK) print_eval(m, &dv);
        gw_classify_measure(m, dv.texts, dv.y, dv.n, &meta.dev_accuracy, &meta.dev_macro_f1);
        meta.dev_examples = (int64_t)dv.n;
        data_free(&dv);
    }
    if (!rc && out) rc = write_model(m, out);
    if (!rc && opt(argc, argv, "--db")) {
        const char *base = strrchr(csv, '/');
        snprintf(meta.source, sizeof meta.source, "%s", base ? base + 1 : csv);
        rc = store_model(opt(argc, argv, "--db"), m, &meta, has(argc, argv, "--activate"));
    }
    gw_clf_free(m);
    return rc;
}

static gw_clf *read_model(const char *path)
{
    size_t len = 0;
    char *buf = slurp(path, (size_t)1 << 30, &len);
    gw_clf *m = NULL;
    if (buf && gw_clf_load((const unsigned char *)buf, len, &m) != GW_OK) m = NULL;
    free(buf);
    if (!m) fprintf(stderr, "gridwork: %s is not a model this binary can read\n", path);
    return m;
}

/* The database's active model. */
static gw_clf *db_model(const char *url)
{
    gw_store *s = open_db(url);
    if (!s) return NULL;
    gw_db *db = gw_store_read_begin(s);
    int64_t id = 0;
    unsigned char *blob = NULL;
    size_t len = 0;
    gw_clf *m = NULL;
    if (db && !gw_store_model_active_id(db, &id) && id && !gw_store_model_blob(db, id, &blob, &len) &&
        gw_clf_load(blob, len, &m))
        m = NULL;
    if (db) gw_store_read_end(s, db);
    gw_store_close(s);
    free(blob);
    if (!m) fprintf(stderr, "gridwork: %s has no usable active model\n", url);
    return m;
}

static int cmd_eval(int argc, char **argv)
{
    const char *csv = opt(argc, argv, "--csv"), *model = opt(argc, argv, "--model"), *db = opt(argc, argv, "--db");
    if (!csv || (!model == !db)) { fputs(USAGE, stderr); return 2; }
    gw_clf *m = model ? read_model(model) : db_model(db);
    if (!m) return 1;
    dataset d;
    int rc = data_read(csv, opt(argc, argv, "--text-col"), opt(argc, argv, "--label-col"), m, &d) ? 1 : 0;
    if (!rc) print_eval(m, &d);
    data_free(&d);
    gw_clf_free(m);
    return rc;
}

int gw_classify_cli(const char *cmd, int argc, char **argv)
{
    if (!strcmp(cmd, "train")) return cmd_train(argc, argv);
    if (!strcmp(cmd, "classify-eval")) return cmd_eval(argc, argv);
    fputs(USAGE, stderr);
    return 2;
}
