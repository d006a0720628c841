// A user changes their own password from the console header (issue 9 item 9); the demo accounts are
// told they still use the published demo password, and the login page's demo hint shows only while
// demo logins exist.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const USER = { username: `pw${nonce}`, password: `First-${nonce}` }

const h = serverAndBrowser(async () => {
  const admin = await apiLogin(h.server.base, 'admin')
  const root = (await api(h.server.base, 'GET', '/api/v1/divisions', undefined, admin)).json.items.find((d) => d.parent_id === null)
  const r = await api(h.server.base, 'POST', '/api/v1/users', { username: USER.username, display_name: '改密测试', password: USER.password,
    role: 'auditor', division_id: root.id }, admin)
  assert.equal(r.status, 201, JSON.stringify(r.json))
})

async function signIn(page, username, password) {
  await page.goto('/login')
  await page.locator('#login-user').fill(username)
  await page.locator('#login-pass').fill(password)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL('**/workbench')
}

test('a user changes their own password; the old one stops working', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await page.goto('/login')
    await page.locator('[data-test=login-demo-hint]').waitFor() // the demo city still has demo logins
    await signIn(page, USER.username, USER.password)
    assert.equal(await page.locator('[data-test=demo-password]').count(), 0, 'no demo-password warning for a real password')
    await page.locator('[data-test=change-password]').click()
    await page.locator('#pw-current').fill(USER.password)
    await page.locator('#pw-new').fill(`Second-${nonce}`)
    await page.locator('#pw-confirm').fill(`Second-${nonce}x`)
    await page.locator('[data-test=cfg-save]').click()
    await page.locator('.el-form-item__error', { hasText: '不一致' }).waitFor()
    await page.locator('#pw-confirm').fill(`Second-${nonce}`)
    await page.locator('[data-test=cfg-save]').click()
    await page.locator('[data-test=pw-dialog]').waitFor({ state: 'hidden' })
    assert.equal((await api(h.server.base, 'POST', '/api/v1/auth/login', { username: USER.username, password: USER.password })).status, 401)
    assert.equal((await api(h.server.base, 'POST', '/api/v1/auth/login', { username: USER.username, password: `Second-${nonce}` })).status, 200)
  })
})

test('a demo account is told it still uses the demo password', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'auditor')
    await page.locator('[data-test=demo-password]').waitFor()
  })
})
