import { describe, it, expect } from 'vitest'
import { auditQuery } from './auditq.js'

describe('auditQuery', () => {
  it('pages and passes the range', () => {
    expect(auditQuery({}, { from: 'a', to: 'b' }, 2, 50)).toEqual({ limit: 50, offset: 50, from: 'a', to: 'b' })
  })
  it('a typed action wins over the kind; the actor is its id', () => {
    expect(auditQuery({ kind: 'user.', action: ' unit.update ', actor: 7 }, {}, 1, 10))
      .toEqual({ limit: 10, offset: 0, action: 'unit.update', actor: 7 })
    expect(auditQuery({ kind: 'user.', action: '' }, {}, 1, 10).action).toBe('user.')
    expect(auditQuery({ kind: '' }, {}, 1, 10).action).toBeUndefined()
  })
})
