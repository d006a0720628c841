/* ops/ops_schema_store.h — 一网统管's migrations (ops/ops_schema_store.c), run after core's. */
#ifndef GW_OPS_OPS_SCHEMA_STORE_H
#define GW_OPS_OPS_SCHEMA_STORE_H

#include "db/schema.h"

extern const gw_schema_module gw_ops_schema;

#endif
