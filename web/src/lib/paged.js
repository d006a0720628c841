// One page of a server-side searched configuration list (GET path?q=&limit=&offset= ->
// {items, total}; core/admin.c gw_admin_list).
import { reactive } from 'vue'
import { api } from './api.js'

export function pageQuery(q, page, size) {
  const query = { limit: size, offset: (Math.max(1, page) - 1) * size }
  if (q && q.trim()) query.q = q.trim().slice(0, 64)
  return query
}

export function pagedList(path, size = 20, extra = {}) {
  const s = reactive({ q: '', page: 1, size, items: [], total: 0, error: '' })
  s.load = async () => {
    try {
      const r = await api(path, { query: { ...extra, ...pageQuery(s.q, s.page, s.size) } })
      s.items = r.items
      s.total = r.total
      s.error = ''
    } catch (e) {
      s.error = e
      throw e
    }
  }
  s.search = () => {
    s.page = 1
    return s.load()
  }
  return s
}
