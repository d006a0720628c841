/* base/log.h — one-line logs to stderr: "2026-11-24T04:50:00.123Z LEVEL message". */
#ifndef GW_BASE_LOG_H
#define GW_BASE_LOG_H

typedef enum { GW_LOG_DEBUG = 0, GW_LOG_INFO, GW_LOG_WARN, GW_LOG_ERROR } gw_log_level;

/* Messages below `min` are dropped. Default GW_LOG_INFO. */
void gw_log_set_level(gw_log_level min);
void gw_log(gw_log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define gw_info(...) gw_log(GW_LOG_INFO, __VA_ARGS__)
#define gw_warn(...) gw_log(GW_LOG_WARN, __VA_ARGS__)
#define gw_error(...) gw_log(GW_LOG_ERROR, __VA_ARGS__)

#endif
