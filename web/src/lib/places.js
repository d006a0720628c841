// The address gazetteer (地名地址) from the console: what to search as the operator types, the
// suggestion rows, only the latest answer shown, and the offline road base (GET /api/v1/places/roads).

export const MIN_CHARS = 2   // one character matches half the city
export const MAX_CHARS = 64  // the server's limit
export const DEBOUNCE_MS = 250

/** The text worth searching for: trimmed, '' under MIN_CHARS characters, cut at MAX_CHARS. */
export function placeQuery(text) {
  const chars = Array.from((text || '').trim())
  return chars.length < MIN_CHARS ? '' : chars.slice(0, MAX_CHARS).join('')
}

/** Rows for el-autocomplete: value is what lands in the address field. */
export function suggestionRows(items) {
  return (items || []).map((p) => ({ value: p.name, place: p }))
}

/** Wrap an async fn so that only the latest call's result is delivered; older calls resolve to
 * `stale` (an answer that arrives after the operator typed on must not overwrite the list). */
export function latestOnly(fn, stale = null) {
  let seq = 0
  return async (...args) => {
    const mine = ++seq
    const out = await fn(...args)
    return mine === seq ? out : stale
  }
}

/** Search the gazetteer; [] for text too short to search. */
export async function searchPlaces(api, text, limit = 8) {
  const q = placeQuery(text)
  if (!q) return []
  const r = await api('/api/v1/places', { query: { q, limit } })
  return r.items || []
}

let roadsPromise = null
/** The road lines (GeoJSON FeatureCollection), fetched once per page load; null when unavailable. */
export function loadRoads(api) {
  if (!roadsPromise) {
    roadsPromise = api('/api/v1/places/roads', { quiet401: true }).catch(() => {
      roadsPromise = null
      return null
    })
  }
  return roadsPromise
}

/** Where a line's name goes: its middle vertex, as [lon, lat]. */
export function labelPoint(coords) {
  if (!coords || !coords.length) return null
  return coords[Math.floor((coords.length - 1) / 2)]
}
