/* tests/unit/core/test_sheet.c — core/sheet.c: CSV (RFC 4180) and the first sheet of an .xlsx,
 * and the limits. The workbooks are written here with libzip, part by part. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <cmocka.h>

#include "core/sheet.h"

static gw_sheet *csv(const char *text, gw_err want, char *msg)
{
    gw_sheet *s = NULL;
    char m[200] = "";
    assert_int_equal(gw_sheet_read(text, strlen(text), NULL, &s, m, sizeof m), want);
    if (msg) strcpy(msg, m);
    return s;
}

static void test_csv_basic(void **state)
{
    (void)state;
    gw_sheet *s = csv("\xEF\xBB\xBFkind,name\r\nstreet,中山路\r\nhouse,\"中山路, 100号\"\r\n", GW_OK, NULL);
    assert_int_equal(gw_sheet_rows(s), 3);
    assert_string_equal(gw_sheet_cell(s, 0, 0), "kind"); /* the BOM is not part of the first cell */
    assert_string_equal(gw_sheet_cell(s, 1, 1), "中山路");
    assert_string_equal(gw_sheet_cell(s, 2, 1), "中山路, 100号");
    assert_string_equal(gw_sheet_cell(s, 2, 7), ""); /* past the row's end */
    assert_string_equal(gw_sheet_cell(s, 9, 0), "");
    gw_sheet_free(s);
}

static void test_csv_quotes_and_newlines(void **state)
{
    (void)state;
    gw_sheet *s = csv("a,\"say \"\"hi\"\"\",\"two\nlines\"\nb,,\n", GW_OK, NULL);
    assert_int_equal(gw_sheet_rows(s), 2);
    assert_string_equal(gw_sheet_cell(s, 0, 1), "say \"hi\"");
    assert_string_equal(gw_sheet_cell(s, 0, 2), "two\nlines");
    assert_int_equal(gw_sheet_cols(s, 1), 3);
    assert_string_equal(gw_sheet_cell(s, 1, 2), "");
    gw_sheet_free(s);
    s = csv("x,y", GW_OK, NULL); /* no final newline */
    assert_int_equal(gw_sheet_rows(s), 1);
    assert_string_equal(gw_sheet_cell(s, 0, 1), "y");
    gw_sheet_free(s);
}

static void test_csv_malformed(void **state)
{
    (void)state;
    char msg[200];
    assert_null(csv("a\nb,\"open", GW_E_INVALID, msg));
    assert_non_null(strstr(msg, "row 2"));
    assert_null(csv("a,b\"c\n", GW_E_INVALID, msg));
    assert_null(csv("\"a\"b\n", GW_E_INVALID, msg));
    assert_null(csv("a,\xC3\x28\n", GW_E_INVALID, msg)); /* not UTF-8 */
    assert_non_null(strstr(msg, "UTF-8"));
}

static void test_csv_limits(void **state)
{
    (void)state;
    gw_sheet_limits lim = { 100, 1000, 3, 2, 5 };
    gw_sheet *s = NULL;
    char m[200];
    assert_int_equal(gw_sheet_read("a\nb\nc\n", 6, &lim, &s, m, sizeof m), GW_OK);
    gw_sheet_free(s);
    assert_int_equal(gw_sheet_read("a\nb\nc\nd\n", 8, &lim, &s, m, sizeof m), GW_E_TOO_LARGE);
    assert_int_equal(gw_sheet_read("a,b,c\n", 6, &lim, &s, m, sizeof m), GW_E_TOO_LARGE);
    assert_int_equal(gw_sheet_read("abcdef\n", 7, &lim, &s, m, sizeof m), GW_E_TOO_LARGE);
    char big[200];
    memset(big, 'a', sizeof big);
    assert_int_equal(gw_sheet_read(big, sizeof big, &lim, &s, m, sizeof m), GW_E_TOO_LARGE);
    assert_null(s);
}

/* ---- .xlsx ---- */

typedef struct { const char *name, *text; } part;

/* A zip of the parts, read back into memory (free()). */
static char *make_zip(const part *parts, size_t n, size_t *len)
{
    char path[] = "/tmp/gw-test-sheet-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int err = 0;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, parts[i].text, strlen(parts[i].text), 0);
        assert_true(zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *d = malloc(*len);
    assert_int_equal(fread(d, 1, *len, f), *len);
    fclose(f);
    unlink(path);
    return d;
}

static const char WB[] = "<workbook xmlns:r=\"r\"><sheets><sheet name=\"地址\" sheetId=\"1\" r:id=\"rId7\"/>"
                         "<sheet name=\"other\" sheetId=\"2\" r:id=\"rId8\"/></sheets></workbook>";
static const char RELS[] = "<Relationships><Relationship Id=\"rId8\" Target=\"worksheets/sheet2.xml\"/>"
                           "<Relationship Id=\"rId7\" Target=\"worksheets/first.xml\"/></Relationships>";
static const char SST[] = "<sst><si><t>kind</t></si><si><t>name</t></si><si><r><t>中山</t></r><r><t>路</t></r>"
                          "<rPh><t>ちゅうざん</t></rPh></si></sst>";
static const char SHEET[] = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                            "</row><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>street</t></is></c>"
                            "<c r=\"C3\" t=\"s\"><v>2</v></c><c r=\"D3\"><v>120.5</v></c></row></sheetData></worksheet>";

static void test_xlsx_first_sheet(void **state)
{
    (void)state;
    part parts[] = { { "xl/workbook.xml", WB }, { "xl/_rels/workbook.xml.rels", RELS },
                     { "xl/sharedStrings.xml", SST }, { "xl/worksheets/first.xml", SHEET },
                     { "xl/worksheets/sheet2.xml", "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>no</t></is></c></row></sheetData></worksheet>" } };
    size_t len;
    char *d = make_zip(parts, 5, &len);
    gw_sheet *s = NULL;
    char m[200] = "";
    assert_int_equal(gw_sheet_read(d, len, NULL, &s, m, sizeof m), GW_OK);
    assert_int_equal(gw_sheet_rows(s), 3);
    assert_string_equal(gw_sheet_cell(s, 0, 0), "kind");
    assert_string_equal(gw_sheet_cell(s, 0, 1), "name");
    assert_int_equal(gw_sheet_cols(s, 1), 0);                 /* row 2 is empty */
    assert_string_equal(gw_sheet_cell(s, 2, 0), "street");
    assert_string_equal(gw_sheet_cell(s, 2, 1), "");          /* B3 absent */
    assert_string_equal(gw_sheet_cell(s, 2, 2), "中山路");     /* runs joined, phonetic left out */
    assert_string_equal(gw_sheet_cell(s, 2, 3), "120.5");
    gw_sheet_free(s);
    free(d);
}

static void test_xlsx_bad(void **state)
{
    (void)state;
    gw_sheet *s = NULL;
    char m[200];
    size_t len;
    part broken[] = { { "xl/worksheets/sheet1.xml", "<worksheet><row>" } };
    char *d = make_zip(broken, 1, &len);
    assert_int_equal(gw_sheet_read(d, len, NULL, &s, m, sizeof m), GW_E_INVALID);
    free(d);
    part none[] = { { "hello.txt", "hi" } };
    d = make_zip(none, 1, &len);
    assert_int_equal(gw_sheet_read(d, len, NULL, &s, m, sizeof m), GW_E_INVALID);
    assert_non_null(strstr(m, "no worksheet"));
    free(d);
    part badref[] = { { "xl/worksheets/sheet1.xml", "<worksheet><row><c t=\"s\"><v>5</v></c></row></worksheet>" } };
    d = make_zip(badref, 1, &len);
    assert_int_equal(gw_sheet_read(d, len, NULL, &s, m, sizeof m), GW_E_INVALID);
    free(d);
    assert_int_equal(gw_sheet_read("PK\x03\x04garbage", 11, NULL, &s, m, sizeof m), GW_E_INVALID);
    assert_null(s);
}

/* A part that inflates past the limit is refused however small the file is. */
static void test_xlsx_bomb(void **state)
{
    (void)state;
    size_t n = 4u << 20;
    char *big = malloc(n + 64);
    strcpy(big, "<worksheet><sheetData>");
    memset(big + 22, ' ', n);
    strcpy(big + 22 + n, "</sheetData></worksheet>");
    part parts[] = { { "xl/worksheets/sheet1.xml", big } };
    size_t len;
    char *d = make_zip(parts, 1, &len);
    assert_true(len < 64 * 1024);
    gw_sheet_limits lim = gw_sheet_default_limits;
    lim.max_unzipped = 1u << 20;
    gw_sheet *s = NULL;
    char m[200];
    assert_int_equal(gw_sheet_read(d, len, &lim, &s, m, sizeof m), GW_E_TOO_LARGE);
    assert_null(s);
    free(d);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_basic),     cmocka_unit_test(test_csv_quotes_and_newlines),
        cmocka_unit_test(test_csv_malformed), cmocka_unit_test(test_csv_limits),
        cmocka_unit_test(test_xlsx_first_sheet), cmocka_unit_test(test_xlsx_bad),
        cmocka_unit_test(test_xlsx_bomb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
