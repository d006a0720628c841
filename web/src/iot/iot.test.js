import { describe, it, expect } from 'vitest'
import { deviceState, deviceColor, severityTag, sortAlarms, devicePins, readingSeries, statusChanges, summaryTiles, fmtMs, STATE_COLORS } from './iot.js'

describe('device state and colour', () => {
  it('offline wins, then an alarm or an abnormal status, else normal', () => {
    expect(deviceState({ online: false, status: 'tilted', open_alarms: 1 })).toBe('offline')
    expect(deviceState({ online: true, status: 'tilted', open_alarms: 0 })).toBe('alarm')
    expect(deviceState({ online: true, status: 'normal', open_alarms: 2 })).toBe('alarm')
    expect(deviceState({ online: true, status: 'normal', open_alarms: 0 })).toBe('normal')
    expect(deviceState(null)).toBe('offline')
    expect(deviceColor({ online: true, status: 'normal' })).toBe(STATE_COLORS.normal)
  })
  it('severity tags', () => {
    expect(severityTag('critical')).toBe('danger')
    expect(severityTag('minor')).toBe('warning')
    expect(severityTag('warning')).toBe('info')
    expect(severityTag('bogus')).toBe('info')
  })
})

describe('alarms', () => {
  it('active first, then severity, then the latest', () => {
    const a = [
      { id: 1, state: 'cleared', severity: 'critical', last_ms: 9 },
      { id: 2, state: 'active', severity: 'minor', last_ms: 5 },
      { id: 3, state: 'active', severity: 'critical', last_ms: 1 },
      { id: 4, state: 'active', severity: 'minor', last_ms: 7 },
    ]
    expect(sortAlarms(a).map((x) => x.id)).toEqual([3, 4, 2, 1])
    expect(a[0].id).toBe(1) // not sorted in place
    expect(sortAlarms(null)).toEqual([])
  })
})

describe('map pins and readings', () => {
  it('pins only devices with a location, coloured by state', () => {
    const p = devicePins([{ id: 1, device_id: 'A', lon: 120.1, lat: 30.2, online: true, status: 'full' },
      { id: 2, device_id: 'B', lon: null, lat: null, online: true }])
    expect(p).toEqual([{ lon: 120.1, lat: 30.2, color: STATE_COLORS.alarm, label: 'A', id: 1 }])
  })
  it('one series per numeric value, in time order; status changes', () => {
    const r = [
      { ts_ms: 3000, status: 'tilted', values: { angle: 35, battery: 80, note: 'x' } },
      { ts_ms: 1000, status: 'normal', values: { angle: 1, battery: 81 } },
      { ts_ms: 2000, status: 'normal', values: { battery: 80.5 } },
      { ts_ms: 4000, status: 'normal', values: {} },
    ]
    expect(readingSeries(r)).toEqual([
      { name: 'angle', data: [[1000, 1], [3000, 35]] },
      { name: 'battery', data: [[1000, 81], [2000, 80.5], [3000, 80]] },
    ])
    expect(readingSeries(r, 1).map((s) => s.name)).toEqual(['angle'])
    expect(statusChanges(r)).toEqual([{ ts_ms: 3000, from: 'normal', to: 'tilted' }, { ts_ms: 4000, from: 'tilted', to: 'normal' }])
    expect(readingSeries(undefined)).toEqual([])
  })
})

describe('workbench tiles', () => {
  it('from the summary', () => {
    const s = { devices_by_status: { normal: 30, tilted: 2 }, online: 38, offline: 2,
      active_alarms_by_severity: { critical: 1, major: 2, minor: 0, warning: 4 }, active_alarms: 7, unacked_alarms: 3 }
    const t = Object.fromEntries(summaryTiles(s).map((x) => [x.key, x]))
    expect(t.active.n).toBe(7)
    expect(t.unacked).toMatchObject({ n: 3, query: { state: 'active', acked: '0' }, alert: true })
    expect(t.critical.n).toBe(3)
    expect(t.offline).toMatchObject({ n: 2, path: '/iot/devices', query: { online: '0' } })
    expect(summaryTiles(null)).toEqual([])
  })
  it('formats ms in Asia/Shanghai', () => {
    expect(fmtMs(Date.UTC(2026, 0, 2, 3, 4, 5), true)).toBe('2026-01-02 11:04:05')
    expect(fmtMs(null)).toBe('')
  })
})
