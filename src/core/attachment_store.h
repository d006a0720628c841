/* core/attachment_store.h — SQL for the photo store (see core/attachment.h). */
#ifndef GW_CORE_ATTACHMENT_STORE_H
#define GW_CORE_ATTACHMENT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"

gw_err gw_store_attachment_put(gw_db *tx, const char *sha256, const char *mime, int64_t size, int64_t now_ms);
gw_err gw_store_attachment_mime(gw_db *db, const char *sha256, char *mime, size_t n);
/* Record that user_id (0: the public upload path) uploaded sha256; once per uploader. */
gw_err gw_store_upload_put(gw_db *tx, const char *sha256, int64_t user_id, int64_t now_ms);
/* Whether user_id (0: the public path) uploaded sha256: 1 yes, 0 no, -1 on a database error. */
int gw_store_uploaded_by(gw_db *db, const char *sha256, int64_t user_id);

#endif
