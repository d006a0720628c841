// 协办 in the console (issue 9 item 15): the dispatcher names a co-handling unit in the dispatch dialog;
// its handler finds the case under 待协办, signs and completes its own sub-task (no lead buttons);
// the lead unit's handler sees the sub-task done with its 协办意见, and feeds back.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin, unitByCode, hotlineCase } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const DESC = `路面下排水管堵塞 ${nonce}`
let shuiwuName = ''

async function ok(base, method, path, body, token) {
  const r = await api(base, method, path, body, token)
  assert.ok(r.status === 200 || r.status === 201, `${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`)
  return r.json
}

// A hotline case recalled to 待派单, so the dispatcher dispatches it in the console.
const h = serverAndBrowser(async () => {
  const base = h.server.base
  const disp = await apiLogin(base, 'dispatcher')
  const t = await hotlineCase(base, DESC)
  if (t.state === 'dispatched') await ok(base, 'POST', `/api/v1/tickets/${t.id}/actions`, { action: 'recall', note: '重新派单' }, disp)
  shuiwuName = (await unitByCode(base, disp, 'shuiwu')).name
})

async function openRow(page, desc) {
  await page.locator('.el-table__row', { hasText: desc }).locator('button.link').click()
  const drawer = page.locator('[data-test=ticket-detail]')
  await drawer.waitFor()
  return drawer
}

test('the dispatcher names 水务 as co-handling unit in the dispatch dialog', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.goto('/tickets?status=accepted')
    const drawer = await openRow(page, DESC)
    await drawer.locator('[data-action=dispatch]').click()
    const dlg = page.locator('.el-dialog:visible')
    await dlg.locator('[data-test=dispatch-assists]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: shuiwuName }).click()
    await page.keyboard.press('Escape') // close the multi-select's dropdown, not the dialog
    await dlg.locator('[data-test=action-submit]').click()
    const sub = drawer.locator('[data-test=assist][data-state=assigned]')
    await sub.waitFor()
    assert.match(await sub.textContent(), new RegExp(shuiwuName))
    assert.match(await sub.locator('[data-test=assist-state]').textContent(), /待签收/)
    await drawer.locator('[data-test=timeline] .el-timeline-item', { hasText: '指定协办' }).first().waitFor()
    assert.equal(await drawer.locator('[data-assist-action=withdraw]').count(), 1, 'the dispatcher may withdraw it')
  })
})

test('水务 signs and completes its own sub-task from 待协办', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shuiwu')
    await page.locator('[data-bucket=to_assist]').click()
    await page.waitForURL('**/tickets?flag=assist')
    const drawer = await openRow(page, DESC)
    await drawer.locator('[data-test=assist]').waitFor()
    assert.equal(await drawer.locator('[data-action]').count(), 0, 'none of the lead unit\'s buttons')
    await drawer.locator('[data-assist-action=sign]').click()
    let dlg = page.locator('.el-dialog:visible')
    await dlg.locator('[data-test=assist-submit]').click()
    await drawer.locator('[data-test=assist][data-state=signed]').waitFor()
    await drawer.locator('[data-assist-action=complete]').click()
    dlg = page.locator('.el-dialog:visible')
    await dlg.locator('[data-test=assist-submit]').click()
    await dlg.locator('[data-test=assist-error]').waitFor() // the note is required
    await dlg.locator('[data-test=assist-note]').fill('已疏通 DN300 排水管')
    await dlg.locator('[data-test=assist-reply]').fill('水务部门已疏通排水管道')
    await dlg.locator('[data-test=assist-submit]').click()
    const done = drawer.locator('[data-test=assist][data-state=done]')
    await done.waitFor()
    assert.match(await done.textContent(), /水务部门已疏通排水管道/)
    assert.equal(await drawer.locator('[data-assist-action]').count(), 0, 'nothing left to do on it')
  })
})

test('市政 (the lead) sees the finished sub-task and feeds back', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shizheng')
    await page.goto('/tickets?status=dispatched')
    const drawer = await openRow(page, DESC)
    assert.match(await drawer.locator('[data-test=assist]').textContent(), /已完成.*水务部门已疏通排水管道/s)
    assert.equal(await drawer.locator('[data-assist-action]').count(), 0, 'the lead cannot act on a sub-task')
    await drawer.locator('[data-action=sign]').click()
    await page.locator('.el-dialog:visible [data-test=action-submit]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=ticket-state]')?.textContent.trim() === '处置中')
    await drawer.locator('[data-action=feedback]').click()
    const dlg = page.locator('.el-dialog:visible')
    await dlg.locator('[data-test=action-note]').fill('主办已处置')
    await dlg.locator('[data-test=action-public-reply]').fill('道路排水已恢复')
    await dlg.locator('[data-test=action-submit]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=ticket-state]')?.textContent.trim() === '待核查')
  })
})
