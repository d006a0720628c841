import { describe, it, expect, afterEach } from 'vitest'
import { dictRows, DICT_GROUPS, labelKey, groupRows, applyLabels } from './dicts.js'
import { t, setLang } from './i18n.js'

describe('dictionaries', () => {
  afterEach(() => { applyLabels([]); setLang('zh-CN') })
  it('lists each group with its zh-CN and English names', () => {
    const urg = dictRows('urgency.')
    expect(urg.map((r) => r.code)).toEqual(['1', '2', '3'])
    expect(urg.every((r) => r.zh && r.en)).toBe(true)
    expect(dictRows('role.').map((r) => r.code)).toContain('auditor')
  })
  it('every group has rows, none nested deeper', () => {
    for (const g of DICT_GROUPS.filter((x) => x.key !== 'request_type')) expect(dictRows(g.prefix).length).toBeGreaterThan(1)
    expect(dictRows('t.mode.').every((r) => !r.code.includes('.'))).toBe(true)
  })
  it('names a code by its message key', () => {
    expect(labelKey('source', 'hotline')).toBe('source.hotline')
    expect(labelKey('request_type', 'consult')).toBe('rt.consult')
    expect(labelKey('kind', 'part')).toBe('cfg.kind.part')
    expect(labelKey('colour', 'red')).toBe(null)
  })
  it('rows come from the server\'s codes, edited labels marked', () => {
    const g = DICT_GROUPS.find((x) => x.key === 'request_type')
    const rows = groupRows(g, ['consult', 'complain', 'help', 'suggest', 'report'],
      [{ dict: 'request_type', code: 'suggest', zh: '意见建议', en: 'Advice' }])
    expect(rows.map((r) => r.code)).toEqual(['consult', 'complain', 'help', 'suggest', 'report'])
    const s = rows.find((r) => r.code === 'suggest')
    expect(s).toMatchObject({ zh: '意见建议', en: 'Advice', zhDefault: '建议', edited: true })
    expect(rows.find((r) => r.code === 'help')).toMatchObject({ zh: '求助', edited: false })
  })
  it('edited labels replace the defaults everywhere t() names the code, and go back on reset', () => {
    expect(t('source.hotline')).toBe('12345热线')
    applyLabels([{ dict: 'source', code: 'hotline', zh: '热线来电', en: 'Hotline call' }])
    expect(t('source.hotline')).toBe('热线来电')
    setLang('en')
    expect(t('source.hotline')).toBe('Hotline call')
    expect(t('source.resident')).toBe('Resident')
    applyLabels([])
    expect(t('source.hotline')).toBe('12345 hotline')
  })
})
