import { describe, it, expect } from 'vitest'
import { translate, initialLang, DICTS } from './i18n.js'
import { zh, en } from './messages.js'

const dicts = { 'zh-CN': { a: '甲', b: '乙 {n} 条' }, en: { a: 'A' } }

describe('i18n', () => {
  it('translates in the chosen language', () => {
    expect(translate(dicts, 'en', 'a')).toBe('A')
    expect(translate(dicts, 'zh-CN', 'a')).toBe('甲')
  })
  it('falls back to zh-CN, then to the key', () => {
    expect(translate(dicts, 'en', 'b', { n: 3 })).toBe('乙 3 条')
    expect(translate(dicts, 'en', 'missing.key')).toBe('missing.key')
    expect(translate(dicts, 'fr', 'a')).toBe('甲')
  })
  it('leaves unknown placeholders alone', () => {
    expect(translate(dicts, 'zh-CN', 'b', {})).toBe('乙 {n} 条')
  })
  it('reads a stored language, rejecting unknown ones', () => {
    expect(initialLang({ getItem: () => 'en' })).toBe('en')
    expect(initialLang({ getItem: () => 'xx' })).toBe('zh-CN')
    expect(initialLang({ getItem: () => { throw new Error('denied') } })).toBe('zh-CN')
    expect(initialLang(null)).toBe('zh-CN')
  })
  it('has an English word for every Chinese key', () => {
    const missing = Object.keys(zh).filter((k) => !(k in en))
    expect(missing).toEqual([])
    expect(DICTS.en).toBe(en)
  })
})
