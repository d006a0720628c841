// The workbench's to-do buckets: which counts a role sees and where a click leads.
// Counts come from GET /api/v1/stats/summary (totals), lists from GET /api/v1/tickets.
const ALL = ['admin', 'dispatcher', 'supervisor', 'unit_handler', 'grid_worker', 'hotline_operator', 'auditor']

export const BUCKETS = [
  { key: 'to_accept', state: 'reported', roles: ['admin', 'dispatcher'] },
  { key: 'to_dispatch', state: 'accepted', roles: ['admin', 'dispatcher'] },
  { key: 'returned', state: 'returned', roles: ['admin', 'dispatcher'] },
  { key: 'to_sign', state: 'dispatched', roles: ['unit_handler'], own: true },
  { key: 'to_handle', state: 'signed', roles: ['unit_handler'], own: true },
  { key: 'to_verify', state: 'handled', roles: ['admin', 'supervisor'] },
  { key: 'extension', total: 'extension_pending', roles: ['admin', 'supervisor', 'unit_handler'], own: true,
    query: { status: 'signed', flag: 'extension' } },
  { key: 'suspended', state: 'suspended', roles: ['admin', 'supervisor'] },
  { key: 'overdue', total: 'overdue', roles: ALL, own: true, query: { overdue: '1' } },
  { key: 'warning', total: 'warning', roles: ALL, own: true, query: { flag: 'warning' } },
  { key: 'open', total: 'open', roles: ['grid_worker', 'hotline_operator', 'auditor'] },
]

/** The buckets for a user ({role, unit_id}), each with the list query a click opens.
 * A unit handler's lists are narrowed to tickets whose primary unit is theirs (the list API
 * also shows tickets that merely CC them). */
export function bucketsFor(user) {
  if (!user) return []
  return BUCKETS.filter((b) => b.roles.includes(user.role)).map((b) => {
    const query = { ...(b.query || (b.state ? { status: b.state } : {})) }
    if (b.own && user.role === 'unit_handler' && user.unit_id) query.unit_id = String(user.unit_id)
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
