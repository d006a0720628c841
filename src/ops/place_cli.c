/* ops/place_cli.c — `gridwork places import` (see place_cli.h). */
#include "ops/place_cli.h"
#include "core/sheet.h"
#include "db/store.h"
#include "ops/place_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] = "usage: gridwork places import --db PATH|URL [--coord wgs84|gcj02] FILE.csv|FILE.xlsx\n";

/* The whole file, at most max bytes (one more is read to tell it is too large). */
static char *slurp(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(max + 1);
    *len = buf ? fread(buf, 1, max + 1, f) : 0;
    fclose(f);
    return buf;
}

static void print_rows(json_t *rows)
{
    size_t i;
    json_t *v;
    json_array_foreach(rows, i, v) {
        fprintf(stderr, "  row %lld, %s: %s\n", (long long)json_integer_value(json_object_get(v, "row")),
                json_string_value(json_object_get(v, "column")), json_string_value(json_object_get(v, "message")));
    }
}

static int run_import(const char *db, const char *file, int gcj02)
{
    size_t len = 0;
    char msg[256] = "";
    char *data = slurp(file, gw_sheet_default_limits.max_bytes, &len);
    if (!data) { fprintf(stderr, "gridwork: cannot read %s\n", file); return 1; }
    gw_sheet *sheet = NULL;
    gw_err e = gw_sheet_read(data, len, NULL, &sheet, msg, sizeof msg);
    free(data);
    if (e) { fprintf(stderr, "gridwork: %s: %s\n", file, msg); return 1; }
    gw_store *s = NULL;
    if ((e = gw_store_open(db, 1, &s))) {
        gw_sheet_free(sheet);
        fprintf(stderr, "gridwork: cannot open database %s: %s\n", db, gw_err_name(e));
        return 1;
    }
    gw_principal cli;
    memset(&cli, 0, sizeof cli);
    cli.role = GW_R_ADMIN;
    size_t imported = 0;
    json_t *rows = NULL;
    e = gw_place_import(s, &cli, sheet, gcj02, &imported, &rows, msg, sizeof msg);
    gw_store_close(s);
    gw_sheet_free(sheet);
    if (e) {
        fprintf(stderr, "gridwork: %s\n", msg[0] ? msg : gw_err_name(e));
        print_rows(rows);
    } else {
        printf("imported %zu places from %s\n", imported, file);
    }
    json_decref(rows);
    return e ? 1 : 0;
}

int gw_place_cli(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "import")) { fputs(USAGE, stderr); return 2; }
    const char *db = NULL, *coord = "wgs84", *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) db = argv[++i];
        else if (!strcmp(argv[i], "--coord") && i + 1 < argc) coord = argv[++i];
        else if (argv[i][0] != '-' && !file) file = argv[i];
        else { fputs(USAGE, stderr); return 2; }
    }
    if (!db || !file || (strcmp(coord, "wgs84") && strcmp(coord, "gcj02"))) { fputs(USAGE, stderr); return 2; }
    return run_import(db, file, !strcmp(coord, "gcj02"));
}
