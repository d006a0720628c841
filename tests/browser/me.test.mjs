// 个人中心: a user opens their own page from their name in the header, sees who they are and what they
// may do, and their recent sign-ins — the failed attempt before this one included.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const USER = { username: `me${nonce}`, password: `Me-${nonce}-pw` }
const h = serverAndBrowser(async () => {
  const base = h.server.base
  const admin = await apiLogin(base, 'admin')
  const root = (await api(base, 'GET', '/api/v1/divisions', undefined, admin)).json.items.find((d) => d.parent_id === null)
  const r = await api(base, 'POST', '/api/v1/users', { username: USER.username, display_name: '个人中心测试', password: USER.password,
    role: 'dispatcher', division_id: root.id }, admin)
  assert.equal(r.status, 201, JSON.stringify(r.json))
  assert.equal((await api(base, 'POST', '/api/v1/auth/login', { username: USER.username, password: 'wrong-one' })).status, 401)
})

test('the personal centre shows the profile, the permissions and the recent sign-ins', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await page.goto('/login')
    await page.locator('#login-user').fill(USER.username)
    await page.locator('#login-pass').fill(USER.password)
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL('**/workbench')
    await page.locator('[data-test=who]').click()
    await page.waitForURL('**/me')
    assert.equal((await page.locator('[data-test=me-name]').textContent()).trim(), '个人中心测试')
    assert.equal((await page.locator('[data-test=me-role]').textContent()).trim(), '指挥中心')
    await page.locator('[data-test=me-perm]', { hasText: 'ticket.dispatch' }).waitFor()
    const rows = page.locator('[data-test=me-logins] .el-table__body .el-table__row')
    await page.waitForFunction(() => document.querySelectorAll('[data-test=me-logins] .el-table__body .el-table__row').length === 2)
    assert.match(await rows.nth(0).textContent(), /登录成功.*127\.0\.0\.1/)
    assert.match(await rows.nth(1).textContent(), /登录失败.*127\.0\.0\.1/)
  })
})

test('a user signs out their other session; the administrator signs a user out (强制下线)', async () => {
  const base = h.server.base
  const admin = await apiLogin(base, 'admin')
  const count = async () => (await api(base, 'GET', '/api/v1/sessions', undefined, admin)).json.items
    .filter((s) => s.user.username === USER.username).length
  await api(base, 'POST', '/api/v1/auth/login', { username: USER.username, password: USER.password }) // another device
  await withPage(h, CONSOLE, async (page) => {
    await page.goto('/login')
    await page.locator('#login-user').fill(USER.username)
    await page.locator('#login-pass').fill(USER.password)
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL('**/workbench')
    const before = await count()
    await page.goto('/me')
    const rows = page.locator('[data-test=sessions] .el-table__body .el-table__row')
    await rows.filter({ hasText: '当前会话' }).waitFor()
    assert.equal(await rows.count(), before, 'every live session of the user is listed')
    await rows.locator('[data-test=end-session]').first().click()
    await page.locator('.el-message--success', { hasText: '已结束该会话' }).waitFor()
    await page.waitForFunction((k) => document.querySelectorAll('[data-test=sessions] .el-table__body .el-table__row').length === k - 1, before)
    assert.equal(await count(), before - 1, 'one session ended')
    await page.locator('[data-test=who]').waitFor() // this one goes on
  })
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    const before = await count()
    await page.goto('/config?tab=sessions')
    const row = page.locator('[data-test=sessions] .el-table__row', { hasText: USER.username }).first()
    await row.waitFor()
    await row.locator('[data-test=end-session]').click()
    await page.locator('.el-message--success', { hasText: '已结束该会话' }).waitFor()
    assert.equal(await count(), before - 1, 'the administrator ended one of the user\'s sessions')
  })
})
