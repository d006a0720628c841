/* mqtt_probe — a subscriber process for tests/e2e/test_mqtt.py: iot/mqtt.c with a sink that prints
 * every message it receives ("MSG <device> <kind> <payload>"), and, on demand, blocks forever on a
 * payload containing --block-on (to be SIGKILLed there) or answers RETRY once to one containing
 * --retry-on. Prints READY / DOWN when the subscription comes and goes, and the counters on SIGTERM.
 *   mqtt_probe --port N --client-id ID [--host H] [--prefix P] [--group G] [--block-on S] [--retry-on S]
 *              [--user U --password P] */
#include "iot/mqtt.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *block_on, *retry_on;
static int retried;

static int has(const void *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k && i + k <= n; i++)
        if (!memcmp((const char *)p + i, needle, k)) return 1;
    return 0;
}

static int sink(void *arg, const char *dev, const char *kind, const void *payload, size_t len)
{
    (void)arg;
    if (block_on && has(payload, len, block_on)) {
        printf("BLOCKED %s %.*s\n", dev, (int)len, (const char *)payload);
        fflush(stdout);
        for (;;) pause(); /* the commit that never ends: SIGKILL comes here */
    }
    if (retry_on && !retried && has(payload, len, retry_on)) {
        retried = 1;
        printf("RETRY %s %.*s\n", dev, (int)len, (const char *)payload);
        fflush(stdout);
        return GW_MQTT_RETRY;
    }
    if (has(payload, len, "reject")) return GW_MQTT_REJECT;
    printf("MSG %s %s %.*s\n", dev, kind, (int)len, (const char *)payload);
    fflush(stdout);
    return GW_MQTT_ACK;
}

static const char *arg(int argc, char **argv, const char *name, const char *def)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], name)) return argv[i + 1];
    return def;
}

int main(int argc, char **argv)
{
    gw_mqtt_opts o;
    memset(&o, 0, sizeof o);
    snprintf(o.host, sizeof o.host, "%s", arg(argc, argv, "--host", "127.0.0.1"));
    o.port = atoi(arg(argc, argv, "--port", "1883"));
    snprintf(o.client_id, sizeof o.client_id, "%s", arg(argc, argv, "--client-id", "probe"));
    snprintf(o.prefix, sizeof o.prefix, "%s", arg(argc, argv, "--prefix", "gridwork/v1"));
    snprintf(o.share_group, sizeof o.share_group, "%s", arg(argc, argv, "--group", ""));
    snprintf(o.user, sizeof o.user, "%s", arg(argc, argv, "--user", ""));
    snprintf(o.password, sizeof o.password, "%s", arg(argc, argv, "--password", ""));
    o.keepalive = 10;
    block_on = arg(argc, argv, "--block-on", NULL);
    retry_on = arg(argc, argv, "--retry-on", NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    gw_mqtt *m;
    char msg[256];
    if (gw_mqtt_start(&o, sink, NULL, &m, msg, sizeof msg)) { fprintf(stderr, "%s\n", msg); return 2; }
    int was = 0;
    struct timespec tick = { 0, 50 * 1000000L };
    while (sigtimedwait(&set, NULL, &tick) < 0) {
        int now = gw_mqtt_ready(m);
        if (now != was) { printf(now ? "READY\n" : "DOWN\n"); fflush(stdout); was = now; }
    }
    gw_mqtt_counts c;
    gw_mqtt_counters(m, &c);
    gw_mqtt_stop(m);
    printf("COUNTS received=%llu delivered=%llu withheld=%llu connects=%llu", (unsigned long long)c.received,
           (unsigned long long)c.delivered, (unsigned long long)c.withheld, (unsigned long long)c.connects);
    for (int i = 0; i < GW_MQTT_DROP__COUNT; i++)
        printf(" %s=%llu", gw_mqtt_drop_name((gw_mqtt_drop)i), (unsigned long long)c.dropped[i]);
    printf("\n");
    return 0;
}
