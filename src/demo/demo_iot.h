/* demo/demo_iot.h — the demo city's sensors (物联感知): device types, the seed's manhole cover MC-001 at
 * 中山路100号, a fleet SIM-0001..SIM-0040 over the city's grids (what `gridwork simulate` publishes as),
 * and a few alarms in their history. Every demo device's secret is GW_DEMO_DEVICE_SECRET. */
#ifndef GW_DEMO_DEMO_IOT_H
#define GW_DEMO_DEMO_IOT_H

#include <stdint.h>
#include "base/err.h"
#include "db/store.h"

#define GW_DEMO_DEVICE_SECRET "demo-device"
#define GW_DEMO_FLEET 40

gw_err gw_demo_iot_load(gw_store *s, int64_t now);

#endif
