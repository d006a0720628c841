// Grid colouring for the dashboard map by the Getis-Ord Gi* z-score the server computes
// (GET /api/v1/stats/summary -> hotspots.grids[].z): cold spots blue, no pattern grey-blue, hot spots
// orange to red by confidence (90%, 95%, 99%).
export const HEAT = ['#1c4e9b', '#24344d', '#e0a526', '#e8590c', '#c92a2a']
export const HEAT_KEYS = ['cold', 'none', 'hot90', 'hot95', 'hot99']

/** The class 0..4 of a Gi* z-score: cold spot (95%), no pattern, hot spot at 90/95/99%. */
export function heatClass(z) {
  if (typeof z !== 'number' || Number.isNaN(z)) return 1
  if (z <= -1.96) return 0
  if (z >= 2.58) return 4
  if (z >= 1.96) return 3
  if (z >= 1.65) return 2
  return 1
}
