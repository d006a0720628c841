/* ops/catalogue_store.h — the dispatch catalogue: categories and routing rules.
 * Read functions take any connection; write functions must run inside gw_store_write. */
#ifndef GW_OPS_CATALOGUE_STORE_H
#define GW_OPS_CATALOGUE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"
#include "ops/routing.h"
#include "core/fields.h"

typedef struct {
    int64_t id;
    char code[16];                /* '01' big class or '0101' subclass: digits only */
    char name[GW_NAME_BUF];
    char kind[8];                 /* part (部件) | event (事件) */
    int64_t parent_id;            /* 0 for a big class */
    int dispatch_hours, handle_hours, verify_hours;
    int default_urgency;          /* 1 normal, 2 urgent, 3 critical */
    int open311;
    int enabled;
} gw_category_row;

/* Insert; a 4-digit code needs its 2-digit big class to exist (parent_id is derived). */
gw_err gw_store_category_insert(gw_db *tx, gw_category_row *c, int64_t now_ms);
gw_err gw_store_category_update(gw_db *tx, const gw_category_row *c);
gw_err gw_store_category_get(gw_db *db, int64_t id, gw_category_row *out);
gw_err gw_store_category_by_code(gw_db *db, const char *code, gw_category_row *out);
/* A category as listed: the row with its big class's code and name ("" for a big class). */
typedef struct {
    gw_category_row c;
    char parent_code[16];
    char parent_name[GW_NAME_BUF];
} gw_category_item;

/* Every category, by code, into *out (n of them; free() it, also after an error). */
gw_err gw_store_category_list(gw_db *db, gw_category_item **out, size_t *n);

/* Insert / update / delete a rule (unit and CC units must exist). */
gw_err gw_store_rule_insert(gw_db *tx, gw_route_rule *r, int64_t now_ms);
gw_err gw_store_rule_update(gw_db *tx, const gw_route_rule *r);
gw_err gw_store_rule_delete(gw_db *tx, int64_t id);
gw_err gw_store_rule_get(gw_db *db, int64_t id, gw_route_rule *out);
/* Every enabled rule naming category_id or parent_id (parent 0 = none). */
gw_err gw_store_rules_for(gw_db *db, int64_t category_id, int64_t parent_id, gw_route_rule *out, size_t max, size_t *n);
/* A rule as listed: the rule with the names of what it names ("" for no division). */
typedef struct {
    gw_route_rule r;
    char category_code[16];
    char category_name[GW_NAME_BUF];
    char division_name[GW_NAME_BUF];
    char division_path[128];
    char unit_name[GW_NAME_BUF];
} gw_rule_item;

/* Every rule, by category code, division (none first) and id, into *out (n of them; free() it,
 * also after an error). */
gw_err gw_store_rule_list(gw_db *db, gw_rule_item **out, size_t *n);

#endif
