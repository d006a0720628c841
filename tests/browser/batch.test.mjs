// Batch actions on the case list: the dispatcher ticks two new resident reports, accepts both at once,
// then dispatches both to 市政 in one go; each case goes through its own action.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, elSelect, residentCase, api, apiLogin } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const descs = [`批量甲 ${nonce}`, `批量乙 ${nonce}`]
const cases = []
const h = serverAndBrowser(async () => {
  for (const d of descs) cases.push(await residentCase(h.server.base, d, 'reported'))
})

async function tick(page, desc) {
  await page.locator('.el-table__body-wrapper .el-table__row', { hasText: desc }).locator('.el-checkbox').click()
}

test('the dispatcher accepts and dispatches two cases at once', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.goto('/tickets?status=reported')
    for (const d of descs) await tick(page, d)
    await page.locator('[data-test=batch-bar]', { hasText: '已选 2 件' }).waitFor()
    await page.locator('[data-test=batch-accept]', { hasText: '批量受理（2）' }).click()
    await page.locator('.el-message--success', { hasText: '已受理 2 件' }).waitFor()
    for (const d of descs) {
      await page.locator('.el-table__row', { hasText: d }).locator('.el-tag', { hasText: '待派单' }).waitFor()
      await tick(page, d)
    }
    await page.locator('[data-test=batch-dispatch]', { hasText: '批量派单（2）' }).click()
    await elSelect(page, 'batch-unit', '市政', '市政设施管理中心')
    await page.locator('[data-test=batch-dispatch-submit]').click()
    await page.locator('.el-message--success', { hasText: '已派单 2 件' }).waitFor()
  })
  const disp = await apiLogin(h.server.base, 'dispatcher')
  for (const c of cases) {
    const t = (await api(h.server.base, 'GET', `/api/v1/tickets/${c.id}`, undefined, disp)).json
    assert.equal(t.state, 'dispatched')
    assert.match(t.unit.name, /市政设施管理中心/)
  }
})
