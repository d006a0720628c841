import { describe, it, expect } from 'vitest'
import { saveDraft, loadDraft, clearDraft } from './draft.js'

function memory() {
  const m = new Map()
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k) }
}

describe('drafts', () => {
  it('give back what the same user typed', () => {
    const s = memory()
    saveDraft('intake', 'hotline', { description: '井盖破损' }, s)
    expect(loadDraft('intake', 'hotline', { storage: s })).toEqual({ description: '井盖破损' })
  })
  it('never show one user\'s draft to another', () => {
    const s = memory()
    saveDraft('intake', 'hotline', { reporter_phone: '13800000000' }, s)
    expect(loadDraft('intake', 'dispatcher', { storage: s })).toBeNull()
  })
  it('expire and can be cleared', () => {
    const s = memory()
    saveDraft('intake', 'hotline', { a: 1 }, s)
    expect(loadDraft('intake', 'hotline', { storage: s, now: Date.now() + 25 * 3600 * 1000 })).toBeNull()
    clearDraft('intake', s)
    expect(loadDraft('intake', 'hotline', { storage: s })).toBeNull()
  })
})
