// 字典管理: the administrator renames the source 12345热线 to 热线来电 (zh-CN and English); the case list and
// the drawer show the new name at once; a dispatcher reads the dictionaries but may not edit; restoring the
// default brings 12345热线 back.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin, hotlineCase } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const desc = `字典测试：井盖松动 ${Date.now()}`
let ticket = null
const h = serverAndBrowser(async () => { ticket = await hotlineCase(h.server.base, desc) })
const hotlineRow = (page) => page.locator('[data-dict=source] .el-table__body-wrapper .el-table__row', { hasText: 'hotline' })

test('the administrator renames a source; lists and the drawer follow; the default comes back', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    await page.goto('/dictionaries')
    await hotlineRow(page).locator('[data-test=dict-zh]', { hasText: '12345热线' }).waitFor()
    await hotlineRow(page).locator('[data-test=dict-edit]').click()
    const dlg = page.locator('[data-test=dict-dialog]')
    await dlg.locator('[data-test=dict-input-zh]').fill('热线来电')
    await dlg.locator('[data-test=dict-input-en]').fill('Hotline call')
    await dlg.locator('[data-test=dict-save]').click()
    await hotlineRow(page).locator('[data-test=dict-zh]', { hasText: '热线来电' }).waitFor()
    await hotlineRow(page).locator('[data-test=dict-edited]').waitFor()

    await page.locator('[data-menu=tickets]').click()
    const row = page.locator('.el-table__body-wrapper .el-table__row', { hasText: desc })
    await row.locator('td', { hasText: '热线来电' }).waitFor()
    await row.locator(`[data-ticket="${ticket.id}"]`).click()
    await page.locator('.el-descriptions', { hasText: '热线来电' }).waitFor()
    await page.keyboard.press('Escape')

    await page.locator('[data-menu=dictionaries]').click()
    await hotlineRow(page).locator('[data-test=dict-reset]').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await hotlineRow(page).locator('[data-test=dict-zh]', { hasText: '12345热线' }).waitFor()
    await hotlineRow(page).locator('[data-test=dict-edited]').waitFor({ state: 'detached' }) // after the tag's leave transition
  })
  const admin = await apiLogin(h.server.base, 'admin')
  const d = (await api(h.server.base, 'GET', '/api/v1/dictionaries', undefined, admin)).json
  assert.equal(d.items.filter((x) => x.dict === 'source' && x.code === 'hotline').length, 0)
  const audit = (await api(h.server.base, 'GET', '/api/v1/audit?action=dict.&limit=5', undefined, admin)).json
  assert.deepEqual(audit.items.slice(0, 2).map((x) => x.action), ['dict.reset', 'dict.set'])
})

test('a dispatcher reads the dictionaries, request types included, and edits nothing', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.goto('/dictionaries')
    await page.locator('[data-dict=request_type] .el-table__row', { hasText: '咨询' }).waitFor()
    assert.equal(await page.locator('[data-dict=request_type] .el-table__body-wrapper .el-table__row').count(), 5)
    assert.equal(await page.locator('[data-test=dict-edit]').count(), 0)
  })
})
