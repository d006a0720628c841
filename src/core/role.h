/* core/role.h — the roles a caller can have, shared by every practice (staff roles, the public, the
 * server itself), and their names in the API and the database. */
#ifndef GW_CORE_ROLE_H
#define GW_CORE_ROLE_H

typedef enum {
    GW_R_ADMIN = 0,
    GW_R_DISPATCHER,
    GW_R_SUPERVISOR,
    GW_R_UNIT_HANDLER,
    GW_R_GRID_WORKER,
    GW_R_HOTLINE_OPERATOR,
    GW_R_AUDITOR,
    GW_R_RESIDENT, /* the public, through a tracking code */
    GW_R_SYSTEM,   /* the server itself (auto acceptance/dispatch) */
    GW_R__COUNT
} gw_role;

/* "admin", "dispatcher", ...; "unknown" for an out-of-range value. */
const char *gw_role_name(gw_role r);
/* The role named s, or -1. */
int gw_role_parse(const char *s);

#endif
