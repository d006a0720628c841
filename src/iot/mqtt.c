/* iot/mqtt.c — the MQTT subscriber. One network thread per subscriber runs libmosquitto's
 * mosquitto_loop (the client marked threaded, as mosquitto_loop_start would: packets the library queues
 * — our PUBACKs — are written by this thread after the callback in progress has returned). We run the
 * loop ourselves rather than mosquitto_loop_start/loop_forever because loop_forever gives up for good on
 * a refused CONNACK (a wrong password, an ACL change at the broker) and sleeps through a stop request;
 * here every failure is retried with backoff (1 s doubling to 30 s) until gw_mqtt_stop. */
#include "iot/mqtt.h"

#include "base/log.h"
#include "core/fields.h"

#include <mosquitto.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct gw_mqtt {
    struct mosquitto *mosq;
    gw_mqtt_opts o;
    gw_mqtt_sink sink;
    void *arg;
    char filter[2][256];
    pthread_t thread;
    atomic_int stop, ready, sub_mid;
    atomic_ullong received, delivered, withheld, connects, disconnects;
    atomic_ullong dropped[GW_MQTT_DROP__COUNT];
};

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;
static void lib_init(void) { mosquitto_lib_init(); }

int gw_mqtt_opts_from_config(const gw_config *c, gw_mqtt_opts *o)
{
    memset(o, 0, sizeof *o);
    if (!c->mqtt_host[0]) return 0;
    gw_copy(o->host, sizeof o->host, c->mqtt_host);
    o->port = c->mqtt_port;
    o->tls = c->mqtt_tls;
    gw_copy(o->user, sizeof o->user, c->mqtt_user);
    gw_copy(o->password, sizeof o->password, c->mqtt_password);
    gw_copy(o->cafile, sizeof o->cafile, c->mqtt_cafile);
    gw_copy(o->prefix, sizeof o->prefix, c->mqtt_prefix);
    gw_copy(o->share_group, sizeof o->share_group, c->mqtt_share_group);
    o->keepalive = 30;
    if (c->mqtt_client_id[0]) {
        gw_copy(o->client_id, sizeof o->client_id, c->mqtt_client_id);
    } else {
        char host[64] = "host";
        gethostname(host, sizeof host - 1);
        host[sizeof host - 1] = 0;
        const char *port = strrchr(c->listen, ':');
        snprintf(o->client_id, sizeof o->client_id, "gridwork-%.60s-%.8s", host, port ? port + 1 : "0");
    }
    return 1;
}

int gw_mqtt_verdict(gw_err e)
{
    if (e == GW_OK) return GW_MQTT_ACK;
    return e == GW_E_UNAVAILABLE || e == GW_E_IO || e == GW_E_NOMEM ? GW_MQTT_RETRY : GW_MQTT_REJECT;
}

static void drop(gw_mqtt *m, gw_mqtt_drop why, const char *topic, size_t len)
{
    atomic_fetch_add(&m->dropped[why], 1);
    /* the topic is the device's text: print only its safe bytes, bounded */
    char shown[96];
    size_t n = 0;
    for (const char *p = topic; *p && n + 1 < sizeof shown; p++) shown[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
    shown[n] = 0;
    gw_warn("mqtt: dropped a message (%s): topic '%s'%s, %zu bytes", gw_mqtt_drop_name(why), shown,
            topic[n] ? "..." : "", len);
}

static void on_message(struct mosquitto *mq, void *ud, const struct mosquitto_message *msg)
{
    gw_mqtt *m = ud;
    atomic_fetch_add(&m->received, 1);
    size_t len = msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0;
    char dev[GW_IOT_CODE_MAX + 1];
    const char *kind;
    int bad = gw_mqtt_topic_parse(m->o.prefix, msg->topic, dev, sizeof dev, &kind);
    if (bad >= 0) { drop(m, (gw_mqtt_drop)bad, msg->topic, len); return; }
    if (len == 0) { drop(m, GW_MQTT_DROP_EMPTY, msg->topic, len); return; }
    if (len > GW_IOT_PAYLOAD_MAX) { drop(m, GW_MQTT_DROP_TOO_LARGE, msg->topic, len); return; }
    int v = atomic_load(&m->stop) ? GW_MQTT_RETRY : m->sink(m->arg, dev, kind, msg->payload, len);
    if (v == GW_MQTT_ACK) { atomic_fetch_add(&m->delivered, 1); return; }
    if (v == GW_MQTT_REJECT) { atomic_fetch_add(&m->dropped[GW_MQTT_DROP_REJECTED], 1); return; }
    /* RETRY: the PUBACK is queued by now (or will be once we return) but not written: cut the
     * connection under the library so it never is. The broker keeps the message for our session and
     * sends it again (DUP) after the reconnect. */
    atomic_fetch_add(&m->withheld, 1);
    if (msg->qos > 0) shutdown(mosquitto_socket(mq), SHUT_RDWR);
}

static void on_connect(struct mosquitto *mq, void *ud, int rc)
{
    gw_mqtt *m = ud;
    if (rc) { gw_warn("mqtt: broker %s:%d refused the connection: %s", m->o.host, m->o.port, mosquitto_connack_string(rc)); return; }
    atomic_fetch_add(&m->connects, 1);
    char *subs[2] = { m->filter[0], m->filter[1] };
    int mid = 0;
    int e = mosquitto_subscribe_multiple(mq, &mid, 2, subs, 1, 0, NULL);
    if (e) { gw_warn("mqtt: subscribe failed: %s", mosquitto_strerror(e)); return; }
    atomic_store(&m->sub_mid, mid);
    gw_info("mqtt: connected to %s:%d as %s", m->o.host, m->o.port, m->o.client_id);
}

static void on_subscribe(struct mosquitto *mq, void *ud, int mid, int n, const int *granted)
{
    gw_mqtt *m = ud;
    if (mid != atomic_load(&m->sub_mid)) return;
    for (int i = 0; i < n; i++)
        if (granted[i] > 2) { gw_warn("mqtt: the broker refused the subscription %s", m->filter[i < 2 ? i : 0]); return; }
    atomic_store(&m->ready, 1);
}

static void on_disconnect(struct mosquitto *mq, void *ud, int rc)
{
    gw_mqtt *m = ud;
    if (atomic_exchange(&m->ready, 0) || rc) atomic_fetch_add(&m->disconnects, 1);
}

/* Sleep ms, waking early when stopped. */
static void nap(gw_mqtt *m, int ms)
{
    for (int t = 0; t < ms && !atomic_load(&m->stop); t += 100) {
        struct timespec ts = { 0, 100 * 1000000L };
        nanosleep(&ts, NULL);
    }
}

static void *net_main(void *p)
{
    gw_mqtt *m = p;
    int first = 1, delay = 1000, connected = 0;
    while (!atomic_load(&m->stop)) {
        if (!connected) {
            int rc = first ? mosquitto_connect(m->mosq, m->o.host, m->o.port, m->o.keepalive) : mosquitto_reconnect(m->mosq);
            if (rc != MOSQ_ERR_SUCCESS) {
                if (first || delay < 30000) gw_warn("mqtt: cannot reach %s:%d (%s); retrying in %d s", m->o.host, m->o.port, mosquitto_strerror(rc), delay / 1000);
                first = 0;
                nap(m, delay);
                delay = delay * 2 > 30000 ? 30000 : delay * 2;
                continue;
            }
            first = 0;
            connected = 1;
        }
        int rc = mosquitto_loop(m->mosq, 500, 1);
        if (rc == MOSQ_ERR_SUCCESS) { if (atomic_load(&m->ready)) delay = 1000; continue; }
        connected = 0;
        if (atomic_load(&m->stop)) break;
        gw_warn("mqtt: connection lost (%s); reconnecting in %d s", mosquitto_strerror(rc), delay / 1000);
        nap(m, delay);
        delay = delay * 2 > 30000 ? 30000 : delay * 2;
    }
    return NULL;
}

static gw_err check_opts(const gw_mqtt_opts *o, char *msg, size_t msgn)
{
    if (!o->host[0]) { snprintf(msg, msgn, "mqtt: no broker host"); return GW_E_INVALID; }
    if (o->port < 1 || o->port > 65535) { snprintf(msg, msgn, "mqtt: bad port %d", o->port); return GW_E_INVALID; }
    if (!gw_mqtt_prefix_ok(o->prefix)) { snprintf(msg, msgn, "mqtt_prefix: 1-100 bytes, no + # //, not starting with $ or /"); return GW_E_INVALID; }
    if (o->share_group[0] && !gw_mqtt_group_ok(o->share_group)) { snprintf(msg, msgn, "mqtt_share_group: 1-64 of A-Z a-z 0-9 _ -"); return GW_E_INVALID; }
    if (!o->client_id[0] || strlen(o->client_id) > 23 * 5) { snprintf(msg, msgn, "mqtt_client_id: 1-115 bytes"); return GW_E_INVALID; }
    return GW_OK;
}

static gw_err setup(gw_mqtt *m, char *msg, size_t msgn)
{
    const gw_mqtt_opts *o = &m->o;
    m->mosq = mosquitto_new(o->client_id, false, m); /* a persistent session: QoS 1 queued while away */
    if (!m->mosq) { snprintf(msg, msgn, "mqtt: cannot create the client"); return GW_E_NOMEM; }
    mosquitto_threaded_set(m->mosq, true);
    int rc = MOSQ_ERR_SUCCESS;
    if (o->user[0]) rc = mosquitto_username_pw_set(m->mosq, o->user, o->password[0] ? o->password : NULL);
    if (!rc && o->tls) rc = mosquitto_tls_set(m->mosq, o->cafile[0] ? o->cafile : NULL, o->cafile[0] ? NULL : "/etc/ssl/certs", NULL, NULL, NULL);
    if (rc) { snprintf(msg, msgn, "mqtt: %s", mosquitto_strerror(rc)); return GW_E_INVALID; }
    mosquitto_connect_callback_set(m->mosq, on_connect);
    mosquitto_subscribe_callback_set(m->mosq, on_subscribe);
    mosquitto_disconnect_callback_set(m->mosq, on_disconnect);
    mosquitto_message_callback_set(m->mosq, on_message);
    return GW_OK;
}

gw_err gw_mqtt_start(const gw_mqtt_opts *o, gw_mqtt_sink sink, void *arg, gw_mqtt **out, char *msg, size_t msgn)
{
    *out = NULL;
    gw_err e = check_opts(o, msg, msgn);
    if (e) return e;
    pthread_once(&lib_once, lib_init);
    gw_mqtt *m = calloc(1, sizeof *m);
    if (!m) return GW_E_NOMEM;
    m->o = *o;
    if (m->o.keepalive < 5) m->o.keepalive = 30;
    m->sink = sink;
    m->arg = arg;
    if (gw_mqtt_filter(o->prefix, o->share_group, "status", m->filter[0], sizeof m->filter[0]) ||
        gw_mqtt_filter(o->prefix, o->share_group, "telemetry", m->filter[1], sizeof m->filter[1])) {
        snprintf(msg, msgn, "mqtt: prefix too long");
        free(m);
        return GW_E_INVALID;
    }
    if ((e = setup(m, msg, msgn)) || pthread_create(&m->thread, NULL, net_main, m)) {
        if (!e) { snprintf(msg, msgn, "mqtt: cannot start the network thread"); e = GW_E_INTERNAL; }
        if (m->mosq) mosquitto_destroy(m->mosq);
        free(m);
        return e;
    }
    *out = m;
    return GW_OK;
}

void gw_mqtt_stop(gw_mqtt *m)
{
    if (!m) return;
    atomic_store(&m->stop, 1);
    mosquitto_disconnect(m->mosq); /* wakes the loop; the broker keeps the session for our return */
    pthread_join(m->thread, NULL);
    mosquitto_destroy(m->mosq);
    free(m);
}

int gw_mqtt_ready(const gw_mqtt *m) { return m && atomic_load(&((gw_mqtt *)m)->ready); }

void gw_mqtt_counters(const gw_mqtt *m, gw_mqtt_counts *c)
{
    gw_mqtt *w = (gw_mqtt *)m;
    memset(c, 0, sizeof *c);
    if (!m) return;
    c->received = atomic_load(&w->received);
    c->delivered = atomic_load(&w->delivered);
    c->withheld = atomic_load(&w->withheld);
    c->connects = atomic_load(&w->connects);
    c->disconnects = atomic_load(&w->disconnects);
    for (int i = 0; i < GW_MQTT_DROP__COUNT; i++) c->dropped[i] = atomic_load(&w->dropped[i]);
}

void gw_mqtt_metrics_text(const gw_mqtt *m, gw_buf *b)
{
    gw_mqtt_counts c;
    gw_mqtt_counters(m, &c);
    gw_buf_printf(b, "# TYPE gridwork_mqtt_received_total counter\ngridwork_mqtt_received_total %llu\n", (unsigned long long)c.received);
    gw_buf_printf(b, "# TYPE gridwork_mqtt_delivered_total counter\ngridwork_mqtt_delivered_total %llu\n", (unsigned long long)c.delivered);
    gw_buf_puts(b, "# TYPE gridwork_mqtt_dropped_total counter\n");
    for (int i = 0; i < GW_MQTT_DROP__COUNT; i++)
        gw_buf_printf(b, "gridwork_mqtt_dropped_total{reason=\"%s\"} %llu\n", gw_mqtt_drop_name((gw_mqtt_drop)i), (unsigned long long)c.dropped[i]);
    gw_buf_printf(b, "# TYPE gridwork_mqtt_withheld_total counter\ngridwork_mqtt_withheld_total %llu\n", (unsigned long long)c.withheld);
    gw_buf_printf(b, "# TYPE gridwork_mqtt_connects_total counter\ngridwork_mqtt_connects_total %llu\n", (unsigned long long)c.connects);
    gw_buf_printf(b, "# TYPE gridwork_mqtt_disconnects_total counter\ngridwork_mqtt_disconnects_total %llu\n", (unsigned long long)c.disconnects);
    gw_buf_printf(b, "# TYPE gridwork_mqtt_up gauge\ngridwork_mqtt_up %d\n", gw_mqtt_ready(m));
}
