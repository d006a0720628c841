/* db/pg.h — the pure part of the PostgreSQL driver (db/pg.c), exposed for its unit test. */
#ifndef GW_DB_PG_H
#define GW_DB_PG_H

/* The statement text with every ?N placeholder (N decimal digits, any number of them) written $N,
 * except inside '...' literals (a doubled '' stays inside), "..." identifiers and -- comments; a '?' not
 * followed by a digit (PostgreSQL's jsonb operators ?, ?| and ?&, or "??") is left as it is. *n gets the
 * highest N. malloc'd (free it); NULL when out of memory. */
char *gw_pg_rewrite(const char *sql, int *n);

#endif
