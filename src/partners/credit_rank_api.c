/* partners/credit_rank_api.c — 优秀合伙人: the ranking of a community's partners over a month, a quarter
 * or a year, as JSON and as an .xlsx workbook (libxlsxwriter, as ops/export_api.c). Names of person
 * partners are masked for viewers who do not manage partners, in both. */
#include "partners/credit_api.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "partners/credit_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define RANK_ROWS_MAX 5000 /* partners of one community with events in a period */
#define RANK_LIMIT_MAX 500

typedef struct {
    int64_t community_id, from_ms, to_ms;
    const char *period, *at;
    size_t limit;
    gw_credit_ranked *rows;
    size_t n;
} ranking;

static gw_err read_ranking(gw_req *r, ranking *k)
{
    static const char *const keys[] = { "community_id", "period", "at", "limit", NULL };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    const char *c = gw_req_query(r, "community_id"), *l = gw_req_query(r, "limit");
    k->period = gw_req_query(r, "period");
    k->at = gw_req_query(r, "at");
    if (!c || (k->community_id = gw_parse_id(c)) <= 0) return gw_fail(r, GW_E_INVALID, "community_id must be a positive id");
    if (gw_credit_period(k->period, k->at, &k->from_ms, &k->to_ms))
        return gw_fail(r, GW_E_INVALID, "period must be month, quarter or year with at as YYYY-MM, YYYY-Qn or YYYY");
    long long lim = l ? gw_parse_id(l) : 50;
    if (lim <= 0 || lim > RANK_LIMIT_MAX) return gw_fail(r, GW_E_INVALID, "limit must be 1 to %d", RANK_LIMIT_MAX);
    k->limit = (size_t)lim;
    if (!(k->rows = calloc(RANK_ROWS_MAX, sizeof *k->rows))) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(k->rows); return GW_E_IO; }
    char msg[200] = "";
    e = gw_credit_ranking(db, &r->who, k->community_id, k->from_ms, k->to_ms, k->rows, RANK_ROWS_MAX, &k->n, msg,
                          sizeof msg);
    gw_store_read_end(r->store, db);
    if (e) { free(k->rows); return gw_fail(r, e, "%s", msg[0] ? msg : "could not read the ranking"); }
    return GW_OK;
}

static void name_of(gw_req *r, const gw_credit_ranked *x, char *buf, size_t n)
{
    snprintf(buf, n, "%s", x->row.name);
    if (x->row.kind == GW_PKIND_PERSON && !gw_may(&r->who, GW_P_PARTNER_MANAGE)) gw_mask_name(x->row.name, buf, n);
}

static json_t *ranked_json(gw_req *r, const gw_credit_ranked *x)
{
    char name[GW_PARTNER_NAME_MAX * 4 + 1];
    name_of(r, x, name, sizeof name);
    const gw_credit_figures *f = &x->row.f;
    return json_pack("{s:i,s:{s:I,s:s,s:s,s:s,s:s},s:I,s:i,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "rank", x->rank,
                     "partner", "id", (json_int_t)x->row.partner_id, "name", name, "type",
                     gw_partner_type_name(x->row.type), "kind", gw_partner_kind_name(x->row.kind), "status",
                     gw_partner_status_name(x->row.status), "score", (json_int_t)x->score.score, "level", x->level,
                     "live_minutes", (json_int_t)f->live_minutes, "live_minutes_total",
                     (json_int_t)x->row.live_minutes_total, "backfill_minutes", (json_int_t)f->backfill_minutes,
                     "confirmed", (json_int_t)f->confirmed, "points_earned", (json_int_t)f->points_earned,
                     "projects_done", (json_int_t)f->projects_done, "revocations", (json_int_t)f->revocations,
                     "no_shows", (json_int_t)f->no_shows);
}

gw_err api_credit_ranking(gw_req *r)
{
    ranking k = { 0 };
    gw_err e = read_ranking(r, &k);
    if (e) return e;
    json_t *arr = json_array();
    for (size_t i = 0; i < k.n && i < k.limit; i++) json_array_append_new(arr, ranked_json(r, &k.rows[i]));
    free(k.rows);
    return gw_reply(r, 200, json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:I}", "community_id", (json_int_t)k.community_id,
                                      "period", k.period, "at", k.at, "from", gw_json_time(k.from_ms), "to",
                                      gw_json_time(k.to_ms), "items", arr, "total", (json_int_t)k.n));
}

static void sheet_row(gw_req *r, lxw_worksheet *ws, lxw_row_t y, const gw_credit_ranked *x)
{
    static const char *const types[] = { "资源型", "专业型", "志愿型" };
    char name[GW_PARTNER_NAME_MAX * 4 + 1];
    name_of(r, x, name, sizeof name);
    const gw_credit_figures *f = &x->row.f;
    worksheet_write_number(ws, y, 0, x->rank, NULL);
    worksheet_write_string(ws, y, 1, name, NULL);
    worksheet_write_string(ws, y, 2, x->row.type >= 0 && x->row.type < 3 ? types[x->row.type] : "", NULL);
    worksheet_write_number(ws, y, 3, (double)x->score.score, NULL);
    worksheet_write_number(ws, y, 4, x->level, NULL);
    worksheet_write_number(ws, y, 5, (double)f->live_minutes / 60.0, NULL);
    worksheet_write_number(ws, y, 6, (double)f->backfill_minutes / 60.0, NULL);
    worksheet_write_number(ws, y, 7, (double)f->confirmed, NULL);
    worksheet_write_number(ws, y, 8, (double)f->points_earned, NULL);
    worksheet_write_number(ws, y, 9, (double)f->projects_done, NULL);
    worksheet_write_number(ws, y, 10, (double)(f->revocations + f->no_shows), NULL);
}

/* The ranking as the bytes of a workbook (*data malloc'd); a message when it could not be written. */
static const char *ranking_bytes(gw_req *r, const ranking *k, char **data, long *len)
{
    *data = NULL;
    *len = -1;
    char file[] = "/tmp/gridwork-ranking-XXXXXX";
    int fd = mkstemp(file);
    if (fd < 0) return "cannot create the export file";
    close(fd);
    lxw_workbook *wb = workbook_new(file);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "优秀合伙人") : NULL;
    if (!ws) { workbook_close(wb); unlink(file); return "could not write the workbook"; }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    static const char *head[] = { "名次",     "合伙人",   "类型",     "信用分",   "星级",      "实时服务时长(小时)",
                                  "补录时长(小时)", "确认次数", "获得积分", "完成项目", "撤销与爽约" };
    for (lxw_col_t c = 0; c < sizeof head / sizeof *head; c++) worksheet_write_string(ws, 0, c, head[c], bold);
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t i = 0; i < k->n && i < k->limit; i++) sheet_row(r, ws, (lxw_row_t)(i + 1), &k->rows[i]);
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

gw_err api_credit_ranking_xlsx(gw_req *r)
{
    ranking k = { 0 };
    gw_err e = read_ranking(r, &k);
    if (e) return e;
    char *data;
    long len;
    const char *fail = ranking_bytes(r, &k, &data, &len);
    free(k.rows);
    if (fail) return gw_fail(r, GW_E_IO, "%s", fail);
    gw_req_add_header(r, "Content-Disposition", "attachment; filename=\"ranking.xlsx\"");
    return gw_reply_raw(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, (size_t)len);
}
