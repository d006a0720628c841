#include "core/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gw_config_defaults(gw_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->db, sizeof c->db, "gridwork.db");
    snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
    c->threads = 16;
    c->db_readers = 8;
    c->max_body = 65536;
    c->max_upload = 5u << 20;
    c->max_connections = 1024;
    c->public_rate = 60;
    snprintf(c->static_dir, sizeof c->static_dir, "web/dist");
    c->log_requests = 1;
    c->sweep_seconds = 30;
    c->ledger_seconds = 60;
    c->warning_seconds = 3600;
    c->classify_auto_threshold = 0.8; /* as GW_REVIEW_THRESHOLD_DEFAULT (ops/review.h) */
    c->anchor_seconds = 60;
    c->iot_offline_seconds = 10;
    c->mqtt_port = 1883;
    snprintf(c->mqtt_prefix, sizeof c->mqtt_prefix, "gridwork/v1");
}

/* A probability written as a decimal 0..1 ("0.6"). */
static gw_err set_fraction(const char *v, double *out)
{
    char *end;
    if (!(*v >= '0' && *v <= '9')) return GW_E_INVALID;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end || !(x >= 0 && x <= 1)) return GW_E_INVALID;
    *out = x;
    return GW_OK;
}

static gw_err set_num(const char *v, long lo, long hi, long *out)
{
    char *end;
    if (!(*v >= '0' && *v <= '9') && *v != '-') return GW_E_INVALID; /* strtol would skip spaces and a '+' */
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi) return GW_E_INVALID;
    *out = n;
    return GW_OK;
}

static gw_err set_str(char *dst, size_t n, const char *v)
{
    if (strlen(v) >= n) return GW_E_INVALID;
    memcpy(dst, v, strlen(v) + 1);
    return GW_OK;
}

/* An IPv4 or IPv6 address into 16 bytes (IPv4 mapped); 32 or 128 in *bits. */
static int parse_ip(const char *s, unsigned char out[16], int *bits)
{
    struct in_addr a4;
    if (inet_pton(AF_INET, s, &a4) == 1) {
        memset(out, 0, 10);
        out[10] = out[11] = 0xff;
        memcpy(out + 12, &a4, 4);
        *bits = 32;
        return 1;
    }
    *bits = 128;
    return inet_pton(AF_INET6, s, out) == 1;
}

/* "addr[/bits], ..." into c->proxies; the whole list or nothing. */
static gw_err set_proxies(gw_config *c, const char *v)
{
    gw_cidr list[GW_MAX_PROXIES];
    int n = 0;
    const char *p = v;
    while (*p) {
        size_t len = strcspn(p, ",");
        char item[64];
        while (len && isspace((unsigned char)*p)) p++, len--;
        while (len && isspace((unsigned char)p[len - 1])) len--;
        if (len) {
            if (len >= sizeof item || n == GW_MAX_PROXIES) return GW_E_INVALID;
            memcpy(item, p, len);
            item[len] = 0;
            char *slash = strchr(item, '/');
            long want = -1;
            if (slash) { *slash = 0; if (set_num(slash + 1, 0, 128, &want)) return GW_E_INVALID; }
            int full;
            if (!parse_ip(item, list[n].addr, &full) || want > full) return GW_E_INVALID;
            list[n].bits = (want < 0 ? full : (int)want) + (128 - full);
            n++;
        }
        p += strcspn(p, ",");
        if (*p) p++;
    }
    if (strlen(v) >= sizeof c->trusted_proxies) return GW_E_INVALID;
    memcpy(c->proxies, list, sizeof list[0] * (size_t)n);
    c->n_proxies = n;
    return set_str(c->trusted_proxies, sizeof c->trusted_proxies, v);
}

gw_err gw_config_mqtt_url(gw_config *c, const char *url)
{
    int tls;
    if (!strncmp(url, "mqtt://", 7)) tls = 0, url += 7;
    else if (!strncmp(url, "mqtts://", 8)) tls = 1, url += 8;
    else return GW_E_INVALID;
    char buf[512], user[sizeof c->mqtt_user] = "", pass[sizeof c->mqtt_password] = "";
    if (set_str(buf, sizeof buf, url)) return GW_E_INVALID;
    char *host = buf, *at = strrchr(buf, '@');
    if (at) {
        *at = 0;
        host = at + 1;
        char *colon = strchr(buf, ':');
        if (colon) { *colon = 0; if (set_str(pass, sizeof pass, colon + 1)) return GW_E_INVALID; }
        if (!*buf || set_str(user, sizeof user, buf)) return GW_E_INVALID;
    }
    char *slash = strchr(host, '/');
    if (slash && slash[1]) return GW_E_INVALID; /* no path */
    if (slash) *slash = 0;
    long port = tls ? 8883 : 1883;
    char *colon = strrchr(host, ':');
    if (colon && !strchr(colon, ']')) { *colon = 0; if (set_num(colon + 1, 1, 65535, &port)) return GW_E_INVALID; }
    if (!*host || strcspn(host, " \t@") != strlen(host) || strlen(host) >= sizeof c->mqtt_host) return GW_E_INVALID;
    set_str(c->mqtt_host, sizeof c->mqtt_host, host);
    c->mqtt_port = (int)port;
    c->mqtt_tls = tls || c->mqtt_cafile[0];
    if (at) { set_str(c->mqtt_user, sizeof c->mqtt_user, user); set_str(c->mqtt_password, sizeof c->mqtt_password, pass); }
    return GW_OK;
}

static gw_err set_mqtt(gw_config *c, const char *key, const char *v)
{
    long n = 0;
    if (!strcmp(key, "mqtt_url")) return gw_config_mqtt_url(c, v);
    if (!strcmp(key, "mqtt_host")) return set_str(c->mqtt_host, sizeof c->mqtt_host, v);
    if (!strcmp(key, "mqtt_port")) { if (set_num(v, 1, 65535, &n)) return GW_E_INVALID; c->mqtt_port = (int)n; return GW_OK; }
    if (!strcmp(key, "mqtt_user")) return set_str(c->mqtt_user, sizeof c->mqtt_user, v);
    if (!strcmp(key, "mqtt_password")) return set_str(c->mqtt_password, sizeof c->mqtt_password, v);
    if (!strcmp(key, "mqtt_cafile")) {
        gw_err e = set_str(c->mqtt_cafile, sizeof c->mqtt_cafile, v);
        if (!e && *v) c->mqtt_tls = 1;
        return e;
    }
    if (!strcmp(key, "mqtt_prefix")) return *v ? set_str(c->mqtt_prefix, sizeof c->mqtt_prefix, v) : GW_E_INVALID;
    if (!strcmp(key, "mqtt_share_group")) return set_str(c->mqtt_share_group, sizeof c->mqtt_share_group, v);
    if (!strcmp(key, "mqtt_client_id")) return set_str(c->mqtt_client_id, sizeof c->mqtt_client_id, v);
    return GW_E_NOT_FOUND;
}

int gw_config_trusted_proxy(const gw_config *c, const char *ip)
{
    unsigned char a[16];
    int full;
    if (!parse_ip(ip, a, &full)) return 0;
    for (int i = 0; i < c->n_proxies; i++) {
        int bits = c->proxies[i].bits, whole = bits / 8, rest = bits % 8;
        if (memcmp(a, c->proxies[i].addr, (size_t)whole)) continue;
        if (rest && ((a[whole] ^ c->proxies[i].addr[whole]) & (0xff00 >> rest) & 0xff)) continue;
        return 1;
    }
    return 0;
}

gw_err gw_config_set(gw_config *c, const char *key, const char *v)
{
    long n = 0;
    gw_err e;
    if (!strcmp(key, "db")) return set_str(c->db, sizeof c->db, v);
    if (!strcmp(key, "listen")) return set_str(c->listen, sizeof c->listen, v);
    if (!strcmp(key, "data_dir")) return set_str(c->data_dir, sizeof c->data_dir, v);
    if (!strcmp(key, "static_dir")) return set_str(c->static_dir, sizeof c->static_dir, v);
    if (!strcmp(key, "threads")) { if ((e = set_num(v, 1, 256, &n))) return e; c->threads = (int)n; return GW_OK; }
    if (!strcmp(key, "db_readers")) { if ((e = set_num(v, 1, 64, &n))) return e; c->db_readers = (int)n; return GW_OK; }
    if (!strcmp(key, "max_body")) { if ((e = set_num(v, 1024, 16 << 20, &n))) return e; c->max_body = (size_t)n; return GW_OK; }
    if (!strcmp(key, "max_upload")) { if ((e = set_num(v, 1024, 64 << 20, &n))) return e; c->max_upload = (size_t)n; return GW_OK; }
    if (!strcmp(key, "max_connections")) { if ((e = set_num(v, 1, 65536, &n))) return e; c->max_connections = (int)n; return GW_OK; }
    if (!strcmp(key, "public_rate")) { if ((e = set_num(v, 1, 1000000, &n))) return e; c->public_rate = (int)n; return GW_OK; }
    if (!strcmp(key, "login_concurrency")) { if ((e = set_num(v, 0, 1024, &n))) return e; c->login_concurrency = (int)n; return GW_OK; }
    if (!strcmp(key, "trusted_proxies")) return set_proxies(c, v);
    if (!strcmp(key, "ledger_seconds")) { if ((e = set_num(v, 1, 86400, &n))) return e; c->ledger_seconds = (int)n; return GW_OK; }
    if (!strcmp(key, "warning_seconds")) { if ((e = set_num(v, 1, 86400, &n))) return e; c->warning_seconds = (int)n; return GW_OK; }
    if (!strcmp(key, "sweep_seconds")) { if ((e = set_num(v, 1, 86400, &n))) return e; c->sweep_seconds = (int)n; return GW_OK; }
    if (!strcmp(key, "iot_offline_seconds")) { if ((e = set_num(v, 1, 3600, &n))) return e; c->iot_offline_seconds = (int)n; return GW_OK; }
    if (!strcmp(key, "anchor_seconds")) { if ((e = set_num(v, 1, 86400, &n))) return e; c->anchor_seconds = (int)n; return GW_OK; }
    if (!strcmp(key, "classify_retrain_seconds")) { if ((e = set_num(v, 0, 30 * 86400, &n))) return e; c->classify_retrain_seconds = (int)n; return GW_OK; }
    if (!strcmp(key, "classify_auto_threshold")) return set_fraction(v, &c->classify_auto_threshold);
    if (!strcmp(key, "access_log")) { if ((e = set_num(v, 0, 1, &n))) return e; c->log_requests = (int)n; return GW_OK; }
    if (!strncmp(key, "mqtt_", 5)) return set_mqtt(c, key, v);
    return GW_E_NOT_FOUND;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
    return s;
}

gw_err gw_config_load(gw_config *c, const char *path, char *msg, size_t msgn)
{
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(msg, msgn, "cannot open config %s", path); return GW_E_IO; }
    char line[1024];
    int ln = 0;
    gw_err e = GW_OK;
    while (!e && fgets(line, sizeof line, f)) {
        ln++;
        if (!strchr(line, '\n') && !feof(f)) { /* cut by the buffer: never read its rest as a line */
            snprintf(msg, msgn, "%s:%d: line longer than %d bytes", path, ln, (int)sizeof line - 2);
            fclose(f);
            return GW_E_INVALID;
        }
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *s = trim(line);
        if (!*s) continue;
        char *eq = strchr(s, '=');
        if (!eq) { e = GW_E_INVALID; break; }
        *eq = 0;
        char *k = trim(s), *v = trim(eq + 1);
        e = gw_config_set(c, k, v);
        if (e == GW_E_NOT_FOUND) { snprintf(msg, msgn, "%s:%d: unknown key '%s'", path, ln, k); fclose(f); return GW_E_INVALID; }
    }
    fclose(f);
    if (e) snprintf(msg, msgn, "%s:%d: bad line or value", path, ln);
    return e;
}

gw_err gw_config_listen(const gw_config *c, char *host, size_t hostn, int *port)
{
    const char *colon = strrchr(c->listen, ':');
    if (!colon || (size_t)(colon - c->listen) >= hostn) return GW_E_INVALID;
    long p;
    if (set_num(colon + 1, 1, 65535, &p)) return GW_E_INVALID;
    memcpy(host, c->listen, (size_t)(colon - c->listen));
    host[colon - c->listen] = 0;
    *port = (int)p;
    return GW_OK;
}
