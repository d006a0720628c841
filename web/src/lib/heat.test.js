import { describe, it, expect } from 'vitest'
import { heatClass, HEAT } from './heat.js'

describe('heat classes', () => {
  it('puts empty grids in class 0 and the busiest in the top class', () => {
    expect(heatClass(0, 10)).toBe(0)
    expect(heatClass(5, 0)).toBe(0)
    expect(heatClass(10, 10)).toBe(4)
    expect(heatClass(1, 10)).toBe(1)
    expect(heatClass(5, 10)).toBe(2)
    expect(HEAT).toHaveLength(5)
  })
})
