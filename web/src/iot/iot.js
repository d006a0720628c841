// 设备与告警: pure helpers for the IoT pages (web/src/iot/), against the REST API of src/iot/*_api.c:
// devices {id, device_id, type, name, lon, lat, address, division_id, division_name, owner_unit_id, status,
// online, last_seen_ms, battery, signal, open_alarms}; alarms {id, device_id, device_name, alarm_type,
// severity, state, acked, count, first_ms, last_ms, cleared_ms, ticket_id, ticket_code}; readings
// {ts_ms, status, values}; the summary {devices_by_status, online, offline, active_alarms_by_severity,
// active_alarms, unacked_alarms}.
import { fmtTime } from '../lib/format.js'

export const SEVERITIES = ['critical', 'major', 'minor', 'warning']
export const STATE_COLORS = { alarm: '#dc2626', offline: '#6b7280', normal: '#16a34a' }

/** A device's state on the map and in the list: offline (silent), alarm (an open alarm or a status that
 * is not normal), or normal. */
export function deviceState(d) {
  if (!d) return 'offline'
  if (d.online === false) return 'offline'
  if ((d.open_alarms || 0) > 0 || (d.status && d.status !== 'normal')) return 'alarm'
  return 'normal'
}

export const deviceColor = (d) => STATE_COLORS[deviceState(d)]

/** Element Plus tag type of a severity. */
export function severityTag(s) {
  return { critical: 'danger', major: 'danger', minor: 'warning', warning: 'info' }[s] || 'info'
}

/** Active first, then the more severe, then the most recent. */
export function sortAlarms(items) {
  const rank = (s) => { const i = SEVERITIES.indexOf(s); return i < 0 ? SEVERITIES.length : i }
  return [...(items || [])].sort((a, b) => (a.state === 'active' ? 0 : 1) - (b.state === 'active' ? 0 : 1)
    || rank(a.severity) - rank(b.severity) || (b.last_ms || 0) - (a.last_ms || 0))
}

/** Map pins for the devices that have a location. */
export function devicePins(items, label = (d) => d.device_id) {
  return (items || []).filter((d) => Number.isFinite(d.lon) && Number.isFinite(d.lat))
    .map((d) => ({ lon: d.lon, lat: d.lat, color: deviceColor(d), label: label(d), id: d.id }))
}

/** Readings as line series: one per numeric value key (at most `max`, by name), points [ms, value] in
 * time order. */
export function readingSeries(items, max = 8) {
  const rows = [...(items || [])].filter((r) => Number.isFinite(r.ts_ms)).sort((a, b) => a.ts_ms - b.ts_ms)
  const keys = new Set()
  for (const r of rows) for (const [k, v] of Object.entries(r.values || {})) if (typeof v === 'number' && Number.isFinite(v)) keys.add(k)
  return [...keys].sort().slice(0, max).map((k) => ({
    name: k,
    data: rows.filter((r) => typeof r.values?.[k] === 'number' && Number.isFinite(r.values[k])).map((r) => [r.ts_ms, r.values[k]]),
  }))
}

/** Status changes in the readings: [{ts_ms, from, to}] (what the chart marks). */
export function statusChanges(items) {
  const rows = [...(items || [])].filter((r) => r.status).sort((a, b) => a.ts_ms - b.ts_ms)
  const out = []
  for (let i = 1; i < rows.length; i++) if (rows[i].status !== rows[i - 1].status) out.push({ ts_ms: rows[i].ts_ms, from: rows[i - 1].status, to: rows[i].status })
  return out
}

/** The workbench's IoT tiles from the summary: each {key, n, query, alert}. */
export function summaryTiles(s) {
  if (!s) return []
  const sev = s.active_alarms_by_severity || {}
  return [
    { key: 'active', n: s.active_alarms ?? 0, query: { state: 'active' }, alert: (s.active_alarms ?? 0) > 0 },
    { key: 'unacked', n: s.unacked_alarms ?? 0, query: { state: 'active', acked: '0' }, alert: (s.unacked_alarms ?? 0) > 0 },
    { key: 'critical', n: (sev.critical ?? 0) + (sev.major ?? 0), query: { state: 'active', severity: 'critical' }, alert: (sev.critical ?? 0) + (sev.major ?? 0) > 0 },
    { key: 'offline', n: s.offline ?? 0, path: '/iot/devices', query: { online: '0' }, alert: false },
    { key: 'online', n: s.online ?? 0, path: '/iot/devices', query: { online: '1' }, alert: false },
  ]
}

/** Unix ms as Asia/Shanghai local time ('' for none). */
export function fmtMs(ms, withSeconds = false) {
  return Number.isFinite(ms) && ms > 0 ? fmtTime(new Date(ms).toISOString(), withSeconds) : ''
}
