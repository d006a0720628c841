/* demo/demo.h — a fictional demo city (江临市) for `gridwork demo` and `make run`.
 * Everything in it is made up here: the map, the units, the people and the reports. */
#ifndef GW_CORE_DEMO_H
#define GW_CORE_DEMO_H

#include <stdint.h>
#include "base/err.h"
#include "db/store.h"
#include "demo/demo_places.h"

/* Load the demo into a freshly initialised store: 1 city, 2 districts, 4 streets,
 * 8 communities and 48 grid polygons tiling lon 120.10-120.30, lat 30.20-30.35; 12 city units
 * plus a 综合执法 unit per street (the streets' fallback units); 75 GB/T 30428-style categories
 * with routing rules; staff users, all with the published password "demo" (demo_password = 1);
 * then n_tickets tickets over the last 30 days pushed through the loop by the ticket service so
 * that every state occurs; then the sensors of demo/demo_iot.h (device types, MC-001, the SIM fleet, a few
 * smoke alarms in their history, which open no tickets). The same seed gives the same city and the same stories (timestamps are
 * relative to now; tracking codes are random).
 * The model is written in one transaction: GW_E_CONFLICT when the store already holds it (run the
 * demo on an empty database). GW_E_INVALID for n_tickets < 0 or > 100000. Other errors are the
 * store's or the ticket service's. Prints nothing. */
gw_err gw_demo_load(gw_store *s, int n_tickets, uint32_t seed);

#endif
