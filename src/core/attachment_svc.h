/* core/attachment_svc.h — storing and reading photos (see core/attachment.h). */
#ifndef GW_CORE_ATTACHMENT_SVC_H
#define GW_CORE_ATTACHMENT_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/attachment.h"
#include "db/store.h"

/* Store an image (once per content: temp file, fsync, rename) and record it with its uploader
 * (0: the public path). GW_E_INVALID when empty, GW_E_UNSUPPORTED when not an accepted image, GW_E_IO
 * when the file cannot be written. sha gets the hex digest, *mime the type. */
gw_err gw_attachment_put(gw_store *s, const char *data_dir, const void *data, size_t n, int64_t uploader,
                         char sha[GW_SHA256_HEX], const char **mime);
/* Read a stored image into *data (malloc'd) of *n bytes. GW_E_NOT_FOUND when there is no file. */
gw_err gw_attachment_read(const char *data_dir, const char *sha, char **data, size_t *n);

#endif
