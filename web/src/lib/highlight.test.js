import { describe, it, expect } from 'vitest'
import { highlight, pct } from './highlight.js'

describe('n-gram highlighting', () => {
  it('marks every occurrence of each gram and merges neighbours', () => {
    expect(highlight('路灯不亮，路灯坏了', [{ text: '路灯' }, { text: '亮' }])).toEqual([
      { text: '路灯', hit: true }, { text: '不', hit: false }, { text: '亮', hit: true },
      { text: '，', hit: false }, { text: '路灯', hit: true }, { text: '坏了', hit: false },
    ])
  })
  it('marks adjoining grams as one run, and leaves text without grams alone', () => {
    expect(highlight('井盖缺角', [{ text: '井盖' }, { text: '缺' }])).toEqual([
      { text: '井盖缺', hit: true }, { text: '角', hit: false }])
    expect(highlight('你好', [])).toEqual([{ text: '你好', hit: false }])
    expect(highlight('', [{ text: 'x' }])).toEqual([])
  })
  it('counts characters, not UTF-16 units, and ignores empty grams', () => {
    expect(highlight('a😀b', [{ text: '😀' }, { text: '' }, null])).toEqual([
      { text: 'a', hit: false }, { text: '😀', hit: true }, { text: 'b', hit: false }])
  })
  it('formats probabilities as percentages', () => {
    expect(pct(0.8712)).toBe('87%')
    expect(pct(0)).toBe('0%')
  })
})
