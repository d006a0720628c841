/* core/audit_store.c — the audit log's chain declaration and appending to it. */
#include "core/audit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const gw_chain_field audit_fields[] = {
    { "at_ms", GW_CF_INT }, { "actor_user_id", GW_CF_ID }, { "action", GW_CF_TEXT }, { "object", GW_CF_TEXT },
    { "detail", GW_CF_TEXT },
};
const gw_chain gw_audit_chain = { 1, "audit_log", NULL, NULL, 0, 5, audit_fields };

gw_err gw_audit_append(gw_db *tx, int64_t at_ms, int64_t actor_user_id, const char *action, const char *object,
                       const char *detail)
{
    const gw_chain_val v[] = { { at_ms, NULL }, { actor_user_id, NULL }, { 0, action }, { 0, object },
                               { 0, detail ? detail : "" } };
    return gw_chain_append(tx, &gw_audit_chain, v, NULL);
}

#define AUDIT_WHERE \
    " WHERE (?1 = 0 OR a.actor_user_id = ?1) AND (?2 = '' OR a.action = ?2 OR (?3 = 1 AND substr(a.action, 1, length(?2)) = ?2))" \
    " AND a.at_ms >= ?4 AND a.at_ms < ?5"

static void bind_filter(gw_stmt *st, const gw_audit_filter *f)
{
    const char *act = f->action ? f->action : "";
    size_t n = strlen(act);
    gw_bind_int(st, 1, f->actor_user_id);
    gw_bind_text(st, 2, act);
    gw_bind_int(st, 3, n > 0 && act[n - 1] == '.');
    gw_bind_int(st, 4, f->from_ms);
    gw_bind_int(st, 5, f->to_ms > 0 ? f->to_ms : INT64_MAX);
}

gw_err gw_store_audit_list(gw_db *db, const gw_audit_filter *f, gw_audit_row **rows, size_t *n, int64_t *total)
{
    static const char count_sql[] = "SELECT count(*) FROM audit_log a" AUDIT_WHERE;
    static const char sql[] = "SELECT a.id, a.at_ms, a.actor_user_id, u.username, a.action, a.object, a.detail"
                              " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id" AUDIT_WHERE
                              " ORDER BY a.id DESC LIMIT ?6 OFFSET ?7";
    *rows = NULL;
    *n = 0;
    *total = 0;
    gw_stmt *st = gw_db_prep(db, count_sql);
    if (!st) return GW_E_INTERNAL;
    bind_filter(st, f);
    gw_err e = gw_step_row(st);
    if (!e) *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    if (e) return e;
    if (!(*rows = calloc((size_t)(f->limit > 0 ? f->limit : 1), sizeof **rows))) return GW_E_NOMEM;
    if (!(st = gw_db_prep(db, sql))) return GW_E_INTERNAL;
    bind_filter(st, f);
    gw_bind_int(st, 6, f->limit);
    gw_bind_int(st, 7, f->offset);
    int rc = 0;
    while (*n < (size_t)f->limit && (rc = gw_step(st)) == 1) {
        gw_audit_row *x = &(*rows)[(*n)++];
        x->id = gw_col_int(st, 0);
        x->at_ms = gw_col_int(st, 1);
        x->actor_user_id = gw_col_int(st, 2);
        snprintf(x->actor, sizeof x->actor, "%s", gw_col_text(st, 3) ? gw_col_text(st, 3) : "");
        snprintf(x->action, sizeof x->action, "%s", gw_col_text(st, 4) ? gw_col_text(st, 4) : "");
        snprintf(x->object, sizeof x->object, "%s", gw_col_text(st, 5) ? gw_col_text(st, 5) : "");
        const char *d = gw_col_text(st, 6) ? gw_col_text(st, 6) : "";
        size_t dn = strlen(d);
        if ((x->detail_cut = dn >= sizeof x->detail)) {
            dn = sizeof x->detail - 1;
            while (dn > 0 && ((unsigned char)d[dn] & 0xC0) == 0x80) dn--; /* never split a UTF-8 sequence */
        }
        memcpy(x->detail, d, dn);
        x->detail[dn] = 0;
    }
    gw_stmt_reset(st);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
