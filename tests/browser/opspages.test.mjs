// The operations pages (issue 9 item 16): the configuration lists search and page on the server, and
// the auditor browses the operation log and verifies the hash chains from the console.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const h = serverAndBrowser()

const rowsOf = (page, table) => page.locator(`[data-test=${table}] .el-table__body-wrapper .el-table__row`)

test('the routing rules page 20 at a time and search on the server', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    await page.goto('/config?tab=rules')
    const total = page.locator('[data-test=total-rules]')
    await page.waitForFunction(() => /共 \d+ 条/.test(document.querySelector('[data-test=total-rules]')?.textContent || ''))
    const n = Number((await total.textContent()).match(/\d+/)[0])
    assert.ok(n > 20, `more rules than one page (${n})`)
    await page.waitForFunction(() => document.querySelectorAll('[data-test=rules-table] .el-table__body-wrapper .el-table__row').length === 20)
    const first = await rowsOf(page, 'rules-table').first().locator('td').first().textContent()
    await page.locator('[data-test=pager-rules] .number', { hasText: '2' }).click()
    await page.waitForFunction((f) => document.querySelector('[data-test=rules-table] .el-table__body-wrapper .el-table__row td')?.textContent !== f, first)
    await page.locator('[data-test=search-rules]').fill('水务')
    await page.locator('[data-test=search-rules]').press('Enter')
    await page.waitForFunction((all) => {
      const m = (document.querySelector('[data-test=total-rules]')?.textContent || '').match(/\d+/)
      return m && Number(m[0]) < all && Number(m[0]) > 0
    }, n)
    const texts = await rowsOf(page, 'rules-table').allTextContents()
    assert.ok(texts.length > 0 && texts.every((x) => x.includes('水务')), texts.join(' | '))
  })
})

test('the auditor finds an admin\'s edit in the operation log and verifies the chains', async () => {
  const admin = await apiLogin(h.server.base, 'admin')
  const units = (await api(h.server.base, 'GET', '/api/v1/units', undefined, admin)).json.items
  const r = await api(h.server.base, 'PUT', `/api/v1/units/${units[0].id}`, { phone: `0571-${nonce}` }, admin)
  assert.equal(r.status, 200, JSON.stringify(r.json))
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'auditor')
    await page.locator('[data-menu=audit]').click()
    await page.waitForURL('**/audit')
    await page.locator('[data-test=audit-action]').fill('unit.update')
    await page.locator('[data-test=audit-search]').click()
    const row = rowsOf(page, 'audit-table').filter({ hasText: nonce })
    await row.waitFor()
    assert.match(await row.textContent(), /admin/)
    assert.match(await row.textContent(), new RegExp(`unit:${units[0].id}`))
    // filter by that actor: every row is admin's
    await row.locator('[data-test=audit-by-actor]').click()
    await page.locator('[data-test=audit-actor]').waitFor()
    // the login log: the auditor's own sign-in is there
    await page.locator('[data-test=audit-actor] .el-tag__close').click()
    await page.locator('[data-test=audit-action]').fill('')
    await page.locator('[data-test=audit-kind]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '登录日志' }).click()
    await page.locator('[data-test=audit-search]').click()
    await rowsOf(page, 'audit-table').filter({ hasText: 'auth.login' }).filter({ hasText: 'auditor' }).first().waitFor()
    await page.locator('[data-test=audit-verify-run]').click()
    await page.locator('[data-test=audit-verify-ok]', { hasText: '完整' }).waitFor()
    const chains = await rowsOf(page, 'audit-chains').allTextContents()
    assert.equal(chains.length, 3, chains.join(' | '))
    assert.ok(chains.every((x) => x.includes('✓')), chains.join(' | '))
  })
})

test('a dispatcher has no audit menu and is sent away from the page', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    assert.equal(await page.locator('[data-menu=audit]').count(), 0)
    await page.goto('/audit')
    await page.waitForURL('**/workbench')
  })
})

test('a handler reads the dictionaries: states, urgencies and roles in zh-CN and English', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shizheng')
    await page.locator('[data-menu=dictionaries]').click()
    await page.waitForURL('**/dictionaries')
    const urg = page.locator('[data-dict=urgency] .el-table__body-wrapper .el-table__row')
    await urg.first().waitFor()
    assert.equal(await urg.count(), 3)
    const roles = await page.locator('[data-dict=role]').textContent()
    assert.match(roles, /auditor/)
    assert.match(roles, /审计/)
    assert.match(roles, /Auditor/i)
    assert.ok(await page.locator('[data-dict=state] .el-table__row').count() >= 5)
  })
})
