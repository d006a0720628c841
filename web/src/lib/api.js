// The JSON API over fetch, same origin, cookie session (gw_session is HttpOnly: no token in JS).
// Every failure becomes an ApiError carrying the server's {"error":{"code","message"}}.
import { t, lang } from './i18n.js'
import { cleanQuery } from './format.js'

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message)
    this.status = status
    this.code = code
  }
}

let onUnauthorized = null
/** Called with the error when a staff call answers 401 (session expired): go to the login page. */
export function setUnauthorizedHandler(fn) { onUnauthorized = fn }
// Each sign-in starts a new session epoch: a 401 for a call made before it (a request that was in
// flight when the old session ended) must not end the new session.
let epoch = 0
export function newSessionEpoch() { epoch++ }

export function buildUrl(path, query) {
  const q = new URLSearchParams(cleanQuery(query)).toString()
  return q ? `${path}?${q}` : path
}

/** The Accept-Language for the language switch: the server's error messages follow it. */
export function acceptLanguage(l) { return l === 'en' ? 'en' : 'zh-CN' }

/** api('/api/v1/tickets', { query, method, body, raw, contentType }) -> parsed JSON. */
export async function api(path, opts = {}) {
  const { method = 'GET', body, raw, contentType, query, quiet401 } = opts
  const headers = { Accept: 'application/json', 'Accept-Language': acceptLanguage(lang.value) }
  let data
  if (raw !== undefined) {
    data = raw
    headers['Content-Type'] = contentType || 'application/octet-stream'
  } else if (body !== undefined) {
    data = JSON.stringify(body)
    headers['Content-Type'] = 'application/json'
  }
  const started = epoch
  let res
  try {
    res = await fetch(buildUrl(path, query), { method, headers, body: data, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'network', t('err.network'))
  }
  const text = await res.text()
  let json = null
  try { json = text ? JSON.parse(text) : null } catch { json = null }
  if (!res.ok) {
    const e = json && json.error
    const err = new ApiError(res.status, e?.code || `http_${res.status}`, e?.message || `HTTP ${res.status} ${res.statusText}`)
    err.retryAfter = Number(res.headers.get('Retry-After')) || 0 // seconds, on 429 and 503
    if (res.status === 401 && !quiet401 && onUnauthorized && started === epoch) onUnauthorized(err)
    throw err
  }
  return json
}

/** Upload one image file as the raw body; -> {sha256, mime, size, url}. Residents use the public path. */
export function uploadFile(file, path = '/api/v1/files') {
  return api(path, { method: 'POST', raw: file, contentType: file.type || 'application/octet-stream' })
}

export const errMsg = (e) => (e && e.message) || t('err.generic')
