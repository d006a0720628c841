// Grid colouring for the dashboard map: five classes of ticket count relative to the busiest
// grid (a plain choropleth; the Gi* hot-spot statistic comes in a later issue).
export const HEAT = ['#12305a', '#1f6f8b', '#3fa34d', '#e0a526', '#d9480f']

/** The class 0..4 of count among grids whose maximum is max (0 when nothing happened). */
export function heatClass(count, max) {
  if (!count || !max) return 0
  return Math.min(4, 1 + Math.floor((count / max) * 3.999))
}
