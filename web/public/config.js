// Deployment settings for the gridwork console, read at page load (edit dist/config.js on the
// server; no rebuild needed). Leave tileUrl empty to draw grids on a plain background (offline).
//   tileUrl:   an XYZ tile template, e.g. 'https://tile.example.org/{z}/{x}/{y}.png'
//   tileCoord: 'wgs84' (OSM and most) or 'gcj02' (AMap/Tencent style; the console shifts data to match)
//   tileAttribution: text shown in the map corner
window.GW_CONFIG = window.GW_CONFIG || { tileUrl: '', tileCoord: 'wgs84', tileAttribution: '' }
