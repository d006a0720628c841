// Reference data shared by pages (categories, units, divisions), fetched once per page load.
import { api } from './api.js'

const cache = new Map()
function once(key, fn) {
  if (!cache.has(key)) cache.set(key, fn().catch((e) => { cache.delete(key); throw e }))
  return cache.get(key)
}
export function invalidate(key) { cache.delete(key) }

export const loadCategories = () => once('categories', () => api('/api/v1/categories').then((r) => r.items))
export const loadPublicCategories = () => once('pubcategories', () => api('/api/v1/public/categories').then((r) => r.items))
export const loadUnits = () => once('units', () => api('/api/v1/units').then((r) => r.items))
export const loadDivisions = () => once('divisions', () => api('/api/v1/divisions', { query: { geometry: 1 } }).then((r) => r.items))

/** Big classes with their subclasses: [{...big, children:[...]}], by code. */
export function categoryTree(items) {
  const bigs = items.filter((c) => !c.parent_id).sort((a, b) => a.code.localeCompare(b.code))
  return bigs.map((b) => ({ ...b, children: items.filter((c) => c.parent_id === b.id).sort((a, c) => a.code.localeCompare(c.code)) }))
}

/** The categories as a resident picks them: big classes of the same name (the standard's 部件 and
 * 事件 both have 市容环境) are one entry holding both sets of subclasses, keyed by name. */
export function residentTree(items) {
  const byName = new Map()
  for (const b of categoryTree(items)) {
    const e = byName.get(b.name)
    if (e) e.children.push(...b.children)
    else byName.set(b.name, { key: b.name, name: b.name, children: [...b.children] })
  }
  for (const e of byName.values()) e.children.sort((a, c) => a.name.localeCompare(c.name, 'zh-CN'))
  return [...byName.values()]
}

/** Divisions as a tree (children arrays), roots first. */
export function divisionTree(items) {
  const byId = new Map(items.map((d) => [d.id, { ...d, children: [] }]))
  const roots = []
  for (const d of byId.values()) {
    const p = d.parent_id && byId.get(d.parent_id)
    if (p) p.children.push(d)
    else roots.push(d)
  }
  for (const d of byId.values()) if (!d.children.length) delete d.children
  return roots
}
