/* core/ratelimit.c: exact keys (collisions never share or reset a counter), token buckets,
 * window counters, and what gives way when the table is full. Time is passed in, never read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/ratelimit.h"

/* djb2 % 1024: the slot of the fixed login table this module replaced. */
static unsigned old_login_slot(const char *s)
{
    unsigned h = 5381;
    for (; *s; s++) h = h * 33 + (unsigned char)*s;
    return h % 1024;
}

static void test_collisions_keep_their_own_counters(void **st)
{
    (void)st;
    /* 64 keys in a table of 64 entries (32 hash chains): many keys share a chain. */
    gw_rl *t = gw_rl_new(64, GW_RL_FAIL_CLOSED);
    assert_non_null(t);
    char key[32];
    for (int k = 0; k < 64; k++) {
        snprintf(key, sizeof key, "k%d", k);
        for (int n = 0; n <= k % 5; n++) assert_true(gw_rl_hit(t, key, 1000, 60000, 10, NULL, NULL));
    }
    for (int k = 0; k < 64; k++) {
        snprintf(key, sizeof key, "k%d", k);
        assert_int_equal(gw_rl_count(t, key, 1001, NULL), k % 5 + 1);
    }
    assert_int_equal(gw_rl_size(t), 64);
    /* The names that shared a slot in the old table: a failure for one never resets the other. */
    char other[32] = "";
    for (int i = 0; !other[0]; i++) {
        snprintf(key, sizeof key, "x%d", i);
        if (old_login_slot(key) == old_login_slot("dispatcher")) memcpy(other, key, sizeof key);
    }
    gw_rl *u = gw_rl_new(1, GW_RL_FAIL_CLOSED); /* one entry, one chain */
    gw_rl *v = gw_rl_new(2, GW_RL_FAIL_CLOSED);
    for (int i = 0; i < 4; i++) assert_true(gw_rl_hit(v, "dispatcher", 0, 60000, 5, NULL, NULL));
    assert_true(gw_rl_hit(v, other, 0, 60000, 5, NULL, NULL));
    assert_true(gw_rl_hit(v, "dispatcher", 1, 60000, 5, NULL, NULL));
    int64_t retry = 0;
    assert_false(gw_rl_hit(v, "dispatcher", 2, 60000, 5, NULL, &retry));
    assert_int_equal(retry, 60000 - 2);
    assert_int_equal(gw_rl_count(v, other, 3, NULL), 1);
    assert_true(gw_rl_hit(u, "dispatcher", 0, 60000, 5, NULL, NULL));
    assert_false(gw_rl_hit(u, other, 0, 60000, 5, NULL, &retry)); /* full: refused, not taken over */
    assert_int_equal(gw_rl_count(u, "dispatcher", 1, NULL), 1);
    gw_rl_free(u);
    gw_rl_free(v);
    gw_rl_free(t);
}

static void test_token_bucket(void **st)
{
    (void)st;
    gw_rl *t = gw_rl_new(8, GW_RL_EVICT_LRU);
    int64_t retry = 0;
    for (int i = 0; i < 3; i++) assert_true(gw_rl_take(t, "127.0.0.2", 0, 3, 3000, NULL)); /* 1 token/s */
    assert_false(gw_rl_take(t, "127.0.0.2", 0, 3, 3000, &retry));
    assert_int_equal(retry, 1000);
    assert_true(gw_rl_take(t, "127.0.0.3", 10, 3, 3000, NULL)); /* another client: its own bucket */
    assert_false(gw_rl_take(t, "127.0.0.2", 500, 3, 3000, &retry));
    assert_int_equal(retry, 500);
    assert_true(gw_rl_take(t, "127.0.0.2", 1000, 3, 3000, NULL));
    assert_false(gw_rl_take(t, "127.0.0.2", 1000, 3, 3000, NULL));
    assert_true(gw_rl_take(t, "127.0.0.2", 100000, 3, 3000, NULL)); /* refilled, never above the burst */
    assert_true(gw_rl_take(t, "127.0.0.2", 100000, 3, 3000, NULL));
    assert_true(gw_rl_take(t, "127.0.0.2", 100000, 3, 3000, NULL));
    assert_false(gw_rl_take(t, "127.0.0.2", 100000, 3, 3000, NULL));
    gw_rl_free(t);
}

static void test_window_unhit_clear(void **st)
{
    (void)st;
    gw_rl *t = gw_rl_new(16, GW_RL_FAIL_CLOSED);
    int64_t n = 0, retry = 0;
    assert_true(gw_rl_hit(t, "lu:a", 0, 1000, 2, &n, NULL));
    assert_int_equal(n, 1);
    assert_true(gw_rl_hit(t, "lu:a", 10, 1000, 2, &n, NULL));
    assert_false(gw_rl_hit(t, "lu:a", 20, 1000, 2, &n, &retry));
    assert_int_equal(n, 2);
    assert_int_equal(retry, 980);
    gw_rl_unhit(t, "lu:a", 30);
    assert_int_equal(gw_rl_count(t, "lu:a", 30, NULL), 1);
    assert_true(gw_rl_hit(t, "lu:a", 999, 1000, 2, NULL, NULL));
    assert_true(gw_rl_hit(t, "lu:a", 1000, 1000, 2, &n, NULL)); /* the window ended: a new one */
    assert_int_equal(n, 1);
    gw_rl_hit(t, "lc:1:a|127.0.0.2", 0, 1000, 5, NULL, NULL);
    gw_rl_hit(t, "lc:1:a|127.0.0.3", 0, 1000, 5, NULL, NULL);
    gw_rl_hit(t, "lc:2:ab|127.0.0.2", 0, 1000, 5, NULL, NULL);
    assert_int_equal(gw_rl_clear_prefix(t, "lc:1:a|"), 2);
    assert_int_equal(gw_rl_count(t, "lc:2:ab|127.0.0.2", 1, NULL), 1);
    gw_rl_clear(t, "lu:a");
    assert_int_equal(gw_rl_count(t, "lu:a", 1001, NULL), 0);
    assert_int_equal(gw_rl_size(t), 1);
    char longkey[GW_RL_KEY_MAX + 1];
    memset(longkey, 'k', sizeof longkey - 1);
    longkey[GW_RL_KEY_MAX] = 0;
    assert_false(gw_rl_hit(t, longkey, 0, 1000, 5, NULL, NULL)); /* never truncated into another key */
    assert_false(gw_rl_take(t, longkey, 0, 5, 1000, NULL));
    gw_rl_free(t);
}

/* a (long window) is the oldest; b, c, d expire first: they make room instead of it, and a keeps
 * its count. Left live in use order (least recent first): e, a, f, g. */
static void fill(gw_rl *t)
{
    assert_true(gw_rl_hit(t, "a", 0, 5000, 9, NULL, NULL));
    assert_true(gw_rl_hit(t, "b", 1, 1000, 9, NULL, NULL));
    assert_true(gw_rl_hit(t, "c", 2, 1000, 9, NULL, NULL));
    assert_true(gw_rl_hit(t, "d", 3, 1000, 9, NULL, NULL));
    assert_true(gw_rl_hit(t, "e", 2000, 1000, 9, NULL, NULL));
    assert_int_equal(gw_rl_count(t, "a", 2000, NULL), 1);
    assert_int_equal(gw_rl_count(t, "c", 1500, NULL), 0); /* expired, not yet dropped */
    assert_true(gw_rl_hit(t, "f", 2001, 1000, 9, NULL, NULL));
    assert_true(gw_rl_hit(t, "g", 2002, 1000, 9, NULL, NULL));
    assert_int_equal(gw_rl_size(t), 4);
}

static void test_eviction_expired_first(void **st)
{
    (void)st;
    gw_rl *t = gw_rl_new(4, GW_RL_FAIL_CLOSED);
    fill(t);
    int64_t retry = 0;
    assert_false(gw_rl_hit(t, "h", 2100, 1000, 9, NULL, &retry)); /* full of live entries: refused */
    assert_int_equal(retry, 3000 - 2100);                          /* until e expires */
    assert_false(gw_rl_hit(t, "h", 2200, 1000, 9, NULL, &retry));
    assert_int_equal(retry, 800);
    assert_int_equal(gw_rl_count(t, "a", 2200, NULL), 1);
    assert_true(gw_rl_hit(t, "a", 2300, 5000, 9, NULL, NULL)); /* an existing key still counts */
    assert_true(gw_rl_hit(t, "h", 3000, 1000, 9, NULL, NULL)); /* e expired: room */
    assert_int_equal(gw_rl_count(t, "a", 3000, NULL), 2);
    assert_int_equal(gw_rl_count(t, "f", 3000, NULL), 1);
    gw_rl_free(t);

    t = gw_rl_new(4, GW_RL_EVICT_LRU);
    fill(t);
    assert_true(gw_rl_hit(t, "h", 2100, 1000, 9, NULL, NULL)); /* evicts e, the least recently used */
    assert_int_equal(gw_rl_count(t, "e", 2100, NULL), 0);
    assert_int_equal(gw_rl_count(t, "a", 2100, NULL), 1);
    assert_int_equal(gw_rl_count(t, "g", 2100, NULL), 1);
    gw_rl_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collisions_keep_their_own_counters),
        cmocka_unit_test(test_token_bucket),
        cmocka_unit_test(test_window_unhit_clear),
        cmocka_unit_test(test_eviction_expired_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
