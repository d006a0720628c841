/* ops/track.h — the 查询码 (tracking code) a reporter keeps and reads out over the phone. Pure.
 * New codes are 10 symbols of Crockford's base32 (digits and the letters without I, L, O and U:
 * 50 random bits), shown as two groups of five ("K7M2Q-9XH4T"). Codes issued before are 16 symbols
 * of "23456789" and A-Z without I and O; they stay valid. */
#ifndef GW_OPS_TRACK_H
#define GW_OPS_TRACK_H

#include <stddef.h>

#define GW_TRACK_SYMBOLS 10     /* a new code */
#define GW_TRACK_LEGACY_LEN 16  /* a code issued before */
#define GW_TRACK_MAX GW_TRACK_LEGACY_LEN

/* The code for GW_TRACK_SYMBOLS random bytes (5 bits of each are used); out holds 11 bytes. */
void gw_track_code_make(const unsigned char *rnd, char *out);
/* What a caller typed, as stored: case, spaces and '-' ignored; in a 10-symbol code O reads as 0
 * and I and L as 1. 1 with the code in out (n > GW_TRACK_MAX), 0 when it cannot be a code. */
int gw_track_code_norm(const char *in, char *out, size_t n);

#endif
