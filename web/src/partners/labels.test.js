import { test, expect } from 'vitest'
import { partnerActions, splitTags, statusTag } from './labels.js'

test('the buttons follow the status machine', () => {
  expect(partnerActions('pending')).toEqual(['approve', 'retire'])
  expect(partnerActions('active')).toEqual(['suspend', 'retire'])
  expect(partnerActions('suspended')).toEqual(['resume', 'retire'])
  expect(partnerActions('retired')).toEqual([])
  expect(partnerActions('nonsense')).toEqual([])
})

test('tags split on commas (both widths), 、 and spaces, without repeats', () => {
  expect(splitTags('法律咨询, 合同审查，调解、调解  ')).toEqual(['法律咨询', '合同审查', '调解'])
  expect(splitTags('')).toEqual([])
  expect(splitTags(undefined)).toEqual([])
})

test('status colours', () => {
  expect(statusTag('active')).toBe('success')
  expect(statusTag('x')).toBe('info')
})
