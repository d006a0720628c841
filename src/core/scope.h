/* core/scope.h — the one answer to "may this principal do X (to this object)".
 *
 * Permissions: what a role may do at all. Each is a mask of roles; the route table (http/routes.c)
 * is written with these masks, GET /api/v1/me lists the names of the caller's, and the console
 * shows its menus and buttons from that list (it copies no role rule).
 *
 * Scope: which objects. A ticket is in a principal's scope when it is the administrator, when the
 * principal reported it, or — a unit handler — when the ticket's primary unit or one of its CC units
 * is the handler's unit, or — other staff — when the ticket's division path lies under the
 * principal's. Lists and figures take the same rule as an SQL filter (gw_scope_ticket_filter, bound
 * by gw_scope_bind in core/scope_store.c), so a list and a read by id cannot drift. Figures
 * (GW_SCOPE_STATS) deliberately count less: a unit's own work only (no CC units) and no one's own
 * reports outside their area, so a dashboard's numbers are the area's (or the unit's) numbers. */
#ifndef GW_CORE_SCOPE_H
#define GW_CORE_SCOPE_H

#include <stdint.h>
#include "core/auth.h"

#define GW_ROLE_BIT(r) (1u << (r))
#define GW_RB_(role) GW_ROLE_BIT(GW_R_##role)

/* Role masks, one per permission (and the route table's). */
#define GW_ROLES_PUBLIC 0u
#define GW_ROLES_STAFF 0x7Fu /* every staff role (admin..auditor) */
#define GW_ROLES_ADMIN GW_RB_(ADMIN)
#define GW_ROLES_INTAKE (GW_RB_(ADMIN) | GW_RB_(DISPATCHER) | GW_RB_(SUPERVISOR) | GW_RB_(HOTLINE_OPERATOR) | GW_RB_(GRID_WORKER))
#define GW_ROLES_ACT (GW_ROLES_STAFF & ~GW_RB_(AUDITOR))
#define GW_ROLES_DISPATCH (GW_RB_(ADMIN) | GW_RB_(DISPATCHER))
#define GW_ROLES_SUPERVISE (GW_RB_(ADMIN) | GW_RB_(SUPERVISOR))
#define GW_ROLES_HANDLE GW_RB_(UNIT_HANDLER)
#define GW_ROLES_CONTACT (GW_RB_(ADMIN) | GW_RB_(DISPATCHER) | GW_RB_(SUPERVISOR) | GW_RB_(HOTLINE_OPERATOR) | GW_RB_(UNIT_HANDLER))
#define GW_ROLES_KB_EDIT (GW_RB_(ADMIN) | GW_RB_(DISPATCHER))
#define GW_ROLES_DASHBOARD (GW_RB_(ADMIN) | GW_RB_(DISPATCHER) | GW_RB_(SUPERVISOR) | GW_RB_(AUDITOR))
#define GW_ROLES_ONSITE GW_RB_(GRID_WORKER)
#define GW_ROLES_AUDIT (GW_RB_(ADMIN) | GW_RB_(AUDITOR))
#define GW_ROLES_IOT_VIEW (GW_RB_(ADMIN) | GW_RB_(DISPATCHER) | GW_RB_(SUPERVISOR) | GW_RB_(UNIT_HANDLER) | GW_RB_(GRID_WORKER))
#define GW_ROLES_IOT_MANAGE GW_RB_(ADMIN)
#define GW_ROLES_LEDGER_VIEW (GW_RB_(ADMIN) | GW_RB_(DISPATCHER) | GW_RB_(SUPERVISOR) | GW_RB_(AUDITOR))
#define GW_ROLES_LEDGER_MANAGE (GW_RB_(ADMIN) | GW_RB_(DISPATCHER))
/* Resident accounts: community-level staff list them (masked) and verify them. */
#define GW_ROLES_RESIDENT_VIEW (GW_RB_(ADMIN) | GW_RB_(DISPATCHER) | GW_RB_(SUPERVISOR) | GW_RB_(GRID_WORKER))
#define GW_ROLES_RESIDENT_VERIFY (GW_RB_(ADMIN) | GW_RB_(GRID_WORKER))
/* The routes of a signed-in resident account (/api/v1/resident/...): that role bit alone, and only an
 * authenticated resident session carries it (an anonymous caller has the role but is not authed). */
#define GW_ROLES_RESIDENT_ACCOUNT GW_RB_(RESIDENT)
/* 社区合伙人: staff who refer residents to partners see them; community staff manage them. */
#define GW_ROLES_PARTNER_VIEW (GW_RB_(ADMIN) | GW_RB_(DISPATCHER) | GW_RB_(SUPERVISOR) | GW_RB_(GRID_WORKER) | GW_RB_(HOTLINE_OPERATOR))
#define GW_ROLES_PARTNER_MANAGE (GW_RB_(ADMIN) | GW_RB_(GRID_WORKER))

typedef enum {
    GW_P_TICKET_VIEW = 0, /* "ticket.view": list, read, timeline, export, photos */
    GW_P_TICKET_INTAKE,   /* "ticket.intake": report a ticket (POST /tickets) */
    GW_P_TICKET_ACT,      /* "ticket.act": take loop actions, upload photos */
    GW_P_TICKET_DISPATCH, /* "ticket.dispatch": accept, dispatch, place (locate) */
    GW_P_TICKET_SUPERVISE,/* "ticket.supervise": approve, rework, suspend, extensions */
    GW_P_TICKET_HANDLE,   /* "ticket.handle": sign, return, extend, feed back (own unit's tickets) */
    GW_P_CONTACT_VIEW,    /* "contact.view": the reporter's full contact (unit handler: own unit) */
    GW_P_STATS_VIEW,      /* "stats.view": figures (workbench counts, summary) */
    GW_P_DASHBOARD_VIEW,  /* "dashboard.view": the console's dashboard page (no route of its own) */
    GW_P_CONFIG_VIEW,     /* "config.view": divisions, units, categories, rules */
    GW_P_CONFIG_EDIT,     /* "config.edit": write them */
    GW_P_USER_MANAGE,     /* "user.manage": users (list, create, update, unlock) */
    GW_P_TICKET_ONSITE,   /* "ticket.onsite": 现场核查 of handled tickets in one's grids */
    GW_P_AUDIT_VIEW,      /* "audit.view": the audit log and the chain verification */
    GW_P_KB_VIEW,         /* "kb.view": read and search the 知识库 (published articles) */
    GW_P_KB_EDIT,         /* "kb.edit": write the 知识库, see drafts */
    GW_P_IOT_VIEW,        /* "iot.view": devices, readings, alarms (scoped), acknowledge alarms */
    GW_P_IOT_MANAGE,      /* "iot.manage": device types and devices, secrets */
    GW_P_LEDGER_VIEW,     /* "ledger.view": the points bank's accounts and transfers (own subtree) */
    GW_P_LEDGER_MANAGE,   /* "ledger.manage": open accounts, transfer, post and void holds (own subtree) */
    GW_P_RESIDENT_VIEW,   /* "resident.view": resident accounts in one's division subtree, masked */
    GW_P_RESIDENT_VERIFY, /* "resident.verify": verify, disable, issue one-time codes, read full person data (audited) */
    GW_P_PARTNER_VIEW,    /* "partner.view": the partner registry in one's division subtree, contacts masked */
    GW_P_PARTNER_MANAGE,  /* "partner.manage": register, edit, approve/suspend/resume/retire; full contacts (audited) */
    GW_P__COUNT
} gw_perm;

/* The roles holding permission p (0 for an unknown p). */
unsigned gw_perm_roles(gw_perm p);
/* "ticket.intake", ...; "unknown" out of range. */
const char *gw_perm_name(gw_perm p);
/* Whether who holds p. */
int gw_may(const gw_principal *who, gw_perm p);

/* Whether `who` is the administrator, or staff whose division subtree contains `path`. */
int gw_scope_has_path(const gw_principal *who, const char *path);

/* A ticket as scope sees it. */
typedef struct {
    const char *division_path; /* NULL or "" before it is placed */
    int64_t unit_id;           /* primary unit, 0 before dispatch */
    int64_t reporter_user_id;  /* 0 for public reports */
    const int64_t *cc;         /* CC units */
    int n_cc;
} gw_scope_ticket;

/* Whether who may see the ticket (the rule above). */
int gw_scope_ticket_visible(const gw_principal *who, const gw_scope_ticket *t);
/* Whether who may read the reporter's full contact: contact.view, the ticket visible, and a unit
 * handler only for its own unit's (primary) tickets. GW_OK, GW_E_FORBIDDEN or GW_E_NOT_FOUND (not
 * visible). */
gw_err gw_scope_contact(const gw_principal *who, const gw_scope_ticket *t);
/* The primary unit whose tickets alone who may read contacts of (a unit handler's own unit; -1 for a
 * handler without one), or 0 when contact access is not limited by unit. A search by a caller's phone
 * narrows to it, so it cannot reveal a number behind a ticket the caller's unit is only copied on. */
int64_t gw_scope_contact_unit(const gw_principal *who);
/* Whether who may manage (create, change) a user whose scope division has path `path`: the
 * administrator only, anywhere. */
int gw_scope_user_manage(const gw_principal *who, const char *path);
/* Whether a change to user target_id (its new role, and whether it ends disabled) leaves the acting
 * user able to manage users: nobody disables their own account or drops their own user.manage. */
int gw_scope_self_change_ok(int64_t actor_id, int64_t target_id, gw_role new_role, int disabled);

typedef enum { GW_SCOPE_LIST = 0, GW_SCOPE_STATS } gw_scope_use;

/* The SQL filter for a list (or figures) of who's tickets. Fields left NULL/0 do not filter; with
 * `nothing` set no ticket matches. A ticket matches when it is under div_prefix, or its primary unit
 * is unit_id (or, with_cc, one of its CC units or 协办 units), or it was reported by reporter_id. */
typedef struct {
    int all;                /* the administrator: no filter */
    int nothing;            /* no ticket (no staff role) */
    const char *div_prefix; /* division subtree ("/" = every placed ticket) */
    int64_t unit_id;        /* a unit handler's unit */
    int with_cc;            /* unit_id also matches CC units */
    int64_t reporter_id;    /* own reports */
} gw_scope_filter;

gw_scope_filter gw_scope_ticket_filter(const gw_principal *who, gw_scope_use use);
/* Whether filter f selects ticket t: the SQL filter's meaning in C (unit tests compare it to
 * gw_scope_ticket_visible). */
int gw_scope_filter_match(const gw_scope_filter *f, const gw_scope_ticket *t);

#endif
