import { describe, it, expect } from 'vitest'
import { leadingWords, rankDupes, addressQuery, similarOpen } from './dupes.js'
import { distanceM } from './gcj02.js'

describe('duplicate suggestions', () => {
  it('takes the first Chinese words for the trigram index', () => {
    expect(leadingWords('中山路100号门口井盖破损')).toBe('中山路号')
    expect(leadingWords('井盖，破损！')).toBe('井盖破损')
    expect(leadingWords('井盖')).toBe('')
    expect(leadingWords('')).toBe('')
  })
  it('keeps open tickets matching by text or within 500 m, nearest first', () => {
    const p = { lon: 120.155, lat: 30.255 }
    const text = [{ id: 1, state: 'signed', location: { lon: 120.2, lat: 30.3 } }, { id: 2, state: 'closed' }]
    const cat = [
      { id: 3, state: 'dispatched', location: { lon: 120.1551, lat: 30.2551 } },
      { id: 4, state: 'reported', location: { lon: 120.25, lat: 30.3 } },
      text[0],
    ]
    const r = rankDupes(text, cat, p, distanceM)
    expect(r.map((x) => x.id)).toEqual([3, 1])
    expect(r[0].distance).toBeLessThan(20)
  })
  it('matches on the resolved address with its digits', async () => {
    expect(addressQuery('中山路100号')).toBe('中山路100号')
    expect(addressQuery(' 中山路 100 号 ')).toBe('中山路100号')
    expect(addressQuery('东门')).toBe('')
    const calls = []
    const api = async (path, { query }) => {
      calls.push(query)
      return { items: query.q === '中山路100号' ? [{ id: 9, state: 'dispatched', location: null }] : [] }
    }
    const r = await similarOpen(api, { categoryId: null, description: '', point: null, distanceM, address: '中山路100号' })
    expect(r.map((x) => x.id)).toEqual([9])
    expect(calls).toEqual([{ q: '中山路100号', limit: 50 }])
  })
})
