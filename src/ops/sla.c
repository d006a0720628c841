/* ops/sla.c — the deadline sweeper's rules (ops/sla.h). */
#include "ops/sla.h"

int gw_sla_flags_at(int64_t now_ms, int64_t due_ms, int64_t warn_at_ms, const gw_sla_flags *cur, gw_sla_flags *out)
{
    out->over = cur->over || (due_ms > 0 && due_ms <= now_ms);
    out->warn = cur->warn || out->over || (warn_at_ms > 0 && warn_at_ms <= now_ms);
    return out->warn != cur->warn || out->over != cur->over;
}

const char *gw_sla_action(const gw_sla_flags *f) { return f->over ? "overdue" : "warning"; }

const char *gw_sla_note(const gw_sla_flags *f) { return f->over ? "已超时" : "即将超时（已用时限80%）"; }
