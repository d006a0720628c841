/* fuzz/fuzz_sheet.c — core/sheet.c: an uploaded import (CSV, or .xlsx when it starts as a zip), read
 * under the import limits, every cell then visited. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gw_sheet *s = NULL;
    char msg[256] = "";
    gw_err e = gw_sheet_read((const char *)data, size, &gw_sheet_default_limits, &s, msg, sizeof msg);
    if (e == GW_OK) {
        size_t rows = gw_sheet_rows(s), sum = 0;
        if (rows > gw_sheet_default_limits.max_rows) abort();
        for (size_t r = 0; r < rows; r++) {
            size_t cols = gw_sheet_cols(s, r);
            if (cols > gw_sheet_default_limits.max_cols) abort();
            for (size_t c = 0; c <= cols; c++) { /* one past the end reads as "" */
                const char *v = gw_sheet_cell(s, r, c);
                if (!v) abort();
                size_t len = strlen(v);
                if (len > gw_sheet_default_limits.max_cell) abort();
                sum += len;
            }
        }
        (void)sum;
        gw_sheet_free(s);
    } else if (!msg[0]) abort();
    return 0;
}
