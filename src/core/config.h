/* core/config.h — settings: built-in defaults < config file < command-line flags.
 * The file is "key = value" lines; '#' starts a comment. docs/operations.md lists every key. */
#ifndef GW_CORE_CONFIG_H
#define GW_CORE_CONFIG_H

#include <stddef.h>
#include "base/err.h"

#define GW_MAX_PROXIES 16
/* An address range: IPv4 kept as IPv4-mapped IPv6 (::ffff:a.b.c.d), bits counted on 128. */
typedef struct { unsigned char addr[16]; int bits; } gw_cidr;

typedef struct {
    char db[512];             /* db: sqlite:PATH or a plain path            (gridwork.db) */
    char listen[128];         /* listen: HOST:PORT                          (127.0.0.1:8080) */
    int threads;              /* threads: HTTP worker threads               (16) */
    int db_readers;           /* db_readers: read connections               (8) */
    size_t max_body;          /* max_body: bytes of a JSON/form body        (65536) */
    size_t max_upload;        /* max_upload: bytes of a photo upload        (5242880) */
    int max_connections;      /* max_connections                            (1024) */
    int public_rate;          /* public_rate: public requests per minute per client (60) */
    int login_concurrency;    /* login_concurrency: argon2id runs at once; 0 = min(2 x cores, memory / 128 MiB) (0) */
    char data_dir[512];       /* data_dir: where photos are kept            (<db dir>/files) */
    char static_dir[512];     /* static_dir: built web console              (web/dist) */
    int log_requests;         /* access_log: 1 = one line per request       (1) */
    int sweep_seconds;        /* sweep_seconds: deadline sweep job period   (30) */
    int anchor_seconds;       /* anchor_seconds: chain anchor job period    (60) */
    int iot_offline_seconds;  /* iot_offline_seconds: device offline job period (10) */
    int ledger_seconds;       /* ledger_seconds: points-bank hold expiry job period (60) */
    int warning_seconds;      /* warning_seconds: early-warning evaluation job period (3600) */
    double classify_auto_threshold; /* classify_auto_threshold: a report without a category is routed by the
                                       classifier at or above this probability, else queued for review (0.8) */
    int classify_retrain_seconds; /* classify_retrain_seconds: the retraining job's period; 0 = off (0) */
    char trusted_proxies[512]; /* trusted_proxies: addresses/CIDRs whose X-Forwarded-For counts ("") */
    gw_cidr proxies[GW_MAX_PROXIES]; /* trusted_proxies, parsed */
    /* MQTT ingestion (iot/mqtt.c); no mqtt_host (nor mqtt_url) = no MQTT. docs/operations.md */
    char mqtt_host[256];      /* mqtt_host: the broker                      ("") */
    int mqtt_port;            /* mqtt_port                                  (1883; 8883 with mqtts://) */
    int mqtt_tls;             /* 1 when mqtt_url is mqtts:// or mqtt_cafile is set */
    char mqtt_user[128];      /* mqtt_user                                  ("") */
    char mqtt_password[256];  /* mqtt_password                              ("") */
    char mqtt_cafile[512];    /* mqtt_cafile: CA file for TLS to the broker ("": system CAs with mqtts://) */
    char mqtt_prefix[128];    /* mqtt_prefix: topic prefix                  (gridwork/v1) */
    char mqtt_share_group[72]; /* mqtt_share_group: $share/<group>/... when several servers split ("") */
    char mqtt_client_id[128]; /* mqtt_client_id: the persistent session's id (gridwork-<hostname>-<listen port>) */
    int n_proxies;
} gw_config;

void gw_config_defaults(gw_config *c);
/* Read a config file over the current values. GW_E_INVALID names the bad line in msg. */
gw_err gw_config_load(gw_config *c, const char *path, char *msg, size_t msgn);
/* Set one key from text (used by the file reader and by --key=value flags). */
gw_err gw_config_set(gw_config *c, const char *key, const char *value);
/* 1 when the address text ip (IPv4 or IPv6) is in one of the trusted_proxies ranges. */
int gw_config_trusted_proxy(const gw_config *c, const char *ip);
/* mqtt_url = mqtt[s]://[user[:password]@]host[:port]: sets mqtt_host, mqtt_port, mqtt_tls and, when
 * given, mqtt_user and mqtt_password; the whole URL or nothing. */
gw_err gw_config_mqtt_url(gw_config *c, const char *url);
/* Split c->listen into host and port. */
gw_err gw_config_listen(const gw_config *c, char *host, size_t hostn, int *port);

#endif
