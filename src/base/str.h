/* base/str.h — a growable byte buffer. The buffer owns its memory; on allocation failure
 * it sets `oom` and further appends are ignored, so callers check once at the end. */
#ifndef GW_BASE_STR_H
#define GW_BASE_STR_H

#include <stddef.h>

typedef struct {
    char *data; /* NUL-terminated when non-NULL */
    size_t len, cap;
    int oom;
} gw_buf;

void gw_buf_append(gw_buf *b, const char *s, size_t n);
void gw_buf_puts(gw_buf *b, const char *s);
void gw_buf_printf(gw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s with & < > " ' escaped for XML text and attributes. */
void gw_buf_xml(gw_buf *b, const char *s);
/* Hand the data to the caller (who frees it) and reset the buffer. */
char *gw_buf_take(gw_buf *b, size_t *len);
void gw_buf_free(gw_buf *b);

/* A positive decimal id with nothing around it (at most 18 digits, so no overflow); 0 otherwise. */
long long gw_parse_id(const char *s);

/* Lowercase hex of n bytes into out (2n+1 bytes). */
/* Code points in the UTF-8 string s (NULL counts 0); s is assumed valid (jansson checked it). */
size_t gw_utf8_len(const char *s);
/* In place: each byte of s that is not part of a well-formed UTF-8 character (RFC 3629: no overlong
 * form, no surrogate, nothing past U+10FFFF; a character cut short included) becomes '?'. For text
 * that echoes input into a JSON string, which jansson refuses unless it is UTF-8. */
void gw_utf8_scrub(char *s);
/* Copy src (NULL = "") into dst of n bytes, cut to fit. */
void gw_copy(char *dst, size_t n, const char *src);

void gw_hex(const unsigned char *in, size_t n, char *out);

/* Whether s is NULL, empty, or only white space (ASCII space, tab, CR, LF, and the ideographic
 * space U+3000 a Chinese input method types). */
int gw_blank(const char *s);

#endif
