/* partners/credit.c — names of the credit file's event kinds (see credit.h). */
#include "partners/credit.h"

#include <string.h>

static const char *const kind_names[GW_CE__COUNT] = {
    "service_live", "service_backfill", "confirmed", "points_earned", "revoked", "no_show", "evaluation",
    "project_done",
};

const char *gw_credit_kind_name(int k) { return k >= 0 && k < GW_CE__COUNT ? kind_names[k] : "unknown"; }

int gw_credit_kind_parse(const char *s)
{
    for (int k = 0; s && k < GW_CE__COUNT; k++)
        if (strcmp(s, kind_names[k]) == 0) return k;
    return -1;
}
