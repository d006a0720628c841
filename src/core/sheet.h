/* core/sheet.h — the one reader of uploaded spreadsheets (imports of places, and later households,
 * devices, holidays): CSV (RFC 4180: quoted fields with "" inside, CRLF or LF, a UTF-8 BOM) or the
 * first worksheet of an .xlsx (libzip + expat), as rows of UTF-8 text cells. Bounded in bytes, rows,
 * columns and cell length; an .xlsx is also bounded in the uncompressed size it may claim or
 * produce (zip bombs). */
#ifndef GW_CORE_SHEET_H
#define GW_CORE_SHEET_H

#include <stddef.h>
#include "base/err.h"

typedef struct gw_sheet gw_sheet;

typedef struct {
    size_t max_bytes;    /* of the file as sent */
    size_t max_unzipped; /* xlsx: of the parts read, uncompressed */
    size_t max_rows;     /* rows of the sheet, the header included */
    size_t max_cols;
    size_t max_cell;     /* bytes of one cell */
} gw_sheet_limits;

/* Limits for imports: 8 MiB file, 64 MiB unzipped, 20001 rows, 32 columns, 1024-byte cells. */
extern const gw_sheet_limits gw_sheet_default_limits;

/* Read data (.xlsx when it starts with a zip header, else CSV). GW_E_INVALID with msg (a row number
 * where it applies) for malformed input or text that is not UTF-8; GW_E_TOO_LARGE for a limit. */
gw_err gw_sheet_read(const char *data, size_t len, const gw_sheet_limits *lim, gw_sheet **out, char *msg,
                     size_t msgn);
size_t gw_sheet_rows(const gw_sheet *s);
/* Cells of row r (0-based); a cell past the row's end reads as "". Never NULL. */
size_t gw_sheet_cols(const gw_sheet *s, size_t r);
const char *gw_sheet_cell(const gw_sheet *s, size_t r, size_t c);
void gw_sheet_free(gw_sheet *s);

#endif
