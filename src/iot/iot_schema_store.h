/* iot/iot_schema_store.h — 物联感知's migrations (iot/iot_schema_store.c), run after ops'. */
#ifndef GW_IOT_IOT_SCHEMA_STORE_H
#define GW_IOT_IOT_SCHEMA_STORE_H

#include "db/schema.h"

extern const gw_schema_module gw_iot_schema;

#endif
