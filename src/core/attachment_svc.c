/* core/attachment_svc.c — the photo store's files on disk and their records (see attachment.h). */
#include "core/attachment_svc.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/attachment_store.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int file_path(const char *data_dir, const char *sha, char *out, size_t n)
{
    int w = snprintf(out, n, "%s/%.2s/%s", data_dir, sha, sha);
    return w > 0 && (size_t)w < n;
}

/* Write data to path atomically (temp file, fsync, rename). */
static gw_err write_file(const char *path, const void *data, size_t n)
{
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (fd < 0) return GW_E_IO;
    const char *c = data;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, c + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { close(fd); unlink(tmp); return GW_E_IO; }
        done += (size_t)w;
    }
    if (fsync(fd) || close(fd) || rename(tmp, path)) { unlink(tmp); return GW_E_IO; }
    return GW_OK;
}

typedef struct { const char *sha, *mime; int64_t size, uploader; } att_arg;

/* The attachment and who uploaded it, in one transaction. */
static gw_err op_attachment(gw_db *tx, void *p)
{
    att_arg *a = p;
    int64_t now = gw_now_ms();
    gw_err e = gw_store_attachment_put(tx, a->sha, a->mime, a->size, now);
    return e ? e : gw_store_upload_put(tx, a->sha, a->uploader, now);
}

gw_err gw_attachment_put(gw_store *s, const char *data_dir, const void *data, size_t n, int64_t uploader,
                         char sha[GW_SHA256_HEX], const char **mime)
{
    if (!n) return GW_E_INVALID;
    if (!(*mime = gw_image_type(data, n))) return GW_E_UNSUPPORTED;
    unsigned char h[crypto_hash_sha256_BYTES];
    char dir[1024], path[1100];
    crypto_hash_sha256(h, data, n);
    for (size_t i = 0; i < sizeof h; i++) snprintf(sha + 2 * i, 3, "%02x", h[i]);
    snprintf(dir, sizeof dir, "%s/%.2s", data_dir, sha);
    if (!file_path(data_dir, sha, path, sizeof path)) return GW_E_IO;
    struct stat sb;
    if (stat(path, &sb) != 0) { /* content-addressed: the same photo twice is stored once */
        if ((mkdir(data_dir, 0750) && errno != EEXIST) || (mkdir(dir, 0750) && errno != EEXIST) ||
            write_file(path, data, n)) {
            gw_error("photo store: cannot write %s: %s", path, strerror(errno));
            return GW_E_IO;
        }
    }
    att_arg a = { sha, *mime, (int64_t)n, uploader };
    return gw_store_write(s, op_attachment, &a);
}

gw_err gw_attachment_read(const char *data_dir, const char *sha, char **data, size_t *n)
{
    char path[1100];
    if (!gw_sha256_hex_ok(sha) || !file_path(data_dir, sha, path, sizeof path)) return GW_E_NOT_FOUND;
    FILE *f = fopen(path, "rb");
    if (!f) return GW_E_NOT_FOUND;
    long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    char *buf = len > 0 && fseek(f, 0, SEEK_SET) == 0 ? malloc((size_t)len) : NULL;
    size_t got = buf ? fread(buf, 1, (size_t)len, f) : 0;
    fclose(f);
    if (!buf || got != (size_t)len) { free(buf); return GW_E_IO; }
    *data = buf;
    *n = (size_t)len;
    return GW_OK;
}
