/* core/meta_api.c — public facts the pages need before anyone signs in: GET /api/v1/meta/limits, the
 * field limits of core/fields.h for the console's and the H5 page's forms; GET /api/v1/meta/login,
 * whether demo logins (the published password "demo") still exist, so the login page's hint goes once
 * the passwords were changed. */
#include "core/api.h"
#include "core/auth_store.h"
#include "core/fields.h"

gw_err api_meta_limits(gw_req *r)
{
    if (gw_req_only_query(r, NULL)) return GW_E_INVALID;
    json_t *o = gw_fields_json();
    if (!o) return GW_E_NOMEM;
    gw_req_add_header(r, "Cache-Control", "public, max-age=300");
    return gw_reply(r, 200, json_pack("{s:o}", "limits", o));
}

gw_err api_meta_login(gw_req *r)
{
    if (gw_req_only_query(r, NULL)) return GW_E_INVALID;
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    int64_t n = 0;
    gw_err e = gw_store_demo_password_count(db, &n);
    gw_store_read_end(r->store, db);
    if (e) return e;
    return gw_reply(r, 200, json_pack("{s:b}", "demo_logins", n > 0));
}
