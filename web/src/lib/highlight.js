// The explaining n-grams of a classifier suggestion marked in the text they came from (the 复核队列).
// highlight(text, grams) -> [{ text, hit }] segments in order; every occurrence of every gram is marked,
// longer grams first, so "路灯" wins over "灯". Grams are matched as written (the server returns them as
// they appear in the text).

/** @param {string} text @param {{text: string}[]} grams */
export function highlight(text, grams) {
  const chars = [...(text || '')]
  const hit = new Array(chars.length).fill(false)
  const list = [...new Set((grams || []).map((g) => (g && g.text) || '').filter(Boolean))]
    .map((g) => [...g]).sort((a, b) => b.length - a.length)
  for (const g of list) {
    for (let i = 0; i + g.length <= chars.length; i++) {
      let same = true
      for (let k = 0; k < g.length && same; k++) same = chars[i + k] === g[k]
      if (same) for (let k = 0; k < g.length; k++) hit[i + k] = true
    }
  }
  const out = []
  for (let i = 0; i < chars.length; i++) {
    const last = out[out.length - 1]
    if (last && last.hit === hit[i]) last.text += chars[i]
    else out.push({ text: chars[i], hit: hit[i] })
  }
  return out
}

/** "87%" from 0.8712. */
export const pct = (p) => `${Math.round((p || 0) * 100)}%`
