/* core/scope_store.h — the SQL form of a scope filter (core/scope.h), shared by every store that
 * lists or counts tickets, and the one function that binds it. */
#ifndef GW_CORE_SCOPE_STORE_H
#define GW_CORE_SCOPE_STORE_H

#include "core/scope.h"
#include "db/db.h"

/* Which placeholders a statement gives the filter: all, division prefix, unit, with-CC flag,
 * reporter. A statement's placeholders must have no gaps (PostgreSQL types every one). */
typedef struct {
    int all, prefix, unit, cc, reporter;
} gw_scope_args;

/* The condition on tickets aliased `t` (parenthesised), for placeholders "?A".."?R". Every unbound
 * placeholder is NULL, and a comparison with NULL is not true: an unbound filter selects nothing. */
#define GW_SCOPE_SQL(A, P, U, C, R)                                                                     \
    " (CAST(" A " AS BIGINT) IS NOT NULL"                                                                \
    " OR substr(t.division_path, 1, length(CAST(" P " AS TEXT))) = " P                                    \
    " OR t.unit_id = CAST(" U " AS BIGINT)"                                                              \
    " OR (CAST(" C " AS BIGINT) IS NOT NULL AND EXISTS (SELECT 1 FROM ticket_cc x WHERE x.ticket_id = t.id" \
    " AND x.unit_id = " U "))"                                                                           \
    " OR (CAST(" C " AS BIGINT) IS NOT NULL AND EXISTS (SELECT 1 FROM ticket_assists y"                  \
    " WHERE y.ticket_id = t.id AND y.unit_id = " U " AND y.state <> 'withdrawn'))" /* 协办 (ops/assist.h) */ \
    " OR t.reporter_user_id = CAST(" R " AS BIGINT))"

/* Bind who's filter for `use` to the placeholders in a. */
void gw_scope_bind(gw_stmt *st, const gw_scope_args *a, const gw_principal *who, gw_scope_use use);

#endif
