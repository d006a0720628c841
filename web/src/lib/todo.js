// The workbench's to-do buckets: which counts a user sees (by the permissions GET /api/v1/me lists)
// and where a click leads. Counts come from GET /api/v1/stats/summary (totals), lists from GET /api/v1/tickets.
import { can } from './session.js'

const LOOP = ['ticket.dispatch', 'ticket.supervise', 'ticket.handle']

// any: the bucket shows when the user holds one of these; none: only when it holds none of these.
export const BUCKETS = [
  { key: 'to_accept', state: 'reported', any: ['ticket.dispatch'] },
  { key: 'to_dispatch', state: 'accepted', any: ['ticket.dispatch'] },
  { key: 'returned', state: 'returned', any: ['ticket.dispatch'] },
  // 协办 sub-tasks returned by a co-handling unit: the dispatcher withdraws or reassigns them
  { key: 'assist_returned', total: 'assist_returned', any: ['ticket.dispatch'], query: { flag: 'assist_returned' } },
  { key: 'to_sign', state: 'dispatched', any: ['ticket.handle'], own: true },
  { key: 'to_handle', state: 'signed', any: ['ticket.handle'], own: true },
  // 待协办: the unit's open 协办 sub-tasks on other units' cases (not narrowed to its own primary tickets)
  { key: 'to_assist', total: 'assist_open', any: ['ticket.handle'], query: { flag: 'assist' } },
  { key: 'to_verify', state: 'handled', any: ['ticket.supervise'] },
  { key: 'extension', total: 'extension_pending', any: ['ticket.supervise', 'ticket.handle'], own: true,
    query: { status: 'signed', flag: 'extension' } },
  { key: 'suspended', state: 'suspended', any: ['ticket.supervise'] },
  // 待回访: hotline callers and 差评 (rated 1-2) after closure; it absorbs the old 差评待回访 bucket
  // (supervisors, and the hotline: those who take calls and see contacts but do not dispatch; as ops/ticket.c)
  { key: 'to_revisit', total: 'revisit_pending', any: ['ticket.supervise'],
    or: { all: ['ticket.intake', 'contact.view'], none: ['ticket.dispatch'] }, query: { flag: 'revisit' } },
  { key: 'urged', total: 'urged', any: ['ticket.dispatch', 'ticket.supervise', 'ticket.handle'], own: true, query: { flag: 'urged' } },
  { key: 'overdue', total: 'overdue', any: ['ticket.view'], own: true, query: { overdue: '1' } },
  { key: 'warning', total: 'warning', any: ['ticket.view'], own: true, query: { flag: 'warning' } },
  { key: 'open', total: 'open', any: ['ticket.view'], none: LOOP },
  { key: 'to_onsite', state: 'handled', any: ['ticket.onsite'] }, // 待现场核查: handled tickets in one's grids
]

/** The buckets for a user ({permissions, unit_id}), each with the list query a click opens.
 * A handler's lists are narrowed to tickets whose primary unit is theirs (the list API also shows
 * tickets that merely CC them, which the figures do not count). */
export function bucketsFor(user) {
  if (!user) return []
  const alt = (o) => !!o && o.all.every((p) => can(user, p)) && !o.none.some((p) => can(user, p))
  const shown = (b) => (b.any.some((p) => can(user, p)) || alt(b.or)) && !(b.none || []).some((p) => can(user, p))
  return BUCKETS.filter(shown).map((b) => {
    const query = { ...(b.query || (b.state ? { status: b.state } : {})) }
    if (b.own && can(user, 'ticket.handle') && user.unit_id) query.unit_id = String(user.unit_id)
    return { key: b.key, label: `todo.${b.key}`, query, state: b.state, total: b.total, alert: b.key === 'overdue' || b.key === 'warning' }
  })
}

/** The count of a bucket from the summary's totals; null while unknown. */
export function bucketCount(bucket, totals) {
  if (!totals) return null
  if (bucket.state) return totals.by_state?.[bucket.state] ?? 0
  if (bucket.total) return totals[bucket.total] ?? 0
  return null
}
