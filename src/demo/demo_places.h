/* demo/demo_places.h — the demo city's gazetteer: its roads, every house number its stories use,
 * the crossings and the landmarks, with points inside the demo grids. */
#ifndef GW_DEMO_PLACES_H
#define GW_DEMO_PLACES_H

#include "base/err.h"
#include "db/store.h"

/* Load the places of 江临市 (after the divisions, which give each place its grid), in one
 * transaction. GW_E_CONFLICT when they are there already. */
gw_err gw_demo_places_load(gw_store *s);

#endif
