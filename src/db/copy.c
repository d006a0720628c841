/* db/copy.c — copy a whole database into another (gridwork migrate: SQLite -> PostgreSQL). */
#include "db/copy.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

/* Parents before children; each table read in key order so references are already there. */
static const struct {
    const char *name;
    const char *select;
    const char *count;
    const char *reset; /* PostgreSQL identity sequence after explicit ids; NULL: no id column */
} tables[] = {
#define T(name, order) { name, "SELECT * FROM " name " ORDER BY " order, "SELECT COUNT(*) FROM " name,
#define ID(name) "SELECT setval(pg_get_serial_sequence('" name "', 'id'), COALESCE((SELECT MAX(id) FROM " name "), 0) + 1, false)" }
    T("divisions", "id") ID("divisions"),
    T("units", "parent_unit_id IS NOT NULL, id") ID("units"), /* parents first (one level: ops/unit_tree_store.h) */
    T("categories", "id") ID("categories"),
    T("routing_rules", "id") ID("routing_rules"),
    T("users", "id") ID("users"),
    T("sessions", "token_hash") NULL },
    T("api_keys", "id") ID("api_keys"),
    T("tickets", "id") ID("tickets"),
    T("ticket_cc", "ticket_id, unit_id") NULL },
    T("ticket_timeline", "id") ID("ticket_timeline"),
    T("attachments", "sha256") NULL },
    T("ticket_photos", "ticket_id, sha256") NULL },
    T("uploads", "id") ID("uploads"),
    T("audit_log", "id") ID("audit_log"),
    T("chain_cursor", "chain") NULL },        /* where the anchor job is: the copy does not re-anchor */
    T("chain_anchor", "chain, agg") NULL },
    T("places", "id") ID("places"),
    T("place_grams", "place_id, gram") NULL },
    T("ticket_onsite", "id") ID("ticket_onsite"),
    T("ticket_onsite_photos", "onsite_id, sha256") NULL },
    T("kb_articles", "id") ID("kb_articles"),
    T("kb_grams", "article_id, gram") NULL },
    T("ticket_assists", "id") ID("ticket_assists"),
    T("dict_labels", "dict, code") NULL },
    T("device_types", "code") NULL },
    T("devices", "id") ID("devices"),
    T("device_readings", "id") ID("device_readings"),
    T("alarms", "id") ID("alarms"),
    T("classifier_models", "id") ID("classifier_models"),
    T("warnings", "id") ID("warnings"),
    T("ticket_classifications", "ticket_id") NULL },
    T("classifier_examples", "id") ID("classifier_examples"),
    T("resident_accounts", "id") ID("resident_accounts"),
    T("resident_sessions", "token_hash") NULL },
    T("resident_codes", "code_hash") NULL },
    T("ledger_accounts", "id") ID("ledger_accounts"),
    T("ledger_transfers", "id") ID("ledger_transfers"),
    T("ledger_requests", "id") ID("ledger_requests"),
    T("partners", "id") ID("partners"),
    T("partner_credit_events", "id") ID("partner_credit_events"),
    T("partner_cert_seq", "community_id, year") NULL },
    T("partner_certificates", "id") ID("partner_certificates"),
    T("surveys", "id") ID("surveys"),
    T("survey_answers", "id") ID("survey_answers"),
    T("need_visits", "id") ID("need_visits"),
    T("projects", "id") ID("projects"),
    T("project_reps", "project_id, resident_id") NULL },
    T("project_claims", "id") ID("project_claims"),
    T("project_progress", "id") ID("project_progress"),
    T("project_evaluations", "id") ID("project_evaluations"),
    T("catalogue_items", "id") ID("catalogue_items"),
    T("catalogue_slots", "id") ID("catalogue_slots"),
    T("catalogue_orders", "id") ID("catalogue_orders"),
    T("earn_rules", "id") ID("earn_rules"),
    T("earn_activities", "id") ID("earn_activities"),
    T("earn_records", "id") ID("earn_records"),
    T("earn_settings", "community_id") NULL },
#undef T
#undef ID
};
#define N_TABLES (sizeof tables / sizeof tables[0])

/* INSERT statements are built from the source's column names at run time, one buffer per table
 * (the statement cache is keyed by the text's address). */
static char insert_sql[N_TABLES][4096];

static gw_err count_rows(gw_db *db, const char *sql, int64_t *n)
{
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    int rc = gw_step(st);
    if (rc != 1) return rc < 0 ? (gw_err)-rc : GW_E_IO;
    *n = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

/* Append to *w bytes of buf (n in all); once it overflows, *w stays past n and later appends do nothing. */
static void append(char *buf, size_t n, size_t *w, const char *a, const char *b)
{
    if (*w >= n) return;
    int k = snprintf(buf + *w, n - *w, "%s%s", a, b);
    *w = k < 0 ? n : *w + (size_t)k;
}

/* INSERT INTO t(columns of the source row) VALUES (?1, ...) into insert_sql[t]; nonzero when it
 * does not fit (the buffer is then left empty). */
static int build_insert(gw_stmt *src, size_t t, int n)
{
    char *buf = insert_sql[t], num[16];
    size_t cap = sizeof insert_sql[t], w = 0;
    append(buf, cap, &w, "INSERT INTO ", tables[t].name);
    for (int c = 0; c < n; c++) append(buf, cap, &w, c ? ", " : "(", gw_col_name(src, c));
    append(buf, cap, &w, ") VALUES (", "");
    for (int c = 0; c < n; c++) {
        snprintf(num, sizeof num, "?%d", c + 1);
        append(buf, cap, &w, c ? ", " : "", num);
    }
    append(buf, cap, &w, ")", "");
    if (w < cap) return 0;
    buf[0] = 0;
    return 1;
}

static gw_err copy_table(gw_db *from, gw_db *to, size_t t, int64_t *copied)
{
    gw_stmt *src = gw_db_prep(from, tables[t].select);
    if (!src) return GW_E_INTERNAL;
    int rc;
    *copied = 0;
    while ((rc = gw_step(src)) == 1) {
        int n = gw_col_count(src);
        if (!insert_sql[t][0] && build_insert(src, t, n)) {
            gw_error("migrate: the INSERT for %s does not fit in %zu bytes", tables[t].name, sizeof insert_sql[t]);
            gw_stmt_reset(src);
            return GW_E_INTERNAL;
        }
        gw_stmt *dst = gw_db_prep(to, insert_sql[t]);
        if (!dst) { gw_stmt_reset(src); return GW_E_INTERNAL; }
        for (int c = 0; c < n; c++) {
            size_t len;
            const void *p;
            switch (gw_col_kind_of(src, c)) {
            case GW_COL_INT: gw_bind_int(dst, c + 1, gw_col_int(src, c)); break;
            case GW_COL_DOUBLE: gw_bind_double(dst, c + 1, gw_col_double(src, c)); break;
            case GW_COL_TEXT: gw_bind_text(dst, c + 1, gw_col_text(src, c)); break;
            case GW_COL_BLOB: p = gw_col_blob(src, c, &len); gw_bind_blob(dst, c + 1, p, len); break;
            default: gw_bind_null(dst, c + 1);
            }
        }
        gw_err e = gw_step_done(dst);
        if (e) { gw_stmt_reset(src); return e; }
        (*copied)++;
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_copy(gw_db *from, gw_db *to, char *msg, size_t msgn)
{
    gw_err e;
    for (size_t t = 0; t < N_TABLES; t++) {
        int64_t n = 0;
        if ((e = count_rows(to, tables[t].count, &n))) return e;
        if (n) {
            snprintf(msg, msgn, "the target already has rows in %s: migrate into an empty database", tables[t].name);
            return GW_E_CONFLICT;
        }
    }
    for (size_t t = 0; t < N_TABLES; t++) {
        int64_t copied = 0;
        if ((e = copy_table(from, to, t, &copied))) {
            snprintf(msg, msgn, "copying %s failed after %lld rows", tables[t].name, (long long)copied);
            return e;
        }
        gw_info("migrate: %s: %lld rows", tables[t].name, (long long)copied);
        if (tables[t].reset && gw_db_dialect_of(to) == GW_DIALECT_POSTGRES) {
            gw_stmt *st = gw_db_prep(to, tables[t].reset);
            if (!st || (e = gw_step_done(st))) return st ? e : GW_E_INTERNAL;
        }
    }
    return GW_OK;
}

gw_err gw_store_compare_counts(gw_db *a, gw_db *b, char *msg, size_t msgn, int64_t *rows)
{
    *rows = 0;
    for (size_t t = 0; t < N_TABLES; t++) {
        int64_t na = 0, nb = 0;
        gw_err e = count_rows(a, tables[t].count, &na);
        if (!e) e = count_rows(b, tables[t].count, &nb);
        if (e) return e;
        if (na != nb) {
            snprintf(msg, msgn, "%s: %lld rows in the source, %lld in the target", tables[t].name, (long long)na,
                     (long long)nb);
            return GW_E_CONFLICT;
        }
        *rows += na;
    }
    return GW_OK;
}
