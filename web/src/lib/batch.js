// Batch actions on the case list (批量受理 / 批量派单): which selected cases an action applies to, and
// running it one case at a time through the single-case endpoint, so each case is its own
// transaction and a refusal of one (moved on, out of scope) never stops or undoes the others.

/** The states each batch action starts from (the state machine's, ops/ticket.c). */
export const BATCH_FROM = { accept: ['reported'], dispatch: ['accepted', 'returned'] }

/** The rows of `rows` that `action` applies to. */
export function eligible(rows, action) {
  const from = BATCH_FROM[action] || []
  return rows.filter((r) => from.includes(r.state))
}

/** Run step(row) for each row in turn; { ok: [ticket...], failed: [{ id, message }] }. */
export async function runBatch(rows, step, errMsg = (e) => String(e?.message || e)) {
  const ok = []
  const failed = []
  for (const r of rows) {
    try {
      ok.push(await step(r))
    } catch (e) {
      failed.push({ id: r.id, message: errMsg(e) })
    }
  }
  return { ok, failed }
}
