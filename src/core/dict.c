/* core/dict.c — see dict.h. The lists are the codes the API, the database and the console use; a unit
 * test checks them against the state machine's, the roles' and the division levels' own names. */
#include "core/dict.h"

#include <string.h>

static const char *const sources[] = { "resident", "grid_worker", "hotline", "open311", "iot", "staff", NULL };
static const char *const urgencies[] = { "1", "2", "3", NULL };
static const char *const states[] = { "reported", "accepted", "dispatched", "signed", "returned", "suspended", "handled",
                                      "closed", "invalid", "merged", NULL };
/* the loop's actions (ops/ticket.h) and the timeline's entries that are not actions */
static const char *const actions[] = { "report", "accept", "reject", "dispatch", "sign", "return", "extend",
    "approve_extension", "deny_extension", "suspend", "resume", "feedback", "approve", "rework", "rate",
    "verify_onsite", "recall", "subdispatch", "urge", "revisit", "reopen", "answer", "locate", "warning", "overdue",
    "route", "merge", "unmerge", "merged_in", "unmerged_out", NULL };
static const char *const roles[] = { "admin", "dispatcher", "supervisor", "unit_handler", "grid_worker",
                                     "hotline_operator", "auditor", NULL };
static const char *const kinds[] = { "part", "event", NULL };
static const char *const modes[] = { "auto", "review", "manual", NULL };
static const char *const levels[] = { "city", "district", "street", "community", "grid", NULL };
static const char *const request_types[] = { "consult", "complain", "help", "suggest", "report", NULL };

static const struct { const char *name; const char *const *codes; } dicts[GW_DICT_COUNT] = {
    { "source", sources }, { "urgency", urgencies }, { "state", states }, { "action", actions }, { "role", roles },
    { "kind", kinds }, { "mode", modes }, { "level", levels }, { "request_type", request_types },
};

const char *gw_dict_name(size_t i) { return i < GW_DICT_COUNT ? dicts[i].name : NULL; }
const char *const *gw_dict_codes(size_t i) { return i < GW_DICT_COUNT ? dicts[i].codes : NULL; }

int gw_dict_valid(const char *dict, const char *code)
{
    if (!dict || !code) return 0;
    for (size_t i = 0; i < GW_DICT_COUNT; i++) {
        if (strcmp(dicts[i].name, dict)) continue;
        for (const char *const *c = dicts[i].codes; *c; c++)
            if (!strcmp(*c, code)) return 1;
        return 0;
    }
    return 0;
}
