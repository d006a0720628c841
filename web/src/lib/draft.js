// Drafts of what a person is typing (a hotline call at intake), kept in this tab's sessionStorage so
// an expired session, a reload or a wrong click loses nothing. A draft belongs to the user who typed it
// (another user signing in on the same tab never sees it) and is dropped after maxAgeMs.
const PREFIX = 'gw.draft.'
const DAY = 24 * 3600 * 1000

function store(s) {
  if (s) return s
  try { return globalThis.sessionStorage || null } catch { return null }
}

export function saveDraft(key, owner, value, s = null) {
  try { store(s)?.setItem(PREFIX + key, JSON.stringify({ owner, at: Date.now(), value })) } catch { /* full or disabled */ }
}

export function loadDraft(key, owner, { maxAgeMs = DAY, now = Date.now(), storage = null } = {}) {
  let d = null
  try { d = JSON.parse(store(storage)?.getItem(PREFIX + key) || 'null') } catch { d = null }
  if (!d || d.owner !== owner || !(now - d.at <= maxAgeMs)) return null
  return d.value
}

export function clearDraft(key, s = null) {
  try { store(s)?.removeItem(PREFIX + key) } catch { /* disabled */ }
}
