/* iot/simulate.h — `gridwork simulate`: a fleet of fake devices publishing heartbeats, faults and
 * recoveries over MQTT (libmosquitto) or HTTP (libcurl, POST /api/v1/iot/events with HTTP Basic
 * device_id:secret). The fleet model (gw_sim_*) is pure and seeded, so a run is reproducible. */
#ifndef GW_IOT_SIMULATE_H
#define GW_IOT_SIMULATE_H

#include <stddef.h>
#include <stdint.h>

#define GW_SIM_MAX_DEVICES 100000
#define GW_SIM_MAX_TYPES 16

typedef struct gw_sim gw_sim;

/* One message of the fleet. */
typedef struct {
    char device_id[32];
    const char *kind;     /* "status" (a change: QoS 1) or "telemetry" (a heartbeat: QoS 0) */
    const char *what;     /* "heartbeat", "fault" or "recovery" */
    const char *status;   /* the status it reports */
    int qos;
    char payload[256];    /* {"ts": ms, "status": "...", "values": {...}} */
    size_t len;
} gw_sim_msg;

/* A fleet of n devices <id_prefix>0001.. (numbered from `first`, 4 digits at least), device i of type
 * types[(i - first) % ntypes]. A type's faults: manhole tilted/open, trashbin full, any other
 * type none (only normal). fault_p: the chance that a normal device's message is a fault;
 * recover_p: the chance that a faulty device's message is the recovery. NULL on bad arguments. */
gw_sim *gw_sim_new(int n, int first, const char *id_prefix, const char *const *types, int ntypes,
                   double fault_p, double recover_p, uint64_t seed);
void gw_sim_free(gw_sim *s);
/* The next message at now_ms: a random device's heartbeat, fault or recovery. */
void gw_sim_next(gw_sim *s, int64_t now_ms, gw_sim_msg *out);
/* The fault statuses of a type code (NULL-terminated; empty for types with none). */
const char *const *gw_sim_faults(const char *type);

/* gridwork simulate ... (argv: the words after "simulate"). Prints every fault and recovery it sent
 * and a summary; returns the exit status (0 ok, 1 failed to connect or errors, 2 usage). Runs until
 * --duration has passed or SIGINT/SIGTERM. */
int gw_simulate_cli(int argc, char **argv);

#endif
