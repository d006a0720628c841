/* partners/partners_schema_store.h — 社区合伙人's migrations (partners/partners_schema_store.c), run
 * after core's and ops'. */
#ifndef GW_PARTNERS_PARTNERS_SCHEMA_STORE_H
#define GW_PARTNERS_PARTNERS_SCHEMA_STORE_H

#include "db/schema.h"

extern const gw_schema_module gw_partners_schema;

#endif
