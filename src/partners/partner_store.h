/* partners/partner_store.h — SQL of the partner registry (partners migration 1). Rows are structs;
 * masking and JSON are the callers' (partners/partner_api.c). Read functions take any connection;
 * write functions must run inside gw_store_write. */
#ifndef GW_PARTNERS_PARTNER_STORE_H
#define GW_PARTNERS_PARTNER_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"
#include "db/db.h"
#include "partners/partner.h"

typedef struct {
    int64_t id;
    int type, kind, status;                    /* partners/partner.h */
    char name[GW_PARTNER_NAME_MAX * 4 + 1];
    int64_t community_id, service_div_id;
    char community_path[128], community_name[GW_NAME_BUF], service_div_name[GW_NAME_BUF];
    char tags[GW_PARTNER_TAGS_BUF];            /* ','-joined */
    char offer[GW_PARTNER_OFFER_MAX * 4 + 1];
    char contact_name[GW_NAME_MAX * 4 + 1];
    char contact_phone[GW_PHONE_MAX + 1];
    int64_t resident_id;                       /* 0 unless self-registered */
    int64_t verified_by, verified_ms;          /* 0 until approved */
    char verified_by_name[GW_DISPLAY_BUF];
    int verify_method;                         /* -1 until approved */
    char status_reason[GW_REASON_MAX * 4 + 1];
    int64_t status_by, status_ms, created_by, created_ms, updated_ms;
} gw_partner_row;

/* Insert; fills p->id. GW_E_CONFLICT when the resident already holds a record in that community. */
gw_err gw_store_partner_insert(gw_db *tx, gw_partner_row *p);
/* Write back every field but id, resident_id, created_by and created_ms; GW_E_NOT_FOUND for no such id. */
gw_err gw_store_partner_update(gw_db *tx, const gw_partner_row *p);
gw_err gw_store_partner_get(gw_db *db, int64_t id, gw_partner_row *out);

/* A page of partners, newest first: div_prefix NULL any, else those whose community lies under it;
 * resident_id 0 any, else that resident's; type, status -1 any; q NULL any, else a piece of the name,
 * the tags or the offer. *total counts every match. */
typedef struct {
    const char *div_prefix, *q;
    int64_t resident_id;
    int type, status;
    size_t offset, limit;
} gw_partner_query;
gw_err gw_store_partner_list(gw_db *db, const gw_partner_query *q, gw_partner_row *out, size_t *n, int64_t *total);

/* The path of division id ('/1/4/'); GW_E_NOT_FOUND when none. */
gw_err gw_store_partner_div_path(gw_db *db, int64_t id, char *path, size_t n);

#endif
