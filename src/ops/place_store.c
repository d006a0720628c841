/* ops/place_store.c — SQL of the gazetteer (see place_store.h). Portable SQL only. */
#include "ops/place_store.h"
#include "base/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GRAMS 128 /* distinct bigrams of one place: key, name and aliases */

static const char SQL_INSERT[] =
    "INSERT INTO places(kind, name, road, number, num_sort, norm_key, aliases, lon, lat, division_id,"
    " created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE places SET kind = ?2, name = ?3, road = ?4, number = ?5, num_sort = ?6, norm_key = ?7,"
    " aliases = ?8, lon = ?9, lat = ?10, division_id = ?11, updated_ms = ?12 WHERE id = ?1 RETURNING id";
static const char SQL_DELETE[] = "DELETE FROM places WHERE id = ?1 RETURNING id";
static const char SQL_GRAMS_DELETE[] = "DELETE FROM place_grams WHERE place_id = ?1";
static const char SQL_GRAM_INSERT[] = "INSERT INTO place_grams(gram, place_id) VALUES (?1, ?2)";

#define PLACE_COLS                                                                                   \
    "p.id, p.kind, p.name, p.road, p.number, p.norm_key, p.aliases, p.lon, p.lat,"                   \
    " COALESCE(p.division_id, 0), COALESCE(d.name, '')"
static const char SQL_GET[] =
    "SELECT " PLACE_COLS " FROM places p LEFT JOIN divisions d ON d.id = p.division_id WHERE p.id = ?1";
static const char SQL_CANDIDATES[] =
    "SELECT " PLACE_COLS ", g.hits FROM (SELECT place_id, COUNT(*) AS hits FROM place_grams WHERE gram IN"
    " (CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT),"
    " CAST(?6 AS TEXT), CAST(?7 AS TEXT), CAST(?8 AS TEXT), CAST(?9 AS TEXT), CAST(?10 AS TEXT),"
    " CAST(?11 AS TEXT), CAST(?12 AS TEXT), CAST(?13 AS TEXT), CAST(?14 AS TEXT), CAST(?15 AS TEXT),"
    " CAST(?16 AS TEXT)) GROUP BY place_id ORDER BY COUNT(*) DESC, place_id LIMIT CAST(?17 AS BIGINT)) g"
    " JOIN places p ON p.id = g.place_id LEFT JOIN divisions d ON d.id = p.division_id"
    " ORDER BY g.hits DESC, p.id";
static const char SQL_ROAD_POINTS[] =
    "SELECT road, lon, lat FROM places WHERE kind = 'house' AND road <> ''"
    " ORDER BY road, num_sort, id LIMIT CAST(?1 AS BIGINT)";

/* The leading integer of a house number ("100-2" -> 100), 0 when it starts otherwise. */
static int64_t num_sort(const char *s)
{
    int64_t v = 0;
    for (int i = 0; s[i] >= '0' && s[i] <= '9' && i < 12; i++) v = v * 10 + (s[i] - '0');
    return v;
}

static void add_grams(const char *key, char (*all)[9], size_t *n)
{
    char g[GW_PLACE_GRAMS][9];
    size_t k = gw_place_bigrams(key, g, GW_PLACE_GRAMS);
    for (size_t i = 0; i < k && *n < MAX_GRAMS; i++) {
        int seen = 0;
        for (size_t j = 0; j < *n && !seen; j++) seen = !strcmp(all[j], g[i]);
        if (!seen) memcpy(all[(*n)++], g[i], sizeof g[i]);
    }
}

/* Index the key, the name and each alias. */
static gw_err write_grams(gw_db *tx, const gw_place_row *p)
{
    char all[MAX_GRAMS][9], norm[GW_PLACE_KEY_MAX];
    size_t n = 0;
    add_grams(p->key, all, &n);
    gw_place_normalise(p->name, norm, sizeof norm);
    add_grams(norm, all, &n);
    for (const char *a = p->aliases; *a;) {
        const char *bar = strchr(a, '|');
        size_t len = bar ? (size_t)(bar - a) : strlen(a);
        char one[sizeof p->name];
        snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), a);
        gw_place_normalise(one, norm, sizeof norm);
        add_grams(norm, all, &n);
        a += len + (bar ? 1 : 0);
    }
    gw_stmt *st = gw_db_prep(tx, SQL_GRAM_INSERT);
    if (!st) return GW_E_INTERNAL;
    for (size_t i = 0; i < n; i++) {
        gw_bind_text(st, 1, all[i]);
        gw_bind_int(st, 2, p->id);
        gw_err e = gw_step_done(st);
        if (e) return e;
    }
    return GW_OK;
}

static void bind_fields(gw_stmt *st, int first, const gw_place_row *p)
{
    gw_bind_text(st, first, p->kind);
    gw_bind_text(st, first + 1, p->name);
    gw_bind_text(st, first + 2, p->road);
    gw_bind_text(st, first + 3, p->number);
    gw_bind_int(st, first + 4, num_sort(p->number));
    gw_bind_text(st, first + 5, p->key);
    gw_bind_text(st, first + 6, p->aliases);
    gw_bind_double(st, first + 7, p->lon);
    gw_bind_double(st, first + 8, p->lat);
    gw_bind_id(st, first + 9, p->division_id);
}

gw_err gw_store_place_insert(gw_db *tx, gw_place_row *p, int64_t now_ms)
{
    if (!p->key[0]) return GW_E_INVALID;
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    bind_fields(st, 1, p);
    gw_bind_int(st, 11, now_ms);
    gw_err e = gw_step_row(st);
    if (e) return e == GW_E_NOT_FOUND ? GW_E_INTERNAL : e;
    p->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return write_grams(tx, p);
}

static gw_err delete_grams(gw_db *tx, int64_t id)
{
    gw_stmt *st = gw_db_prep(tx, SQL_GRAMS_DELETE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    return gw_step_done(st);
}

gw_err gw_store_place_update(gw_db *tx, const gw_place_row *p, int64_t now_ms)
{
    if (!p->key[0]) return GW_E_INVALID;
    gw_stmt *st = gw_db_prep(tx, SQL_UPDATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, p->id);
    bind_fields(st, 2, p);
    gw_bind_int(st, 12, now_ms);
    gw_err e = gw_step_touched(st);
    if (!e) e = delete_grams(tx, p->id);
    if (!e) e = write_grams(tx, p);
    return e;
}

gw_err gw_store_place_delete(gw_db *tx, int64_t id)
{
    gw_err e = delete_grams(tx, id);
    if (e) return e;
    gw_stmt *st = gw_db_prep(tx, SQL_DELETE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    return gw_step_touched(st);
}

static void read_row(gw_stmt *st, gw_place_row *p)
{
    memset(p, 0, sizeof *p);
    p->id = gw_col_int(st, 0);
    gw_copy(p->kind, sizeof p->kind, gw_col_text(st, 1));
    gw_copy(p->name, sizeof p->name, gw_col_text(st, 2));
    gw_copy(p->road, sizeof p->road, gw_col_text(st, 3));
    gw_copy(p->number, sizeof p->number, gw_col_text(st, 4));
    gw_copy(p->key, sizeof p->key, gw_col_text(st, 5));
    gw_copy(p->aliases, sizeof p->aliases, gw_col_text(st, 6));
    p->lon = gw_col_double(st, 7);
    p->lat = gw_col_double(st, 8);
    p->division_id = gw_col_int(st, 9);
    gw_copy(p->division_name, sizeof p->division_name, gw_col_text(st, 10));
}

gw_err gw_store_place_get(gw_db *db, int64_t id, gw_place_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_row(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_place_candidates(gw_db *db, char grams[][9], size_t n, gw_place_row *out, size_t max,
                                 size_t *found)
{
    *found = 0;
    gw_stmt *st = gw_db_prep(db, SQL_CANDIDATES);
    if (!st) return GW_E_INTERNAL;
    for (size_t i = 0; i < n && i < 16; i++) gw_bind_text(st, (int)i + 1, grams[i]);
    gw_bind_int(st, 17, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1 && *found < max) {
        read_row(st, &out[*found]);
        out[(*found)++].hits = (int)gw_col_int(st, 11);
    }
    if (rc == 1) gw_stmt_reset(st);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_place_road_points(gw_db *db, size_t max, gw_place_point_fn fn, void *cls)
{
    gw_stmt *st = gw_db_prep(db, SQL_ROAD_POINTS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) fn(cls, gw_col_text(st, 0), gw_col_double(st, 1), gw_col_double(st, 2));
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
