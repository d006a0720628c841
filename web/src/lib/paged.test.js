import { describe, it, expect } from 'vitest'
import { pageQuery } from './paged.js'

describe('pageQuery', () => {
  it('turns a page number into offset and limit', () => {
    expect(pageQuery('', 3, 20)).toEqual({ limit: 20, offset: 40 })
  })
  it('sends a trimmed search of at most 64 characters, none when blank', () => {
    expect(pageQuery('  水务 ', 1, 10)).toEqual({ limit: 10, offset: 0, q: '水务' })
    expect(pageQuery('   ', 1, 10)).toEqual({ limit: 10, offset: 0 })
    expect(pageQuery('x'.repeat(80), 1, 10).q.length).toBe(64)
  })
  it('treats a page below 1 as the first', () => {
    expect(pageQuery('', 0, 10).offset).toBe(0)
  })
})
