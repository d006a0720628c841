import { describe, it, expect } from 'vitest'
import { residentTree } from './refdata.js'

const cats = [
  { id: 1, code: '03', name: '市容环境', parent_id: null },
  { id: 2, code: '0301', name: '垃圾箱', parent_id: 1 },
  { id: 3, code: '10', name: '市容环境', parent_id: null },
  { id: 4, code: '1001', name: '暴露垃圾', parent_id: 3 },
  { id: 5, code: '01', name: '公用设施', parent_id: null },
  { id: 6, code: '0101', name: '上水井盖', parent_id: 5 },
]

describe('residentTree', () => {
  it('shows a big class name once, with the subclasses of every big class of that name', () => {
    const tree = residentTree(cats)
    expect(tree.map((b) => b.name)).toEqual(['公用设施', '市容环境'])
    expect(tree[1].children.map((c) => c.id).sort()).toEqual([2, 4])
    expect(tree[0].children.map((c) => c.id)).toEqual([6])
  })
})
