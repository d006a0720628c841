/* core/sheet.c — CSV and .xlsx readers for imports (see sheet.h). The .xlsx half reads three parts
 * through libzip (the workbook and its relations, to find the first sheet; the shared strings; the
 * sheet) and parses each with expat as it is inflated, counting the bytes it produces. */
#include "core/sheet.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

const gw_sheet_limits gw_sheet_default_limits = { 8u << 20, 64u << 20, 20001, 32, 1024 };

typedef struct {
    size_t n;
    char **cells;
} sheet_row;

struct gw_sheet {
    sheet_row *rows;
    size_t nrows, cap;
    const gw_sheet_limits *lim;
};

size_t gw_sheet_rows(const gw_sheet *s) { return s ? s->nrows : 0; }
size_t gw_sheet_cols(const gw_sheet *s, size_t r) { return s && r < s->nrows ? s->rows[r].n : 0; }
const char *gw_sheet_cell(const gw_sheet *s, size_t r, size_t c)
{
    if (!s || r >= s->nrows || c >= s->rows[r].n || !s->rows[r].cells[c]) return "";
    return s->rows[r].cells[c];
}

void gw_sheet_free(gw_sheet *s)
{
    if (!s) return;
    for (size_t r = 0; r < s->nrows; r++) {
        for (size_t c = 0; c < s->rows[r].n; c++) free(s->rows[r].cells[c]);
        free(s->rows[r].cells);
    }
    free(s->rows);
    free(s);
}

static int utf8_valid(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        size_t more = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
        if (more == 9 || (more == 1 && c < 0xC2) || i + more >= n + (more ? 0 : 1)) return 0;
        for (size_t k = 1; k <= more; k++)
            if ((p[i + k] & 0xC0) != 0x80) return 0;
        i += more + 1;
    }
    return 1;
}

/* Put text[0..len) at (r, c). GW_E_TOO_LARGE past a limit (msg says which), GW_E_INVALID for bad UTF-8. */
static gw_err put_cell(gw_sheet *s, size_t r, size_t c, const char *text, size_t len, char *msg, size_t msgn)
{
    if (r >= s->lim->max_rows) { snprintf(msg, msgn, "more than %zu rows", s->lim->max_rows); return GW_E_TOO_LARGE; }
    if (c >= s->lim->max_cols) { snprintf(msg, msgn, "row %zu: more than %zu columns", r + 1, s->lim->max_cols); return GW_E_TOO_LARGE; }
    if (len > s->lim->max_cell) { snprintf(msg, msgn, "row %zu: a cell is longer than %zu bytes", r + 1, s->lim->max_cell); return GW_E_TOO_LARGE; }
    if (!utf8_valid((const unsigned char *)text, len)) { snprintf(msg, msgn, "row %zu: the text is not UTF-8", r + 1); return GW_E_INVALID; }
    if (r >= s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        while (cap <= r) cap *= 2;
        sheet_row *nr = realloc(s->rows, cap * sizeof *nr);
        if (!nr) return GW_E_NOMEM;
        memset(nr + s->cap, 0, (cap - s->cap) * sizeof *nr);
        s->rows = nr;
        s->cap = cap;
    }
    if (r >= s->nrows) s->nrows = r + 1;
    sheet_row *row = &s->rows[r];
    if (c >= row->n) {
        char **nc = realloc(row->cells, (c + 1) * sizeof *nc);
        if (!nc) return GW_E_NOMEM;
        memset(nc + row->n, 0, (c + 1 - row->n) * sizeof *nc);
        row->cells = nc;
        row->n = c + 1;
    }
    char *t = malloc(len + 1);
    if (!t) return GW_E_NOMEM;
    memcpy(t, text, len);
    t[len] = 0;
    free(row->cells[c]);
    row->cells[c] = t;
    return GW_OK;
}

/* ---- CSV (RFC 4180) ------------------------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, cap;
} cellbuf;

static int cb_add(cellbuf *b, char ch, size_t max)
{
    if (b->len >= max + 1) return 0; /* over the limit: put_cell reports it */
    if (b->len + 1 >= b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char *n = realloc(b->buf, cap);
        if (!n) return -1;
        b->buf = n;
        b->cap = cap;
    }
    b->buf[b->len++] = ch;
    return 0;
}

static gw_err read_csv(gw_sheet *s, const char *d, size_t n, char *msg, size_t msgn)
{
    size_t i = n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3) ? 3 : 0, r = 0, c = 0;
    cellbuf b = { 0 };
    gw_err e = GW_OK;
    while (!e && i < n) {
        b.len = 0;
        int quoted = d[i] == '"', closed = 0;
        if (quoted) i++;
        for (; i < n; i++) {
            char ch = d[i];
            if (quoted && !closed) {
                if (ch == '"' && i + 1 < n && d[i + 1] == '"') { i++; }
                else if (ch == '"') { closed = 1; continue; }
            } else if (ch == ',' || ch == '\n' || ch == '\r') {
                break;
            } else if (quoted || ch == '"') {
                snprintf(msg, msgn, "row %zu: a quote inside an unquoted field, or text after a closing quote", r + 1);
                e = GW_E_INVALID;
                break;
            }
            if (cb_add(&b, ch, s->lim->max_cell)) { e = GW_E_NOMEM; break; }
        }
        if (!e && quoted && !closed) { snprintf(msg, msgn, "row %zu: a quoted field is not closed", r + 1); e = GW_E_INVALID; }
        if (!e) e = put_cell(s, r, c, b.buf ? b.buf : "", b.len, msg, msgn);
        if (e || i >= n) break;
        if (d[i] == ',') { i++; c++; if (i == n) e = put_cell(s, r, c, "", 0, msg, msgn); continue; }
        if (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n') i++;
        i++;
        r++;
        c = 0;
    }
    free(b.buf);
    return e;
}

/* ---- .xlsx ---------------------------------------------------------------------------------- */

typedef struct {
    gw_sheet *s;
    char **shared;             /* shared strings */
    size_t nshared, capshared;
    cellbuf text;              /* character data being collected */
    int collect, in_si, in_rph, in_cell, cell_type; /* cell_type: 's' shared, 'i' inline, 'b', 'n' */
    size_t row, col, next_row;
    char sheet_target[256], first_rid[64];
    gw_err err;
    char *msg;
    size_t msgn;
} xlsx;

static const char *attr(const XML_Char **a, const char *name)
{
    for (; a && *a; a += 2)
        if (!strcmp(a[0], name)) return a[1];
    return NULL;
}

static void fail(xlsx *x, gw_err e, const char *m)
{
    if (x->err) return;
    x->err = e;
    snprintf(x->msg, x->msgn, "%s", m);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    xlsx *x = ud;
    if (!x->collect || x->in_rph) return;
    for (int i = 0; i < len && !x->err; i++)
        if (cb_add(&x->text, s[i], x->s->lim->max_cell) < 0) fail(x, GW_E_NOMEM, "out of memory");
}

/* "BC12" -> column 54 (0-based); -1 when there are no letters. */
static long col_of(const char *ref)
{
    long c = 0;
    int k = 0;
    for (; ref[k] >= 'A' && ref[k] <= 'Z' && k < 4; k++) c = c * 26 + (ref[k] - 'A' + 1);
    return k ? c - 1 : -1;
}

static void XMLCALL wb_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xlsx *x = ud;
    if (!strcmp(el, "sheet") && !x->first_rid[0]) {
        const char *id = attr(a, "r:id");
        if (id) snprintf(x->first_rid, sizeof x->first_rid, "%s", id);
    } else if (!strcmp(el, "Relationship")) {
        const char *id = attr(a, "Id"), *target = attr(a, "Target");
        if (id && target && !strcmp(id, x->first_rid) && !x->sheet_target[0])
            snprintf(x->sheet_target, sizeof x->sheet_target, "%s", target);
    }
}

static void XMLCALL ss_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xlsx *x = ud;
    if (!strcmp(el, "si")) { x->in_si = 1; x->text.len = 0; }
    else if (!strcmp(el, "rPh")) x->in_rph = 1;
    else if (!strcmp(el, "t") && x->in_si) x->collect = 1;
}

static void XMLCALL ss_end(void *ud, const XML_Char *el)
{
    xlsx *x = ud;
    if (!strcmp(el, "t")) x->collect = 0;
    else if (!strcmp(el, "rPh")) x->in_rph = 0;
    else if (!strcmp(el, "si") && !x->err) {
        x->in_si = 0;
        if (x->nshared >= 4 * x->s->lim->max_rows * x->s->lim->max_cols) { fail(x, GW_E_TOO_LARGE, "too many shared strings"); return; }
        if (x->nshared == x->capshared) {
            size_t cap = x->capshared ? x->capshared * 2 : 256;
            char **n = realloc(x->shared, cap * sizeof *n);
            if (!n) { fail(x, GW_E_NOMEM, "out of memory"); return; }
            x->shared = n;
            x->capshared = cap;
        }
        char *t = malloc(x->text.len + 1);
        if (!t) { fail(x, GW_E_NOMEM, "out of memory"); return; }
        memcpy(t, x->text.buf ? x->text.buf : "", x->text.len);
        t[x->text.len] = 0;
        x->shared[x->nshared++] = t;
    }
}

static void XMLCALL sh_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xlsx *x = ud;
    if (!strcmp(el, "row")) {
        const char *r = attr(a, "r");
        long n = r ? atol(r) : 0;
        x->row = n > 0 ? (size_t)n - 1 : x->next_row;
        x->next_row = x->row + 1;
        x->col = 0;
    } else if (!strcmp(el, "c")) {
        const char *ref = attr(a, "r"), *t = attr(a, "t");
        long c = ref ? col_of(ref) : -1;
        if (c >= 0) x->col = (size_t)c;
        x->cell_type = !t ? 'n' : !strcmp(t, "s") ? 's' : !strcmp(t, "inlineStr") ? 'i' : 'n';
        x->in_cell = 1;
        x->text.len = 0;
    } else if (x->in_cell && (!strcmp(el, "v") || !strcmp(el, "t"))) {
        x->collect = 1;
    } else if (!strcmp(el, "rPh")) {
        x->in_rph = 1;
    }
}

static void XMLCALL sh_end(void *ud, const XML_Char *el)
{
    xlsx *x = ud;
    if (!strcmp(el, "v") || !strcmp(el, "t")) { x->collect = 0; return; }
    if (!strcmp(el, "rPh")) { x->in_rph = 0; return; }
    if (strcmp(el, "c") || x->err) return;
    x->in_cell = 0;
    const char *val = x->text.buf ? x->text.buf : "";
    size_t len = x->text.len;
    if (x->cell_type == 's') {
        char tmp[24];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(len < 20 ? len : 20), val);
        char *end;
        unsigned long k = strtoul(tmp, &end, 10);
        if (!len || *end || k >= x->nshared) { fail(x, GW_E_INVALID, "a cell names a shared string that is not there"); return; }
        val = x->shared[k];
        len = strlen(val);
    }
    if (len) {
        gw_err e = put_cell(x->s, x->row, x->col, val, len, x->msg, x->msgn);
        if (e) x->err = e;
    }
    x->col++;
}

/* Inflate the zip entry `name` into an expat parser with the given handlers; a missing entry is
 * GW_E_NOT_FOUND (msg untouched). *budget is what may still be inflated. */
static gw_err parse_part(zip_t *z, const char *name, xlsx *x, XML_StartElementHandler st, XML_EndElementHandler en,
                         size_t *budget)
{
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat(z, name, 0, &zs) != 0) return GW_E_NOT_FOUND;
    if ((zs.valid & ZIP_STAT_SIZE) && zs.size > *budget) { fail(x, GW_E_TOO_LARGE, "the workbook unpacks to more than the limit"); return x->err; }
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f) { fail(x, GW_E_INVALID, "the workbook is damaged"); return x->err; }
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) { zip_fclose(f); return GW_E_NOMEM; }
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, st, en);
    XML_SetCharacterDataHandler(p, on_text);
    char buf[16384];
    zip_int64_t got;
    while (!x->err && (got = zip_fread(f, buf, sizeof buf)) > 0) {
        if ((size_t)got > *budget) { fail(x, GW_E_TOO_LARGE, "the workbook unpacks to more than the limit"); break; }
        *budget -= (size_t)got;
        if (XML_Parse(p, buf, (int)got, 0) != XML_STATUS_OK) fail(x, GW_E_INVALID, "the workbook's XML is not well formed");
    }
    if (!x->err && got < 0) fail(x, GW_E_INVALID, "the workbook is damaged");
    if (!x->err && XML_Parse(p, buf, 0, 1) != XML_STATUS_OK) fail(x, GW_E_INVALID, "the workbook's XML is not well formed");
    XML_ParserFree(p);
    zip_fclose(f);
    return x->err;
}

static gw_err read_xlsx(gw_sheet *s, const char *d, size_t n, char *msg, size_t msgn)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(d, n, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    zip_error_fini(&ze);
    if (!z) {
        if (src) zip_source_free(src);
        snprintf(msg, msgn, "the file is not a readable .xlsx workbook");
        return GW_E_INVALID;
    }
    xlsx x;
    memset(&x, 0, sizeof x);
    x.s = s;
    x.msg = msg;
    x.msgn = msgn;
    size_t budget = s->lim->max_unzipped;
    char path[300] = "xl/worksheets/sheet1.xml";
    if (parse_part(z, "xl/workbook.xml", &x, wb_start, NULL, &budget) == GW_OK &&
        parse_part(z, "xl/_rels/workbook.xml.rels", &x, wb_start, NULL, &budget) == GW_OK && x.sheet_target[0]) {
        const char *t = x.sheet_target;
        if (t[0] == '/') snprintf(path, sizeof path, "%.250s", t + 1);
        else snprintf(path, sizeof path, "xl/%.250s", t);
    }
    gw_err e = x.err;
    if (!e && parse_part(z, "xl/sharedStrings.xml", &x, ss_start, ss_end, &budget) == GW_E_NOT_FOUND) e = GW_OK;
    if (!e) e = x.err;
    x.text.len = 0;
    if (!e && (e = parse_part(z, path, &x, sh_start, sh_end, &budget)) == GW_E_NOT_FOUND) {
        snprintf(msg, msgn, "the workbook has no worksheet");
        e = GW_E_INVALID;
    }
    for (size_t i = 0; i < x.nshared; i++) free(x.shared[i]);
    free(x.shared);
    free(x.text.buf);
    zip_discard(z);
    return e;
}

gw_err gw_sheet_read(const char *data, size_t len, const gw_sheet_limits *lim, gw_sheet **out, char *msg,
                     size_t msgn)
{
    *out = NULL;
    if (!lim) lim = &gw_sheet_default_limits;
    if (len > lim->max_bytes) {
        snprintf(msg, msgn, "the file is larger than %zu bytes", lim->max_bytes);
        return GW_E_TOO_LARGE;
    }
    gw_sheet *s = calloc(1, sizeof *s);
    if (!s) return GW_E_NOMEM;
    s->lim = lim;
    gw_err e = len >= 4 && !memcmp(data, "PK\x03\x04", 4) ? read_xlsx(s, data, len, msg, msgn)
                                                          : read_csv(s, data, len, msg, msgn);
    if (e) { gw_sheet_free(s); return e; }
    *out = s;
    return GW_OK;
}
