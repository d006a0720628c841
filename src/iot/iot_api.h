/* iot/iot_api.h — 物联感知 over HTTP: the registry (iot/device_api.c), alarms (iot/alarm_api.c) and
 * the devices' own ingestion endpoint (iot/ingest_api.c). Route rows in http/routes.c. */
#ifndef GW_IOT_IOT_API_H
#define GW_IOT_IOT_API_H

#include "core/api.h"

gw_err api_dtype_list(gw_req *r);      /* GET  /api/v1/device-types (iot.view) */
gw_err api_dtype_create(gw_req *r);    /* POST /api/v1/device-types (iot.manage) */
gw_err api_dtype_get(gw_req *r);       /* GET  /api/v1/device-types/{code} (iot.view) */
gw_err api_dtype_update(gw_req *r);    /* PUT  /api/v1/device-types/{code} (iot.manage) */
gw_err api_device_list(gw_req *r);     /* GET  /api/v1/devices?type=&status=&online=&division_id=&q=&limit=&offset= */
gw_err api_device_create(gw_req *r);   /* POST /api/v1/devices (iot.manage): answers the secret once */
gw_err api_device_import(gw_req *r);   /* POST /api/v1/devices/import?coord= (iot.manage): CSV or .xlsx, all or nothing */
gw_err api_device_get(gw_req *r);      /* GET  /api/v1/devices/{id} */
gw_err api_device_update(gw_req *r);   /* PUT  /api/v1/devices/{id} (iot.manage) */
gw_err api_device_delete(gw_req *r);   /* DELETE /api/v1/devices/{id} (iot.manage) */
gw_err api_device_secret(gw_req *r);   /* POST /api/v1/devices/{id}/secret (iot.manage): a new secret, once */
gw_err api_device_readings(gw_req *r); /* GET  /api/v1/devices/{id}/readings?since_ms= */
gw_err api_iot_summary(gw_req *r);     /* GET  /api/v1/iot/summary */
gw_err api_alarm_list(gw_req *r);      /* GET  /api/v1/alarms?state=&acked=&severity=&device_id=&limit=&offset= */
gw_err api_alarm_ack(gw_req *r);       /* POST /api/v1/alarms/{id}/ack (iot.view) */
gw_err api_iot_events(gw_req *r);      /* POST /api/v1/iot/events: a device, HTTP Basic device_id:secret */
gw_err api_iot_video(gw_req *r);       /* POST /api/v1/iot/video-events?event=&ts=: a camera, the snapshot as the body */

#endif
