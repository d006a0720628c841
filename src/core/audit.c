/* core/audit.c — the hash of one chain link (pure; the SQL is in audit_store.c). */
#include "core/audit.h"
#include "base/str.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void gw_chain_hash(const char *prev, const char *const *fields, size_t n, char *out)
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)prev, strlen(prev));
    for (size_t i = 0; i < n; i++) {
        const char *f = fields[i] ? fields[i] : "";
        char len[24];
        int ln = snprintf(len, sizeof len, "|%zu:", strlen(f)); /* length-prefixed: no ambiguity */
        crypto_hash_sha256_update(&st, (const unsigned char *)len, (unsigned long long)ln);
        crypto_hash_sha256_update(&st, (const unsigned char *)f, strlen(f));
    }
    crypto_hash_sha256_final(&st, h);
    gw_hex(h, sizeof h, out);
}
