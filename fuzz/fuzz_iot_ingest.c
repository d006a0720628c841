/* fuzz/fuzz_iot_ingest.c — iot/ingest.c: one device message (an event or {"events":[...]}), as the
 * receiver hands it over after its size check, and the ISO 8601 times inside it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fields.h"
#include "iot/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > GW_IOT_PAYLOAD_MAX) return 0; /* the receivers refuse more before decoding */
    static gw_iot_event ev[GW_IOT_BATCH_MAX];
    size_t n = 0;
    char msg[256];
    if (gw_iot_decode((const char *)data, size, ev, GW_IOT_BATCH_MAX, &n, msg, sizeof msg) == GW_OK) {
        if (n < 1 || n > GW_IOT_BATCH_MAX) abort();
        gw_iot_events_free(ev, n);
    } else if (!msg[0]) abort(); /* every refusal says why */
    char t[64];
    size_t tn = size < sizeof t - 1 ? size : sizeof t - 1;
    memcpy(t, data, tn);
    t[tn] = 0;
    (void)gw_iot_parse_time(t);
    return 0;
}
