/* demo/demo_partners.h — the demo city's resident accounts and 社区合伙人 in 幸福里社区: community
 * staff (shequ01), residents who sign in with their mobile number and the password "demo" (some
 * verified), and partners of each type and status. */
#ifndef GW_DEMO_PARTNERS_H
#define GW_DEMO_PARTNERS_H

#include "base/err.h"
#include "db/store.h"

/* Add them through the services, as the console and the H5 page would. */
gw_err gw_demo_partners_load(gw_store *s);

#endif
