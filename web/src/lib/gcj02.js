// WGS-84 <-> GCJ-02 ("火星坐标"), mirroring src/base/geo.c so the console and the server agree.
const PI = Math.PI
const A = 6378245.0 // Krasovsky 1940 semi-major axis
const EE = 0.00669342162296594323 // its first eccentricity squared

export function inChina(lon, lat) {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271
}

function wave(x) {
  return ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3
}

function dLat(x, y) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += wave(x)
  r += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y / 30) * PI)) * 2) / 3
  return r
}

function dLon(x, y) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += wave(x)
  r += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3
  return r
}

/** [lon, lat] WGS-84 -> [lon, lat] GCJ-02 (identity outside China). */
export function wgs84ToGcj02(lon, lat) {
  if (!inChina(lon, lat)) return [lon, lat]
  const x = lon - 105, y = lat - 35
  const rlat = (lat * PI) / 180
  const s = Math.sin(rlat)
  const magic = 1 - EE * s * s
  const sm = Math.sqrt(magic)
  const dlat = (dLat(x, y) * 180) / (((A * (1 - EE)) / (magic * sm)) * PI)
  const dlon = (dLon(x, y) * 180) / ((A / sm) * Math.cos(rlat) * PI)
  return [lon + dlon, lat + dlat]
}

/** [lon, lat] GCJ-02 -> [lon, lat] WGS-84 by fixed-point iteration (the offset varies slowly). */
export function gcj02ToWgs84(lon, lat) {
  if (!inChina(lon, lat)) return [lon, lat]
  let wl = lon, wt = lat
  for (let i = 0; i < 30; i++) {
    const [fl, ft] = wgs84ToGcj02(wl, wt)
    const dl = fl - lon, dt = ft - lat
    wl -= dl
    wt -= dt
    if (Math.abs(dl) < 1e-7 && Math.abs(dt) < 1e-7) break
  }
  return [wl, wt]
}

/** Great-circle distance in metres. */
export function distanceM(a, b) {
  const R = 6371008.8, rad = (d) => (d * PI) / 180
  const p1 = rad(a[1]), p2 = rad(b[1])
  const sdp = Math.sin((p2 - p1) / 2), sdl = Math.sin(rad(b[0] - a[0]) / 2)
  const h = Math.min(1, sdp * sdp + Math.cos(p1) * Math.cos(p2) * sdl * sdl)
  return 2 * R * Math.asin(Math.sqrt(h))
}

/** Whether [lon, lat] lies inside a GeoJSON Polygon or MultiPolygon (even-odd rule). */
export function inGeometry(geom, lon, lat) {
  if (!geom) return false
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.type === 'MultiPolygon' ? geom.coordinates : []
  for (const rings of polys) {
    let inside = false
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i], [xj, yj] = ring[j]
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
      }
    }
    if (inside) return true
  }
  return false
}
