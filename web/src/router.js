import { createRouter, createWebHistory } from 'vue-router'
import { ensureSession, user, allowed, forget } from './lib/session.js'
import { setUnauthorizedHandler } from './lib/api.js'

const Console = () => import('./views/ConsoleLayout.vue')

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: () => import('./views/Login.vue') },
    { path: '/unavailable', component: () => import('./views/Unavailable.vue') },
    {
      path: '/',
      component: Console,
      meta: { auth: true },
      children: [
        { path: '', redirect: '/workbench' },
        { path: 'workbench', component: () => import('./views/Workbench.vue'), meta: { auth: true } },
        { path: 'tickets', component: () => import('./views/Tickets.vue'), meta: { auth: true } },
        { path: 'intake', component: () => import('./views/Intake.vue'), meta: { auth: true } },
        { path: 'config', component: () => import('./views/Config.vue'), meta: { auth: true } },
        { path: 'audit', component: () => import('./views/Audit.vue'), meta: { auth: true } },
        { path: 'dictionaries', component: () => import('./views/Dictionaries.vue'), meta: { auth: true } },
        { path: 'me', component: () => import('./views/Me.vue'), meta: { auth: true } },
        { path: 'kb', component: () => import('./views/Kb.vue'), meta: { auth: true } },
        { path: 'review', component: () => import('./views/Review.vue'), meta: { auth: true } },
        { path: 'iot/devices', component: () => import('./iot/Devices.vue'), meta: { auth: true } },
        { path: 'iot/alarms', component: () => import('./iot/Alarms.vue'), meta: { auth: true } },
        { path: 'ledger', component: () => import('./partners/Ledger.vue'), meta: { auth: true } },
        { path: 'partners', component: () => import('./partners/Partners.vue'), meta: { auth: true } },
        { path: 'earn', component: () => import('./partners/Earn.vue'), meta: { auth: true } },
        { path: 'residents', component: () => import('./partners/Residents.vue'), meta: { auth: true } },
        { path: 'partners/ranking', component: () => import('./partners/Ranking.vue'), meta: { auth: true } },
        { path: 'partners/:id/credit', component: () => import('./partners/CreditFile.vue'), meta: { auth: true } },
        { path: 'needs', component: () => import('./partners/Needs.vue'), meta: { auth: true } },
        { path: 'projects', component: () => import('./partners/Projects.vue'), meta: { auth: true } },
        { path: 'catalogue', component: () => import('./partners/Catalogue.vue'), meta: { auth: true } },
        { path: 'orders', component: () => import('./partners/Orders.vue'), meta: { auth: true } },
      ],
    },
    { path: '/dashboard', component: () => import('./views/Dashboard.vue'), meta: { auth: true } },
    { path: '/h5', component: () => import('./h5/H5Report.vue') },
    { path: '/h5/track/:code?', component: () => import('./h5/H5Track.vue') },
    { path: '/h5/me', component: () => import('./partners/H5Me.vue') },
    { path: '/h5/certificate/:id', component: () => import('./partners/Certificate.vue') },
    { path: '/partners/certificates/:id', component: () => import('./partners/Certificate.vue'), meta: { auth: true } },
    { path: '/h5/projects', component: () => import('./partners/H5Projects.vue') },
    { path: '/h5/shop', component: () => import('./partners/H5Shop.vue') },
    { path: '/h5/merchant', component: () => import('./partners/H5Merchant.vue') },
    { path: '/h5/points', component: () => import('./partners/H5Points.vue') },
    { path: '/:rest(.*)*', redirect: '/workbench' },
  ],
})

router.beforeEach(async (to) => {
  if (!to.meta.auth) return true
  let u
  try {
    u = await ensureSession()
  } catch {
    return { path: '/unavailable', query: { redirect: to.fullPath } } // the server did not answer: not a logout
  }
  if (!u) return { path: '/login', query: to.fullPath !== '/workbench' && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (!allowed(to.path, u)) return { path: '/workbench' }
  return true
})

setUnauthorizedHandler(() => {
  if (!user.value) return
  forget()
  router.push({ path: '/login', query: { redirect: router.currentRoute.value.fullPath, expired: '1' } })
})
