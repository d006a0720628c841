/* ops/unit_tree_api.h — 二级派单's unit tree (route rows in http/routes.c). */
#ifndef GW_OPS_UNIT_TREE_API_H
#define GW_OPS_UNIT_TREE_API_H

#include "core/api.h"

gw_err api_unit_parent_set(gw_req *r); /* PUT /api/v1/units/{id}/parent {"parent_unit_id": n|null} (admin, audited) */
gw_err api_unit_subunits(gw_req *r);   /* GET /api/v1/units/{id}/subunits: enabled sub-units and the unit's parent (staff) */

#endif
