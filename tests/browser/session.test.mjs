// A network blip is not a logout, and an expired session loses nothing (issue 9 item 4): a failed
// session check on load says the server cannot be reached and keeps the user signed in; a session that
// ends mid-intake sends the operator to a login page that says 登录已过期, then back to the intake with
// the typed call restored.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, elSelect } from './harness.mjs'

const h = serverAndBrowser()
const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)

test('a failed session check on load is not a logout', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    let failed = 0
    await page.route('**/api/v1/me', (route) => (failed++ === 0 ? route.abort() : route.continue()))
    await page.goto('/tickets')
    await page.locator('[data-test=unavailable]').waitFor()
    assert.ok(!page.url().includes('/login'), 'not sent to the login page')
    await page.locator('[data-test=unavailable-retry]').click()
    await page.waitForURL('**/tickets')
    await page.locator('.el-table__row').first().waitFor()
    await page.reload() // and later reloads stay signed in
    await page.locator('.el-table__row').first().waitFor()
    assert.ok(page.url().endsWith('/tickets'))
  }, /net::ERR_FAILED|Failed to load resource/)
})

test('an expired session mid-intake keeps the typed call and says why', async () => {
  await withPage(h, CONSOLE, async (page, context) => {
    await login(page, 'hotline')
    await page.goto('/intake')
    await page.locator('#in-phone').fill('13900001111')
    await page.locator('#in-desc').fill(`来电：井盖松动 ${nonce}`)
    await elSelect(page, 'in-cat', '0101', '0101 上水井盖')
    await page.locator('#in-addr').fill('中山路100号')
    await context.clearCookies() // the session ends (expired, or signed out elsewhere)
    await page.locator('[data-test=intake-submit]').click()
    await page.waitForURL('**/login**')
    await page.locator('[data-test=login-expired]').waitFor()
    assert.match(await page.locator('[data-test=login-expired]').textContent(), /登录已过期/)
    await page.locator('#login-user').fill('hotline')
    await page.locator('#login-pass').fill('demo')
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL('**/intake')
    await page.locator('[data-test=intake-draft]').waitFor()
    assert.equal(await page.locator('#in-desc').inputValue(), `来电：井盖松动 ${nonce}`)
    assert.equal(await page.locator('#in-phone').inputValue(), '13900001111')
    await page.locator('[data-test=intake-submit]').click()
    await page.locator('[data-test=intake-result]').waitFor()
    await page.reload() // a submitted call is no longer a draft
    await page.locator('#in-desc').waitFor()
    assert.equal(await page.locator('[data-test=intake-draft]').count(), 0)
    assert.equal(await page.locator('#in-desc').inputValue(), '')
  }, /401|Unauthorized|Failed to load resource/)
})
