/* core/chain.c — the encoding of one chain link (pure; the SQL is in chain_store.c). */
#include "core/chain.h"
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

const char *gw_chain_text(gw_chain_kind kind, const gw_chain_val *v, char *buf)
{
    if (kind == GW_CF_INT || kind == GW_CF_ID) {
        snprintf(buf, 24, "%lld", (long long)v->i);
        return buf;
    }
    return v->s ? v->s : "";
}

int64_t gw_chain_lock_key(const gw_chain *c, int64_t aggregate)
{
    if (!c->key) return 0x67770000 + c->id;
    /* 0x6777 | chain id (8 bits) | aggregate (40 bits): aggregates past 2^40 share keys, which only
     * makes two of them wait for each other. */
    return (int64_t)((0x6777ULL << 48) | ((uint64_t)(c->id & 0xff) << 40) | ((uint64_t)aggregate & 0xffffffffffULL));
}
