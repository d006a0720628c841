/* fuzz/fuzz_mqtt.c — iot/mqtt_topic.c and the payload decoder behind it: the input is a topic, a NUL,
 * then the payload, as libmosquitto hands a message to iot/mqtt.c. A topic that parses must be the
 * topic gw_mqtt_topic builds from its parts (the two are each other's inverse). The topic bytes are
 * also tried as a configured prefix and share group. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fields.h"
#include "iot/ingest.h"
#include "iot/mqtt_topic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data, *nul = memchr(in, 0, size);
    size_t tn = nul ? (size_t)(nul - in) : size;
    if (tn > 65535) return 0; /* MQTT topics are at most 65535 bytes */
    char *topic = malloc(tn + 1);
    if (!topic) return 0;
    memcpy(topic, in, tn);
    topic[tn] = 0;
    static const char prefix[] = "gridwork/v1";
    char dev[GW_IOT_CODE_MAX + 1], back[512], filt[512];
    const char *kind = NULL;
    int v = gw_mqtt_topic_parse(prefix, topic, dev, sizeof dev, &kind);
    if (v == -1) {
        if (!gw_mqtt_device_id_ok(dev, strlen(dev))) abort();
        if (gw_mqtt_topic(prefix, dev, kind, back, sizeof back) || strcmp(back, topic)) {
            fprintf(stderr, "fuzz_mqtt: %s parsed to (%s, %s) which builds %s\n", topic, dev, kind, back);
            abort();
        }
    } else if (v != GW_MQTT_DROP_TOPIC && v != GW_MQTT_DROP_DEVICE_ID) abort();
    (void)gw_mqtt_drop_name((gw_mqtt_drop)(v < 0 ? 0 : v));
    if (gw_mqtt_prefix_ok(topic)) {
        (void)gw_mqtt_filter(topic, "", "status", filt, sizeof filt);
        (void)gw_mqtt_topic(topic, "dev-1", "telemetry", back, sizeof back);
    }
    if (gw_mqtt_group_ok(topic)) (void)gw_mqtt_filter(prefix, topic, "telemetry", filt, sizeof filt);
    free(topic);
    if (nul && (size_t)(nul + 1 - in) <= size) {
        size_t pn = size - (size_t)(nul + 1 - in);
        static gw_iot_event ev[GW_IOT_BATCH_MAX];
        size_t n = 0;
        char msg[256];
        if (pn && pn <= GW_IOT_PAYLOAD_MAX && gw_iot_decode(nul + 1, pn, ev, GW_IOT_BATCH_MAX, &n, msg, sizeof msg) == GW_OK)
            gw_iot_events_free(ev, n);
    }
    return 0;
}
