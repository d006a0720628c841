// The signed-in user. The session itself is the HttpOnly cookie; we only remember (in
// localStorage) that someone signed in, so a fresh browser goes straight to the login page
// instead of probing /api/v1/me.
import { ref } from 'vue'
import { api } from './api.js'

const HINT = 'gw.signedIn'
export const user = ref(null)
let checked = false

export async function ensureSession() {
  if (user.value) return user.value
  if (checked) return null
  checked = true
  let hint = null
  try { hint = localStorage.getItem(HINT) } catch { hint = null }
  if (!hint) return null
  try {
    user.value = await api('/api/v1/me', { quiet401: true })
  } catch {
    forget()
  }
  return user.value
}

export async function login(username, password) {
  const r = await api('/api/v1/auth/login', { method: 'POST', body: { username, password }, quiet401: true })
  user.value = r.user
  checked = true
  try { localStorage.setItem(HINT, '1') } catch { /* ignore */ }
  return r.user
}

export function forget() {
  user.value = null
  try { localStorage.removeItem(HINT) } catch { /* ignore */ }
}

export async function logout() {
  try { await api('/api/v1/auth/logout', { method: 'POST', quiet401: true }) } catch { /* already gone */ }
  forget()
}

const STAFF = ['admin', 'dispatcher', 'supervisor', 'unit_handler', 'grid_worker', 'hotline_operator', 'auditor']
export const MENUS = [
  { key: 'workbench', path: '/workbench', icon: '◎', roles: STAFF },
  { key: 'tickets', path: '/tickets', icon: '☰', roles: STAFF },
  { key: 'intake', path: '/intake', icon: '✎', roles: ['admin', 'dispatcher', 'supervisor', 'hotline_operator', 'grid_worker'] },
  { key: 'dashboard', path: '/dashboard', icon: '▦', roles: ['admin', 'dispatcher', 'supervisor', 'auditor'] },
  { key: 'config', path: '/config', icon: '⚙', roles: ['admin'] },
]

/** The menu entries a role sees (unit handlers' case list is their queue). */
export function menusFor(role) {
  return MENUS.filter((m) => m.roles.includes(role)).map((m) => ({
    ...m, label: m.key === 'tickets' && role === 'unit_handler' ? 'menu.myQueue' : `menu.${m.key}`,
  }))
}

export function allowed(path, role) {
  const m = MENUS.find((x) => path === x.path || path.startsWith(x.path + '/'))
  return !m || m.roles.includes(role)
}
