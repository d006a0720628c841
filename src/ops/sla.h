/* ops/sla.h — the deadline sweeper's rules (pure): which warning/overdue flags a running ticket carries
 * at a given time, and what its timeline says when they change. The clocks themselves (due_ms, warn_at_ms
 * at 80% of the time limit) are set by ops/ticket.c; ops/sla_svc.c runs the sweep as a periodic job. */
#ifndef GW_OPS_SLA_H
#define GW_OPS_SLA_H

#include <stdint.h>

typedef struct { int warn, over; } gw_sla_flags;

/* The flags a ticket with deadline due_ms and warning time warn_at_ms carries at now_ms, given the flags
 * it has (flags are only ever raised by the sweep: a passed deadline stays passed). Returns 1 when they
 * differ from the current ones. A ticket past its deadline is warned too. */
int gw_sla_flags_at(int64_t now_ms, int64_t due_ms, int64_t warn_at_ms, const gw_sla_flags *cur, gw_sla_flags *out);
/* The timeline action and note for a change to `f`. */
const char *gw_sla_action(const gw_sla_flags *f);
const char *gw_sla_note(const gw_sla_flags *f);

#endif
