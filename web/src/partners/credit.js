// The credit file's little pure helpers (console and H5): hours from minutes, the star level's label,
// periods for the ranking, and the ledger's balance line.

/** Minutes as hours with one decimal ("12.5"); whole hours without one. */
export function hours(min) {
  const h = Math.round((Number(min) || 0) / 6) / 10
  return Number.isInteger(h) ? String(h) : h.toFixed(1)
}

/** "★★☆☆☆" for a level 0..5. */
export function stars(level) {
  const n = Math.max(0, Math.min(5, Number(level) || 0))
  return '★'.repeat(n) + '☆'.repeat(5 - n)
}

/** The current period's "at" in Asia/Shanghai for period month|quarter|year. */
export function currentAt(period, now = Date.now()) {
  const d = new Date(now + 8 * 3600 * 1000) // Shanghai wall clock in UTC fields
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth() + 1
  if (period === 'year') return String(y)
  if (period === 'quarter') return `${y}-Q${Math.floor((m - 1) / 3) + 1}`
  return `${y}-${String(m).padStart(2, '0')}`
}

/** A day "YYYY-MM-DD" in Asia/Shanghai as Unix ms of its midnight (end: of the next midnight). */
export function dayMs(day, end = false) {
  const ms = Date.parse(`${day}T00:00:00+08:00`)
  return Number.isNaN(ms) ? null : ms + (end ? 86400000 : 0)
}

/**
 * The running balance of an account over its transfers, oldest first, as SVG polyline points in a
 * w x h box (pad inside). items: the account's history newest first, each with balance_after.
 * Returns { points: "x,y ...", min, max, n }; n < 2 draws no line.
 */
export function balanceLine(items, w, h, pad = 4) {
  const vals = (items || []).slice().reverse().map((x) => Number(x.balance_after) || 0)
  const n = vals.length
  if (n < 2) return { points: '', min: vals[0] ?? 0, max: vals[0] ?? 0, n }
  const min = Math.min(0, ...vals)
  const max = Math.max(...vals)
  const span = max - min || 1
  const x = (i) => pad + (i * (w - 2 * pad)) / (n - 1)
  const y = (v) => h - pad - ((v - min) * (h - 2 * pad)) / span
  const points = vals.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
  return { points, min, max, n }
}
