/* iot/simulate.c — the device simulator: the seeded fleet model, and its two transports (MQTT through
 * libmosquitto, HTTP through libcurl), driven at a fixed rate by gw_simulate_cli. */
#include "iot/simulate.h"

#include "base/clock.h"
#include "core/config.h"
#include "iot/mqtt_topic.h"

#include <curl/curl.h>
#include <mosquitto.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- the fleet model (pure) ---- */

struct gw_sim {
    int n, first, ntypes;
    char prefix[16];
    char types[GW_SIM_MAX_TYPES][32];
    double fault_p, recover_p;
    uint64_t rng;
    unsigned char *state; /* per device: 0 normal, k = the type's k-th fault */
};

static const char *const MANHOLE[] = { "tilted", "open", NULL };
static const char *const TRASH[] = { "full", NULL };
static const char *const NONE[] = { NULL };

const char *const *gw_sim_faults(const char *type)
{
    if (!strcmp(type, "manhole")) return MANHOLE;
    if (!strcmp(type, "trashbin")) return TRASH;
    return NONE;
}

static uint64_t next_u64(uint64_t *x) /* splitmix64 */
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double unit(uint64_t *x) { return (double)(next_u64(x) >> 11) / 9007199254740992.0; }

gw_sim *gw_sim_new(int n, int first, const char *id_prefix, const char *const *types, int ntypes,
                   double fault_p, double recover_p, uint64_t seed)
{
    if (n < 1 || n > GW_SIM_MAX_DEVICES || first < 0 || first > 100000000 || ntypes < 1 || ntypes > GW_SIM_MAX_TYPES ||
        strlen(id_prefix) >= sizeof ((gw_sim *)0)->prefix || !(fault_p >= 0 && fault_p <= 1) ||
        !(recover_p >= 0 && recover_p <= 1))
        return NULL;
    gw_sim *s = calloc(1, sizeof *s);
    if (!s || !(s->state = calloc((size_t)n, 1))) { free(s); return NULL; }
    s->n = n, s->first = first, s->ntypes = ntypes, s->fault_p = fault_p, s->recover_p = recover_p, s->rng = seed;
    snprintf(s->prefix, sizeof s->prefix, "%s", id_prefix);
    for (int i = 0; i < ntypes; i++) {
        if (!types[i] || !*types[i] || strlen(types[i]) >= sizeof s->types[i]) { gw_sim_free(s); return NULL; }
        snprintf(s->types[i], sizeof s->types[i], "%s", types[i]);
    }
    return s;
}

void gw_sim_free(gw_sim *s)
{
    if (!s) return;
    free(s->state);
    free(s);
}

static int nfaults(const char *const *f)
{
    int k = 0;
    while (f[k]) k++;
    return k;
}

/* The readings a device of `type` reports, as the inside of a JSON object. */
static void values(gw_sim *s, const char *type, int faulty, char *out, size_t n)
{
    int battery = 60 + (int)(unit(&s->rng) * 40), signal = -60 - (int)(unit(&s->rng) * 40);
    if (!strcmp(type, "manhole"))
        snprintf(out, n, "\"angle\":%.1f,\"battery\":%d,\"signal\":%d", faulty ? 20 + unit(&s->rng) * 60 : unit(&s->rng) * 3, battery, signal);
    else if (!strcmp(type, "trashbin"))
        snprintf(out, n, "\"fill\":%d,\"battery\":%d,\"signal\":%d", faulty ? 90 + (int)(unit(&s->rng) * 11) : (int)(unit(&s->rng) * 80), battery, signal);
    else if (!strcmp(type, "water_level"))
        snprintf(out, n, "\"level_cm\":%.1f,\"battery\":%d", 10 + unit(&s->rng) * 30, battery);
    else
        snprintf(out, n, "\"battery\":%d,\"signal\":%d", battery, signal);
}

void gw_sim_next(gw_sim *s, int64_t now_ms, gw_sim_msg *m)
{
    int i = (int)(next_u64(&s->rng) % (uint64_t)s->n);
    const char *type = s->types[i % s->ntypes];
    const char *const *f = gw_sim_faults(type);
    int k = nfaults(f);
    memset(m, 0, sizeof *m);
    snprintf(m->device_id, sizeof m->device_id, "%s%04d", s->prefix, s->first + i);
    m->what = "heartbeat", m->kind = "telemetry", m->qos = 0;
    double r = unit(&s->rng);
    if (s->state[i] == 0 && k && r < s->fault_p) {
        s->state[i] = (unsigned char)(1 + next_u64(&s->rng) % (uint64_t)k);
        m->what = "fault", m->kind = "status", m->qos = 1;
    } else if (s->state[i] && r < s->recover_p) {
        s->state[i] = 0;
        m->what = "recovery", m->kind = "status", m->qos = 1;
    }
    m->status = s->state[i] ? f[s->state[i] - 1] : "normal";
    char v[160];
    values(s, type, s->state[i] != 0, v, sizeof v);
    int w = snprintf(m->payload, sizeof m->payload, "{\"ts\":%lld,\"status\":\"%s\",\"values\":{%s}}",
                     (long long)now_ms, m->status, v);
    m->len = w > 0 && (size_t)w < sizeof m->payload ? (size_t)w : 0;
}

/* ---- transports ---- */

typedef struct {
    struct mosquitto *mosq;
    atomic_int connected, acked; /* acked: QoS 0 sent + QoS 1 acknowledged */
    CURL *curl;
    struct curl_slist *headers;
    char url[512], secret[128], prefix[128];
    long http_status;
} sim_link;

static void sim_on_connect(struct mosquitto *mq, void *ud, int rc)
{
    sim_link *l = ud;
    if (rc) fprintf(stderr, "simulate: the broker refused us: %s\n", mosquitto_connack_string(rc));
    else atomic_store(&l->connected, 1);
}

static void sim_on_publish(struct mosquitto *mq, void *ud, int mid) { atomic_fetch_add(&((sim_link *)ud)->acked, 1); }

static int mqtt_open(sim_link *l, const gw_config *c)
{
    mosquitto_lib_init();
    char id[64];
    snprintf(id, sizeof id, "gridwork-sim-%ld", (long)getpid());
    l->mosq = mosquitto_new(id, true, l);
    if (!l->mosq) return -1;
    if (c->mqtt_user[0]) mosquitto_username_pw_set(l->mosq, c->mqtt_user, c->mqtt_password[0] ? c->mqtt_password : NULL);
    if (c->mqtt_tls) mosquitto_tls_set(l->mosq, c->mqtt_cafile[0] ? c->mqtt_cafile : NULL, c->mqtt_cafile[0] ? NULL : "/etc/ssl/certs", NULL, NULL, NULL);
    mosquitto_max_inflight_messages_set(l->mosq, 1000);
    mosquitto_connect_callback_set(l->mosq, sim_on_connect);
    mosquitto_publish_callback_set(l->mosq, sim_on_publish);
    int rc = mosquitto_connect(l->mosq, c->mqtt_host, c->mqtt_port, 30);
    if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_start(l->mosq);
    if (rc) { fprintf(stderr, "simulate: cannot reach %s:%d: %s\n", c->mqtt_host, c->mqtt_port, mosquitto_strerror(rc)); return -1; }
    for (int t = 0; t < 100 && !atomic_load(&l->connected); t++) nanosleep(&(struct timespec){ 0, 100000000L }, NULL);
    return atomic_load(&l->connected) ? 0 : -1;
}

static size_t discard(char *p, size_t size, size_t n, void *ud) { return size * n; }

static int http_open(sim_link *l)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!(l->curl = curl_easy_init())) return -1;
    l->headers = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(l->curl, CURLOPT_URL, l->url);
    curl_easy_setopt(l->curl, CURLOPT_HTTPHEADER, l->headers);
    curl_easy_setopt(l->curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(l->curl, CURLOPT_PASSWORD, l->secret);
    curl_easy_setopt(l->curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(l->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(l->curl, CURLOPT_WRITEFUNCTION, discard);
    return 0;
}

/* Send one message; 0 when the broker took it (QoS 1: acknowledged later) or the server answered 2xx. */
static int sim_send(sim_link *l, const gw_sim_msg *m)
{
    if (l->mosq) {
        char topic[256];
        if (gw_mqtt_topic(l->prefix, m->device_id, m->kind, topic, sizeof topic)) return -1;
        return mosquitto_publish(l->mosq, NULL, topic, (int)m->len, m->payload, m->qos, false) ? -1 : 0;
    }
    curl_easy_setopt(l->curl, CURLOPT_USERNAME, m->device_id);
    curl_easy_setopt(l->curl, CURLOPT_POSTFIELDS, m->payload);
    curl_easy_setopt(l->curl, CURLOPT_POSTFIELDSIZE, (long)m->len);
    l->http_status = 0;
    if (curl_easy_perform(l->curl) != CURLE_OK) return -1;
    curl_easy_getinfo(l->curl, CURLINFO_RESPONSE_CODE, &l->http_status);
    return l->http_status >= 200 && l->http_status < 300 ? 0 : -1;
}

/* Wait (up to 10 s) for the broker's PUBACKs of our QoS 1 messages, then close. Returns how many
 * were not acknowledged. */
static int sim_close(sim_link *l, int published)
{
    int missing = 0;
    if (l->mosq) {
        for (int t = 0; t < 100 && atomic_load(&l->acked) < published; t++) nanosleep(&(struct timespec){ 0, 100000000L }, NULL);
        missing = published - atomic_load(&l->acked);
        mosquitto_disconnect(l->mosq);
        mosquitto_loop_stop(l->mosq, false);
        mosquitto_destroy(l->mosq);
        mosquitto_lib_cleanup();
    }
    if (l->curl) {
        curl_slist_free_all(l->headers);
        curl_easy_cleanup(l->curl);
        curl_global_cleanup();
    }
    return missing;
}

/* ---- the command ---- */

static const char USAGE[] =
    "gridwork simulate (--mqtt-url mqtt://[user:pass@]HOST:PORT | --http http://HOST:PORT) [--devices N]\n"
    "                  [--rate MSGS_PER_S] [--duration S] [--seed N] [--fault P] [--recover P] [--first N]\n"
    "                  [--id-prefix SIM-] [--types manhole,trashbin,water_level,smoke,camera]\n"
    "                  [--secret demo-device] [--mqtt-prefix gridwork/v1] [--config FILE] [--verbose]\n"
    "  A fleet of N devices (default 40: SIM-0001..SIM-0040, as the demo registers them; device i has the\n"
    "  i-th type of --types, cyclically) sending RATE messages a second (default 5) for S seconds (default:\n"
    "  until Ctrl-C): heartbeats (telemetry, QoS 0), and faults and recoveries (status, QoS 1) with chances\n"
    "  P (default 0.02 / 0.2). Over MQTT to <prefix>/devices/<id>/..., or over HTTP as POST\n"
    "  /api/v1/iot/events with HTTP Basic <id>:<secret>. Prints each fault and recovery and a summary.\n";

typedef struct {
    gw_config c;
    const char *http, *id_prefix, *secret;
    char types_buf[512];
    const char *types[GW_SIM_MAX_TYPES];
    int ntypes, devices, first, verbose;
    double rate, duration, fault, recover;
    uint64_t seed;
} sim_args;

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { stop_flag = sig; }

static int num(const char *v, double lo, double hi, double *out)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !(d >= lo && d <= hi)) return -1;
    *out = d;
    return 0;
}

static int split_types(sim_args *a, const char *v)
{
    if (strlen(v) >= sizeof a->types_buf) return -1;
    memcpy(a->types_buf, v, strlen(v) + 1);
    a->ntypes = 0;
    for (char *save = NULL, *t = strtok_r(a->types_buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (a->ntypes == GW_SIM_MAX_TYPES) return -1;
        a->types[a->ntypes++] = t;
    }
    return a->ntypes ? 0 : -1;
}

/* One option at argv[i] (value at argv[i + 1]); returns how many words it took, 0 when bad. */
static int sim_opt(sim_args *a, const char *k, const char *v)
{
    double d;
    if (!strcmp(k, "--verbose")) { a->verbose = 1; return 1; }
    if (!v) return 0;
    if (!strcmp(k, "--http")) a->http = v;
    else if (!strcmp(k, "--id-prefix")) a->id_prefix = v;
    else if (!strcmp(k, "--secret")) a->secret = v;
    else if (!strcmp(k, "--types")) { if (split_types(a, v)) return 0; }
    else if (!strcmp(k, "--devices")) { if (num(v, 1, GW_SIM_MAX_DEVICES, &d)) return 0; a->devices = (int)d; }
    else if (!strcmp(k, "--first")) { if (num(v, 0, 100000000, &d)) return 0; a->first = (int)d; }
    else if (!strcmp(k, "--rate")) { if (num(v, 0.01, 1000000, &a->rate)) return 0; }
    else if (!strcmp(k, "--duration")) { if (num(v, 0, 31536000, &a->duration)) return 0; }
    else if (!strcmp(k, "--fault")) { if (num(v, 0, 1, &a->fault)) return 0; }
    else if (!strcmp(k, "--recover")) { if (num(v, 0, 1, &a->recover)) return 0; }
    else if (!strcmp(k, "--seed")) { if (num(v, 0, 9007199254740991.0, &d)) return 0; a->seed = (uint64_t)d; }
    else if (!strcmp(k, "--config")) { char msg[256]; if (gw_config_load(&a->c, v, msg, sizeof msg)) { fprintf(stderr, "simulate: %s\n", msg); return 0; } }
    else if (!strncmp(k, "--mqtt-", 7)) {
        char key[64];
        snprintf(key, sizeof key, "%s", k + 2);
        for (char *p = key; *p; p++) if (*p == '-') *p = '_';
        if (gw_config_set(&a->c, key, v)) return 0;
    } else return 0;
    return 2;
}

static int sim_parse(sim_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    gw_config_defaults(&a->c);
    a->id_prefix = "SIM-", a->secret = "demo-device", a->devices = 40, a->first = 1, a->rate = 5;
    a->fault = 0.02, a->recover = 0.2, a->seed = 1;
    split_types(a, "manhole,trashbin,water_level,smoke,camera");
    for (int i = 0; i < argc;) {
        int took = sim_opt(a, argv[i], i + 1 < argc ? argv[i + 1] : NULL);
        if (!took) { fprintf(stderr, "simulate: bad option or value: %s\n\n%s", argv[i], USAGE); return -1; }
        i += took;
    }
    if (!a->http == !a->c.mqtt_host[0]) { fprintf(stderr, "simulate: give exactly one of --mqtt-url and --http\n\n%s", USAGE); return -1; }
    if (a->c.mqtt_host[0] && !gw_mqtt_prefix_ok(a->c.mqtt_prefix)) { fprintf(stderr, "simulate: bad --mqtt-prefix\n"); return -1; }
    if (a->http && strncmp(a->http, "http://", 7) && strncmp(a->http, "https://", 8)) { fprintf(stderr, "simulate: --http takes http[s]://HOST:PORT\n"); return -1; }
    return 0;
}

static int64_t mono_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

typedef struct { long sent, heartbeats, faults, recoveries, errors; } sim_tally;

/* Send at the rate until the duration is over or a signal came. */
static void sim_loop(const sim_args *a, gw_sim *s, sim_link *l, sim_tally *n)
{
    int64_t step = (int64_t)(1e9 / a->rate), start = mono_ns(), next = start;
    int64_t end = a->duration > 0 ? start + (int64_t)(a->duration * 1e9) : INT64_MAX;
    while (!stop_flag && next < end) {
        gw_sim_msg m;
        gw_sim_next(s, gw_now_ms(), &m);
        int bad = sim_send(l, &m);
        n->sent++;
        if (bad) n->errors++;
        if (m.what[0] == 'f') n->faults++;
        else if (m.what[0] == 'r') n->recoveries++;
        else n->heartbeats++;
        if (bad) printf("%s %s %s FAILED%s%ld\n", m.device_id, m.what, m.status, l->curl ? ": HTTP " : "", l->curl ? l->http_status : 0L);
        else if (a->verbose || m.what[0] != 'h') printf("%s %s %s (%s, QoS %d) %s\n", m.device_id, m.what, m.status, m.kind, m.qos, m.payload);
        fflush(stdout);
        next += step;
        struct timespec ts = { (time_t)(next / 1000000000), (long)(next % 1000000000) };
        if (next > mono_ns()) clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    }
}

int gw_simulate_cli(int argc, char **argv)
{
    sim_args a;
    if (sim_parse(&a, argc, argv)) return 2;
    gw_sim *s = gw_sim_new(a.devices, a.first, a.id_prefix, a.types, a.ntypes, a.fault, a.recover, a.seed);
    if (!s) { fprintf(stderr, "simulate: bad fleet (id prefix up to 15 bytes, type codes up to 31)\n"); return 2; }
    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sim_link l;
    memset(&l, 0, sizeof l);
    snprintf(l.prefix, sizeof l.prefix, "%s", a.c.mqtt_prefix);
    snprintf(l.secret, sizeof l.secret, "%s", a.secret);
    if (a.http) {
        size_t base = strlen(a.http);
        while (base && a.http[base - 1] == '/') base--;
        snprintf(l.url, sizeof l.url, "%.*s/api/v1/iot/events", (int)(base < 400 ? base : 400), a.http);
    }
    int rc = a.http ? http_open(&l) : mqtt_open(&l, &a.c);
    if (rc) { sim_close(&l, 0); gw_sim_free(s); return 1; }
    printf("simulate: %d devices %s%04d.. over %s, %.2f msg/s, seed %llu\n", a.devices, a.id_prefix, a.first,
           a.http ? l.url : "MQTT", a.rate, (unsigned long long)a.seed);
    sim_tally n = { 0 };
    int64_t t0 = mono_ns();
    sim_loop(&a, s, &l, &n);
    int missing = sim_close(&l, (int)(n.sent - (l.curl ? 0 : n.errors)));
    printf("simulate: sent %ld messages in %.1f s: %ld heartbeats, %ld faults, %ld recoveries; %ld errors, %d unacknowledged\n",
           n.sent, (double)(mono_ns() - t0) / 1e9, n.heartbeats, n.faults, n.recoveries, n.errors, a.http ? 0 : missing);
    gw_sim_free(s);
    return n.errors || missing > 0 ? 1 : 0;
}
