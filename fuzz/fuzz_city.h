/* fuzz/fuzz_city.h — the world the request fuzzers run in: a real SQLite store in a temporary
 * directory (under $TMPDIR, /dev/shm when there is one), migrated and loaded with the demo city,
 * device ingestion started, and a configuration pointing there. Made once per fuzzing process and
 * removed at exit. */
#ifndef GW_FUZZ_CITY_H
#define GW_FUZZ_CITY_H

#include "core/api.h"
#include "core/config.h"
#include "db/store.h"

typedef struct {
    gw_config cfg;
    gw_store *store;
    char dir[128];
} fz_city;

/* The process's city, made on first call; aborts when it cannot be made. */
fz_city *fz_city_get(void);

/* A signed-in principal of `role` (a demo user; a demo resident account for GW_R_RESIDENT) and its
 * session token, cached per role. Aborts when the demo login fails. */
const gw_principal *fz_city_who(gw_role role, const char **token);

#endif
