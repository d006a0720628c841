/* partners/partner.c — see partner.h. */
#include "partners/partner.h"

#include <string.h>

static const char *const type_names[GW_PT__COUNT] = { "resource", "professional", "volunteer" };
static const char *const kind_names[GW_PKIND__COUNT] = { "person", "organisation" };
static const char *const status_names[GW_PS__COUNT] = { "pending", "active", "suspended", "retired" };
static const char *const action_names[GW_PA__COUNT] = { "approve", "suspend", "resume", "retire" };
static const char *const verify_names[GW_PV__COUNT] = { "licence", "practice", "id_card", "reference" };

static const char *name_of(const char *const *names, int n, int v) { return v >= 0 && v < n ? names[v] : "unknown"; }

static int parse_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

const char *gw_partner_type_name(int v) { return name_of(type_names, GW_PT__COUNT, v); }
int gw_partner_type_parse(const char *s) { return parse_of(type_names, GW_PT__COUNT, s); }
const char *gw_partner_kind_name(int v) { return name_of(kind_names, GW_PKIND__COUNT, v); }
int gw_partner_kind_parse(const char *s) { return parse_of(kind_names, GW_PKIND__COUNT, s); }
const char *gw_partner_status_name(int v) { return name_of(status_names, GW_PS__COUNT, v); }
int gw_partner_status_parse(const char *s) { return parse_of(status_names, GW_PS__COUNT, s); }
const char *gw_partner_action_name(int v) { return name_of(action_names, GW_PA__COUNT, v); }
int gw_partner_action_parse(const char *s) { return parse_of(action_names, GW_PA__COUNT, s); }
const char *gw_partner_verify_name(int v) { return name_of(verify_names, GW_PV__COUNT, v); }
int gw_partner_verify_parse(const char *s) { return parse_of(verify_names, GW_PV__COUNT, s); }

/* The machine as data: from[action] is the status an action starts from (-1: any but retired), to[action]
 * where it ends. */
static const struct { int from; gw_partner_status to; } steps[GW_PA__COUNT] = {
    [GW_PA_APPROVE] = { GW_PS_PENDING, GW_PS_ACTIVE },
    [GW_PA_SUSPEND] = { GW_PS_ACTIVE, GW_PS_SUSPENDED },
    [GW_PA_RESUME] = { GW_PS_SUSPENDED, GW_PS_ACTIVE },
    [GW_PA_RETIRE] = { -1, GW_PS_RETIRED },
};

gw_err gw_partner_step(gw_partner_status from, gw_partner_action act, int may_manage, gw_partner_status *to)
{
    if ((int)from < 0 || from >= GW_PS__COUNT || (int)act < 0 || act >= GW_PA__COUNT) return GW_E_INVALID;
    if (!may_manage) return GW_E_FORBIDDEN;
    int ok = steps[act].from < 0 ? from != GW_PS_RETIRED : (int)from == steps[act].from;
    if (!ok) return GW_E_CONFLICT;
    *to = steps[act].to;
    return GW_OK;
}

/* The length of the UTF-8 sequence at p (1..4), 0 when it is not one. */
static int utf8_seq(const unsigned char *p)
{
    int n = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 && p[0] >= 0xC2 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3
          : (p[0] & 0xF8) == 0xF0 && p[0] <= 0xF4 ? 4 : 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return n;
}

int gw_partner_tag_ok(const char *s)
{
    if (!s || !*s) return 0;
    int chars = 0, blank = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; chars++) {
        int n = utf8_seq(p);
        if (!n || *p < 0x20 || *p == 0x7f || *p == ',') return 0;
        if (*p != ' ') blank = 0;
        p += n;
    }
    return !blank && chars <= GW_PARTNER_TAG_MAX;
}
