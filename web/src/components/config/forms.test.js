import { describe, it, expect } from 'vitest'
import { checks, unitBody, userBody, ruleBody, divisionBody, categoryBody, childLevel, rectPolygon } from './forms.js'
import { setLimits } from '../../lib/limits.js'

// what GET /api/v1/meta/limits serves (core/fields.h); the forms read them from there
setLimits({ name: 64, code: 31, username: 32, display_name: 20, password_min: 8, password_max: 128, hours: 8760, cc: 8 })

describe('checks mirror the server', () => {
  it('codes, phones, usernames, passwords, hours', () => {
    expect(checks.code('u_lvhua-1')).toBe(null)
    expect(checks.code('绿化')[0]).toBe('v.code')
    expect(checks.code('x'.repeat(32))[0]).toBe('v.maxChars')
    expect(checks.phone('')).toBe(null)
    expect(checks.phone('0571-8888 1234')).toBe(null)
    expect(checks.phone('12')[0]).toBe('v.phone')
    expect(checks.username('lvhua.01')).toBe(null)
    expect(checks.username('1abc')[0]).toBe('v.username')
    expect(checks.username('ab')[0]).toBe('v.username')
    expect(checks.password(false)('')[0]).toBe('v.required')
    expect(checks.password(true)('')).toBe(null)
    expect(checks.password(false)('密码密码密码密码')).toBe(null)
    expect(checks.password(false)('short')[0]).toBe('v.pwMin')
    expect(checks.password(false)('密'.repeat(43))[0]).toBe('v.pwMax')
    expect(checks.hours(true)(null)).toBe(null)
    expect(checks.hours(false)(8761)[0]).toBe('v.hours')
    expect(checks.text(20)('一'.repeat(20))).toBe(null)
    expect(checks.text(20)('一'.repeat(21))[0]).toBe('v.maxChars')
    expect(checks.text(20)('a\tb')[0]).toBe('v.control')
    expect(checks.text('name')('名'.repeat(64))).toBe(null) // a served limit by name
    expect(checks.text('name')('名'.repeat(65))[0]).toBe('v.maxChars')
  })
  it('category codes follow their big class', () => {
    expect(checks.categoryCode('01')('0199')).toBe(null)
    expect(checks.categoryCode('01')('0299')[0]).toBe('v.subCode')
    expect(checks.categoryCode('')('09')).toBe(null)
    expect(checks.categoryCode('')('0901')[0]).toBe('v.bigCode')
  })
})

describe('bodies carry only accepted fields', () => {
  it('unit: code and kind-like fields on create only; phone null clears on edit', () => {
    const f = { code: 'lh', name: ' 绿化 ', level: 'district', division_id: '', phone: '', enabled: true }
    expect(unitBody(f, true)).toEqual({ code: 'lh', name: '绿化', level: 'district', division_id: null, enabled: true })
    expect(unitBody(f, false)).toEqual({ name: '绿化', level: 'district', division_id: null, phone: null, enabled: true })
  })
  it('category: code and kind on create only', () => {
    const f = { code: '0199', kind: 'part', name: 'x', dispatch_hours: 2, handle_hours: 72, verify_hours: 24,
      default_urgency: 1, open311: true, enabled: true }
    expect(Object.keys(categoryBody(f, true))).toContain('kind')
    expect(Object.keys(categoryBody(f, false))).not.toContain('code')
  })
  it('user: scope follows the role; password only when given on edit', () => {
    const f = { username: 'lh01', password: 'secret-123', display_name: '绿化', role: 'unit_handler', unit_id: 7,
      division_id: 3, phone: '', disabled: false }
    expect(userBody(f, true)).toEqual({ username: 'lh01', password: 'secret-123', display_name: '绿化',
      role: 'unit_handler', unit_id: 7, division_id: null, disabled: false })
    const e = userBody({ ...f, role: 'dispatcher', password: '' }, false)
    expect(e).toEqual({ display_name: '绿化', role: 'dispatcher', division_id: 3, unit_id: null, phone: null, disabled: false })
  })
  it('rule: CC units never repeat the unit; empty hours are null', () => {
    expect(ruleBody({ category_id: 1, division_id: null, unit_id: 2, cc_unit_ids: [2, 3], handle_hours: '', mode: 'auto',
      enabled: true })).toEqual({ category_id: 1, division_id: null, unit_id: 2, cc_unit_ids: [3], handle_hours: null,
      mode: 'auto', enabled: true })
  })
  it('division: geometry only when drawn', () => {
    const f = { name: 'g', code: 'g1', level: 'grid', parent_id: 5, fallback_unit_id: null, geometry: null }
    expect(divisionBody(f, true, false)).toEqual({ name: 'g', fallback_unit_id: null, code: 'g1', level: 'grid', parent_id: 5 })
    expect(divisionBody({ ...f, geometry: { type: 'Polygon' } }, false, true).geometry).toEqual({ type: 'Polygon' })
  })
})

describe('geometry helpers', () => {
  it('levels', () => {
    expect(childLevel(null)).toBe('city')
    expect(childLevel('community')).toBe('grid')
    expect(childLevel('grid')).toBe(null)
  })
  it('a rectangle from two clicks is a closed polygon', () => {
    const p = rectPolygon([120.2, 30.3], [120.1, 30.2])
    expect(p.type).toBe('Polygon')
    const ring = p.coordinates[0]
    expect(ring).toHaveLength(5)
    expect(ring[0]).toEqual(ring[4])
    expect(ring[0]).toEqual([120.1, 30.2])
    expect(ring[2]).toEqual([120.2, 30.3])
    expect(rectPolygon([1, 2], [1, 3])).toBe(null)
  })
})
