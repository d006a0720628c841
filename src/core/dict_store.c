/* core/dict_store.c — see dict_store.h. Portable SQL: the upsert is the same on SQLite and PostgreSQL. */
#include "core/dict_store.h"

gw_err gw_store_dict_label_each(gw_db *db, gw_dict_label_fn fn, void *cls)
{
    static const char sql[] = "SELECT dict, code, zh, en, updated_ms, updated_by FROM dict_labels ORDER BY dict, code";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_dict_label_row r = { .dict = gw_col_text(st, 0), .code = gw_col_text(st, 1), .zh = gw_col_text(st, 2),
                                .en = gw_col_text(st, 3), .updated_ms = gw_col_int(st, 4), .updated_by = gw_col_int(st, 5) };
        if (!fn(cls, &r)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_dict_label_set(gw_db *tx, const gw_dict_label_row *row)
{
    static const char sql[] =
        "INSERT INTO dict_labels (dict, code, zh, en, updated_ms, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        " ON CONFLICT (dict, code) DO UPDATE SET zh = excluded.zh, en = excluded.en,"
        " updated_ms = excluded.updated_ms, updated_by = excluded.updated_by";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, row->dict);
    gw_bind_text(st, 2, row->code);
    gw_bind_text(st, 3, row->zh);
    gw_bind_text(st, 4, row->en);
    gw_bind_int(st, 5, row->updated_ms);
    gw_bind_id(st, 6, row->updated_by);
    return gw_step_done(st);
}

gw_err gw_store_dict_label_reset(gw_db *tx, const char *dict, const char *code)
{
    static const char sql[] = "DELETE FROM dict_labels WHERE dict = ?1 AND code = ?2 RETURNING dict";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, dict);
    gw_bind_text(st, 2, code);
    return gw_step_touched(st);
}
