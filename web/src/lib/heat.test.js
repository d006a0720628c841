import { describe, it, expect } from 'vitest'
import { heatClass, HEAT, HEAT_KEYS } from './heat.js'

describe('Gi* classes', () => {
  it('maps z-scores to cold, neutral and hot at 90/95/99%', () => {
    expect(heatClass(-2.5)).toBe(0)
    expect(heatClass(-1.96)).toBe(0)
    expect(heatClass(0)).toBe(1)
    expect(heatClass(1.64)).toBe(1)
    expect(heatClass(1.7)).toBe(2)
    expect(heatClass(2.0)).toBe(3)
    expect(heatClass(3.1)).toBe(4)
  })
  it('treats a grid without a score as no pattern', () => {
    expect(heatClass(undefined)).toBe(1)
    expect(heatClass(NaN)).toBe(1)
    expect(HEAT).toHaveLength(HEAT_KEYS.length)
  })
})
