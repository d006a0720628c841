/* ops/place_svc.c — the gazetteer's use cases (see place_svc.h). */
#include "ops/place_svc.h"
#include "base/clock.h"
#include "base/geo.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/model_store.h"
#include "core/sheet.h"
#include "json/geojson.h"
#include "ops/place.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- search --------------------------------------------------------------------------------- */

/* The best score of nq against the place's key, name and aliases. */
static double best_score(const char *nq, const gw_place_row *p)
{
    char norm[GW_PLACE_KEY_MAX];
    double best = gw_place_score(nq, p->key);
    gw_place_normalise(p->name, norm, sizeof norm);
    double s = gw_place_score(nq, norm);
    if (s > best) best = s;
    for (const char *a = p->aliases; *a;) {
        const char *bar = strchr(a, '|');
        size_t len = bar ? (size_t)(bar - a) : strlen(a);
        char one[sizeof p->name];
        snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), a);
        gw_place_normalise(one, norm, sizeof norm);
        if ((s = gw_place_score(nq, norm)) > best) best = s;
        a += len + (bar ? 1 : 0);
    }
    return best;
}

static int by_score(const void *a, const void *b)
{
    const gw_place_hit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    int kx = x->row.kind[0] == 's' ? 0 : 1, ky = y->row.kind[0] == 's' ? 0 : 1; /* a street first on ties */
    if (kx != ky) return kx - ky;
    return x->row.id < y->row.id ? -1 : x->row.id > y->row.id;
}

gw_err gw_place_search(gw_db *db, const char *q, gw_place_hit *out, size_t limit, size_t *n)
{
    char nq[GW_PLACE_KEY_MAX], grams[GW_PLACE_GRAMS][9];
    *n = 0;
    gw_place_normalise(q, nq, sizeof nq);
    size_t ng = gw_place_bigrams(nq, grams, GW_PLACE_GRAMS);
    if (!ng) return GW_OK;
    gw_place_hit *cand = calloc(GW_PLACE_CANDIDATES, sizeof *cand);
    gw_place_row *rows = calloc(GW_PLACE_CANDIDATES, sizeof *rows);
    if (!cand || !rows) { free(cand); free(rows); return GW_E_NOMEM; }
    size_t found = 0, k = 0;
    gw_err e = gw_store_place_candidates(db, grams, ng, rows, GW_PLACE_CANDIDATES, &found);
    for (size_t i = 0; !e && i < found; i++) {
        double s = best_score(nq, &rows[i]);
        if (s < GW_PLACE_MIN_SCORE) continue;
        cand[k].row = rows[i];
        cand[k++].score = s;
    }
    free(rows);
    qsort(cand, k, sizeof *cand, by_score);
    for (size_t i = 0; i < k && i < limit; i++) out[(*n)++] = cand[i];
    free(cand);
    return e;
}

/* ---- checking and merging ------------------------------------------------------------------- */

static int has_digit(const char *s)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9') return 1;
    return 0;
}

/* A single line of 1..max characters; no '|' when bar_ok is 0 (aliases are stored joined by it). */
static gw_err check_text(const char *field, const char *s, size_t max, int bar_ok, char *msg, size_t msgn)
{
    size_t chars = gw_utf8_len(s);
    if (!chars) { snprintf(msg, msgn, "%s must not be empty", field); return GW_E_INVALID; }
    if (chars > max) { snprintf(msg, msgn, "%s is longer than %zu characters", field, max); return GW_E_INVALID; }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (!bar_ok && *p == '|')) {
            snprintf(msg, msgn, "%s must not contain control characters%s", field, bar_ok ? "" : " or '|'");
            return GW_E_INVALID;
        }
    return GW_OK;
}

static gw_err merge_text(const char *field, const char *v, size_t max, char *dst, size_t dstn, char *msg,
                         size_t msgn)
{
    if (!v) return GW_OK;
    if (*v) {
        gw_err e = check_text(field, v, max, 1, msg, msgn);
        if (e) return e;
    }
    gw_copy(dst, dstn, v);
    return GW_OK;
}

static gw_err merge_aliases(const gw_place_in *in, gw_place_row *row, char *msg, size_t msgn)
{
    if (!in->set_aliases) return GW_OK;
    if (in->n_aliases < 0 || in->n_aliases > GW_PLACE_ALIAS_MAX) {
        snprintf(msg, msgn, "aliases: at most %d", GW_PLACE_ALIAS_MAX);
        return GW_E_INVALID;
    }
    gw_buf b = { 0 };
    for (int i = 0; i < in->n_aliases; i++) {
        gw_err e = check_text("alias", in->aliases[i], GW_PLACE_NAME_MAX, 0, msg, msgn);
        if (e) { gw_buf_free(&b); return e; }
        if (i) gw_buf_puts(&b, "|");
        gw_buf_puts(&b, in->aliases[i]);
    }
    if (b.oom) return GW_E_NOMEM;
    gw_copy(row->aliases, sizeof row->aliases, b.data);
    gw_buf_free(&b);
    return GW_OK;
}

/* A house's address as written: road + number, with 号 when the number ends in a digit. */
static void house_address(const gw_place_row *row, char *addr, size_t n)
{
    char num[GW_PLACE_KEY_MAX];
    gw_place_normalise(row->number, num, sizeof num);
    size_t nl = strlen(num);
    int bare = nl && num[nl - 1] >= '0' && num[nl - 1] <= '9';
    snprintf(addr, n, "%s%s%s", row->road, row->number, bare ? "号" : "");
}

/* The key (and a house's default name) from the merged fields. */
static gw_err derive_key(gw_place_row *row, int named, char *msg, size_t msgn)
{
    char addr[sizeof row->road + sizeof row->number + 4];
    int house = !strcmp(row->kind, "house");
    if (house) {
        char num[GW_PLACE_KEY_MAX]; /* full-width digits and Chinese numerals count as digits */
        gw_place_normalise(row->number, num, sizeof num);
        if (!row->road[0] || !num[0] || !has_digit(num)) {
            snprintf(msg, msgn, "a house needs a road and a number with digits");
            return GW_E_INVALID;
        }
        house_address(row, addr, sizeof addr);
        if (!named && !row->name[0]) gw_copy(row->name, sizeof row->name, addr);
    } else if (!row->name[0]) {
        snprintf(msg, msgn, "name is required");
        return GW_E_INVALID;
    }
    gw_place_normalise(house ? addr : row->name, row->key, sizeof row->key);
    if (!row->key[0]) { snprintf(msg, msgn, "the name has nothing to search by"); return GW_E_INVALID; }
    return GW_OK;
}

gw_err gw_place_merge(const gw_place_in *in, gw_place_row *row, char *msg, size_t msgn)
{
    if (in->kind) {
        if (strcmp(in->kind, "street") && strcmp(in->kind, "house") && strcmp(in->kind, "poi")) {
            snprintf(msg, msgn, "kind must be street, house or poi");
            return GW_E_INVALID;
        }
        gw_copy(row->kind, sizeof row->kind, in->kind);
    }
    if (!row->kind[0]) { snprintf(msg, msgn, "kind is required"); return GW_E_INVALID; }
    /* a house still named after its old address is renamed with it */
    char old_addr[sizeof row->road + sizeof row->number + 4];
    house_address(row, old_addr, sizeof old_addr);
    int derived = row->id && !strcmp(row->kind, "house") && !strcmp(row->name, old_addr);
    gw_err e = merge_text("name", in->name, GW_PLACE_NAME_MAX, row->name, sizeof row->name, msg, msgn);
    if (!e) e = merge_text("road", in->road, GW_PLACE_NAME_MAX, row->road, sizeof row->road, msg, msgn);
    if (!e) e = merge_text("number", in->number, GW_PLACE_NUMBER_MAX, row->number, sizeof row->number, msg, msgn);
    if (!e) e = merge_aliases(in, row, msg, msgn);
    if (e) return e;
    if (in->has_point) {
        if (!gw_geo_valid(in->lon, in->lat)) {
            snprintf(msg, msgn, "lon must be in -180..180 and lat in -90..90");
            return GW_E_INVALID;
        }
        row->lon = in->lon;
        row->lat = in->lat;
    } else if (!row->id) {
        snprintf(msg, msgn, "lon and lat are required");
        return GW_E_INVALID;
    }
    int named = in->name && *in->name;
    if (derived && !named && (in->road || in->number)) row->name[0] = 0;
    return derive_key(row, named, msg, msgn);
}

/* ---- writes --------------------------------------------------------------------------------- */

typedef struct {
    gw_place_row row;
    int64_t now, actor;
    const char *action;
    char *detail;
} place_write;

/* The grid at the row's point (0 outside every grid). */
static gw_err locate(gw_db *tx, gw_place_row *row)
{
    gw_point pt = { row->lon, row->lat };
    gw_err e = gw_store_grid_at(tx, pt, &row->division_id);
    if (e == GW_E_NOT_FOUND) { row->division_id = 0; e = GW_OK; }
    return e;
}

static char *place_detail(const gw_place_row *p)
{
    return gw_admin_detail_of(json_pack("{s:s,s:s,s:s,s:s,s:s,s:f,s:f}", "kind", p->kind, "name", p->name, "road",
                                        p->road, "number", p->number, "aliases", p->aliases, "lon", p->lon, "lat",
                                        p->lat));
}

static gw_err op_place_save(gw_db *tx, void *arg)
{
    place_write *a = arg;
    gw_err e = locate(tx, &a->row);
    if (e) return e;
    int create = !strcmp(a->action, "place.create");
    e = create ? gw_store_place_insert(tx, &a->row, a->now) : gw_store_place_update(tx, &a->row, a->now);
    if (e) return e;
    if ((e = gw_admin_audit(tx, a->now, a->actor, a->action, "place", a->row.id, a->detail))) return e;
    return gw_store_place_get(tx, a->row.id, &a->row); /* with the grid's name */
}

static gw_err save(gw_store *s, const gw_principal *who, place_write *a, gw_place_row *out, char *msg, size_t msgn)
{
    a->now = gw_now_ms();
    a->actor = who->user_id;
    a->detail = place_detail(&a->row);
    gw_err e = gw_store_write(s, op_place_save, a);
    free(a->detail);
    if (e == GW_E_CONFLICT) snprintf(msg, msgn, "a place with this address or name already exists");
    if (!e) *out = a->row;
    return e;
}

gw_err gw_place_create(gw_store *s, const gw_principal *who, const gw_place_in *in, gw_place_row *out,
                       char *msg, size_t msgn)
{
    place_write *a = calloc(1, sizeof *a);
    if (!a) return GW_E_NOMEM;
    a->action = "place.create";
    gw_err e = gw_place_merge(in, &a->row, msg, msgn);
    if (!e) e = save(s, who, a, out, msg, msgn);
    free(a);
    return e;
}

gw_err gw_place_update(gw_store *s, const gw_principal *who, int64_t id, const gw_place_in *in,
                       gw_place_row *out, char *msg, size_t msgn)
{
    place_write *a = calloc(1, sizeof *a);
    if (!a) return GW_E_NOMEM;
    a->action = "place.update";
    gw_db *db = gw_store_read_begin(s);
    gw_err e = db ? gw_store_place_get(db, id, &a->row) : GW_E_IO;
    if (db) gw_store_read_end(s, db);
    if (!e) e = gw_place_merge(in, &a->row, msg, msgn);
    if (!e) e = save(s, who, a, out, msg, msgn); /* a place deleted meanwhile: the UPDATE says 404 */
    free(a);
    return e;
}

typedef struct {
    int64_t id, now, actor;
} place_del;

static gw_err op_place_delete(gw_db *tx, void *arg)
{
    place_del *a = arg;
    gw_err e = gw_store_place_delete(tx, a->id);
    if (!e) e = gw_admin_audit(tx, a->now, a->actor, "place.delete", "place", a->id, NULL);
    return e;
}

gw_err gw_place_delete(gw_store *s, const gw_principal *who, int64_t id)
{
    place_del a = { id, gw_now_ms(), who->user_id };
    return gw_store_write(s, op_place_delete, &a);
}

/* ---- import --------------------------------------------------------------------------------- */

enum { C_KIND, C_NAME, C_ROAD, C_NUMBER, C_LON, C_LAT, C_ALIASES, C__N };
static const char *const col_names[C__N][3] = {
    { "kind", "类型", NULL }, { "name", "名称", NULL }, { "road", "道路", "街路巷" }, { "number", "门牌号", "门牌" },
    { "lon", "经度", NULL },  { "lat", "纬度", NULL },  { "aliases", "别名", NULL },
};

typedef struct {
    const gw_sheet *sheet;
    int col[C__N];       /* sheet column of each field, -1 when absent */
    int gcj02;
    int64_t now, actor;
    size_t imported, bad_row;
    json_t *errors;
    char msg[200];
} import_job;

static const char *kind_of(const char *s)
{
    if (!strcmp(s, "街路巷") || !strcmp(s, "道路")) return "street";
    if (!strcmp(s, "门牌")) return "house";
    if (!strcmp(s, "兴趣点") || !strcmp(s, "POI")) return "poi";
    return s;
}

static int parse_coord(const char *s, double *out)
{
    char *end;
    if (!*s || strlen(s) > 32) return 0;
    *out = strtod(s, &end);
    return *end == 0;
}

/* Row r of the sheet as a gw_place_in (aliases split on ; ； 、 |, copied into buf). */
static const char *row_in(import_job *j, size_t r, gw_place_in *in, char *buf, size_t bufn)
{
    memset(in, 0, sizeof *in);
    const char *v[C__N];
    for (int c = 0; c < C__N; c++) v[c] = j->col[c] < 0 ? "" : gw_sheet_cell(j->sheet, r, (size_t)j->col[c]);
    in->kind = kind_of(v[C_KIND]);
    in->name = v[C_NAME];
    in->road = v[C_ROAD];
    in->number = v[C_NUMBER];
    if (!parse_coord(v[C_LON], &in->lon)) return "lon";
    if (!parse_coord(v[C_LAT], &in->lat)) return "lat";
    in->has_point = 1;
    if (j->gcj02) {
        gw_point p = gw_geo_gcj02_to_wgs84((gw_point){ in->lon, in->lat });
        in->lon = p.lon;
        in->lat = p.lat;
    }
    in->set_aliases = 1;
    gw_copy(buf, bufn, v[C_ALIASES]);
    for (char *p = buf; *p && in->n_aliases < GW_PLACE_ALIAS_MAX;) {
        size_t len = strcspn(p, ";|");
        char *cn = strstr(p, "；"), *dun = strstr(p, "、"), *cut = p + len;
        if (cn && cn < cut) cut = cn;
        if (dun && dun < cut) cut = dun;
        int w = *cut == ';' || *cut == '|' ? 1 : *cut ? 3 : 0;
        if (cut > p) in->aliases[in->n_aliases++] = p;
        if (w) *cut = 0;
        p = cut + w;
        if (!w) break;
    }
    return NULL;
}

static void row_error(import_job *j, size_t r, const char *column, const char *message)
{
    if (json_array_size(j->errors) < GW_PLACE_IMPORT_ERRORS)
        json_array_append_new(j->errors, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)(r + 1), "column", column,
                                                   "message", message));
}

/* Check row r into *row; 0 when it is good, else the error is recorded. */
static int check_row(import_job *j, size_t r, gw_place_row *row)
{
    gw_place_in in;
    char aliases[sizeof row->aliases], msg[200];
    memset(row, 0, sizeof *row);
    const char *bad = row_in(j, r, &in, aliases, sizeof aliases);
    if (bad) { row_error(j, r, bad, "must be a number"); return -1; }
    if (gw_place_merge(&in, row, msg, sizeof msg)) {
        const char *col = strncmp(msg, "kind", 4) == 0 ? "kind" : strncmp(msg, "lon", 3) == 0 ? "lon"
                          : strstr(msg, "number") ? "number" : strncmp(msg, "alias", 5) == 0 ? "aliases"
                          : strncmp(msg, "road", 4) == 0 ? "road" : "name";
        row_error(j, r, col, msg);
        return -1;
    }
    return 0;
}

static gw_err op_import(gw_db *tx, void *arg)
{
    import_job *j = arg;
    gw_place_row *row = malloc(sizeof *row);
    if (!row) return GW_E_NOMEM;
    gw_err e = GW_OK;
    j->imported = 0;
    for (size_t r = 1; !e && r < gw_sheet_rows(j->sheet); r++) {
        if (check_row(j, r, row)) { e = GW_E_INVALID; break; }
        if (!(e = locate(tx, row)) && !(e = gw_store_place_insert(tx, row, j->now))) j->imported++;
        if (e == GW_E_CONFLICT) j->bad_row = r;
    }
    free(row);
    if (e) return e;
    char detail[64];
    snprintf(detail, sizeof detail, "{\"imported\":%zu}", j->imported);
    return gw_admin_audit(tx, j->now, j->actor, "place.import", "place", 0, detail);
}

static gw_err find_columns(import_job *j, char *msg, size_t msgn)
{
    for (int c = 0; c < C__N; c++) j->col[c] = -1;
    for (size_t k = 0; k < gw_sheet_cols(j->sheet, 0); k++) {
        const char *h = gw_sheet_cell(j->sheet, 0, k);
        int known = 0;
        for (int c = 0; c < C__N; c++)
            for (int a = 0; a < 3 && col_names[c][a]; a++)
                if (!strcmp(h, col_names[c][a])) { j->col[c] = (int)k; known = 1; }
        if (!known && *h) { snprintf(msg, msgn, "unknown column '%.40s' in the first row", h); return GW_E_INVALID; }
    }
    if (j->col[C_KIND] < 0 || j->col[C_LON] < 0 || j->col[C_LAT] < 0) {
        snprintf(msg, msgn, "the first row must name the columns kind, lon and lat (and name, road, number, aliases)");
        return GW_E_INVALID;
    }
    return GW_OK;
}

gw_err gw_place_import(gw_store *s, const gw_principal *who, const gw_sheet *sheet, int gcj02,
                       size_t *imported, json_t **errors, char *msg, size_t msgn)
{
    *imported = 0;
    *errors = NULL;
    size_t rows = gw_sheet_rows(sheet);
    if (rows < 2) { snprintf(msg, msgn, "the sheet has no rows under its header"); return GW_E_INVALID; }
    if (rows - 1 > GW_PLACE_IMPORT_ROWS) {
        snprintf(msg, msgn, "at most %d places per import", GW_PLACE_IMPORT_ROWS);
        return GW_E_TOO_LARGE;
    }
    import_job *j = calloc(1, sizeof *j);
    gw_place_row *row = malloc(sizeof *row);
    gw_err e = j && row ? GW_OK : GW_E_NOMEM;
    if (!e) { j->sheet = sheet; j->gcj02 = gcj02; j->errors = json_array(); e = find_columns(j, msg, msgn); }
    for (size_t r = 1; !e && r < rows; r++) check_row(j, r, row);
    if (!e && json_array_size(j->errors)) { snprintf(msg, msgn, "some rows are not valid: nothing was imported"); e = GW_E_INVALID; }
    if (!e) {
        j->now = gw_now_ms();
        j->actor = who->user_id;
        e = gw_store_write(s, op_import, j);
        if (e == GW_E_CONFLICT) {
            row_error(j, j->bad_row, "name", "a place with this address or name already exists (here or in the database)");
            snprintf(msg, msgn, "a row repeats an existing place: nothing was imported");
        }
    }
    if (!e) *imported = j->imported;
    if (j && json_array_size(j->errors)) *errors = json_incref(j->errors);
    if (j) json_decref(j->errors);
    free(j);
    free(row);
    return e;
}
