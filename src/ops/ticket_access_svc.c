/* ops/ticket_access_svc.c — who may see what of tickets beyond the ticket itself: a photo is visible to
 * whoever may see one of the tickets it belongs to (or, not yet attached, its uploader); a search by a
 * caller's phone number is audited (declared in ops/ticket_svc.h). */
#include "ops/ticket_svc.h"
#include "base/clock.h"
#include "core/attachment_store.h"
#include "core/audit.h"
#include "core/privacy.h"
#include "core/scope.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_PHOTO_TICKETS 64 /* tickets checked for one photo's visibility */

int gw_photo_may_read(gw_db *db, const gw_principal *who, const char *sha256)
{
    int64_t ids[MAX_PHOTO_TICKETS];
    int n = 0;
    if (gw_store_photo_tickets(db, sha256, ids, MAX_PHOTO_TICKETS, &n) != GW_OK) return 0;
    if (!n) return who->user_id && gw_store_uploaded_by(db, sha256, who->user_id) == 1;
    gw_ticket_row *row = malloc(sizeof *row);
    int ok = 0;
    for (int i = 0; row && !ok && i < n; i++)
        ok = gw_store_ticket_get(db, ids[i], row) == GW_OK && gw_ticket_visible(db, who, row);
    free(row);
    return ok;
}

typedef struct { const gw_principal *who; const char *detail; } search_audit;

static gw_err op_search_audit(gw_db *tx, void *p)
{
    search_audit *a = p;
    return gw_audit_append(tx, gw_now_ms(), a->who->user_id, "pii.search", "tickets", a->detail);
}

gw_err gw_ticket_search_audit(gw_store *s, const gw_principal *who, const char *phone_key)
{
    char masked[GW_PHONE_MAX + 1], detail[96];
    gw_mask_phone(phone_key, masked, sizeof masked);
    snprintf(detail, sizeof detail, "{\"by\":\"reporter_phone\",\"phone\":\"%s\"}", masked);
    search_audit a = { who, detail };
    return gw_store_write(s, op_search_audit, &a);
}
