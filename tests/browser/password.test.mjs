// A user changes their own password from the console header (issue 9 item 9); the demo accounts are
// told they still use the published demo password, and the login page's demo hint shows only while
// demo logins exist.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launchBrowser, openPage, login, api, apiLogin } from './harness.mjs'

let server, browser
const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const USER = { username: `pw${nonce}`, password: `First-${nonce}` }

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = await apiLogin(server.base, 'admin')
  const root = (await api(server.base, 'GET', '/api/v1/divisions', undefined, admin)).json.items.find((d) => d.parent_id === null)
  const r = await api(server.base, 'POST', '/api/v1/users', { username: USER.username, display_name: '改密测试', password: USER.password,
    role: 'auditor', division_id: root.id }, admin)
  assert.equal(r.status, 201, JSON.stringify(r.json))
})

after(async () => {
  if (browser) await browser.close()
  if (server) assert.equal(await server.stop(), 0, 'server exits cleanly on SIGTERM')
})

async function signIn(page, username, password) {
  await page.goto('/login')
  await page.locator('#login-user').fill(username)
  await page.locator('#login-pass').fill(password)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL('**/workbench')
}

test('a user changes their own password; the old one stops working', async () => {
  const p = await openPage(browser, server.base, CONSOLE)
  try {
    const page = p.page
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
    assert.equal((await api(server.base, 'POST', '/api/v1/auth/login', { username: USER.username, password: USER.password })).status, 401)
    assert.equal((await api(server.base, 'POST', '/api/v1/auth/login', { username: USER.username, password: `Second-${nonce}` })).status, 200)
  } finally {
    await p.context.close()
  }
  assert.deepEqual(p.errors, [], 'no console errors or page errors')
})

test('a demo account is told it still uses the demo password', async () => {
  const p = await openPage(browser, server.base, CONSOLE)
  try {
    await login(p.page, 'auditor')
    await p.page.locator('[data-test=demo-password]').waitFor()
  } finally {
    await p.context.close()
  }
  assert.deepEqual(p.errors, [], 'no console errors or page errors')
})
