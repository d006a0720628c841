// The query of GET /api/v1/audit from the auditor's page filters (views/Audit.vue): a typed action
// wins over the kind (an action prefix); the date range is dateRangeQuery's.
export function auditQuery(f, range, page, size) {
  const q = { limit: size, offset: (Math.max(1, page) - 1) * size, ...range }
  const action = (f.action || '').trim() || f.kind
  if (action) q.action = action.slice(0, 63)
  if (f.actor) q.actor = f.actor
  return q
}
