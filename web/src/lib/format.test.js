import { describe, it, expect } from 'vitest'
import { fmtTime, shanghaiDate, dateRangeQuery, fmtDue, fmtPct, cleanQuery, fmtNum, fmtCode } from './format.js'

describe('format', () => {
  it('shows UTC times in Asia/Shanghai', () => {
    expect(fmtTime('2026-11-24T04:50:00.123Z')).toBe('2026-11-24 12:50')
    expect(fmtTime('2026-11-24T16:30:05Z', true)).toBe('2026-11-25 00:30:05')
    expect(fmtTime(null)).toBe('')
    expect(fmtTime('nonsense')).toBe('')
  })
  it('buckets by Shanghai day', () => {
    expect(shanghaiDate('2026-11-23T16:00:00Z')).toBe('2026-11-24')
    expect(shanghaiDate(Date.parse('2026-11-23T15:59:59Z'))).toBe('2026-11-23')
  })
  it('turns a date range into from/to with +08:00, to exclusive', () => {
    expect(dateRangeQuery(['2026-11-01', '2026-11-30'])).toEqual({ from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' })
    expect(dateRangeQuery(['2026-12-31', '2026-12-31']).to).toBe('2027-01-01T00:00:00+08:00')
    expect(dateRangeQuery(null)).toEqual({})
  })
  it('formats time left', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(fmtDue('2026-01-01T03:20:00Z', now)).toBe('3h 20m')
    expect(fmtDue('2025-12-30T22:00:00Z', now)).toBe('-1d 2h')
    expect(fmtDue(null, now)).toBe('')
  })
  it('formats numbers', () => {
    expect(fmtPct(0.6666)).toBe('66.7%')
    expect(fmtPct(null)).toBe('—')
    expect(fmtNum(41.9005)).toBe('41.9')
  })
  it('cleans query objects', () => {
    expect(cleanQuery({ a: '', b: null, c: 0, d: 'x', e: true, f: false })).toEqual({ c: '0', d: 'x', e: '1' })
  })
})

describe('fmtCode', () => {
  it('groups a tracking code for reading out over the phone', () => {
    expect(fmtCode('K7M2Q9XH4T')).toBe('K7M2Q-9XH4T')
    expect(fmtCode('ABCDEFGHJKLMNPQR')).toBe('ABCD-EFGH-JKLM-NPQR')
    expect(fmtCode('')).toBe('')
    expect(fmtCode(null)).toBe('')
  })
})
