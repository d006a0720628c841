/* core/core_schema_store.h — the shared kernel's migrations (core/core_schema_store.c), handed to the
 * migration runner (db/schema.h) first, before every practice's. */
#ifndef GW_CORE_CORE_SCHEMA_STORE_H
#define GW_CORE_CORE_SCHEMA_STORE_H

#include "db/schema.h"

extern const gw_schema_module gw_core_schema;

#endif
