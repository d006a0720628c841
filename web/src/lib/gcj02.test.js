import { describe, it, expect } from 'vitest'
import { wgs84ToGcj02, gcj02ToWgs84, inChina, distanceM, inGeometry } from './gcj02.js'

describe('gcj02', () => {
  it('matches the server (src/base/geo.c) for a 江临市 point', () => {
    // GET /api/v1/tickets/{id}?coord=gcj02 answered this for the WGS-84 point below.
    const [lon, lat] = wgs84ToGcj02(120.14259177327156, 30.214330278635025)
    expect(lon).toBeCloseTo(120.1473158558473, 9)
    expect(lat).toBeCloseTo(30.21201784703416, 9)
  })
  it('is the identity outside China', () => {
    expect(inChina(-0.1276, 51.5072)).toBe(false)
    expect(wgs84ToGcj02(-0.1276, 51.5072)).toEqual([-0.1276, 51.5072])
    expect(gcj02ToWgs84(139.6917, 35.6895)).toEqual([139.6917, 35.6895])
  })
  it('offsets Beijing by a few hundred metres to the east-north-east', () => {
    const w = [116.3975, 39.9087]
    const g = wgs84ToGcj02(...w)
    const d = distanceM(w, g)
    expect(d).toBeGreaterThan(100)
    expect(d).toBeLessThan(700)
    expect(g[0]).toBeGreaterThan(w[0])
    expect(g[1]).toBeGreaterThan(w[1])
  })
  it('round-trips within 1e-6 degrees', () => {
    for (const p of [[116.3975, 39.9087], [121.4737, 31.2304], [113.2644, 23.1291], [120.2, 30.3], [91.1409, 29.6456]]) {
      const back = gcj02ToWgs84(...wgs84ToGcj02(...p))
      expect(Math.abs(back[0] - p[0])).toBeLessThan(1e-6)
      expect(Math.abs(back[1] - p[1])).toBeLessThan(1e-6)
    }
  })
  it('tests points against grid polygons', () => {
    const g = { type: 'Polygon', coordinates: [[[120.1, 30.2], [120.125, 30.2], [120.125, 30.225], [120.1, 30.225], [120.1, 30.2]]] }
    expect(inGeometry(g, 120.11, 30.21)).toBe(true)
    expect(inGeometry(g, 120.13, 30.21)).toBe(false)
    expect(inGeometry({ type: 'MultiPolygon', coordinates: [g.coordinates] }, 120.11, 30.21)).toBe(true)
    expect(inGeometry(null, 0, 0)).toBe(false)
  })
})

describe('map projection', async () => {
  const { projector } = await import('./mapconf.js')
  it('draws WGS-84 data unshifted without tiles or with WGS-84 tiles', () => {
    expect(projector({ tileUrl: '', tileCoord: 'gcj02' }).toLatLng(120.2, 30.3)).toEqual([30.3, 120.2])
    expect(projector({ tileUrl: 'x/{z}/{x}/{y}.png', tileCoord: 'wgs84' }).fromLatLng(30.3, 120.2)).toEqual([120.2, 30.3])
  })
  it('shifts to GCJ-02 for AMap-style tiles and back on a click', () => {
    const p = projector({ tileUrl: 'x/{z}/{x}/{y}.png', tileCoord: 'gcj02' })
    expect(p.gcj).toBe(true)
    const [lat, lng] = p.toLatLng(120.14259177327156, 30.214330278635025)
    expect(lng).toBeCloseTo(120.1473158558473, 9)
    const [lon2, lat2] = p.fromLatLng(lat, lng)
    expect(lon2).toBeCloseTo(120.14259177327156, 6)
    expect(lat2).toBeCloseTo(30.214330278635025, 6)
  })
})
