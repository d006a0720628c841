/* ops/export_api.c — GET /api/v1/tickets/export.xlsx: the list's filters and scope, reporters masked,
 * at most EXPORT_MAX_ROWS rows; or, with ids=1,2,3, the ticked tickets (at most GW_EXPORT_IDS_MAX) of
 * those the caller may see — an id out of scope or unknown is left out without a word, as a read by id
 * answers 404 to both. Every export is audited (with the ids asked for). */
#include "core/api.h"
#include "base/clock.h"
#include "core/audit.h"
#include "core/dict_store.h"
#include "core/fields.h"
#include "json/reply.h"
#include "ops/ticket_api.h"
#include "ops/ticket_view.h"
#include "ops/ticket_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* ---- export ------------------------------------------------------------------------------- */

#define EXPORT_MAX_ROWS 10000

/* The sheet is for people: codes become the names the console shows (zh-CN) — the administrator's
 * label (字典管理, core/dict_store.h) where there is one (labels: {"source/hotline": "热线来电"}), else
 * the default of the table. */
typedef const char *const code_names[2];

static const char *zh_of(json_t *labels, const char *dict, code_names *names, size_t n, const char *s)
{
    char key[64];
    snprintf(key, sizeof key, "%s/%s", dict, s);
    const char *edited = json_string_value(json_object_get(labels, key));
    if (edited) return edited;
    for (size_t i = 0; i < n; i++) if (!strcmp(s, names[i][0])) return names[i][1];
    return s;
}
#define ZH(labels, dict, names, s) zh_of((labels), (dict), (names), sizeof(names) / sizeof *(names), (s))

static code_names STATES[] = { { "reported", "待受理" }, { "accepted", "待派单" }, { "dispatched", "待签收" },
    { "signed", "处置中" }, { "returned", "已退单" }, { "suspended", "挂账" }, { "handled", "待核查" },
    { "closed", "已结案" }, { "invalid", "已作废" }, { "merged", "已合并" } };
static code_names SOURCES[] = { { "resident", "居民上报" }, { "grid_worker", "网格员" }, { "hotline", "12345热线" },
    { "open311", "Open311" }, { "iot", "物联感知" }, { "staff", "工作人员" } };
static code_names REQUEST_TYPES[] = { { "consult", "咨询" }, { "complain", "投诉" }, { "help", "求助" },
    { "suggest", "建议" }, { "report", "举报" } };
static code_names URGENCIES[] = { { "1", "一般" }, { "2", "紧急" }, { "3", "特急" } };

static int add_label(void *cls, const gw_dict_label_row *x)
{
    char key[64];
    snprintf(key, sizeof key, "%s/%s", x->dict, x->code);
    return json_object_set_new(cls, key, json_string(x->zh)) == 0;
}

/* An ISO UTC string from the API as Beijing time "YYYY-MM-DD HH:MM". */
static void cst_text(json_t *iso, char *out, size_t n)
{
    int64_t ms;
    out[0] = 0;
    if (!json_is_string(iso) || gw_clock_parse(json_string_value(iso), &ms)) return;
    char w3c[40];
    gw_clock_w3c_cst(ms, w3c, sizeof w3c);
    snprintf(out, n, "%.10s %.5s", w3c, w3c + 11);
}

static const char *str_or(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

typedef struct { int64_t actor; char *detail; } export_audit;

static gw_err op_audit_export(gw_db *tx, void *p)
{
    export_audit *a = p;
    return gw_audit_append(tx, gw_now_ms(), a->actor, "tickets.export", "tickets", a->detail);
}

/* ids=1,2,3 into ids[] (*n of them, 0 without the parameter): positive, distinct, at most
 * GW_EXPORT_IDS_MAX. Fails the request on anything else. */
static gw_err parse_ids(gw_req *r, int64_t *ids, size_t *n)
{
    *n = 0;
    const char *v = gw_req_query(r, "ids");
    if (!v) return GW_OK;
    for (const char *p = v;; p++) {
        const char *end = p + strspn(p, "0123456789");
        if (end == p || end - p > 15 || (*end && *end != ','))
            return gw_fail(r, GW_E_INVALID, "ids must be ticket ids separated by commas");
        if (*n == GW_EXPORT_IDS_MAX) return gw_fail(r, GW_E_INVALID, "ids lists at most %d tickets", GW_EXPORT_IDS_MAX);
        int64_t id = strtoll(p, NULL, 10);
        if (id <= 0) return gw_fail(r, GW_E_INVALID, "ids must be ticket ids separated by commas");
        for (size_t i = 0; i < *n; i++)
            if (ids[i] == id) return gw_fail(r, GW_E_INVALID, "ids must not repeat a ticket");
        ids[(*n)++] = id;
        p = end;
        if (!*p) return GW_OK;
    }
}

/* The audit entry of one export: "rows=N", and " ids=1,2,3" when rows were ticked. */
static gw_err audit_export(gw_req *r, size_t n_rows, const int64_t *ids, size_t n_ids)
{
    export_audit a = { r->who.user_id, malloc(32 + n_ids * 17) };
    if (!a.detail) return GW_E_NOMEM;
    size_t dn = (size_t)sprintf(a.detail, "rows=%zu", n_rows);
    for (size_t k = 0; k < n_ids; k++) dn += (size_t)sprintf(a.detail + dn, "%s%lld", k ? "," : " ids=", (long long)ids[k]);
    gw_err e = gw_store_write(r->store, op_audit_export, &a);
    free(a.detail);
    return e;
}

/* The rows the list's filters select for the caller, at most EXPORT_MAX_ROWS; with ids, only those
 * tickets (in that order) that the caller may see and the filters select (a new array). */
static gw_err export_rows(gw_req *r, const int64_t *ids, size_t n_ids, json_t **out, json_t *labels)
{
    gw_ticket_filter f;
    char path[128];
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_err e = api_ticket_filter(r, db, &f, path);
    if (!e) e = gw_store_dict_label_each(db, add_label, labels);
    json_t *rows = json_array();
    for (size_t i = 0; !e && i < n_ids; i++) {
        json_t *items = NULL;
        int64_t next = 0;
        f.id = ids[i];
        f.limit = 1;
        if ((e = gw_ticket_list_json(db, &r->who, &f, &items, &next))) break;
        json_array_extend(rows, items);
        json_decref(items);
    }
    while (!e && !n_ids && json_array_size(rows) < EXPORT_MAX_ROWS) {
        json_t *items = NULL;
        int64_t next = 0;
        f.limit = 200;
        if ((e = gw_ticket_list_json(db, &r->who, &f, &items, &next))) break;
        json_array_extend(rows, items);
        json_decref(items);
        if (!next) break;
        f.cursor = next;
    }
    gw_store_read_end(r->store, db);
    if (e) { json_decref(rows); return e; }
    *out = rows;
    return GW_OK;
}

/* One ticket summary as sheet row y, in the order of the header. */
static void export_row(lxw_worksheet *ws, lxw_row_t y, json_t *t, json_t *labels)
{
    json_int_t u = json_integer_value(json_object_get(t, "urgency"));
    const char *urgency = u >= 3 ? "3" : u == 2 ? "2" : "1";
    char due[32], created[32], updated[32];
    cst_text(json_object_get(t, "due_at"), due, sizeof due);
    cst_text(json_object_get(t, "created_at"), created, sizeof created);
    cst_text(json_object_get(t, "updated_at"), updated, sizeof updated);
    json_t *cat = json_object_get(t, "category");
    worksheet_write_number(ws, y, 0, (double)json_integer_value(json_object_get(t, "id")), NULL);
    worksheet_write_string(ws, y, 1, str_or(t, "track_code"), NULL);
    worksheet_write_string(ws, y, 2, ZH(labels, "state", STATES, str_or(t, "state")), NULL);
    worksheet_write_string(ws, y, 3, str_or(cat, "code"), NULL);
    worksheet_write_string(ws, y, 4, str_or(cat, "name"), NULL);
    worksheet_write_string(ws, y, 5, str_or(t, "division_name"), NULL);
    worksheet_write_string(ws, y, 6, str_or(t, "address"), NULL);
    worksheet_write_string(ws, y, 7, str_or(t, "description"), NULL);
    worksheet_write_string(ws, y, 8, ZH(labels, "urgency", URGENCIES, urgency), NULL);
    worksheet_write_string(ws, y, 9, str_or(t, "unit_name"), NULL);
    worksheet_write_string(ws, y, 10, str_or(t, "reporter_name"), NULL);
    worksheet_write_string(ws, y, 11, ZH(labels, "source", SOURCES, str_or(t, "source")), NULL);
    worksheet_write_string(ws, y, 12, due, NULL);
    worksheet_write_string(ws, y, 13, json_is_true(json_object_get(t, "warning")) ? "是" : "", NULL);
    worksheet_write_string(ws, y, 14, json_is_true(json_object_get(t, "overdue")) ? "是" : "", NULL);
    worksheet_write_string(ws, y, 15, created, NULL);
    worksheet_write_string(ws, y, 16, updated, NULL);
    json_int_t rating = json_integer_value(json_object_get(t, "rating"));
    if (rating) worksheet_write_number(ws, y, 17, (double)rating, NULL);
    worksheet_write_string(ws, y, 18, ZH(labels, "request_type", REQUEST_TYPES, str_or(t, "request_type")), NULL);
}

/* rows as the bytes of an .xlsx workbook (*data malloc'd, *len bytes); NULL *data when it could not be
 * written (the message says which step). */
static const char *workbook_bytes(json_t *rows, json_t *labels, char **data, long *len)
{
    *data = NULL;
    *len = -1;
    char file[] = "/tmp/gridwork-export-XXXXXX";
    int fd = mkstemp(file);
    if (fd < 0) return "cannot create the export file";
    close(fd);
    lxw_workbook *wb = workbook_new(file);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "案件") : NULL;
    if (!ws) { workbook_close(wb); unlink(file); return "could not write the workbook"; }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    static const char *head[] = { "编号", "查询码", "状态", "类别编码", "类别", "网格", "地址", "描述", "紧急程度",
                                  "处置单位", "上报人", "来源", "当前期限", "预警", "超时", "上报时间", "更新时间", "评价", "诉求类型" };
    for (lxw_col_t c = 0; c < sizeof head / sizeof *head; c++) worksheet_write_string(ws, 0, c, head[c], bold);
    worksheet_set_column(ws, 7, 7, 60, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    size_t i;
    json_t *t;
    json_array_foreach(rows, i, t) export_row(ws, (lxw_row_t)(i + 1), t, labels);
    lxw_error xe = workbook_close(wb);
    FILE *fp = xe == LXW_NO_ERROR ? fopen(file, "rb") : NULL;
    if (fp && !fseek(fp, 0, SEEK_END) && (*len = ftell(fp)) > 0 && !fseek(fp, 0, SEEK_SET) &&
        (*data = malloc((size_t)*len)) && fread(*data, 1, (size_t)*len, fp) != (size_t)*len) {
        free(*data);
        *data = NULL;
    }
    if (fp) fclose(fp);
    unlink(file);
    return *data ? NULL : "could not write the workbook";
}

/* The filtered list (reporters masked, at most EXPORT_MAX_ROWS) or the ticked rows as an .xlsx workbook. */
gw_err api_ticket_export(gw_req *r)
{
    json_t *rows = NULL, *labels = json_object();
    int64_t ids[GW_EXPORT_IDS_MAX];
    size_t n_ids = 0;
    gw_err e = labels ? parse_ids(r, ids, &n_ids) : GW_E_NOMEM;
    if (!e) e = export_rows(r, ids, n_ids, &rows, labels);
    if (e) { json_decref(labels); return e; }
    char *data;
    long len;
    const char *fail = workbook_bytes(rows, labels, &data, &len);
    size_t n_rows = json_array_size(rows);
    json_decref(rows);
    json_decref(labels);
    if (fail) return gw_fail(r, GW_E_IO, "%s", fail);
    if ((e = audit_export(r, n_rows, ids, n_ids))) { free(data); return e; }
    gw_req_add_header(r, "Content-Disposition", "attachment; filename=\"tickets.xlsx\"");
    return gw_reply_raw(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, (size_t)len);
}
