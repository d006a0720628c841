/* ops/file_api.c — photos: upload to the photo store (core/attachment_svc.h) and read (who may see
 * a ticket holding it, or its uploader before that: gw_photo_may_read). */
#include "core/api.h"
#include "core/attachment_store.h"
#include "core/attachment_svc.h"
#include "ops/ticket_svc.h"

#include <stdlib.h>
#include <string.h>

gw_err api_file_upload(gw_req *r)
{
    /* the public path records no user even when a staff session cookie comes along: its photos go
     * with public reports, which are made without one */
    int public_path = !strncmp(r->path, "/api/v1/public/", 15);
    int64_t uploader = public_path || !r->authed ? 0 : r->who.user_id;
    char sha[GW_SHA256_HEX];
    const char *mime = NULL;
    gw_err e = gw_attachment_put(r->store, r->cfg->data_dir, r->body, r->body_len, uploader, sha, &mime);
    if (e == GW_E_INVALID) return gw_fail(r, e, "send the image as the request body");
    if (e == GW_E_UNSUPPORTED) return gw_fail(r, e, "only JPEG, PNG and WebP images are accepted");
    if (e == GW_E_IO) return gw_fail(r, e, "cannot store the photo");
    if (e) return e;
    return gw_reply(r, 201, json_pack("{s:s,s:s,s:I,s:s+}", "sha256", sha, "mime", mime, "size",
                                      (json_int_t)r->body_len, "url", "/api/v1/files/", sha));
}

gw_err api_file_get(gw_req *r)
{
    const char *sha = r->params[0];
    if (!gw_sha256_hex_ok(sha)) return gw_fail(r, GW_E_NOT_FOUND, "no such file");
    char mime[64];
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_attachment_mime(db, sha, mime, sizeof mime);
    int visible = !e && gw_photo_may_read(db, &r->who, sha);
    gw_store_read_end(r->store, db);
    if (!visible) return gw_fail(r, GW_E_NOT_FOUND, "no such file");
    char *data = NULL;
    size_t n = 0;
    if ((e = gw_attachment_read(r->cfg->data_dir, sha, &data, &n)))
        return e == GW_E_NOT_FOUND ? gw_fail(r, e, "no such file") : e;
    const char *type = gw_image_type((const unsigned char *)data, n); /* what the store accepted */
    gw_req_add_header(r, "Cache-Control", "private, max-age=86400, immutable");
    return gw_reply_raw(r, 200, type ? type : "application/octet-stream", data, n);
}
