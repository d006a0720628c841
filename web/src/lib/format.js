// Display helpers. The API speaks UTC ISO strings; people read Asia/Shanghai (UTC+8, no DST).
const CST_MS = 8 * 3600 * 1000
const pad = (n) => String(n).padStart(2, '0')

/** '2026-11-24T04:50:00.123Z' -> '2026-11-24 12:50' (Shanghai); '' for null/invalid. */
export function fmtTime(iso, withSeconds = false) {
  if (!iso) return ''
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return ''
  const d = new Date(ms + CST_MS)
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return withSeconds ? `${s}:${pad(d.getUTCSeconds())}` : s
}

/** The Shanghai calendar date of a time (ms or ISO) as 'YYYY-MM-DD'. */
export function shanghaiDate(t) {
  const ms = typeof t === 'number' ? t : Date.parse(t)
  const d = new Date(ms + CST_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** A Shanghai date range ['YYYY-MM-DD','YYYY-MM-DD'] (both inclusive) as the list API's from/to
 * (ISO with +08:00; `to` is exclusive, so the day after the last one). */
export function dateRangeQuery(range) {
  if (!range || range.length !== 2 || !range[0] || !range[1]) return {}
  const next = new Date(Date.parse(range[1] + 'T00:00:00Z') + 86400000)
  const to = `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`
  return { from: `${range[0]}T00:00:00+08:00`, to: `${to}T00:00:00+08:00` }
}

/** Time left (or past) until a deadline: '3h 20m', '-1d 2h'; '' for none. */
export function fmtDue(iso, now = Date.now()) {
  if (!iso) return ''
  let diff = Date.parse(iso) - now
  const neg = diff < 0
  diff = Math.abs(diff)
  const d = Math.floor(diff / 86400000), h = Math.floor((diff % 86400000) / 3600000), m = Math.floor((diff % 3600000) / 60000)
  const s = d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m`
  return neg ? `-${s}` : s
}

export function fmtPct(x) {
  return x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`
}

export function fmtNum(x, digits = 1) {
  return x === null || x === undefined ? '—' : (Math.round(x * 10 ** digits) / 10 ** digits).toFixed(digits)
}

/** Drop empty values (undefined, null, '', false) from a query object and stringify the rest. */
export function cleanQuery(q) {
  const out = {}
  for (const [k, v] of Object.entries(q || {})) {
    if (v === undefined || v === null || v === '' || v === false) continue
    out[k] = v === true ? '1' : String(v)
  }
  return out
}

/** Element Plus tag type for a state. */
export function stateTagType(state) {
  return { reported: 'warning', accepted: 'warning', dispatched: 'primary', signed: 'primary', returned: 'danger',
    suspended: 'info', handled: 'success', closed: 'success', invalid: 'info', merged: 'info' }[state] || 'info'
}

export const STATES = ['reported', 'accepted', 'dispatched', 'signed', 'returned', 'suspended', 'handled', 'closed', 'invalid', 'merged']
export const SOURCES = ['resident', 'grid_worker', 'hotline', 'open311', 'iot', 'staff']
export const REQUEST_TYPES = ['consult', 'complain', 'help', 'suggest', 'report'] // 诉求类型 (ops/ticket.c)

/** A tracking code as it is read out over the phone: groups of five (ten symbols) or four (the
 * 16-symbol codes issued before). The server reads it back with or without the dashes. */
export function fmtCode(code) {
  if (!code) return ''
  const g = code.length === 10 ? 5 : 4
  return code.match(new RegExp(`.{1,${g}}`, 'g')).join('-')
}
