// Map tiles: none by default (sites are often offline: grids and pins on a plain background).
// A deployment sets window.GW_CONFIG = { tileUrl, tileCoord: 'wgs84'|'gcj02', tileAttribution }
// in /config.js; otherwise an admin may set them in 配置 (kept in this browser's localStorage).
// All data stays WGS-84; with GCJ-02 tiles (AMap style) coordinates are shifted for display only.
import { wgs84ToGcj02, gcj02ToWgs84 } from './gcj02.js'

const KEY = 'gw.map'

export function serverMapConfig() {
  const c = (typeof window !== 'undefined' && window.GW_CONFIG) || {}
  return c.tileUrl ? { tileUrl: c.tileUrl, tileCoord: c.tileCoord === 'gcj02' ? 'gcj02' : 'wgs84', attribution: c.tileAttribution || '' } : null
}

export function localMapConfig() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) || 'null')
    if (v && typeof v.tileUrl === 'string') return { tileUrl: v.tileUrl, tileCoord: v.tileCoord === 'gcj02' ? 'gcj02' : 'wgs84', attribution: '' }
  } catch { /* ignore */ }
  return { tileUrl: '', tileCoord: 'wgs84', attribution: '' }
}

export function saveLocalMapConfig(cfg) {
  localStorage.setItem(KEY, JSON.stringify({ tileUrl: cfg.tileUrl || '', tileCoord: cfg.tileCoord === 'gcj02' ? 'gcj02' : 'wgs84' }))
}

export function mapConfig() {
  return serverMapConfig() || localMapConfig()
}

/** Projection helpers for a config: WGS-84 data <-> what the tiles expect, as Leaflet [lat, lon]. */
export function projector(cfg) {
  const gcj = !!cfg.tileUrl && cfg.tileCoord === 'gcj02'
  return {
    gcj,
    toLatLng(lon, lat) {
      const [x, y] = gcj ? wgs84ToGcj02(lon, lat) : [lon, lat]
      return [y, x]
    },
    fromLatLng(lat, lng) {
      return gcj ? gcj02ToWgs84(lng, lat) : [lng, lat]
    },
  }
}
