import { describe, it, expect } from 'vitest'
import { eligible, runBatch } from './batch.js'

const rows = [{ id: 1, state: 'reported' }, { id: 2, state: 'accepted' }, { id: 3, state: 'returned' }, { id: 4, state: 'signed' }]

describe('batch actions', () => {
  it('applies accept to reported cases and dispatch to accepted or returned ones', () => {
    expect(eligible(rows, 'accept').map((r) => r.id)).toEqual([1])
    expect(eligible(rows, 'dispatch').map((r) => r.id)).toEqual([2, 3])
    expect(eligible(rows, 'approve')).toEqual([])
  })

  it('runs every case in turn and reports each refusal without stopping', async () => {
    const seen = []
    const res = await runBatch(rows, async (r) => {
      seen.push(r.id)
      if (r.id === 2) throw new Error('moved on')
      return { id: r.id, state: 'done' }
    })
    expect(seen).toEqual([1, 2, 3, 4])
    expect(res.ok.map((t) => t.id)).toEqual([1, 3, 4])
    expect(res.failed).toEqual([{ id: 2, message: 'moved on' }])
  })
})
