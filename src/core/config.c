#include "core/config.h"

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
}

static gw_err set_num(const char *v, long lo, long hi, long *out)
{
    char *end;
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
    if (!strcmp(key, "access_log")) { if ((e = set_num(v, 0, 1, &n))) return e; c->log_requests = (int)n; return GW_OK; }
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
