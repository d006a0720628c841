/* ops/track.c — the tracking code's alphabet and how a typed code is read (see track.h). */
#include "ops/track.h"

#include <string.h>

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; /* 32 symbols */
static const char legacy[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

void gw_track_code_make(const unsigned char *rnd, char *out)
{
    for (int i = 0; i < GW_TRACK_SYMBOLS; i++) out[i] = crockford[rnd[i] & 31];
    out[GW_TRACK_SYMBOLS] = 0;
}

static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c; }

int gw_track_code_norm(const char *in, char *out, size_t n)
{
    char s[GW_TRACK_MAX + 1];
    size_t len = 0;
    if (!in || n <= GW_TRACK_MAX) return 0;
    for (const char *p = in; *p; p++) {
        if (*p == ' ' || *p == '-') continue;
        if (len == GW_TRACK_MAX) return 0;
        s[len++] = upper(*p);
    }
    s[len] = 0;
    if (len == GW_TRACK_SYMBOLS) {
        for (size_t i = 0; i < len; i++) {
            if (s[i] == 'O') s[i] = '0';
            else if (s[i] == 'I' || s[i] == 'L') s[i] = '1';
            if (!strchr(crockford, s[i])) return 0;
        }
    } else if (len != GW_TRACK_LEGACY_LEN || strspn(s, legacy) != len) {
        return 0;
    }
    memcpy(out, s, len + 1);
    return 1;
}
