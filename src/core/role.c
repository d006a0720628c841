/* core/role.c — role names. */
#include "core/role.h"

#include <string.h>

static const char *const role_names[GW_R__COUNT] = {
    "admin", "dispatcher", "supervisor", "unit_handler", "grid_worker",
    "hotline_operator", "auditor", "resident", "system",
};

const char *gw_role_name(gw_role r)
{
    return (unsigned)r < GW_R__COUNT ? role_names[r] : "unknown";
}

int gw_role_parse(const char *s)
{
    for (int i = 0; s && i < GW_R__COUNT; i++)
        if (!strcmp(role_names[i], s)) return i;
    return -1;
}
