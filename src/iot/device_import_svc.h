/* iot/device_import_svc.h — importing devices from a sheet (core/sheet.h: CSV or .xlsx), all or nothing,
 * with a per-row error report, as the place import does. iot.manage; audited per device. */
#ifndef GW_IOT_DEVICE_IMPORT_SVC_H
#define GW_IOT_DEVICE_IMPORT_SVC_H

#include <jansson.h>
#include <stddef.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/sheet.h"
#include "db/store.h"

#define GW_DEVICE_IMPORT_ROWS 5000  /* devices per import */
#define GW_DEVICE_IMPORT_ERRORS 100 /* row errors reported */

/* The first row names the columns: device_id, type, name (required), lon, lat, address, owner_unit_id,
 * secret (optional; also 设备编号 类型 名称 经度 纬度 地址 权属单位 密钥). lon/lat are WGS-84, or GCJ-02 with
 * gcj02. A row without a secret gets a random one. On success *imported devices were written and
 * *secrets (a new array) holds {device_id, secret} for those whose secret was made here — shown this
 * once. GW_E_INVALID with *errors [{row, column, message}] (1-based rows as a spreadsheet shows them)
 * when any row is bad or a device_id exists; GW_E_TOO_LARGE past GW_DEVICE_IMPORT_ROWS. */
gw_err gw_device_import(gw_store *s, const gw_principal *who, const gw_sheet *sheet, int gcj02, size_t *imported,
                        json_t **secrets, json_t **errors, char *msg, size_t msgn);

#endif
