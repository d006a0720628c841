import { describe, it, expect } from 'vitest'
import { similarOpen, publicSimilar, ageParts, pct } from './dupes.js'

describe('duplicate suggestions', () => {
  it('asks the server once there is a point, with the category when there is one', async () => {
    const calls = []
    const api = async (path, opts) => { calls.push([path, opts]); return { items: [{ id: 7, distance_m: 30 }] } }
    expect(await similarOpen(api, { categoryId: 5, description: '井盖', point: null })).toEqual([])
    expect(calls).toEqual([])
    await similarOpen(api, { categoryId: null, description: '', point: { lon: 120, lat: 30 } })
    expect(calls.pop()).toEqual(['/api/v1/tickets/duplicates', { method: 'POST', body: { location: { lon: 120, lat: 30 }, limit: 5 } }])
    const r = await similarOpen(api, { categoryId: 5, description: ' 井盖破损 ', point: { lon: 120.1, lat: 30.2 } })
    expect(r.map((x) => x.id)).toEqual([7])
    expect(calls).toEqual([['/api/v1/tickets/duplicates', { method: 'POST',
      body: { category_id: 5, location: { lon: 120.1, lat: 30.2 }, limit: 5, description: '井盖破损' } }]])
  })
  it('asks the public endpoint by category code, text optional', async () => {
    const calls = []
    const api = async (path, opts) => { calls.push([path, opts]); return { items: [] } }
    await publicSimilar(api, { categoryCode: '0101', description: '', point: { lon: 120, lat: 30 } })
    await publicSimilar(api, { categoryCode: '', description: 'x', point: { lon: 120, lat: 30 } })
    expect(calls).toEqual([['/api/v1/public/duplicates', { query: { category_code: '0101', lon: 120, lat: 30 } }]])
  })
  it('shows ages and similarities in whole units', () => {
    expect(ageParts(0)).toEqual({ unit: 'min', n: 0 })
    expect(ageParts(59 * 60000)).toEqual({ unit: 'min', n: 59 })
    expect(ageParts(5 * 3600000)).toEqual({ unit: 'h', n: 5 })
    expect(ageParts(3 * 86400000)).toEqual({ unit: 'd', n: 3 })
    expect(pct(0.456)).toBe(46)
    expect(pct(undefined)).toBe(0)
  })
})
