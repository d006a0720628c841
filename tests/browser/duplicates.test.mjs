// 重复件 (issue 12 item 3): the dispatcher sees a case's possible duplicates in the drawer (distance, age,
// similarity), merges it into its parent through the merge dialog (the case shows 已合并 and the parent 同诉 2
// 人); a resident on the H5 report page is told "已有人反映" with the parent's tracking link before submitting,
// and the merged case's tracking page points to the parent; a supervisor undoes the merge.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, apiLogin, api } from './harness.mjs'

async function apiOk(base, method, path, body, token) {
  const r = await api(base, method, path, body, token)
  assert.ok(r.status === 200 || r.status === 201, `${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`)
  return r.json
}

const CONSOLE = { viewport: { width: 1440, height: 900 } }
// a point of its own, away from the demo's cases
const AT = { lon: 120.1708, lat: 30.2702 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1,
  geolocation: { latitude: AT.lat, longitude: AT.lon }, permissions: ['geolocation'] }
const NOTE = '同一井盖，两位来电人反映'
let parent, child

const h = serverAndBrowser(async () => {
  const { base } = h.server
  const hotline = await apiLogin(base, 'hotline')
  const report = (desc, dlat) => apiOk(base, 'POST', '/api/v1/tickets', { category_code: '0101', description: desc,
    location: { lon: AT.lon, lat: AT.lat + dlat }, reporter_name: '王小明', reporter_phone: '13812345678' }, hotline)
  parent = await report('凤起路口人行道井盖破损松动，晚上行人容易绊倒', 0)
  child = await report('凤起路口人行道的井盖松动破损，行人容易绊倒', 0.0003) // about 33 m north
})

async function openTicket(page, user, id) {
  await login(page, user)
  await page.goto(`/tickets?open=${id}`)
  await page.locator('[data-test=ticket-detail]').waitFor()
}

test('the dispatcher merges a duplicate into its parent from the drawer', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await openTicket(page, 'dispatcher', child.id)
    const item = page.locator(`[data-test=dupes-panel] [data-test=dupe-item][data-id="${parent.id}"]`)
    await item.waitFor()
    const text = await item.textContent()
    assert.match(text, /相距 3\d 米/, `distance shown: ${text}`)
    assert.match(text, /文本相似 \d+%/, `similarity shown: ${text}`)
    await item.locator('[data-test=dupe-merge]').click()
    const dlg = page.locator('[data-test=merge-dialog]')
    await dlg.waitFor()
    assert.ok(await dlg.locator(`[data-id="${parent.id}"].is-checked, [data-id="${parent.id}"] .is-checked`).count() > 0,
      'the parent is chosen')
    await dlg.locator('[data-test=merge-note]').fill(NOTE)
    await dlg.locator('[data-test=merge-submit]').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator('[data-test=ticket-state]', { hasText: '已合并' }).waitFor()
    await page.locator('[data-test=merged-into]', { hasText: `#${parent.id}` }).waitFor()
    await page.locator('[data-test=timeline]', { hasText: NOTE }).waitFor()
    assert.equal(await page.locator('[data-action=merge]').count(), 0, 'no merge button on a merged case')
    assert.equal(await page.locator('[data-action=unmerge]').count(), 0, 'the dispatcher does not unmerge')
    await page.locator('[data-test=open-parent]').click()
    await page.locator('[data-test=merged-count]', { hasText: '同诉 2 人' }).waitFor()
    await page.locator('[data-test=timeline]', { hasText: '并入重复件' }).waitFor()
  })
})

test('a resident is told the problem is already reported, and the merged case follows its parent', async () => {
  await withPage(h, PHONE, async (page) => {
    await page.goto('/h5')
    await page.locator('#h5-big option', { hasText: '公用设施' }).waitFor({ state: 'attached' })
    await page.locator('#h5-big').selectOption({ label: '公用设施' })
    await page.locator('#h5-sub').selectOption({ label: '上水井盖' })
    await page.locator('#h5-desc').fill('凤起路口井盖松动')
    await page.locator('[data-test=h5-gps]').click()
    const hint = page.locator('[data-test=h5-dupes]')
    await hint.waitFor()
    assert.match(await hint.textContent(), /已有人反映/)
    const mine = hint.locator('[data-test=h5-dupe]', { hasText: '2 人反映' })
    await mine.waitFor()
    const shown = await hint.textContent()
    assert.ok(!shown.includes('王小明') && !shown.includes('13812345678'), 'no reporter on the public hint')
    assert.ok(!shown.includes(parent.track_code) && !shown.includes(child.track_code), 'no tracking code on the public hint')
    await page.goto(`/h5/track/${parent.track_code}`)
    await page.locator('[data-test=track-reporters]', { hasText: '同诉 2 人' }).waitFor()

    await page.goto(`/h5/track/${child.track_code}`)
    await page.locator('[data-test=track-state]', { hasText: '已合并' }).waitFor()
    await page.locator('[data-test=track-merged] [data-test=track-parent]').click()
    await page.waitForURL(`**/h5/track/${parent.track_code}`)
  })
})

test('a supervisor undoes the merge', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await openTicket(page, 'supervisor', child.id)
    await page.locator('[data-action=unmerge]').click()
    const dlg = page.locator('[data-test=action-dialog]')
    await dlg.waitFor()
    await page.locator('[data-test=action-submit]').click()
    await dlg.locator('[data-test=action-error]').waitFor() // the reason is required
    await dlg.locator('[data-test=action-note]').fill('不是同一个井盖')
    await page.locator('[data-test=action-submit]').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.waitForFunction(() => document.querySelector('[data-test=ticket-state]')?.textContent.trim() !== '已合并')
    await page.locator('[data-test=merged-into]').waitFor({ state: 'detached' }) // after the alert's fade
  })
  const disp = await apiLogin(h.server.base, 'dispatcher')
  const p = await apiOk(h.server.base, 'GET', `/api/v1/tickets/${parent.id}`, undefined, disp)
  const c = await apiOk(h.server.base, 'GET', `/api/v1/tickets/${child.id}`, undefined, disp)
  assert.equal(p.merge.merged_count, 0, JSON.stringify([p.merge, c.state, c.merge]))
})
