/* base/clock.h — time is an int64 of Unix milliseconds in UTC everywhere inside. */
#ifndef GW_BASE_CLOCK_H
#define GW_BASE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define GW_MS_PER_HOUR INT64_C(3600000)
#define GW_MS_PER_DAY  INT64_C(86400000)

int64_t gw_now_ms(void);
/* Monotonic milliseconds, for measuring durations only. */
int64_t gw_mono_ms(void);
/* Write "YYYY-MM-DDTHH:MM:SS.mmmZ" into buf (needs 25 bytes). */
void gw_clock_iso8601(int64_t ms, char *buf, size_t n);
/* Write "YYYY-MM-DDTHH:MM:SS+08:00" (Asia/Shanghai, no DST) — Open311 datetimes. */
void gw_clock_w3c_cst(int64_t ms, char *buf, size_t n);
/* Parse an ISO 8601 / W3C datetime with Z or ±HH:MM offset (date alone = midnight UTC).
 * Returns 0 and sets *ms, or -1 when malformed. */
int gw_clock_parse(const char *s, int64_t *ms);

#endif
