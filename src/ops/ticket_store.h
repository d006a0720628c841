/* ops/ticket_store.h — tickets, their timeline (hash-chained), CC units, photos.
 * Read functions take any connection; write functions must run inside gw_store_write. */
#ifndef GW_STORE_STORE_TICKET_H
#define GW_STORE_STORE_TICKET_H

#include <jansson.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/chain.h"
#include "ops/routing.h"
#include "ops/ticket.h"
#include "core/privacy.h"
#include "db/db.h"

#define GW_TRACK_CODE_LEN 16

typedef struct {
    int64_t id;
    char track_code[GW_TRACK_CODE_LEN + 1];
    char source[16];           /* resident grid_worker hotline open311 iot staff */
    int64_t category_id;
    int64_t division_id;       /* 0 only when there is no division at all */
    char division_path[128];
    int needs_location;        /* 待定位: nobody could place it yet; it waits at the root division */
    int has_location;
    double lon, lat;           /* WGS-84 */
    char address[GW_ADDR_MAX * 4 + 1];
    char description[GW_DESC_MAX * 4 + 1];
    int urgency;               /* 1..3 */
    char reporter_name[GW_NAME_MAX * 4 + 1];
    char reporter_phone[GW_PHONE_MAX + 1];
    int64_t reporter_user_id;
    int64_t api_key_id;
    gw_ticket t;               /* the loop's fields */
    int64_t rule_id;
    char rating_comment[1024];
    int64_t due_ms;            /* the running clock's deadline, 0 = none (set by the service) */
    int64_t warn_at_ms;        /* when the warning flag goes up */
    int warn_flag, overdue_flag;
    int64_t version;           /* bumped on every update: optimistic concurrency */
    int64_t created_ms, updated_ms;
    char request_type[12];     /* 诉求类型 (ops/ticket.h gw_request_type_name) */
    int64_t parent_id;         /* merged (ops/dupe_svc.h): the ticket it duplicates; 0 = none */
} gw_ticket_row;

/* Insert; fills row->id. The track code must be set and unique (GW_E_CONFLICT otherwise). */
gw_err gw_store_ticket_insert(gw_db *tx, gw_ticket_row *row);
gw_err gw_store_ticket_get(gw_db *db, int64_t id, gw_ticket_row *out);
gw_err gw_store_ticket_by_code(gw_db *db, const char *code, gw_ticket_row *out);
/* The ticket's current version (GW_E_NOT_FOUND when there is none): a cheap freshness check. */
gw_err gw_store_ticket_version(gw_db *db, int64_t id, int64_t *version);
/* The CC unit ids of a ticket, at most max. */
gw_err gw_store_ticket_cc_ids(gw_db *db, int64_t ticket_id, int64_t *ids, int max, int *n);
/* Save the loop fields, flags, rule, rating and place (division, location, needs_location) of row
 * if its version is still row->version (GW_E_CONFLICT otherwise: someone acted first); bumps
 * row->version. */
gw_err gw_store_ticket_update(gw_db *tx, gw_ticket_row *row);

/* Replace the CC units of a ticket. */
gw_err gw_store_ticket_set_cc(gw_db *tx, int64_t ticket_id, const int64_t *units, int n);
/* Each CC unit of the ticket, by id, to fn (which returns 0 to stop: GW_E_NOMEM). */
typedef int (*gw_cc_unit_fn)(void *cls, int64_t unit_id, const char *name);
gw_err gw_store_ticket_cc_each(gw_db *db, int64_t ticket_id, gw_cc_unit_fn fn, void *cls);

/* The timeline's hash chains (core/chain.h): gw_timeline_chain, one per ticket, for every row
 * written since schema migration 4; gw_timeline_chain_v1, one over the table, for the rows before. */
extern const gw_chain gw_timeline_chain, gw_timeline_chain_v1;

/* Append a timeline entry to its ticket's chain (its previous entry of that ticket):
 * hash = SHA-256(prev_hash | ticket | at | actor | role | action | from | to | note | detail). */
typedef struct {
    int64_t ticket_id;
    int64_t at_ms;
    int64_t actor_user_id;     /* 0 for residents and the system */
    const char *actor_role;
    const char *action;        /* a gw_action name, or "report", "route", "photo" ... */
    const char *from_state;    /* NULL at creation */
    const char *to_state;
    const char *note;
    const char *detail;        /* compact JSON text: before/after, routing decision */
} gw_timeline_in;
gw_err gw_store_timeline_append(gw_db *tx, const gw_timeline_in *in);
/* A timeline entry as stored. Strings are valid during the callback only; NULL when unset. */
typedef struct {
    int64_t seq, at_ms, actor_user_id;
    const char *actor_role, *action, *from_state, *to_state, *note;
    const char *detail;     /* compact JSON object text, or NULL */
    const char *actor_name; /* the actor's display name, unmasked */
    const char *hash;
} gw_timeline_row;
/* Return nonzero to stop. */
typedef int (*gw_timeline_row_fn)(void *cls, const gw_timeline_row *row);
/* The entries of a ticket oldest first, each to fn (rendered in ops/ticket_view.c). */
gw_err gw_store_timeline_rows(gw_db *db, int64_t ticket_id, gw_timeline_row_fn fn, void *cls);

/* List filter. Unset fields are 0 / NULL. */
typedef struct {
    int state;                 /* -1 = any */
    int64_t category_id;       /* matches the category or its subclasses */
    int64_t unit_id;
    const char *division_path; /* subtree */
    const char *source;
    int64_t from_ms, to_ms;    /* created_ms in [from, to) */
    int overdue;               /* 1 = overdue only */
    int warning;               /* 1 = warning raised (80% of the time used) only */
    int extension_pending;     /* 1 = an extension request waits for a supervisor */
    int needs_location;        /* 1 = 待定位 only */
    int low_rating;            /* 1 = rated at or below GW_LOW_RATING (差评) only */
    const char *q;             /* full-text search of the description */
    int64_t id;                /* this ticket only (a search for "#123") */
    char track_code[20];       /* the ticket of this code, as stored (ops/track.h); "" = any */
    char phone_key[32];        /* tickets whose caller's phone has these digits (core/privacy.h); "" = any */
    int64_t cursor;            /* return ids below this (0 = from the newest) */
    int limit;                 /* 1..200 */
    int urged;                 /* 1 = 被催办: urged at least once */
    int revisit_pending;       /* 1 = 待回访 (GW_REVISIT_PENDING_SQL) */
    const char *request_type;  /* 诉求类型; NULL = any */
    const char *assist;        /* 协办: "open" (a sub-task assigned or signed) or "returned"; for a unit
                                * handler only its own unit's sub-tasks count; NULL = any */
} gw_ticket_filter;

/* 待回访, as SQL on tickets t: closed, not revisited since it was closed, and either a hotline caller
 * with a phone to call back or a 差评 (rated at or below GW_LOW_RATING = 2). */
#define GW_REVISIT_PENDING_SQL                                                                    \
    "(t.state = 'closed' AND (t.revisited_at_ms IS NULL OR t.revisited_at_ms < t.closed_at_ms)"   \
    " AND ((t.source = 'hotline' AND COALESCE(t.reporter_phone, '') <> '') OR t.rating BETWEEN 1 AND 2))"
/* A list row: a ticket's summary as stored (reporter unmasked). Strings are valid during the
 * callback only; NULL when unset. */
typedef struct {
    int64_t id, category_id, division_id, unit_id, due_ms, created_ms, updated_ms;
    const char *track_code, *source, *state, *category_code, *category_name, *division_name, *address,
        *description, *unit_name, *reporter_name;
    int urgency, warning, overdue, rating, extension_pending, needs_location, has_location;
    double lon, lat;
    int urge_count, reopen_count;
    const char *revisit_result;   /* "satisfied" "basic" "unsatisfied", or NULL */
    const char *request_type;
} gw_ticket_list_row;
typedef int (*gw_ticket_row_fn)(void *cls, const gw_ticket_list_row *row);
/* The tickets the principal may see (core/scope.h, the rule of a read by id) that f selects, newest
 * first, each to fn, and *next_cursor (0 when no more). */
gw_err gw_store_ticket_rows(gw_db *db, const gw_principal *who, const gw_ticket_filter *f, gw_ticket_row_fn fn,
                            void *cls, int64_t *next_cursor);
/* Counts by state for /metrics. */
gw_err gw_store_ticket_count_by_state(gw_db *db, int64_t counts[GW_T__COUNT]);
/* Set warn_flag (80% of the running clock used) and overdue_flag (past due) on open tickets;
 * appends a timeline entry when a flag turns on. *changed = tickets updated. */
gw_err gw_store_ticket_sweep(gw_db *tx, int64_t now_ms, int *changed);

/* The root of the division tree (the lowest id without a parent): GW_E_NOT_FOUND when none. */
gw_err gw_store_root_division(gw_db *db, int64_t *id, char *path, size_t n);

/* Photos of tickets (the content and its metadata: core/attachment.h). The tickets holding the
 * photo, at most max ids in *n (more may exist). */
gw_err gw_store_photo_tickets(gw_db *db, const char *sha256, int64_t *ids, int max, int *n);
gw_err gw_store_ticket_photo_add(gw_db *tx, int64_t ticket_id, const char *sha256, const char *stage, int64_t now_ms);
/* Each photo of the ticket, oldest first, to fn (which returns 0 to stop: GW_E_NOMEM); the strings
 * live until fn returns. */
typedef struct { const char *sha256, *stage, *mime; int64_t size, created_ms; } gw_photo_row;
typedef int (*gw_photo_row_fn)(void *cls, const gw_photo_row *row);
gw_err gw_store_ticket_photo_each(gw_db *db, int64_t ticket_id, gw_photo_row_fn fn, void *cls);

/* Unit names for display; "" when unknown. */
void gw_store_unit_name(gw_db *db, int64_t id, char *out, size_t n);
void gw_store_category_name(gw_db *db, int64_t id, char *code, size_t codn, char *name, size_t n);

#endif
