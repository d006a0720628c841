/* core/privacy.h — the one masking module: how residents' names and phone numbers show wherever
 * the viewer has no need for the full value. Pure; no I/O. Full values are read only through
 * audited paths (for tickets: GET /api/v1/tickets/{id}/reporter). */
#ifndef GW_CORE_PRIVACY_H
#define GW_CORE_PRIVACY_H

#include <stddef.h>

#include "core/fields.h" /* GW_PHONE_MAX */

/* A name with only its first (and, from three characters, its last) character: "张*", "张*明";
 * a one-character name is "*". out must hold 16 bytes or more; "" for an empty name. */
void gw_mask_name(const char *name, char *out, size_t n);
/* A phone number with its middle digits hidden at any length: "138****5678"; up to 4 digits all
 * hidden; otherwise at most 3 leading and 4 trailing digits and never more than half of them shown.
 * Separators stay. out must hold strlen(phone) + 1 bytes ("" otherwise). */
void gw_mask_phone(const char *phone, char *out, size_t n);

/* Whether p is a phone number: 3 to 20 digits, an optional leading '+', and the separators space,
 * '-', '.', '(' and ')'; at most GW_PHONE_MAX bytes. */
int gw_phone_valid(const char *p);

#endif
