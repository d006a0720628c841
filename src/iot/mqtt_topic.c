#include "iot/mqtt_topic.h"

#include "core/fields.h"

#include <stdio.h>
#include <string.h>

const char *gw_mqtt_drop_name(gw_mqtt_drop d)
{
    static const char *names[GW_MQTT_DROP__COUNT] = { "topic", "device_id", "too_large", "empty", "rejected" };
    return (unsigned)d < GW_MQTT_DROP__COUNT ? names[d] : "other";
}

static int group_byte(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* The device-id charset is iot/device.c's code charset (gw_iot_code_valid). */
static int id_byte(unsigned char c) { return group_byte(c) || c == '.' || c == ':'; }

int gw_mqtt_device_id_ok(const char *id, size_t len)
{
    if (len == 0 || len > GW_IOT_CODE_MAX) return 0;
    for (size_t i = 0; i < len; i++)
        if (!id_byte((unsigned char)id[i])) return 0;
    return 1;
}

int gw_mqtt_topic_parse(const char *prefix, const char *topic, char *dev, size_t devn, const char **kind)
{
    static const char mid[] = "/devices/";
    size_t pl = strlen(prefix);
    if (devn) dev[0] = 0;
    *kind = NULL;
    if (strncmp(topic, prefix, pl) || strncmp(topic + pl, mid, sizeof mid - 1)) return GW_MQTT_DROP_TOPIC;
    const char *id = topic + pl + sizeof mid - 1;
    const char *slash = strrchr(id, '/');
    if (!slash) return GW_MQTT_DROP_TOPIC;
    const char *k = slash + 1;
    if (!strcmp(k, "status")) *kind = "status";
    else if (!strcmp(k, "telemetry")) *kind = "telemetry";
    else return GW_MQTT_DROP_TOPIC;
    size_t len = (size_t)(slash - id);
    if (!gw_mqtt_device_id_ok(id, len) || len >= devn) { *kind = NULL; return GW_MQTT_DROP_DEVICE_ID; }
    memcpy(dev, id, len);
    dev[len] = 0;
    return -1;
}

int gw_mqtt_prefix_ok(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > 100 || p[0] == '$' || p[0] == '/' || p[n - 1] == '/' || strstr(p, "//")) return 0;
    return strcspn(p, "+#") == n;
}

int gw_mqtt_group_ok(const char *g)
{
    size_t n = strlen(g);
    if (n == 0 || n > 64) return 0;
    for (size_t i = 0; i < n; i++)
        if (!group_byte((unsigned char)g[i])) return 0;
    return 1;
}

static int fits(int w, size_t n) { return w >= 0 && (size_t)w < n ? 0 : -1; }

int gw_mqtt_filter(const char *prefix, const char *group, const char *kind, char *out, size_t outn)
{
    if (group && *group) return fits(snprintf(out, outn, "$share/%s/%s/devices/+/%s", group, prefix, kind), outn);
    return fits(snprintf(out, outn, "%s/devices/+/%s", prefix, kind), outn);
}

int gw_mqtt_topic(const char *prefix, const char *device_id, const char *kind, char *out, size_t outn)
{
    return fits(snprintf(out, outn, "%s/devices/%s/%s", prefix, device_id, kind), outn);
}
