// Device types (GET /api/v1/device-types), fetched once per page load, and the words for statuses.
import { api } from '../lib/api.js'
import { t } from '../lib/i18n.js'

let cached = null
export function loadTypes() {
  if (!cached) cached = api('/api/v1/device-types').then((r) => r.items).catch((e) => { cached = null; throw e })
  return cached
}

/** A status's words: the console knows the common ones; any other shows as the device sends it. */
export function statusLabel(s) {
  if (!s) return '—'
  const key = 'iot.st.' + s
  const w = t(key)
  return w === key ? s : w
}

export function alarmTypeLabel(a) {
  if (!a) return '—'
  const key = 'iot.at.' + a
  const w = t(key)
  return w === key ? a : w
}
