/* demo/demo_city.h — what the demo's files share (demo/ only; the public verb is demo.h): the
 * city's size and map, its data tables (demo_city.c), the deterministic randomness, and the state
 * one load carries from the model (demo_model.c) to the tickets (demo_tickets.c). */
#ifndef GW_DEMO_CITY_H
#define GW_DEMO_CITY_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"

/* ---- the map ------------------------------------------------------------------------------ */

#define N_DISTRICTS 2
#define N_STREETS 4
#define N_COMMUNITIES 8
#define GRIDS_PER_COMMUNITY 6
#define N_GRIDS (N_COMMUNITIES * GRIDS_PER_COMMUNITY)
#define LON0_MDEG 120100 /* millidegrees */
#define LAT0_MDEG 30200
#define CELL_MDEG 25      /* 8 x 6 cells of 0.025 degrees: lon 120.10-120.30, lat 30.20-30.35 */
#define CELL (CELL_MDEG / 1000.0)
#define N_CITY_UNITS 12
#define MAX_CATS 96       /* room for the catalogue (demo_n_cats of them) */
#define MINUTE INT64_C(60000)

/* Cell edges come from integer millidegrees, so neighbours share exact coordinates and every
 * edge is the double nearest to its decimal value (120.3, not 120.29999999999998). */
static inline double cell_lon(int col) { return (LON0_MDEG + col * CELL_MDEG) / 1000.0; }
static inline double cell_lat(int row) { return (LAT0_MDEG + row * CELL_MDEG) / 1000.0; }

/* street s belongs to district s / 2; even streets are the southern half, odd the northern;
 * community c belongs to street c / 2; even communities are the western half */
extern const char *const district_names[N_DISTRICTS];
extern const char *const street_names[N_STREETS];
extern const char *const street_keys[N_STREETS];
extern const char *const community_names[N_COMMUNITIES];
extern const char *const roads[N_STREETS][4];
extern const char *const landmarks[N_COMMUNITIES][3];

/* Cells of a community: 2 columns x 3 rows; of grid g: one of them. */
void community_cell0(int c, int *col, int *row);
void grid_cell(int g, int *col, int *row);

/* ---- units, catalogue, rules --------------------------------------------------------------- */

typedef struct { const char *code, *name, *phone, *handler; } city_unit;
extern const city_unit city_units[N_CITY_UNITS];
extern const char *const zhifa_handlers[N_STREETS];

typedef struct {
    const char *code, *name;
    int dispatch_h, handle_h, verify_h, urgency;
    const char *unit; /* routing rule to this unit (code); NULL = no rule of its own */
    const char *cc;   /* CC unit codes, comma-separated */
    int review;       /* the rule is 'review': a person confirms before dispatch */
    int weight;       /* how often the demo reports it */
} cat_def;

extern const cat_def demo_cats[];
extern const int demo_n_cats;

/* A rule for one street only (the street's own 综合执法 takes it): category, street, handle
 * hours override (0 = the category's), review. */
typedef struct { const char *cat; int street; int handle_h; int review; } street_rule;
extern const street_rule street_rules[];
extern const int n_street_rules;

/* The demo's report texts (demo_tickets.c): the i-th, with its category code; NULL past the last. */
const char *demo_text_at(int i, const char **code);

/* The index of a category code in demo_cats, -1 when there is none. */
int cat_index(const char *code);

/* ---- deterministic randomness (xorshift32) ------------------------------------------------- */

typedef struct { uint32_t x; } rng;

static inline uint32_t rnd(rng *r)
{
    uint32_t x = r->x;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return r->x = x;
}

/* Uniform in lo..hi inclusive (hi >= lo; the modulo bias is irrelevant here). */
static inline int64_t rnd_range(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnd(r) % (uint32_t)(hi - lo + 1));
}

static inline double rnd_unit(rng *r) { return (rnd(r) >> 8) / 16777216.0; }

#define PICK(r, arr) ((arr)[rnd(r) % (sizeof(arr) / sizeof((arr)[0]))])

/* Invented people: a surname, a full name, an 11-digit mobile number. */
const char *pick_surname(rng *r);
void fake_name(rng *r, char *out, size_t n);
void fake_mobile(rng *r, char *out, size_t n);

/* ---- the demo's state ---------------------------------------------------------------------- */

typedef struct {
    int64_t id;
    char path[128];
} div_ref;

typedef struct {
    rng r;
    int64_t now;
    char pw_hash[128];
    div_ref city, districts[N_DISTRICTS], streets[N_STREETS], communities[N_COMMUNITIES], grids[N_GRIDS];
    int64_t unit_ids[N_CITY_UNITS], zhifa_ids[N_STREETS];
    int64_t cat_ids[MAX_CATS];
    gw_principal admin, dispatcher, supervisor, hotline, auditor;
    gw_principal grid_workers[N_GRIDS];
    gw_principal handlers[N_CITY_UNITS + N_STREETS]; /* city units, then the streets' teams */
    int n_rules, n_users;
} demo;

/* The id of a city unit by code (0 when none); the handler of a unit (NULL when none). */
int64_t unit_by_code(const demo *d, const char *code);
const gw_principal *handler_of(const demo *d, int64_t unit_id);

/* The model (divisions, grids, units, catalogue, rules, users) as one store operation on a demo. */
gw_err demo_model_op(gw_db *tx, void *arg);
/* n_tickets tickets over the last 30 days through the ticket service, then one sweep. */
gw_err demo_tickets(gw_store *s, demo *d, int n_tickets);
/* The rise and the repeat caller the early warnings find (demo_warning.c): 9 more tickets, planted in a
 * demo of at least DEMO_WARNINGS_MIN tickets. */
#define DEMO_WARNINGS_MIN 50
gw_err demo_warnings(gw_store *s, demo *d);

#endif
