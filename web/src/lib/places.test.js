import { describe, it, expect, vi } from 'vitest'
import { placeQuery, suggestionRows, latestOnly, searchPlaces, labelPoint, loadRoads } from './places.js'

describe('place search helpers', () => {
  it('searches trimmed text of 2..64 characters', () => {
    expect(placeQuery('  中山路100号 ')).toBe('中山路100号')
    expect(placeQuery('中')).toBe('')
    expect(placeQuery('')).toBe('')
    expect(placeQuery(null)).toBe('')
    expect(Array.from(placeQuery('路'.repeat(80)))).toHaveLength(64)
  })
  it('turns places into autocomplete rows', () => {
    const p = { id: 7, name: '中山路100号', grid_name: '幸福里社区第1网格' }
    expect(suggestionRows([p])).toEqual([{ value: '中山路100号', place: p }])
    expect(suggestionRows(undefined)).toEqual([])
  })
  it('delivers only the latest answer', async () => {
    const waits = []
    const slow = latestOnly((x) => new Promise((r) => waits.push(() => r(x))), 'stale')
    const a = slow('a')
    const b = slow('b')
    waits[1]()
    waits[0]()
    expect(await b).toBe('b')
    expect(await a).toBe('stale')
  })
  it('asks the API only for text worth searching', async () => {
    const api = vi.fn(async () => ({ items: [{ id: 1 }] }))
    expect(await searchPlaces(api, '中')).toEqual([])
    expect(api).not.toHaveBeenCalled()
    expect(await searchPlaces(api, '中山路100号', 5)).toEqual([{ id: 1 }])
    expect(api).toHaveBeenCalledWith('/api/v1/places', { query: { q: '中山路100号', limit: 5 } })
  })
  it('labels a road at its middle vertex', () => {
    expect(labelPoint([[1, 1], [2, 2], [3, 3]])).toEqual([2, 2])
    expect(labelPoint([[1, 1], [2, 2]])).toEqual([1, 1])
    expect(labelPoint([])).toBe(null)
  })
  it('fetches the roads once, and again after a failure', async () => {
    const fail = vi.fn(async () => { throw new Error('offline') })
    expect(await loadRoads(fail)).toBe(null)
    const ok = vi.fn(async () => ({ type: 'FeatureCollection', features: [] }))
    expect((await loadRoads(ok)).type).toBe('FeatureCollection')
    await loadRoads(ok)
    expect(ok).toHaveBeenCalledTimes(1)
  })
})
