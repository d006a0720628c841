/* core/resident.h — the pure rules of resident accounts (居民账号): the mobile number an account is
 * known by, the 身份证号 of its person record, one-time codes, statuses and verification methods.
 * No I/O, no allocation. The use cases are core/resident_svc.h, the rows core/resident_store.h. */
#ifndef GW_CORE_RESIDENT_H
#define GW_CORE_RESIDENT_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"

#define GW_RESIDENT_SESSION_MS (30 * 24 * INT64_C(3600000)) /* a resident session lasts 30 days */
#define GW_RESIDENT_CODE_MS (72 * INT64_C(3600000))         /* a one-time code lasts 72 hours */
#define GW_RESIDENT_PHONE_BUF 24                            /* the digits of a phone number and the NUL */
#define GW_RESIDENT_COOKIE "gw_resident"                    /* never the staff's gw_session */

typedef enum { GW_RS_ACTIVE = 0, GW_RS_DISABLED } gw_resident_status;
/* "active", "disabled"; parse gives -1 for anything else (NULL too). */
const char *gw_resident_status_name(int s);
int gw_resident_status_parse(const char *s);

/* How staff checked who the resident is: "in_person" (at the service desk), "document" (an ID card
 * shown), "household" (the household register, 户籍/房产). parse gives -1 for anything else. */
int gw_resident_method_parse(const char *s);
const char *gw_resident_method_name(int m);

/* The key of an account's mobile number: the one phone rule (core/privacy.h gw_phone_valid), then its
 * digits, which must be a mainland mobile (11 digits starting with 1, after an optional +86/86).
 * GW_E_INVALID otherwise. out must hold GW_RESIDENT_PHONE_BUF bytes. */
gw_err gw_resident_phone_key(const char *phone, char *out, size_t n);

/* Whether s is a well-formed 身份证号 (GB 11643-1999): 17 digits and a check digit (0-9 or X, x
 * accepted) that matches them. */
int gw_id_number_valid(const char *s);
/* The number as stored: upper-case X. out must hold GW_ID_NUMBER_MAX + 1 bytes. */
void gw_id_number_norm(const char *s, char *out, size_t n);
/* Masked for lists: the first 3 and the last 2 characters, the rest '*' ("110*************2X");
 * "" for "". out must hold GW_ID_NUMBER_MAX + 1 bytes. */
void gw_id_number_mask(const char *s, char *out, size_t n);

/* One-time codes are GW_RESIDENT_CODE_LEN characters of an alphabet without look-alikes (no 0 O 1 I
 * L). From GW_RESIDENT_CODE_LEN random bytes; out must hold GW_RESIDENT_CODE_LEN + 1 bytes. */
void gw_resident_code_make(const unsigned char *rnd, char *out);
/* A code as typed: spaces and '-' dropped, letters upper-cased; GW_E_INVALID unless what is left is
 * GW_RESIDENT_CODE_LEN characters of the alphabet. out must hold GW_RESIDENT_CODE_LEN + 1 bytes. */
gw_err gw_resident_code_norm(const char *in, char *out, size_t n);

#endif
