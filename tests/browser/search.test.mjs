// A caller rings back (issue 9 item 3): the dispatcher finds the case in 案件 by the caller's phone
// number as said on the phone, by the tracking code as read out, and by #id.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

let ticket
const tail = String(Date.now()).slice(-8)
const desc = `回电查询测试 ${tail}`
const CONSOLE = { viewport: { width: 1440, height: 900 } }

const h = serverAndBrowser(async () => {
  const hotline = await apiLogin(h.server.base, 'hotline')
  const r = await api(h.server.base, 'POST', '/api/v1/tickets', { category_code: '0101', description: desc,
    location: { lon: 120.155, lat: 30.255 }, reporter_name: '来电人', reporter_phone: `139 ${tail.slice(0, 4)} ${tail.slice(4)}` }, hotline)
  assert.equal(r.status, 201, JSON.stringify(r.json))
  ticket = r.json
})

test('the dispatcher finds a caller\'s case by phone, by tracking code and by #id', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.goto('/tickets')
    for (const q of [`139-${tail.slice(0, 4)}-${tail.slice(4)}`, `${ticket.track_code.slice(0, 5)} ${ticket.track_code.slice(5)}`.toLowerCase(), `#${ticket.id}`]) {
      await page.locator('#f-q').fill(q)
      await page.locator('[data-test=search]').click()
      await page.waitForFunction((d) => {
        const rows = [...document.querySelectorAll('.el-table__body-wrapper .el-table__row')]
        return rows.length === 1 && rows[0].textContent.includes(d)
      }, desc)
    }
  })
})

test('an operator types a category code and Enter picks it', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'hotline')
    await page.goto('/intake')
    await page.locator('.el-select:has(#in-cat)').click()
    await page.keyboard.type('0101')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '上水井盖' }).first().waitFor()
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.querySelector('.el-select:has(#in-cat) .el-select__placeholder:not(.is-transparent)')
      ?.textContent.includes('上水井盖'))
  })
})
