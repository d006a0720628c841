// Login lockout in a real browser: after 5 wrong passwords from this address the login page says, in
// Chinese, how many minutes to wait or to ask the administrator; the administrator presses 解锁 on
// 配置 → 用户, and the same user then signs in with the right password.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, shot, api, apiLogin } from './harness.mjs'

const nonce = String(Date.now()).slice(-6)
const USER = { username: `lock${nonce}`, password: `Lock-${nonce}-pw` }
const CONSOLE = { viewport: { width: 1440, height: 900 } }

const h = serverAndBrowser(async () => {
  const base = h.server.base
  const admin = await apiLogin(base, 'admin')
  const root = (await api(base, 'GET', '/api/v1/divisions', undefined, admin)).json.items.find((d) => d.parent_id === null)
  const r = await api(base, 'POST', '/api/v1/users', { username: USER.username, display_name: '锁定测试', password: USER.password,
    role: 'auditor', division_id: root.id }, admin)
  assert.equal(r.status, 201, JSON.stringify(r.json))
  for (let i = 0; i < 5; i++) {
    const w = await api(base, 'POST', '/api/v1/auth/login', { username: USER.username, password: `wrong-${i}` })
    assert.equal(w.status, 401)
  }
})

async function tryLogin(page) {
  await page.goto('/login')
  await page.locator('#login-user').fill(USER.username)
  await page.locator('#login-pass').fill(USER.password)
  await page.locator('[data-test=login-submit]').click()
}

test('a locked-out user sees the Chinese lockout message, the admin unlocks, the user signs in', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await tryLogin(page)
    const alert = page.locator('[data-test=login-error]')
    await alert.waitFor()
    assert.match(await alert.textContent(), /登录失败次数过多，请 (1[0-5]|[1-9]) 分钟后再试或联系管理员解锁/)
    await shot(page, 'login-locked')
  }, /status of 429/)

  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    await page.goto('/config?tab=users')
    await page.locator('[data-test=search-users]').fill(USER.username) // the users are paged
    await page.locator('[data-test=search-users]').press('Enter')
    const row = page.locator('.el-table__row:visible', { hasText: USER.username })
    await row.waitFor()
    await row.locator('[data-test=unlock-user]').click()
    await page.locator('.el-message--success', { hasText: `已解锁 ${USER.username}` }).waitFor()
  })

  await withPage(h, CONSOLE, async (page) => {
    await tryLogin(page)
    await page.waitForURL('**/workbench')
  })
})
