// The signed-in user. The session itself is the HttpOnly cookie; we only remember (in
// localStorage) that someone signed in, so a fresh browser goes straight to the login page
// instead of probing /api/v1/me.
import { ref } from 'vue'
import { api, newSessionEpoch } from './api.js'

const HINT = 'gw.signedIn'
export const user = ref(null)
let checked = false

/** The signed-in user, or null when nobody is (no hint, or the server says 401). A network blip or a
 * server error is not a logout: it throws (ApiError), keeps the hint, and the next call asks again. */
export async function ensureSession() {
  if (user.value) return user.value
  if (checked) return null
  let hint = null
  try { hint = localStorage.getItem(HINT) } catch { hint = null }
  if (!hint) { checked = true; return null }
  try {
    user.value = await api('/api/v1/me', { quiet401: true })
  } catch (e) {
    if (e.status !== 401) throw e
    forget()
  }
  checked = true
  return user.value
}

export async function login(username, password) {
  const r = await api('/api/v1/auth/login', { method: 'POST', body: { username, password }, quiet401: true })
  newSessionEpoch()
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

// What the user may do comes from the server: GET /api/v1/me (and the login reply) lists the caller's
// permissions (core/scope.c), the same table the routes are checked against. Nothing here names a role.
export const MENUS = [
  { key: 'workbench', path: '/workbench', icon: '◎', perm: 'ticket.view' },
  { key: 'tickets', path: '/tickets', icon: '☰', perm: 'ticket.view' },
  { key: 'intake', path: '/intake', icon: '✎', perm: 'ticket.intake' },
  { key: 'kb', path: '/kb', icon: '❏', perm: 'kb.view' },
  { key: 'review', path: '/review', icon: '✔', perm: 'ticket.dispatch' },
  { key: 'devices', path: '/iot/devices', icon: '◉', perm: 'iot.view' },
  { key: 'alarms', path: '/iot/alarms', icon: '⚠', perm: 'iot.view' },
  { key: 'ledger', path: '/ledger', icon: '¤', perm: 'ledger.view' },
  { key: 'partners', path: '/partners', icon: '✚', perm: 'partner.view' },
  { key: 'earn', path: '/earn', icon: '★', perm: 'partner.view' },
  { key: 'residents', path: '/residents', icon: '☺', perm: 'resident.view' },
  { key: 'needs', path: '/needs', icon: '✉', perm: 'partner.view' },
  { key: 'projects', path: '/projects', icon: '▤', perm: 'partner.view' },
  { key: 'catalogue', path: '/catalogue', icon: '✿', perm: 'partner.view' },
  { key: 'orders', path: '/orders', icon: '⇄', perm: 'partner.view' },
  { key: 'dashboard', path: '/dashboard', icon: '▦', perm: 'dashboard.view' },
  { key: 'config', path: '/config', icon: '⚙', perm: 'config.edit' },
  { key: 'audit', path: '/audit', icon: '⚑', perm: 'audit.view' },
  { key: 'dictionaries', path: '/dictionaries', icon: '≣', perm: 'ticket.view' },
]

/** Whether the user (as /api/v1/me answers it) holds permission perm. */
export function can(u, perm) {
  return !!u && Array.isArray(u.permissions) && u.permissions.includes(perm)
}

/** The menu entries a user sees. Those who see tickets but take in none and dispatch none (unit
 * handlers) have their queue, not the case list. */
export function menusFor(u) {
  const queue = can(u, 'ticket.act') && !can(u, 'ticket.intake') && !can(u, 'ticket.dispatch')
  return MENUS.filter((m) => can(u, m.perm)).map((m) => ({
    ...m, label: m.key === 'tickets' && queue ? 'menu.myQueue' : `menu.${m.key}`,
  }))
}

export function allowed(path, u) {
  const m = MENUS.find((x) => path === x.path || path.startsWith(x.path + '/'))
  return !m || can(u, m.perm)
}
