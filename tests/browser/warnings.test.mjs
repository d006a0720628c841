// 预警 on the supervisor's workbench (issue 12 item 4): the demo's planted rise (暴露垃圾 in 幸福里社区)
// and its repeat caller show as open warnings once evaluated; the supervisor acknowledges the rise and it
// leaves the list; the 大屏 shows the remaining one.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, apiLogin, api } from './harness.mjs'

const h = serverAndBrowser()
const CONSOLE = { viewport: { width: 1440, height: 900 } }

test('warnings: the supervisor sees the planted rise, acknowledges it, the 大屏 shows the rest', async () => {
  const admin = await apiLogin(h.server.base, 'admin')
  assert.equal((await api(h.server.base, 'POST', '/api/v1/warnings/run', undefined, admin)).status, 200)
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'supervisor')
    const rise = page.locator('[data-test=warnings] li[data-kind=rise]')
    await rise.waitFor()
    assert.match(await rise.textContent(), /幸福里社区.*暴露垃圾.*6/)
    assert.equal(await page.locator('[data-test=warnings] li[data-kind=repeat]').count(), 1)
    assert.doesNotMatch(await page.locator('[data-test=warnings]').textContent(), /13900009999/)
    await rise.locator('[data-test=warning-ack]').click()
    await page.waitForFunction(() => !document.querySelector('[data-test=warnings] li[data-kind=rise]'))
    await page.goto(h.server.base + '/dashboard')
    await page.locator('[data-test=dashboard] [data-test=warnings] li[data-kind=repeat]').waitFor()
    assert.equal(await page.locator('[data-test=dashboard] [data-test=warnings] li[data-kind=rise]').count(), 0)
  })
  const open = await api(h.server.base, 'GET', '/api/v1/warnings?state=open', undefined, admin)
  assert.deepEqual(open.json.items.map((w) => w.kind), ['repeat'])
})
