/* partners/partner.h — the 合伙人 registry's pure half: a partner's type, kind and status, the status
 * machine staff drive (approve, suspend, resume, retire), how a partner was verified, and the bounded
 * list of skills/resources it offers. No I/O, no allocation. Use cases: partners/partner_svc.h. */
#ifndef GW_PARTNERS_PARTNER_H
#define GW_PARTNERS_PARTNER_H

#include <stddef.h>
#include "base/err.h"

#define GW_PARTNER_NAME_MAX 60    /* characters: a person's or an organisation's name */
#define GW_PARTNER_OFFER_MAX 500  /* characters: what the partner offers, in words */
#define GW_PARTNER_TAGS_MAX 8     /* skills/resources tags on one partner */
#define GW_PARTNER_TAG_MAX 12     /* characters of one tag */
#define GW_PARTNER_TAGS_BUF (GW_PARTNER_TAGS_MAX * (GW_PARTNER_TAG_MAX * 4 + 1) + 1) /* joined by ',' */

/* 资源型 (banks, gyms, shops, schools, hospitals: rooms, money, services), 专业型 (lawyers, doctors,
 * teachers, counsellors), 志愿型 (residents, retired cadres, students). */
typedef enum { GW_PT_RESOURCE = 0, GW_PT_PROFESSIONAL, GW_PT_VOLUNTEER, GW_PT__COUNT } gw_partner_type;
typedef enum { GW_PKIND_PERSON = 0, GW_PKIND_ORG, GW_PKIND__COUNT } gw_partner_kind;
typedef enum { GW_PS_PENDING = 0, GW_PS_ACTIVE, GW_PS_SUSPENDED, GW_PS_RETIRED, GW_PS__COUNT } gw_partner_status;
typedef enum { GW_PA_APPROVE = 0, GW_PA_SUSPEND, GW_PA_RESUME, GW_PA_RETIRE, GW_PA__COUNT } gw_partner_action;
/* How staff checked the partner on approval: a business licence (营业执照), a professional licence
 * (执业证书), an ID card seen in person, or a reference from the community. */
typedef enum { GW_PV_LICENCE = 0, GW_PV_PRACTICE, GW_PV_ID_CARD, GW_PV_REFERENCE, GW_PV__COUNT } gw_partner_verify;

/* Names in the API and the database ("resource", "person", "pending", "approve", "licence"...);
 * "unknown" out of range. parse: the value, or -1 for anything else (NULL too). */
const char *gw_partner_type_name(int v);
int gw_partner_type_parse(const char *s);
const char *gw_partner_kind_name(int v);
int gw_partner_kind_parse(const char *s);
const char *gw_partner_status_name(int v);
int gw_partner_status_parse(const char *s);
const char *gw_partner_action_name(int v);
int gw_partner_action_parse(const char *s);
const char *gw_partner_verify_name(int v);
int gw_partner_verify_parse(const char *s);

/* The status machine: approve pending -> active; suspend active -> suspended; resume suspended ->
 * active; retire pending, active or suspended -> retired (retired is final). Only staff holding
 * partner.manage act (may_manage); a resident never moves a status. On success *to is the new status;
 * GW_E_FORBIDDEN without may_manage, GW_E_CONFLICT when the action is not allowed from `from`,
 * GW_E_INVALID for an unknown status or action. *to is untouched on failure. */
gw_err gw_partner_step(gw_partner_status from, gw_partner_action act, int may_manage, gw_partner_status *to);

/* Whether s is a tag: 1..GW_PARTNER_TAG_MAX characters of UTF-8 without ',' or a control character
 * and not only spaces. */
int gw_partner_tag_ok(const char *s);

#endif
