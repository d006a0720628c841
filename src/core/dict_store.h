/* core/dict_store.h — the administrator's display labels of dictionary codes (core/dict.h), table
 * dict_labels (core migration 6). A code without a row shows its default label (the console's message
 * tables, the export's names). */
#ifndef GW_CORE_DICT_STORE_H
#define GW_CORE_DICT_STORE_H

#include <stdint.h>
#include "base/err.h"
#include "db/db.h"

/* One edited label; strings valid during the callback only. */
typedef struct {
    const char *dict, *code, *zh, *en;
    int64_t updated_ms, updated_by; /* updated_by 0: none (the user is gone) */
} gw_dict_label_row;
typedef int (*gw_dict_label_fn)(void *cls, const gw_dict_label_row *row);

/* Every edited label, by dictionary and code, to fn (nonzero to go on; 0 stops with GW_E_NOMEM). */
gw_err gw_store_dict_label_each(gw_db *db, gw_dict_label_fn fn, void *cls);
/* Set (insert or replace) a label, inside a write transaction. */
gw_err gw_store_dict_label_set(gw_db *tx, const gw_dict_label_row *row);
/* Drop a label: GW_OK when there was one, GW_E_NOT_FOUND when the code had its default already. */
gw_err gw_store_dict_label_reset(gw_db *tx, const char *dict, const char *code);

#endif
