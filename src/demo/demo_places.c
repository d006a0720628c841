/* demo/demo_places.c — 江临市's gazetteer (see demo_places.h). The road and landmark names and the
 * map's cells repeat demo/demo.c's (roads[], landmarks[], the 0.025-degree cells), which the
 * tickets' addresses come from; tests/e2e/test_places.py checks every demo address resolves. */
#include "demo/demo_places.h"
#include "core/model_store.h"
#include "ops/place_store.h"
#include "ops/place_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL 0.025
#define HOUSES 399 /* demo addresses use numbers 1..399 on every road */

static const char *const roads[4][4] = {
    { "中山路", "解放路", "建设路", "东湖路" },
    { "望江路", "江滨大道", "柳营巷", "环城北路" },
    { "凤凰路", "桂花路", "体育场路", "凤栖路" },
    { "新华路", "文昌路", "学院路", "新桥街" },
};
static const char *const landmarks[8][3] = {
    { "幸福里小区", "中山菜市场", "市第一人民医院" },
    { "东湖花园", "东湖公园", "江临中学" },
    { "江滨广场", "望江公园", "江岸新村" },
    { "柳营小学", "柳营农贸市场", "环北商厦" },
    { "凤鸣苑小区", "凤凰农贸市场", "凤栖公交站" },
    { "桂花苑小区", "体育中心", "桂花路幼儿园" },
    { "书院新村", "文昌阁", "市图书馆" },
    { "新桥公交站", "新桥菜场", "学院路地铁站口" },
};

/* The south-west corner of street s's block of 4 x 3 cells. */
static void block(int s, double *x0, double *y0)
{
    *x0 = 120.1 + (s / 2) * 4 * CELL;
    *y0 = 30.2 + (s % 2) * 3 * CELL;
}

/* Roads 0 and 2 run east-west through the middle of the block's first and third rows, roads 1
 * and 3 north-south through its second and fourth columns; number n lies (n + 50) / 1200 of the
 * way along (中山路100号 sits in the middle of 幸福里社区第1网格, where the seed example is). */
static void house_point(int s, int ri, int n, double *lon, double *lat)
{
    double x0, y0;
    block(s, &x0, &y0);
    double along = (n + 50) / 1200.0;
    if (ri % 2 == 0) { *lon = x0 + along * 4 * CELL; *lat = y0 + (ri == 0 ? 0.5 : 2.5) * CELL; }
    else { *lat = y0 + along * 3 * CELL * 1.3; *lon = x0 + (ri == 1 ? 1.5 : 3.5) * CELL; }
}

static gw_err put(gw_db *tx, gw_place_row *row, const gw_place_in *in)
{
    char msg[200];
    memset(row, 0, sizeof *row);
    gw_err e = gw_place_merge(in, row, msg, sizeof msg);
    gw_point p = { row->lon, row->lat };
    if (!e && gw_store_grid_at(tx, p, &row->division_id) != GW_OK) row->division_id = 0;
    return e ? e : gw_store_place_insert(tx, row, 0);
}

static gw_err street_places(gw_db *tx, gw_place_row *row, int s, int ri)
{
    char num[8];
    gw_place_in in;
    memset(&in, 0, sizeof in);
    in.kind = "street";
    in.name = roads[s][ri];
    in.has_point = 1;
    house_point(s, ri, 200, &in.lon, &in.lat);
    gw_err e = put(tx, row, &in);
    in.kind = "house";
    in.name = NULL;
    in.road = roads[s][ri];
    in.number = num;
    for (int n = 1; !e && n <= HOUSES; n++) {
        snprintf(num, sizeof num, "%d号", n);
        house_point(s, ri, n, &in.lon, &in.lat);
        e = put(tx, row, &in);
    }
    return e;
}

/* "A与B交叉口" for each pair of a street's roads (the other order as an alias): where they cross, or
 * between them for the two pairs that run side by side. */
static gw_err crossings(gw_db *tx, gw_place_row *row, int s)
{
    gw_err e = GW_OK;
    for (int a = 0; !e && a < 4; a++)
        for (int b = a + 1; !e && b < 4; b++) {
            char name[128], alias[128];
            snprintf(name, sizeof name, "%s与%s交叉口", roads[s][a], roads[s][b]);
            snprintf(alias, sizeof alias, "%s与%s交叉口", roads[s][b], roads[s][a]);
            gw_place_in in;
            memset(&in, 0, sizeof in);
            in.kind = "poi";
            in.name = name;
            in.aliases[0] = alias;
            in.n_aliases = in.set_aliases = 1;
            in.has_point = 1;
            double x0, y0, lon1, lat1, lon2, lat2;
            block(s, &x0, &y0);
            house_point(s, a, 200, &lon1, &lat1);
            house_point(s, b, 200, &lon2, &lat2);
            int same = (a % 2) == (b % 2);
            in.lon = same ? (lon1 + lon2) / 2 : (a % 2 ? lon1 : lon2);
            in.lat = same ? (lat1 + lat2) / 2 : (a % 2 ? lat2 : lat1);
            e = put(tx, row, &in);
        }
    return e;
}

/* Landmark k of community c in the middle of its grid 2k + 1. */
static gw_err landmark(gw_db *tx, gw_place_row *row, int c, int k)
{
    int s = c / 2, col = (s / 2) * 4 + (c % 2) * 2, rowi = (s % 2) * 3 + k;
    gw_place_in in;
    memset(&in, 0, sizeof in);
    in.kind = "poi";
    in.name = landmarks[c][k];
    in.has_point = 1;
    in.lon = 120.1 + (col + 0.5) * CELL;
    in.lat = 30.2 + (rowi + 0.5) * CELL;
    return put(tx, row, &in);
}

static gw_err op_places(gw_db *tx, void *arg)
{
    gw_place_row *row = arg;
    gw_err e = GW_OK;
    for (int s = 0; !e && s < 4; s++) {
        for (int ri = 0; !e && ri < 4; ri++) e = street_places(tx, row, s, ri);
        if (!e) e = crossings(tx, row, s);
    }
    for (int c = 0; !e && c < 8; c++)
        for (int k = 0; !e && k < 3; k++) e = landmark(tx, row, c, k);
    return e;
}

gw_err gw_demo_places_load(gw_store *s)
{
    gw_place_row *row = malloc(sizeof *row); /* one at a time */
    if (!row) return GW_E_NOMEM;
    gw_err e = gw_store_write(s, op_places, row);
    free(row);
    return e;
}
