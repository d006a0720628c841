import { describe, it, expect } from 'vitest'
import { dictRows, DICT_GROUPS } from './dicts.js'

describe('dictionaries', () => {
  it('lists each group with its zh-CN and English names', () => {
    const urg = dictRows('urgency.')
    expect(urg.map((r) => r.code)).toEqual(['1', '2', '3'])
    expect(urg.every((r) => r.zh && r.en)).toBe(true)
    expect(dictRows('role.').map((r) => r.code)).toContain('auditor')
  })
  it('every group has rows, none nested deeper', () => {
    for (const g of DICT_GROUPS) expect(dictRows(g.prefix).length).toBeGreaterThan(1)
    expect(dictRows('t.mode.').every((r) => !r.code.includes('.'))).toBe(true)
  })
})
