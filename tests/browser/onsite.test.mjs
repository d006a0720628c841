// 现场核查 and 撤回 in the console (issue 9 item 14): the grid worker of the ticket's grid opens the
// 待现场核查 bucket, verifies on site with before/after photos; the supervisor sees the result and
// closes; a dispatcher recalls a dispatched ticket before the unit signs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin, unitByCode, hotlineCase, tinyPng } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const DESC = `现场核查的井盖 ${nonce}`
const RECALL = `要撤回的井盖 ${nonce}`
const PASS_DOWN = `要下派的井盖 ${nonce}`
const SUB = `市政中山养护所${nonce}`

const state = (page, want) =>
  page.waitForFunction((w) => document.querySelector('[data-test=ticket-state]')?.textContent.trim() === w, want)

async function ok(base, method, path, body, token) {
  const r = await api(base, method, path, body, token)
  assert.ok(r.status === 200 || r.status === 201, `${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`)
  return r.json
}

// A hotline case inside grid01's own grid, taken by the API to handled by 市政.
const h = serverAndBrowser(async () => {
  const base = h.server.base
  const grid = await apiLogin(base, 'grid01'), hot = await apiLogin(base, 'hotline'), disp = await apiLogin(base, 'dispatcher')
  const scope = (await ok(base, 'GET', '/api/v1/me', undefined, grid)).scope_path
  const d = (await ok(base, 'GET', '/api/v1/divisions', undefined, disp)).items.find((x) => x.path === scope && x.bbox)
  const [lon, lat] = [(d.bbox[0] + d.bbox[2]) / 2, (d.bbox[1] + d.bbox[3]) / 2]
  let t = await ok(base, 'POST', '/api/v1/tickets', { category_code: '0101', description: DESC, location: { lon, lat } }, hot)
  const act = (token, action, extra = {}) => ok(base, 'POST', `/api/v1/tickets/${t.id}/actions`, { action, ...extra }, token)
  const sz = (await unitByCode(base, disp, 'shizheng')).id
  t = await ok(base, 'GET', `/api/v1/tickets/${t.id}`, undefined, disp)
  if (t.state === 'reported') t = await act(disp, 'accept')
  if (t.state === 'dispatched' && t.unit.id !== sz) t = await act(disp, 'recall', { note: '改派' })
  if (t.state === 'accepted') t = await act(disp, 'dispatch', { unit_id: sz })
  const szTok = await apiLogin(base, 'shizheng')
  await act(szTok, 'sign')
  await act(szTok, 'feedback', { note: '已更换井盖', public_reply: '井盖已更换' })
  await act(grid, 'verify_onsite', { result: 'fail', note: '井盖仍有松动' }) // an earlier check the drawer keeps listing
  await hotlineCase(base, RECALL)
  // 二级派单: a sub-unit of 市政, and a case 市政 has signed
  const admin = await apiLogin(base, 'admin')
  const sub = await ok(base, 'POST', '/api/v1/units', { code: `szsub${nonce}`, name: SUB, level: 'street' }, admin)
  await ok(base, 'PUT', `/api/v1/units/${sub.id}/parent`, { parent_unit_id: sz }, admin)
  const down = await hotlineCase(base, PASS_DOWN)
  assert.equal(down.unit.id, sz, 'the rule sends it to 市政')
  await ok(base, 'POST', `/api/v1/tickets/${down.id}/actions`, { action: 'sign' }, szTok)
})

async function openRow(page, desc) {
  await page.locator('.el-table__row', { hasText: desc }).locator('button.link').click()
  const drawer = page.locator('[data-test=ticket-detail]')
  await drawer.waitFor()
  return drawer
}

test('the grid worker verifies on site with before/after photos; the supervisor closes on that result', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'grid01')
    await page.locator('[data-bucket=to_onsite]').click()
    await page.waitForURL('**/tickets?status=handled')
    const drawer = await openRow(page, DESC)
    assert.equal(await drawer.locator('[data-test=onsite-check]').count(), 1, 'one earlier check')
    assert.equal(await drawer.locator('[data-test=onsite-check]').getAttribute('data-result'), 'fail')
    await drawer.locator('[data-action=verify_onsite]').click()
    const dlg = page.locator('.el-dialog:visible')
    await dlg.locator('[data-test=onsite-fail]').click()
    await dlg.locator('[data-test=action-submit]').click()
    await dlg.locator('[data-test=action-error]').waitFor() // a fail needs a note
    await dlg.locator('[data-test=onsite-pass]').click()
    await dlg.locator('[data-test=onsite-before] [data-test=photo-input]').setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: tinyPng(200, 30, 30) })
    await dlg.locator('[data-test=onsite-after] [data-test=photo-input]').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: tinyPng(30, 160, 60) })
    await dlg.locator('[data-test=onsite-before] .thumbs img').waitFor()
    await dlg.locator('[data-test=onsite-after] .thumbs img').waitFor()
    await dlg.locator('[data-test=action-note]').fill('现场井盖已更换，通行正常')
    await dlg.locator('[data-test=action-submit]').click()
    await drawer.locator('[data-test=onsite-check][data-result=pass]').waitFor()
    assert.equal((await drawer.locator('[data-test=onsite-result]').textContent()).trim(), '已解决')
    assert.deepEqual(await drawer.locator('[data-test=onsite-check]').evaluateAll((els) => els.map((e) => e.dataset.result)),
      ['pass', 'fail'], 'every check, newest first')
    assert.equal(await drawer.locator('[data-test=onsite] li[data-stage=before]').count(), 1)
    assert.equal(await drawer.locator('[data-test=onsite] li[data-stage=after]').count(), 1)
    assert.equal(await drawer.locator('[data-action=verify_onsite]').count(), 1, 'may verify again while handled')
  })
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'supervisor')
    await page.locator('[data-bucket=to_verify]').click()
    await page.waitForURL('**/tickets?status=handled')
    const drawer = await openRow(page, DESC)
    await drawer.locator('[data-test=onsite]').waitFor()
    assert.match(await drawer.locator('[data-test=onsite]').textContent(), /现场井盖已更换/)
    assert.match(await drawer.locator('[data-test=onsite-check]').nth(1).textContent(), /井盖仍有松动/)
    const img = drawer.locator('[data-test=onsite] li[data-stage=after] img')
    await page.waitForFunction((el) => el.complete && el.naturalWidth === 4, await img.elementHandle())
    assert.equal(await drawer.locator('[data-action=verify_onsite]').count(), 0)
    await drawer.locator('[data-action=approve]').click()
    const dlg = page.locator('.el-dialog:visible')
    assert.match(await dlg.locator('[data-test=onsite-hint]').textContent(), /已解决/)
    await dlg.locator('[data-test=action-public-reply]').fill('经网格员现场核查，井盖已更换。')
    await dlg.locator('[data-test=action-submit]').click()
    await state(page, '已结案')
  })
})

test('the dispatcher recalls a dispatched ticket before the unit signs', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.goto('/tickets?status=dispatched')
    const drawer = await openRow(page, RECALL)
    await drawer.locator('[data-action=recall]').click()
    const dlg = page.locator('.el-dialog:visible')
    await dlg.locator('[data-test=action-submit]').click()
    await dlg.locator('[data-test=action-error]').waitFor() // the note is required
    await dlg.locator('[data-test=action-note]').fill('派错单位，撤回重派')
    await dlg.locator('[data-test=action-submit]').click()
    await state(page, '待派单')
    assert.equal((await drawer.locator('[data-test=ticket-unit]').textContent()).trim(), '—')
    await drawer.locator('[data-test=timeline] .el-timeline-item', { hasText: '撤回' }).first().waitFor()
  })
})

test('市政 passes a signed ticket down to its sub-unit', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shizheng')
    await page.locator('[data-bucket=to_handle]').click()
    const drawer = await openRow(page, PASS_DOWN)
    await drawer.locator('[data-action=subdispatch]').click()
    const dlg = page.locator('.el-dialog:visible')
    await dlg.locator('[data-test=action-submit]').click()
    await dlg.locator('[data-test=action-error]').waitFor() // a sub-unit must be chosen
    await dlg.locator('[data-test=subunit-select]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: SUB }).click()
    await dlg.locator('[data-test=action-submit]').click()
    await state(page, '待签收')
    assert.equal((await drawer.locator('[data-test=ticket-unit]').textContent()).trim(), SUB)
    await drawer.locator('[data-test=timeline] .el-timeline-item', { hasText: '下派' }).first().waitFor()
  })
})
