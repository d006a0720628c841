/* db/pg.c: the ?N -> $N placeholder rewrite (pure; no server needed) — numbers past 9, quoted
 * literals and identifiers, doubled quotes, comments, and '?' that is no placeholder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "db/pg.h"

static void rewrites(const char *sql, const char *want, int want_n)
{
    int n = -1;
    char *got = gw_pg_rewrite(sql, &n);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(n, want_n);
    free(got);
}

static void test_placeholders(void **s)
{
    (void)s;
    rewrites("SELECT 1", "SELECT 1", 0);
    rewrites("", "", 0);
    rewrites("SELECT ?1", "SELECT $1", 1);
    rewrites("INSERT INTO t VALUES (?1, ?2, ?12)", "INSERT INTO t VALUES ($1, $2, $12)", 12);
    rewrites("VALUES (?10, ?9, ?3)", "VALUES ($10, $9, $3)", 10); /* the highest, not the last */
    rewrites("a=?1 AND b=?1", "a=$1 AND b=$1", 1);
    rewrites("x=?123", "x=$123", 123);
}

static void test_quotes_left_alone(void **s)
{
    (void)s;
    rewrites("WHERE a = '?1' AND b = ?2", "WHERE a = '?1' AND b = $2", 2);
    rewrites("SELECT 'it''s ?1' || ?3", "SELECT 'it''s ?1' || $3", 3); /* '' stays inside the literal */
    rewrites("SELECT '' || ?1", "SELECT '' || $1", 1);                 /* an empty literal ends */
    rewrites("SELECT \"col?1\" FROM t WHERE k = ?2", "SELECT \"col?1\" FROM t WHERE k = $2", 2);
    rewrites("SELECT \"it's\" , ?1", "SELECT \"it's\" , $1", 1);       /* a ' inside an identifier */
    rewrites("SELECT '\"' , ?1", "SELECT '\"' , $1", 1);               /* a \" inside a literal */
    rewrites("-- about ?1\nSELECT ?2", "-- about ?1\nSELECT $2", 2);
    rewrites("SELECT 5 - ?1", "SELECT 5 - $1", 1);                     /* one '-' is no comment */
}

static void test_question_marks_that_are_not_placeholders(void **s)
{
    (void)s;
    rewrites("SELECT d ? 'k', d ?| array['a'], d ?& array['b']", "SELECT d ? 'k', d ?| array['a'], d ?& array['b']", 0);
    rewrites("SELECT ??", "SELECT ??", 0);
    rewrites("SELECT ??1", "SELECT ?$1", 1);
    rewrites("SELECT ?", "SELECT ?", 0);
    rewrites("SELECT ?a", "SELECT ?a", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_quotes_left_alone),
        cmocka_unit_test(test_question_marks_that_are_not_placeholders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
