/* core/meta_api.c — GET /api/v1/meta/limits (public): the field limits of core/fields.h, for the
 * console's and the H5 page's forms. */
#include "core/api.h"
#include "core/fields.h"

gw_err api_meta_limits(gw_req *r)
{
    if (gw_req_only_query(r, NULL)) return GW_E_INVALID;
    json_t *o = gw_fields_json();
    if (!o) return GW_E_NOMEM;
    gw_req_add_header(r, "Cache-Control", "public, max-age=300");
    return gw_reply(r, 200, json_pack("{s:o}", "limits", o));
}
