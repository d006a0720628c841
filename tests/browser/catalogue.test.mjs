// 积分兑换 on the phone: a resident (the demo's 老周, 300 points) redeems the demo shop's coupon on the H5 page
// and sees its code; the shop's merchant (阿杰, whose resident account runs the approved resource partner)
// verifies it once on the 商户核销 page; a second verification is refused with a clear message. Staff see
// the order used in the console's 兑换订单 page.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
const CONSOLE = { viewport: { width: 1440, height: 900 } }
const h = serverAndBrowser()

async function residentSignIn(page, phone) {
  await page.goto('/h5/me')
  await page.locator('#h5me-phone').fill(phone)
  await page.locator('#h5me-pw').fill('demo')
  await page.locator('[data-test=h5me-submit]').click()
  await page.locator('[data-test=h5me-account]').waitFor()
}

test('a resident redeems a coupon and sees its code; the merchant verifies it once', async () => {
  let code = ''
  await withPage(h, PHONE, async (page) => {
    await residentSignIn(page, '13800001001')
    assert.equal(await page.locator('[data-test=h5me-merchant]').count(), 0, 'no merchant page for a non-merchant')
    await page.locator('[data-test=h5me-shop]').click()
    await page.waitForURL('**/h5/shop')
    assert.equal((await page.locator('[data-test=shop-available]').textContent()).trim(), '300')
    const coupon = page.locator('[data-test=shop-item]', { hasText: '阿杰生鲜满50减10券' })
    await coupon.locator('[data-test=shop-redeem]').click()
    const shown = page.locator('[data-test=shop-code]')
    await shown.waitFor()
    code = (await shown.textContent()).replace(/\s/g, '')
    assert.match(code, /^[2-9A-HJKMNP-Z]{12}$/, 'a 12-character code without look-alikes')
    await page.locator('[data-test=shop-available]', { hasText: '280' }).waitFor() // 20 points held
    const order = page.locator('[data-test=shop-order]').first()
    assert.equal((await order.locator('[data-test=shop-order-status]').textContent()).trim(), '待领取')
    assert.equal((await order.locator('[data-test=shop-order-code]').textContent()).replace(/\s/g, ''), code)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `no sideways scrolling on a phone (${width})`)
  })
  await withPage(h, PHONE, async (page) => {
    await residentSignIn(page, '13800001005')
    await page.locator('[data-test=h5me-merchant]').click()
    await page.waitForURL('**/h5/merchant')
    await page.locator('#merchant-code').fill(code.slice(0, 4) + ' ' + code.slice(4).toLowerCase())
    await page.locator('[data-test=merchant-submit]').click()
    await page.locator('[data-test=merchant-done]', { hasText: '核销成功' }).waitFor()
    await page.locator('#merchant-code').fill(code)
    await page.locator('[data-test=merchant-submit]').click()
    await page.locator('[data-test=merchant-error]', { hasText: '该券码已被核销' }).waitFor()
    assert.equal(await page.locator('[data-test=merchant-done]').count(), 0)
  }, /status of 409/)
  await withPage(h, PHONE, async (page) => {
    await residentSignIn(page, '13800001001')
    await page.goto('/h5/shop')
    const order = page.locator('[data-test=shop-order]').first()
    await order.locator('[data-test=shop-order-status]', { hasText: '已使用' }).waitFor()
    assert.equal((await page.locator('[data-test=shop-available]').textContent()).trim(), '280')
  })
  const admin = await apiLogin(h.server.base, 'admin')
  const used = (await api(h.server.base, 'GET', '/api/v1/orders?status=used', undefined, admin)).json.items
  assert.equal(used.length, 1)
  assert.equal(used[0].code, code.slice(0, 4) + '********', 'staff see the code masked')
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    await page.goto('/orders')
    await page.locator('[data-test=ord-table] .el-table__row', { hasText: '阿杰生鲜满50减10券' })
      .locator('[data-test=ord-state]', { hasText: '已使用' }).waitFor()
    await page.goto('/catalogue')
    await page.locator('[data-test=cat-table] .el-table__row', { hasText: '阿杰生鲜满50减10券' })
      .locator('[data-test=cat-stock]', { hasText: '49' }).waitFor()
  })
})
