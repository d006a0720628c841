/* ops/file_api.c — photos: upload (content-addressed, by content type sniffing) and read (who may
 * see a ticket holding it, or its uploader before that: gw_photo_may_read). */
#include "core/api.h"
#include "base/clock.h"
#include "base/log.h"
#include "ops/ticket_svc.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- photos ------------------------------------------------------------------------------- */

/* The type by content, not by name or header: JPEG, PNG or WebP; NULL otherwise. */
static const char *sniff_image(const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return "image/jpeg";
    if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) return "image/png";
    if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4)) return "image/webp";
    return NULL;
}

static void file_path(const gw_req *r, const char *sha, char *out, size_t n)
{
    snprintf(out, n, "%s/%.2s/%s", r->cfg->data_dir, sha, sha);
}

typedef struct { const char *sha, *mime; int64_t size, uploader; } att_arg;

/* The attachment and who uploaded it (0: the public path), in one transaction. */
static gw_err op_attachment(gw_db *tx, void *p)
{
    att_arg *a = p;
    int64_t now = gw_now_ms();
    gw_err e = gw_store_attachment_put(tx, a->sha, a->mime, a->size, now);
    return e ? e : gw_store_upload_put(tx, a->sha, a->uploader, now);
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

gw_err api_file_upload(gw_req *r)
{
    const unsigned char *p = (const unsigned char *)r->body;
    const char *mime = sniff_image(p, r->body_len);
    if (!r->body_len) return gw_fail(r, GW_E_INVALID, "send the image as the request body");
    if (!mime) return gw_fail(r, GW_E_UNSUPPORTED, "only JPEG, PNG and WebP images are accepted");
    unsigned char h[crypto_hash_sha256_BYTES];
    char sha[65], dir[1024], path[1100];
    crypto_hash_sha256(h, p, r->body_len);
    for (size_t i = 0; i < sizeof h; i++) snprintf(sha + 2 * i, 3, "%02x", h[i]);
    snprintf(dir, sizeof dir, "%s/%.2s", r->cfg->data_dir, sha);
    file_path(r, sha, path, sizeof path);
    struct stat sb;
    if (stat(path, &sb) != 0) { /* content-addressed: the same photo twice is stored once */
        if ((mkdir(r->cfg->data_dir, 0750) && errno != EEXIST) || (mkdir(dir, 0750) && errno != EEXIST) ||
            write_file(path, p, r->body_len)) {
            gw_error("photo store: cannot write %s: %s", path, strerror(errno));
            return gw_fail(r, GW_E_IO, "cannot store the photo");
        }
    }
    /* the public path records no user even when a staff session cookie comes along: its photos go
     * with public reports, which are made without one */
    int public_path = !strncmp(r->path, "/api/v1/public/", 15);
    att_arg a = { sha, mime, (int64_t)r->body_len, public_path || !r->authed ? 0 : r->who.user_id };
    gw_err e = gw_store_write(r->store, op_attachment, &a);
    if (e) return e;
    return gw_reply(r, 201, json_pack("{s:s,s:s,s:I,s:s+}", "sha256", sha, "mime", mime, "size",
                                      (json_int_t)r->body_len, "url", "/api/v1/files/", sha));
}

gw_err api_file_get(gw_req *r)
{
    const char *sha = r->params[0];
    if (!sha || strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64) return gw_fail(r, GW_E_NOT_FOUND, "no such file");
    char mime[64], path[1100];
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_attachment_mime(db, sha, mime, sizeof mime);
    int visible = !e && gw_photo_may_read(db, &r->who, sha);
    gw_store_read_end(r->store, db);
    if (!visible) return gw_fail(r, GW_E_NOT_FOUND, "no such file");
    file_path(r, sha, path, sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f) return gw_fail(r, GW_E_NOT_FOUND, "no such file");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = n > 0 ? malloc((size_t)n) : NULL;
    size_t got = data ? fread(data, 1, (size_t)n, f) : 0;
    fclose(f);
    if (!data || got != (size_t)n) { free(data); return GW_E_IO; }
    static const char *types[] = { "image/jpeg", "image/png", "image/webp" };
    const char *type = "application/octet-stream";
    for (int i = 0; i < 3; i++) if (!strcmp(mime, types[i])) type = types[i];
    gw_req_add_header(r, "Cache-Control", "private, max-age=86400, immutable");
    return gw_reply_raw(r, 200, type, data, (size_t)n);
}
