// Duplicate suggestions for intake: open tickets of the same category whose description shares
// the opening words, or that lie near the new point.
const OPEN = ['reported', 'accepted', 'dispatched', 'signed', 'returned', 'suspended', 'handled']
export const NEAR_M = 500

/** The first words of a description fit for the full-text index: punctuation, digits and
 * spaces dropped, the first 4 characters (the trigram index needs 3 or more); '' if too short. */
export function leadingWords(text) {
  const s = Array.from((text || '').replace(/[\s\d\p{P}\p{S}a-zA-Z]+/gu, ''))
  return s.length >= 3 ? s.slice(0, 4).join('') : ''
}

/** Merge two result lists, keep open ones, attach distance, nearest and text matches first. */
export function rankDupes(byText, byCategory, point, distanceM, limit = 8) {
  const seen = new Map()
  for (const r of [...byText, ...byCategory]) if (!seen.has(r.id) && OPEN.includes(r.state)) seen.set(r.id, { ...r, text: byText.includes(r) })
  const out = []
  for (const r of seen.values()) {
    r.distance = point && r.location ? distanceM([point.lon, point.lat], [r.location.lon, r.location.lat]) : null
    if (r.text || (r.distance !== null && r.distance <= NEAR_M)) out.push(r)
  }
  out.sort((a, b) => (a.distance ?? 1e9) - (b.distance ?? 1e9))
  return out.slice(0, limit)
}

/** The resolved address (a gazetteer place's name, digits kept) as a full-text query, or '' when the
 * trigram index cannot take it (under 3 characters). */
export function addressQuery(address) {
  const s = (address || '').replace(/[\s\p{P}]+/gu, '')
  return Array.from(s).length >= 3 ? s : ''
}

/** Open tickets like the one being registered: same category and similar opening words, same
 * resolved address (any category: the caller may not have chosen one yet), or near the point. */
export async function similarOpen(api, { categoryId, description, point, distanceM, address }) {
  const q = categoryId ? leadingWords(description) : ''
  const aq = addressQuery(address)
  const none = Promise.resolve({ items: [] })
  const [a, b, c] = await Promise.all([
    q ? api('/api/v1/tickets', { query: { category_id: categoryId, q, limit: 50 } }) : none,
    point ? api('/api/v1/tickets', { query: { category_id: categoryId, limit: 200 } }) : none,
    aq ? api('/api/v1/tickets', { query: { q: aq, limit: 50 } }) : none,
  ])
  return rankDupes([...c.items, ...a.items], b.items, point, distanceM)
}
