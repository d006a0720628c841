import { describe, it, expect } from 'vitest'
import { bucketsFor, bucketCount } from './todo.js'
import { userOf } from './testusers.js'

const totals = { all: 80, open: 19, overdue: 17, warning: 2, extension_pending: 1, low_rated: 4,
  by_state: { reported: 3, accepted: 1, dispatched: 4, signed: 6, returned: 2, suspended: 1, handled: 2, closed: 55, invalid: 6 } }

const keys = (u) => bucketsFor(u).map((b) => b.key)

describe('to-do buckets', () => {
  it('gives dispatchers acceptance and dispatch work', () => {
    expect(keys(userOf('dispatcher'))).toEqual(['to_accept', 'to_dispatch', 'returned', 'assist_returned', 'urged', 'overdue', 'warning'])
  })
  it('gives supervisors verification, extensions and suspensions', () => {
    expect(keys(userOf('supervisor'))).toEqual(['to_verify', 'extension', 'suspended', 'to_revisit', 'urged', 'overdue', 'warning'])
  })
  it('gives unit handlers their own unit queue', () => {
    const b = bucketsFor(userOf('unit_handler', { unit_id: 1 }))
    expect(b.map((x) => x.key)).toEqual(['to_sign', 'to_handle', 'to_assist', 'extension', 'urged', 'overdue', 'warning'])
    expect(b[0].query).toEqual({ status: 'dispatched', unit_id: '1' })
    expect(b[3].query).toEqual({ status: 'signed', flag: 'extension', unit_id: '1' })
  })
  it('admin sees every dispatcher and supervisor bucket', () => {
    expect(keys(userOf('admin'))).toEqual(['to_accept', 'to_dispatch', 'returned', 'assist_returned', 'to_verify', 'extension', 'suspended', 'to_revisit', 'urged', 'overdue', 'warning'])
  })
  it('follows the permissions, not the role name', () => {
    expect(keys({ role: 'dispatcher', permissions: ['ticket.view', 'ticket.supervise'] }))
      .toEqual(['to_verify', 'extension', 'suspended', 'to_revisit', 'urged', 'overdue', 'warning'])
    expect(keys({ role: 'admin', permissions: [] })).toEqual([])
  })
  it('gives grid workers the 待现场核查 list of their grids', () => {
    const b = bucketsFor(userOf('grid_worker'))
    expect(b.map((x) => x.key)).toEqual(['overdue', 'warning', 'open', 'to_onsite'])
    expect(b[3].query).toEqual({ status: 'handled' })
    expect(bucketCount(b[3], totals)).toBe(2)
  })
  it('puts 待协办 and returned sub-tasks in their lists (协办)', () => {
    const h = Object.fromEntries(bucketsFor(userOf('unit_handler', { unit_id: 1 })).map((x) => [x.key, x]))
    expect(h.to_assist.query).toEqual({ flag: 'assist' }) // not narrowed to the unit's own primary tickets
    expect(bucketCount(h.to_assist, { ...totals, assist_open: 3 })).toBe(3)
    const d = Object.fromEntries(bucketsFor(userOf('dispatcher')).map((x) => [x.key, x]))
    expect(d.assist_returned.query).toEqual({ flag: 'assist_returned' })
    expect(bucketCount(d.assist_returned, { ...totals, assist_returned: 1 })).toBe(1)
    expect(keys(userOf('supervisor'))).not.toContain('to_assist')
  })
  it('reporters see what is open and late in their area', () => {
    expect(keys(userOf('hotline_operator'))).toEqual(['to_revisit', 'overdue', 'warning', 'open'])
    expect(bucketsFor(null)).toEqual([])
  })
  it('puts 待回访 and 被催办 in their lists', () => {
    const b = Object.fromEntries(bucketsFor(userOf('admin')).map((x) => [x.key, x]))
    expect(bucketCount(b.to_revisit, { ...totals, revisit_pending: 5 })).toBe(5)
    expect(b.to_revisit.query).toEqual({ flag: 'revisit' })
    expect(b.urged.query).toEqual({ flag: 'urged' })
    expect(keys(userOf('grid_worker'))).not.toContain('to_revisit')
    expect(keys(userOf('auditor'))).not.toContain('to_revisit')
  })
  it('maps buckets to counts and list queries', () => {
    const b = Object.fromEntries(bucketsFor(userOf('admin')).map((x) => [x.key, x]))
    expect(bucketCount(b.to_accept, totals)).toBe(3)
    expect(b.to_accept.query).toEqual({ status: 'reported' })
    expect(bucketCount(b.overdue, totals)).toBe(17)
    expect(b.overdue.query).toEqual({ overdue: '1' })
    expect(bucketCount(b.extension, totals)).toBe(1)
    expect(b.low_rated).toBeUndefined() // 差评 are called back through 待回访 now
    expect(bucketCount(b.to_verify, null)).toBe(null)
    expect(bucketCount(b.to_verify, { by_state: {} })).toBe(0)
  })
})
