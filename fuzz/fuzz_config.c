/* fuzz/fuzz_config.c — core/config.c: a whole config file (read by the real loader from a memory
 * file), then what the server derives from it: the listen address, the trusted proxy ranges and the
 * broker URL. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    if (fd < 0 && (fd = memfd_create("gw-fuzz-config", 0)) < 0) abort();
    if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size) abort();
    char path[64], msg[256] = "";
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    gw_config c;
    gw_config_defaults(&c);
    gw_err e = gw_config_load(&c, path, msg, sizeof msg);
    if (e == GW_OK) {
        char host[256];
        int port = 0;
        if (gw_config_listen(&c, host, sizeof host, &port) == GW_OK && (port < 0 || port > 65535)) abort();
        (void)gw_config_trusted_proxy(&c, "10.1.2.3");
        (void)gw_config_trusted_proxy(&c, "::ffff:192.168.0.9");
        (void)gw_config_trusted_proxy(&c, "2001:db8::1");
        if (c.n_proxies < 0 || c.n_proxies > GW_MAX_PROXIES) abort();
    } else if (!msg[0]) abort(); /* a refused file names its bad line */
    /* the same bytes as one --mqtt_url flag */
    char url[1024];
    size_t n = size < sizeof url - 1 ? size : sizeof url - 1;
    memcpy(url, data, n);
    url[n] = 0;
    gw_config_defaults(&c);
    if (gw_config_mqtt_url(&c, url) == GW_OK && (c.mqtt_port < 1 || c.mqtt_port > 65535 || !c.mqtt_host[0])) abort();
    return 0;
}
