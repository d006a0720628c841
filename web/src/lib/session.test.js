import { describe, it, expect } from 'vitest'
import { menusFor, allowed, can } from './session.js'
import { userOf } from './testusers.js'

const keys = (u) => menusFor(u).map((m) => m.key)

describe('menus follow the permissions /api/v1/me lists', () => {
  it('each role gets the menus of its permissions', () => {
    expect(keys(userOf('admin'))).toEqual(['workbench', 'tickets', 'intake', 'kb', 'review', 'devices', 'alarms', 'ledger', 'partners', 'earn', 'residents', 'needs', 'projects', 'catalogue', 'orders', 'dashboard', 'config', 'audit', 'dictionaries'])
    expect(keys(userOf('dispatcher'))).toEqual(['workbench', 'tickets', 'intake', 'kb', 'review', 'devices', 'alarms', 'ledger', 'partners', 'earn', 'residents', 'needs', 'projects', 'catalogue', 'orders', 'dashboard', 'dictionaries'])
    expect(keys(userOf('grid_worker'))).toEqual(['workbench', 'tickets', 'intake', 'kb', 'devices', 'alarms', 'partners', 'earn', 'residents', 'needs', 'projects', 'catalogue', 'orders', 'dictionaries'])
    expect(keys(userOf('hotline_operator'))).toEqual(['workbench', 'tickets', 'intake', 'kb', 'partners', 'earn', 'needs', 'projects', 'catalogue', 'orders', 'dictionaries'])
    expect(keys(userOf('auditor'))).toEqual(['workbench', 'tickets', 'kb', 'ledger', 'dashboard', 'audit', 'dictionaries'])
    expect(keys(userOf('unit_handler'))).toEqual(['workbench', 'tickets', 'kb', 'devices', 'alarms', 'dictionaries'])
  })
  it('reads the permissions, never the role name', () => {
    expect(keys({ role: 'admin', permissions: ['ticket.view'] })).toEqual(['workbench', 'tickets', 'dictionaries'])
    expect(keys({ role: 'auditor', permissions: ['ticket.view', 'config.edit'] })).toEqual(['workbench', 'tickets', 'config', 'dictionaries'])
    expect(keys({ role: 'admin' })).toEqual([]) // no list: nothing
    expect(keys(null)).toEqual([])
  })
  it('设备与告警 follow iot.view', () => {
    expect(keys({ permissions: ['ticket.view', 'iot.view'] })).toEqual(['workbench', 'tickets', 'devices', 'alarms', 'dictionaries'])
    expect(allowed('/iot/alarms', { permissions: ['ticket.view'] })).toBe(false)
    expect(allowed('/iot/devices', { permissions: ['iot.view'] })).toBe(true)
  })
  it('a handler sees its queue instead of the case list', () => {
    const tickets = (u) => menusFor(u).find((m) => m.key === 'tickets').label
    expect(tickets(userOf('unit_handler'))).toBe('menu.myQueue')
    expect(tickets(userOf('dispatcher'))).toBe('menu.tickets')
    expect(tickets(userOf('auditor'))).toBe('menu.tickets')
  })
  it('guards routes by the same permissions', () => {
    expect(allowed('/config', userOf('admin'))).toBe(true)
    expect(allowed('/config', userOf('dispatcher'))).toBe(false)
    expect(allowed('/intake', userOf('auditor'))).toBe(false)
    expect(allowed('/dashboard', userOf('unit_handler'))).toBe(false)
    expect(allowed('/dashboard', { permissions: ['dashboard.view'] })).toBe(true)
    expect(allowed('/audit', userOf('auditor'))).toBe(true)
    expect(allowed('/audit', userOf('dispatcher'))).toBe(false)
    expect(allowed('/h5', userOf('auditor'))).toBe(true) // not a menu: not guarded here
    expect(can(userOf('hotline_operator'), 'contact.view')).toBe(true)
    expect(can(userOf('grid_worker'), 'contact.view')).toBe(false)
  })
})
