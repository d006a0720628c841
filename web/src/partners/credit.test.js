import { describe, it, expect } from 'vitest'
import { hours, stars, currentAt, dayMs, balanceLine } from './credit.js'

describe('credit helpers', () => {
  it('hours from minutes', () => {
    expect(hours(6000)).toBe('100')
    expect(hours(90)).toBe('1.5')
    expect(hours(0)).toBe('0')
    expect(hours(null)).toBe('0')
  })
  it('stars', () => {
    expect(stars(0)).toBe('☆☆☆☆☆')
    expect(stars(2)).toBe('★★☆☆☆')
    expect(stars(9)).toBe('★★★★★')
  })
  it('periods in Asia/Shanghai', () => {
    const t = Date.parse('2026-12-31T17:00:00Z') // already 2027-01-01 01:00 in Shanghai
    expect(currentAt('month', t)).toBe('2027-01')
    expect(currentAt('quarter', t)).toBe('2027-Q1')
    expect(currentAt('year', t)).toBe('2027')
    expect(currentAt('quarter', Date.parse('2026-08-01T00:00:00Z'))).toBe('2026-Q3')
  })
  it('days as Shanghai midnights', () => {
    expect(dayMs('2026-11-01')).toBe(Date.parse('2026-10-31T16:00:00Z'))
    expect(dayMs('2026-11-01', true)).toBe(Date.parse('2026-11-01T16:00:00Z'))
    expect(dayMs('nope')).toBe(null)
  })
  it('the balance line runs oldest to newest inside the box', () => {
    const items = [{ balance_after: 30 }, { balance_after: 10 }, { balance_after: 20 }] // newest first
    const l = balanceLine(items, 104, 54, 2)
    expect(l.n).toBe(3)
    expect(l.min).toBe(0)
    expect(l.max).toBe(30)
    expect(l.points).toBe('2.0,18.7 52.0,35.3 102.0,2.0')
    expect(balanceLine([{ balance_after: 5 }], 100, 50).points).toBe('')
  })
})
