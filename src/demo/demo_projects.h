/* demo/demo_projects.h — 需求→项目 in the demo's 幸福里社区: a needs survey with residents' answers, a
 * door-to-door visit, a project delivered and evaluated by the three parties (ready to close and pay), and
 * a published project with a pending claim. Loaded after demo/demo_partners.c (it uses shequ01 and the
 * residents there). */
#ifndef GW_DEMO_PROJECTS_H
#define GW_DEMO_PROJECTS_H

#include "base/err.h"
#include "db/store.h"

/* Add them through the services, as the console and the H5 page would. */
gw_err gw_demo_projects_load(gw_store *s);

#endif
