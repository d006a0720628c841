/* ops/warning_store.h — SQL of early warnings (预警, ops migration "warnings"): the daily counts and the
 * repeat callers they are computed from, and the warnings themselves, one row per key (a rise: area,
 * category and day; a repeat caller: the hashed number), raised or refreshed by an upsert so two runs
 * of a job never make two rows. Writes run inside gw_store_write. */
#ifndef GW_OPS_WARNING_STORE_H
#define GW_OPS_WARNING_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"
#include "db/db.h"

#define GW_WARNING_EVIDENCE_MAX 20 /* ticket ids kept as a warning's evidence */
#define GW_WARNING_KEY_MAX 192

typedef enum { GW_WK_RISE = 0, GW_WK_REPEAT, GW_WK_CLUSTER, GW_WK__COUNT } gw_warning_kind;
typedef enum { GW_WS_OPEN = 0, GW_WS_ACK, GW_WS__COUNT } gw_warning_state;
const char *gw_warning_kind_name(int k);
int gw_warning_kind_parse(const char *s);
const char *gw_warning_state_name(int s);
int gw_warning_state_parse(const char *s);

typedef struct {
    int64_t id;
    int kind, state;
    char wkey[GW_WARNING_KEY_MAX];
    char area_path[128];
    char area_name[GW_NAME_BUF];
    int64_t category_id;             /* rise; 0 for a repeat caller */
    char category_name[GW_NAME_BUF];
    int64_t day_ms;                  /* rise: the day's start; repeat: the latest report */
    int64_t count;                   /* rise: reports that day; repeat: reports in the window; cluster: its reports */
    double baseline, score;          /* rise: the baseline mean and C2 */
    char subject[160];               /* repeat: the masked number; cluster: the first report's words, numbers masked */
    int64_t evidence[GW_WARNING_EVIDENCE_MAX];
    int nevidence;
    int64_t ack_by, ack_ms;
    char ack_note[GW_REASON_MAX * 4 + 1];
    int64_t created_ms, updated_ms;
} gw_warning_row;

/* Tickets per (division path, category, local day) reported in [from_ms, to_ms): fn for each group. */
typedef void (*gw_daycount_row_fn)(const char *path, int64_t category_id, int64_t day, int64_t count, void *arg);
gw_err gw_store_warning_daycounts(gw_db *db, int64_t from_ms, int64_t to_ms, int64_t tz_offset_ms,
                                  gw_daycount_row_fn fn, void *arg);
/* Ids (newest first, at most max) of tickets of category under area reported in [from_ms, to_ms). */
gw_err gw_store_warning_rise_tickets(gw_db *db, const char *area, int64_t category_id, int64_t from_ms,
                                     int64_t to_ms, int64_t *ids, int max, int *n);

/* Callers (by phone key) with at least min_reports reports since from_ms, at most max of them. */
typedef void (*gw_repeat_row_fn)(const char *phone_key, int64_t count, void *arg);
gw_err gw_store_warning_repeaters(gw_db *db, int64_t from_ms, int64_t min_reports, int max, gw_repeat_row_fn fn,
                                  void *arg);
/* A caller's reports since from_ms: ids newest first (at most max), the newest's time and path. */
gw_err gw_store_warning_caller_tickets(gw_db *db, const char *phone_key, int64_t from_ms, int64_t *ids, int max,
                                       int *n, int64_t *latest_ms, char *path, size_t pathn);

/* Reports since from_ms that are not 作废 (invalid), newest first, at most max: fn for each. */
typedef void (*gw_recent_row_fn)(int64_t id, const char *path, const char *description, const char *phone_key,
                                 void *arg);
gw_err gw_store_warning_recent(gw_db *db, int64_t from_ms, int max, gw_recent_row_fn fn, void *arg);

/* Raise a warning or refresh the one with its key: count, scores and evidence take w's values, and an
 * acknowledged warning opens again when its count grew. */
gw_err gw_store_warning_upsert(gw_db *tx, const gw_warning_row *w);
gw_err gw_store_warning_get(gw_db *db, int64_t id, gw_warning_row *out);
/* A page of warnings whose area lies under prefix ("/" all), newest first; kind, state -1 any. */
gw_err gw_store_warning_list(gw_db *db, const char *prefix, int kind, int state, size_t offset, size_t limit,
                             gw_warning_row *out, size_t *found, int64_t *total);
/* Acknowledge an open warning: GW_E_NOT_FOUND, GW_E_CONFLICT when it is not open. */
gw_err gw_store_warning_ack(gw_db *tx, int64_t id, int64_t by, const char *note, int64_t now_ms);
/* Open warnings under prefix (for the workbench and the 大屏). */
gw_err gw_store_warning_open_count(gw_db *db, const char *prefix, int64_t *n);

#endif
