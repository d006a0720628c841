// Duplicate suggestions (重复件): the server ranks open tickets of a related category near a point by
// distance, age and text similarity (ops/dupe_svc.c); the console and the H5 show its answer.

/** Candidates for a draft at the intake form: [] until a point is chosen; any category until one is. */
export async function similarOpen(api, { categoryId, description, point, limit = 5 }) {
  if (!point) return []
  const body = { location: { lon: point.lon, lat: point.lat }, limit }
  if (categoryId) body.category_id = categoryId // none yet: open cases of any category nearby
  const text = (description || '').trim()
  if (text) body.description = Array.from(text).slice(0, 2000).join('')
  const r = await api('/api/v1/tickets/duplicates', { method: 'POST', body })
  return r.items
}

/** The public question of the resident H5 before submitting: [] until a category code and a point. */
export async function publicSimilar(api, { categoryCode, description, point }) {
  if (!categoryCode || !point) return []
  const query = { category_code: categoryCode, lon: point.lon, lat: point.lat }
  const text = (description || '').trim()
  if (text) query.text = Array.from(text).slice(0, 2000).join('')
  return (await api('/api/v1/public/duplicates', { query })).items
}

/** An age in ms as whole minutes, hours or days: { unit: 'min' | 'h' | 'd', n }. */
export function ageParts(ms) {
  const min = Math.max(0, Math.round((ms || 0) / 60000))
  if (min < 60) return { unit: 'min', n: min }
  const h = Math.round(min / 60)
  return h < 48 ? { unit: 'h', n: h } : { unit: 'd', n: Math.round(h / 24) }
}

/** A similarity 0..1 as a whole percent. */
export const pct = (x) => Math.round((x || 0) * 100)
