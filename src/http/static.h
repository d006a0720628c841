/* http/static.h — serving the built console (static_dir): which decoded paths may be looked up,
 * opening them without leaving the directory, and their media types. No microhttpd here. */
#ifndef GW_HTTP_STATIC_H
#define GW_HTTP_STATIC_H

/* Whether a decoded path may be looked up: "/" then segments, none starting with '.' (no ".", "..",
 * nor hidden files), no control bytes or backslashes, at most 256 bytes. An encoded '/' never gets
 * here (refused on the raw target), so the segments are the ones the client sent. */
int gw_static_path_ok(const char *path);
/* Open path below dir one segment at a time with openat(O_NOFOLLOW): a symlink, wherever it points,
 * is never followed, so nothing outside dir can be reached. The descriptor (the caller closes it and
 * checks it is a regular file), or -1 when absent. */
int gw_open_below(const char *dir, const char *path);
/* The Content-Type for a file name by its extension ("application/octet-stream" when unknown). */
const char *gw_mime_of(const char *path);

#endif
