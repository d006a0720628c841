/* iot/alarm.c — see alarm.h. */
#include "iot/alarm.h"

#include <stdio.h>
#include <string.h>

static void set(char *dst, const char *src) { snprintf(dst, GW_IOT_CODE_BUF, "%s", src); }

gw_iot_step gw_alarm_step(const gw_device_type *t, gw_device_state *s, const char *status, int64_t now_ms)
{
    const gw_status_rule *now_r = gw_device_type_rule(t, status);
    int abnormal = now_r && now_r->alarm[0];
    if (!abnormal) {
        int changed = strcmp(s->status, status) != 0, had_pending = s->pending[0] != 0;
        s->pending[0] = 0;
        s->pending_count = 0;
        s->pending_since_ms = 0;
        set(s->status, status);
        return changed ? GW_IOT_CLEAR : had_pending ? GW_IOT_HOLD : GW_IOT_SAME;
    }
    if (!strcmp(s->status, status)) { /* a repeat of the confirmed status */
        s->pending[0] = 0;
        s->pending_count = 0;
        s->pending_since_ms = 0;
        return GW_IOT_RAISE;
    }
    if (strcmp(s->pending, status)) {
        set(s->pending, status);
        s->pending_count = 0;
        s->pending_since_ms = now_ms;
    }
    s->pending_count++;
    if (s->pending_count < t->debounce_n || now_ms - s->pending_since_ms < t->debounce_ms) return GW_IOT_HOLD;
    set(s->status, status);
    s->pending[0] = 0;
    s->pending_count = 0;
    s->pending_since_ms = 0;
    return GW_IOT_RAISE;
}

int gw_alarm_repeat_noted(int64_t count, int escalated)
{
    if (escalated || count == 2) return 1;
    for (int64_t p = 10; p > 0 && p <= count; p *= 10)
        if (count == p) return 1;
    return 0;
}

gw_err gw_alarm_ack_check(int acked)
{
    return acked ? GW_E_CONFLICT : GW_OK;
}
