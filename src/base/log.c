#include "base/log.h"
#include "base/clock.h"

#include <stdarg.h>
#include <stdio.h>

static gw_log_level min_level = GW_LOG_INFO;

void gw_log_set_level(gw_log_level min) { min_level = min; }

void gw_log(gw_log_level lvl, const char *fmt, ...)
{
    static const char *names[] = { "DEBUG", "INFO", "WARN", "ERROR" };
    if (lvl < min_level) return;
    char ts[32], line[1024];
    gw_clock_iso8601(gw_now_ms(), ts, sizeof ts);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s %s %s\n", ts, names[lvl], line); /* one write per line under stdio's lock */
}
