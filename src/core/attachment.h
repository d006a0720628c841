/* core/attachment.h — the photo store, shared by every practice: content-addressed files under
 * data_dir (data_dir/ab/abcd..., by SHA-256; core/attachment_svc.h), their metadata in `attachments`
 * and who uploaded which in `uploads` (core/attachment_store.h). Who may read a photo is the owning
 * practice's rule (ops: gw_photo_may_read). This part is pure. */
#ifndef GW_CORE_ATTACHMENT_H
#define GW_CORE_ATTACHMENT_H

#include <stddef.h>

#define GW_SHA256_HEX 65

/* The type by content, not by name or header: image/jpeg, image/png or image/webp; NULL otherwise. */
const char *gw_image_type(const unsigned char *p, size_t n);
/* Whether s is a lower-case hex SHA-256 (64 characters). */
int gw_sha256_hex_ok(const char *s);

#endif
