// The configuration forms' checks and request bodies. The limits are the server's (lib/limits.js, from
// GET /api/v1/meta/limits); the server rejects unknown fields and wrong types: bodies carry only the
// fields each endpoint accepts.
import { t } from '../../lib/i18n.js'
import { limits } from '../../lib/limits.js'

export const LIMITS = limits
export const DIV_LEVELS = ['city', 'district', 'street', 'community', 'grid']
export const UNIT_LEVELS = DIV_LEVELS.slice(0, 4)
export const ROLES = ['admin', 'dispatcher', 'supervisor', 'unit_handler', 'grid_worker', 'hotline_operator', 'auditor']

const chars = (s) => [...s].length
const bytes = (s) => new TextEncoder().encode(s).length
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

// Each check takes the value and answers null (fine) or [messageKey, params].
export const checks = {
  required: (v) => (v === null || v === undefined || (typeof v === 'string' && !v.trim()) ? ['v.required'] : null),
  /** max: a number, or the name of a served limit (read when checking). */
  text: (max) => (v) => {
    const m = typeof max === 'number' ? max : LIMITS[max]
    if (!v || !v.trim()) return ['v.required']
    if (m && chars(v) > m) return ['v.maxChars', { n: m }]
    return CONTROL.test(v) ? ['v.control'] : null
  },
  code: (v) => (!v ? ['v.required'] : v.length > LIMITS.code ? ['v.maxChars', { n: LIMITS.code }]
    : /^[A-Za-z0-9_-]+$/.test(v) ? null : ['v.code']),
  phone: (v) => (!v ? null : /^[0-9+\- ]{3,20}$/.test(v) ? null : ['v.phone']),
  username: (v) => (!v ? ['v.required'] : /^[a-z][a-z0-9_.-]{2,31}$/.test(v) ? null : ['v.username']),
  password: (optional) => (v) => {
    if (!v) return optional ? null : ['v.required']
    if (chars(v) < LIMITS.password_min) return ['v.pwMin', { n: LIMITS.password_min }]
    return bytes(v) > LIMITS.password_max ? ['v.pwMax', { n: LIMITS.password_max }] : null
  },
  hours: (optional) => (v) => (v === null || v === undefined || v === ''
    ? (optional ? null : ['v.required'])
    : Number.isInteger(v) && v >= 1 && v <= LIMITS.hours ? null : ['v.hours', { n: LIMITS.hours }]),
  /** '01' with no big class, '0199' under big class '01'. */
  categoryCode: (parentCode) => (v) => {
    if (!v) return ['v.required']
    if (parentCode) return new RegExp(`^${parentCode}\\d{2}$`).test(v) ? null : ['v.subCode', { p: parentCode }]
    return /^\d{2}$/.test(v) ? null : ['v.bigCode']
  },
}

/** An Element Plus form rule from a check; messages in the current language. */
export function rule(check, trigger = 'blur') {
  return {
    trigger,
    validator: (_r, v, cb) => {
      const bad = check(v)
      cb(bad ? new Error(t(bad[0], bad[1])) : undefined)
    },
  }
}

const orNull = (v) => (v === undefined || v === '' ? null : v)

export function unitBody(f, isNew) {
  const b = { name: f.name.trim(), level: f.level, division_id: orNull(f.division_id), enabled: !!f.enabled }
  if (isNew) {
    b.code = f.code
    if (f.phone) b.phone = f.phone
  } else b.phone = f.phone || null
  return b
}

export function categoryBody(f, isNew) {
  const b = { name: f.name.trim(), dispatch_hours: f.dispatch_hours, handle_hours: f.handle_hours,
    verify_hours: f.verify_hours, default_urgency: f.default_urgency, open311: !!f.open311, enabled: !!f.enabled }
  if (isNew) Object.assign(b, { code: f.code, kind: f.kind })
  return b
}

export function ruleBody(f) {
  return { category_id: f.category_id, division_id: orNull(f.division_id), unit_id: f.unit_id,
    cc_unit_ids: (f.cc_unit_ids || []).filter((id) => id !== f.unit_id), handle_hours: orNull(f.handle_hours),
    mode: f.mode, enabled: !!f.enabled }
}

export function userBody(f, isNew) {
  const handler = f.role === 'unit_handler'
  const b = { display_name: f.display_name.trim(), role: f.role, division_id: handler ? null : orNull(f.division_id),
    unit_id: handler ? orNull(f.unit_id) : null, disabled: !!f.disabled }
  if (isNew) {
    Object.assign(b, { username: f.username, password: f.password })
    if (f.phone) b.phone = f.phone
  } else {
    b.phone = f.phone || null
    if (f.password) b.password = f.password
  }
  return b
}

export function divisionBody(f, isNew, geometryChanged) {
  const b = { name: f.name.trim(), fallback_unit_id: orNull(f.fallback_unit_id) }
  if (isNew) Object.assign(b, { code: f.code, level: f.level, parent_id: orNull(f.parent_id) })
  if (geometryChanged && (isNew ? f.geometry : true)) b.geometry = f.geometry || null
  return b
}

/** The level of a new division under a parent of parentLevel (none: a city); null under a grid. */
export function childLevel(parentLevel) {
  if (!parentLevel) return 'city'
  const i = DIV_LEVELS.indexOf(parentLevel)
  return i >= 0 && i < DIV_LEVELS.length - 1 ? DIV_LEVELS[i + 1] : null
}

const r6 = (x) => Math.round(x * 1e6) / 1e6

/** The closed GeoJSON Polygon of the rectangle with opposite corners a and b ([lon, lat]), counter-clockwise. */
export function rectPolygon(a, b) {
  const [w, e] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])].map(r6)
  const [s, n] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])].map(r6)
  if (w === e || s === n) return null
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] }
}
