/* http/static.c — the rules for serving the built console from static_dir (see static.h). */
#include "http/static.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static const struct { const char *ext, *type; } mime_types[] = {
    { ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
    { ".mjs", "text/javascript; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
    { ".json", "application/json; charset=utf-8" }, { ".svg", "image/svg+xml" }, { ".png", "image/png" },
    { ".jpg", "image/jpeg" }, { ".webp", "image/webp" }, { ".ico", "image/x-icon" },
    { ".woff2", "font/woff2" }, { ".woff", "font/woff" }, { ".ttf", "font/ttf" }, { ".map", "application/json" },
    { ".txt", "text/plain; charset=utf-8" }, { ".webmanifest", "application/manifest+json" },
};

const char *gw_mime_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof mime_types / sizeof *mime_types; i++)
        if (!strcmp(dot, mime_types[i].ext)) return mime_types[i].type;
    return "application/octet-stream";
}

int gw_static_path_ok(const char *p)
{
    if (p[0] != '/' || strlen(p) > 256) return 0;
    for (const char *s = p; *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '\\') return 0;
        if (*s == '/' && s[1] == '.') return 0;
    }
    return 1;
}

int gw_open_below(const char *dir, const char *path)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const char *p = path;
    while (fd >= 0) {
        while (*p == '/') p++;
        size_t n = strcspn(p, "/");
        if (!n) return fd; /* the directory itself: not a regular file, the caller refuses it */
        char name[256];
        if (n >= sizeof name) { close(fd); return -1; }
        memcpy(name, p, n);
        name[n] = 0;
        p += n;
        int more = *p == '/' && p[strspn(p, "/")];
        int next = openat(fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (more ? O_DIRECTORY : O_NONBLOCK));
        close(fd);
        fd = next;
        if (!more) break;
    }
    return fd;
}
