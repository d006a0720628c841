/* ops/onsite_store.h — SQL for 现场核查: on-site verifications of handled tickets by grid workers
 * (ticket_onsite) and their before/after photos (ticket_onsite_photos), ops migration 8. */
#ifndef GW_OPS_ONSITE_STORE_H
#define GW_OPS_ONSITE_STORE_H

#include "base/err.h"
#include "core/fields.h"
#include "db/db.h"

#include <stdint.h>

typedef struct {
    int64_t id, ticket_id, user_id, at_ms;
    char result[8];            /* "pass" | "fail" */
    char note[GW_NOTE_MAX + 1]; /* "" when none */
    char user_name[128];       /* the grid worker's display name ("" if unknown) */
} gw_onsite_row;

/* Record one verification; *id gets its id. */
gw_err gw_store_onsite_add(gw_db *tx, int64_t ticket_id, int64_t user_id, const char *result, const char *note,
                           int64_t at_ms, int64_t *id);
/* Attach a photo (stage "before" or "after") to verification onsite_id of ticket_id. */
gw_err gw_store_onsite_photo_add(gw_db *tx, int64_t onsite_id, int64_t ticket_id, const char *sha256,
                                 const char *stage);

/* Each verification of the ticket, newest first, to fn (the row lives until fn returns; fn returning 0
 * stops with GW_E_NOMEM). */
typedef int (*gw_onsite_fn)(void *cls, const gw_onsite_row *row);
gw_err gw_store_onsite_each(gw_db *db, int64_t ticket_id, gw_onsite_fn fn, void *cls);

typedef struct { const char *sha256, *stage, *mime; int64_t size; } gw_onsite_photo_row;
typedef int (*gw_onsite_photo_fn)(void *cls, const gw_onsite_photo_row *row);
/* The photos of verification onsite_id, before first; fn returning 0 stops with GW_E_NOMEM. */
gw_err gw_store_onsite_photo_each(gw_db *db, int64_t onsite_id, gw_onsite_photo_fn fn, void *cls);

#endif
