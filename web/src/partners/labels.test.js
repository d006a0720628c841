import { test, expect } from 'vitest'
import { partnerActions, splitTags, statusTag, projectActions, PROJECT_STATUSES } from './labels.js'

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

test('the project buttons follow partners/project.c (assign is the claims\' own)', () => {
  expect(PROJECT_STATUSES).toEqual(['draft', 'published', 'claimed', 'in_progress', 'delivered', 'evaluated', 'closed', 'cancelled'])
  expect(projectActions('draft')).toEqual(['publish', 'cancel'])
  expect(projectActions('claimed')).toEqual(['start', 'cancel'])
  expect(projectActions('in_progress')).toEqual(['deliver', 'cancel'])
  expect(projectActions('delivered')).toEqual(['evaluate'])
  expect(projectActions('evaluated')).toEqual(['close'])
  expect(projectActions('closed')).toEqual([])
  expect(projectActions('cancelled')).toEqual([])
})
