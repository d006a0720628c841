/* fuzz/fuzz_http.c — the whole HTTP front (http/server.c over microhttpd, http/head.c, the form and
 * multipart decoder behind Open311 POSTs, photo uploads, routing, sessions) in one process: the input
 * is the raw bytes a client sends on one connection, written to a real gridwork listener on 127.0.0.1
 * over the demo city (fuzz_city.c); the write side is then shut and the answer read to the end.
 * "@T@" in the input stands for an admin's session token and "@R@" for a resident's, so seeds reach
 * past the login. Oracle beyond the sanitizers: no answer is a 500 (bad input is a 4xx). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fuzz_city.h"
#include "http/server.h"

static int port;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    signal(SIGPIPE, SIG_IGN);
    fz_city *c = fz_city_get();
    fz_city_who(GW_R_ADMIN, NULL);
    fz_city_who(GW_R_RESIDENT, NULL);
    c->cfg.public_rate = 1000000; /* the per-client limit would answer every public request 429 */
    c->cfg.threads = 2;
    gw_http *h = NULL;
    for (int i = 0; i < 50 && !h; i++) {
        port = 20000 + (int)((getpid() * 7919u + (unsigned)i * 104729u) % 40000u);
        snprintf(c->cfg.listen, sizeof c->cfg.listen, "127.0.0.1:%d", port);
        if (gw_http_start(&c->cfg, c->store, &h)) h = NULL;
    }
    if (!h) {
        fprintf(stderr, "fuzz_http: no port to listen on\n");
        abort();
    }
    return 0; /* the server runs until the process exits */
}

/* The input with @T@ and @R@ replaced by the tokens; *n its length. */
static char *expand(const uint8_t *data, size_t size, size_t *n)
{
    const char *adm = NULL, *res = NULL;
    fz_city_who(GW_R_ADMIN, &adm);
    fz_city_who(GW_R_RESIDENT, &res);
    char *out = malloc(size * 22 + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < size; i++) {
        if (i + 3 <= size && data[i] == '@' && data[i + 2] == '@' && (data[i + 1] == 'T' || data[i + 1] == 'R')) {
            const char *t = data[i + 1] == 'T' ? adm : res;
            memcpy(o, t, strlen(t));
            o += strlen(t);
            i += 2;
        } else *o++ = (char)data[i];
    }
    *n = (size_t)(o - out);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    char *req = expand(data, size, &n);
    if (!req) return 0;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) abort();
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* microhttpd does not close on our half-close: a request it still waits on (a body shorter than its
     * Content-Length, say) ends by this timeout, so it bounds the time such inputs cost */
    struct timeval tv = { 0, 400000 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a)) abort();
    for (size_t off = 0; off < n;) {
        ssize_t w = send(fd, req + off, n - off, MSG_NOSIGNAL);
        if (w <= 0) break; /* the server may close early (a bad head): that is an answer too */
        off += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    /* Read the first answer to its end (microhttpd keeps the connection open after it even though
     * our side is shut): the head, then Content-Length bytes or chunks up to the last one. */
    static char buf[1 << 20];
    size_t got = 0, need = 0;
    ssize_t r;
    while (got < sizeof buf - 1 && (r = recv(fd, buf + got, sizeof buf - 1 - got, 0)) > 0) {
        got += (size_t)r;
        buf[got] = 0;
        char *end = strstr(buf, "\r\n\r\n");
        if (!end) continue;
        if (!need) {
            char *cl = strcasestr(buf, "\r\nContent-Length:");
            need = (size_t)(end + 4 - buf) + (cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0);
            if (!cl || cl > end) need = strcasestr(buf, "\r\nTransfer-Encoding: chunked") ? SIZE_MAX : need;
        }
        if (need != SIZE_MAX ? got >= need : strstr(end, "\r\n0\r\n\r\n") != NULL) break;
    }
    const char *first = buf;
    close(fd);
    free(req);
    /* "HTTP/1.1 500 " : a request no input should be able to cause */
    if (got >= 12 && !strncmp(first, "HTTP/1.", 7) && first[9] == '5' && first[10] == '0' && first[11] == '0') {
        fprintf(stderr, "fuzz_http: answered %.12s\n", first);
        abort();
    }
    return 0;
}
