/* core/privacy.h — the one masking module: how residents' names, phone numbers, addresses and
 * free text show wherever the viewer has no need for the full value. Pure; no I/O. Full values
 * are read only through audited paths (for tickets: GET /api/v1/tickets/{id}/reporter). */
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

/* An address for the public (tracking page, Open311): every run of digits, ASCII or full-width
 * (house, building, unit and room numbers), becomes one '*', so "文三路478号5幢301室" reads
 * "文三路*号*幢*室" — the road stays, the door does not, nor the number's length. The result is
 * never longer than the input; out must hold strlen(in) + 1 bytes ("" otherwise, or for NULL). */
void gw_mask_address(const char *in, char *out, size_t n);

#define GW_MASK_RUN_MIN 7 /* digits: a run this long may be a phone, ID-card or account number */

/* Free text for the public (descriptions, public replies): every run of GW_MASK_RUN_MIN or more
 * digits, ASCII or full-width, keeps its first 3 (from 11 digits; else 1) and last 2 digits, each
 * other digit becomes one '*' ("13812345678" -> "138******78"); shorter runs and everything else
 * stay. Never longer than the input; out must hold strlen(in) + 1 bytes ("" otherwise). */
void gw_mask_numbers(const char *in, char *out, size_t n);

/* Whether p is a phone number: 3 to 20 digits, an optional leading '+', and the separators space,
 * '-', '.', '(' and ')'; at most GW_PHONE_MAX bytes. */
int gw_phone_valid(const char *p);

/* The digits of a phone number (what a search by phone compares: "139 1234-5678" and "13912345678"
 * are one number) into out; their count. */
size_t gw_phone_key(const char *phone, char *out, size_t n);

#endif
