/* core/scope.c — see scope.h. Pure: no I/O. */
#include "core/scope.h"

#include <string.h>

static const struct {
    const char *name;
    unsigned roles;
} perms[GW_P__COUNT] = {
    [GW_P_TICKET_VIEW] = { "ticket.view", GW_ROLES_STAFF },
    [GW_P_TICKET_INTAKE] = { "ticket.intake", GW_ROLES_INTAKE },
    [GW_P_TICKET_ACT] = { "ticket.act", GW_ROLES_ACT },
    [GW_P_TICKET_DISPATCH] = { "ticket.dispatch", GW_ROLES_DISPATCH },
    [GW_P_TICKET_SUPERVISE] = { "ticket.supervise", GW_ROLES_SUPERVISE },
    [GW_P_TICKET_HANDLE] = { "ticket.handle", GW_ROLES_HANDLE },
    [GW_P_CONTACT_VIEW] = { "contact.view", GW_ROLES_CONTACT },
    [GW_P_STATS_VIEW] = { "stats.view", GW_ROLES_STAFF },
    [GW_P_DASHBOARD_VIEW] = { "dashboard.view", GW_ROLES_DASHBOARD },
    [GW_P_CONFIG_VIEW] = { "config.view", GW_ROLES_STAFF },
    [GW_P_CONFIG_EDIT] = { "config.edit", GW_ROLES_ADMIN },
    [GW_P_USER_MANAGE] = { "user.manage", GW_ROLES_ADMIN },
    [GW_P_TICKET_ONSITE] = { "ticket.onsite", GW_ROLES_ONSITE },
    [GW_P_AUDIT_VIEW] = { "audit.view", GW_ROLES_AUDIT },
    [GW_P_KB_VIEW] = { "kb.view", GW_ROLES_STAFF },
    [GW_P_KB_EDIT] = { "kb.edit", GW_ROLES_KB_EDIT },
    [GW_P_IOT_VIEW] = { "iot.view", GW_ROLES_IOT_VIEW },
    [GW_P_IOT_MANAGE] = { "iot.manage", GW_ROLES_IOT_MANAGE },
    [GW_P_LEDGER_VIEW] = { "ledger.view", GW_ROLES_LEDGER_VIEW },
    [GW_P_LEDGER_MANAGE] = { "ledger.manage", GW_ROLES_LEDGER_MANAGE },
    [GW_P_RESIDENT_VIEW] = { "resident.view", GW_ROLES_RESIDENT_VIEW },
    [GW_P_RESIDENT_VERIFY] = { "resident.verify", GW_ROLES_RESIDENT_VERIFY },
    [GW_P_PARTNER_VIEW] = { "partner.view", GW_ROLES_PARTNER_VIEW },
    [GW_P_PARTNER_MANAGE] = { "partner.manage", GW_ROLES_PARTNER_MANAGE },
};

unsigned gw_perm_roles(gw_perm p)
{
    return (unsigned)p < GW_P__COUNT ? perms[p].roles : 0;
}

const char *gw_perm_name(gw_perm p)
{
    return (unsigned)p < GW_P__COUNT ? perms[p].name : "unknown";
}

int gw_may(const gw_principal *who, gw_perm p)
{
    return who && (unsigned)who->role < 31 && (gw_perm_roles(p) & GW_ROLE_BIT(who->role)) != 0;
}

int gw_scope_has_path(const gw_principal *who, const char *path)
{
    if (who->kind == GW_PK_RESIDENT) return 0; /* a resident account holds no division subtree */
    if (who->role == GW_R_ADMIN) return 1;
    size_t n = strlen(who->div_path);
    return path && strncmp(path, who->div_path, n) == 0;
}

static int is_staff(gw_role r)
{
    return (unsigned)r < 31 && (GW_ROLES_STAFF & GW_ROLE_BIT(r));
}

gw_scope_filter gw_scope_ticket_filter(const gw_principal *who, gw_scope_use use)
{
    gw_scope_filter f = { 0 };
    if (!is_staff(who->role)) { f.nothing = 1; return f; }
    if (who->role == GW_R_ADMIN) { f.all = 1; return f; }
    if (who->role == GW_R_UNIT_HANDLER) {
        f.unit_id = who->unit_id ? who->unit_id : -1; /* a handler without a unit matches no unit */
        f.with_cc = use == GW_SCOPE_LIST;
    } else {
        f.div_prefix = who->div_path[0] ? who->div_path : "/";
    }
    if (use == GW_SCOPE_LIST) f.reporter_id = who->user_id;
    return f;
}

int gw_scope_filter_match(const gw_scope_filter *f, const gw_scope_ticket *t)
{
    if (f->nothing) return 0;
    if (f->all) return 1;
    if (f->div_prefix && t->division_path && !strncmp(t->division_path, f->div_prefix, strlen(f->div_prefix)))
        return 1;
    if (f->unit_id && t->unit_id == f->unit_id) return 1;
    for (int i = 0; f->unit_id && f->with_cc && i < t->n_cc; i++)
        if (t->cc[i] == f->unit_id) return 1;
    return f->reporter_id > 0 && t->reporter_user_id == f->reporter_id;
}

int gw_scope_ticket_visible(const gw_principal *who, const gw_scope_ticket *t)
{
    gw_scope_filter f = gw_scope_ticket_filter(who, GW_SCOPE_LIST);
    return gw_scope_filter_match(&f, t);
}

gw_err gw_scope_contact(const gw_principal *who, const gw_scope_ticket *t)
{
    if (!gw_scope_ticket_visible(who, t)) return GW_E_NOT_FOUND;
    if (!gw_may(who, GW_P_CONTACT_VIEW)) return GW_E_FORBIDDEN;
    int64_t unit = gw_scope_contact_unit(who);
    if (unit && t->unit_id != unit) return GW_E_FORBIDDEN;
    return GW_OK;
}

int64_t gw_scope_contact_unit(const gw_principal *who)
{
    if (who->role != GW_R_UNIT_HANDLER) return 0;
    return who->unit_id > 0 ? who->unit_id : -1;
}

int gw_scope_user_manage(const gw_principal *who, const char *path)
{
    (void)path; /* no scoped user administration yet: user.manage covers every division */
    return gw_may(who, GW_P_USER_MANAGE);
}

int gw_scope_self_change_ok(int64_t actor_id, int64_t target_id, gw_role new_role, int disabled)
{
    if (actor_id != target_id) return 1;
    return !disabled && (unsigned)new_role < 31 && (gw_perm_roles(GW_P_USER_MANAGE) & GW_ROLE_BIT(new_role));
}
