// The 知识库 page: a dispatcher writes an article as a draft, publishes it, and a hotline operator then
// finds it by a search with one wrong character; the operator sees no edit buttons and no drafts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const TITLE = `犬只登记办理指南${nonce}`
const h = serverAndBrowser()

test('a dispatcher writes and publishes an article; the hotline finds it', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.locator('[data-menu=kb]').click()
    await page.locator('[data-test=kb-table] .el-table__row').first().waitFor() // the demo's articles
    await page.locator('[data-test=kb-new]').click()
    const dlg = page.locator('[data-test=kb-dialog]')
    await dlg.locator('[data-test=kb-save]').click()
    await dlg.locator('[data-test=kb-error]').waitFor() // a title and a body are required: the server says so
    await page.locator('#kb-title').fill(TITLE)
    await page.locator('#kb-body').fill('携带身份证、犬只免疫证明到所在街道派出所办理犬只登记。')
    await page.locator('#kb-tags').fill('养犬,犬证')
    await dlg.locator('[data-test=kb-save]').click()
    await page.locator('.el-message--success', { hasText: '已保存' }).waitFor()
    const row = page.locator('[data-test=kb-table] .el-table__row', { hasText: TITLE })
    await row.locator('.el-tag', { hasText: '草稿' }).waitFor()
    await row.locator('[data-test=kb-edit]').click()
    await dlg.locator('[data-test=kb-publish]').click()
    await dlg.locator('[data-test=kb-save]').click()
    await row.locator('.el-tag', { hasText: '已发布' }).waitFor()
  }, /status of 400/)
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'hotline')
    await page.goto('/kb')
    assert.equal(await page.locator('[data-test=kb-new]').count(), 0, 'no writing for the hotline')
    await page.locator('#kb-q').fill('犬只登计') // 记 mistyped as 计
    await page.locator('[data-test=kb-go]').click()
    await page.locator('[data-test=kb-table] .el-table__row', { hasText: TITLE }).waitFor()
    assert.equal(await page.locator('[data-test=kb-edit]').count(), 0)
  })
})
