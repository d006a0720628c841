// 社区合伙人 end to end: a resident signs up on the H5 page and applies as a volunteer partner; the
// community's staff (shequ01) approve the application in the console; the resident signs in again and
// sees 已通过. The console's list shows the contact masked until the audited "show full contact".
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-8)
const MOBILE = `139${nonce}`
const NAME = `志愿者${nonce.slice(-4)}`
const h = serverAndBrowser()

async function h5SignIn(page) {
  await page.goto('/h5/me')
  await page.locator('#h5me-phone').fill(MOBILE)
  await page.locator('#h5me-pw').fill('volunteer-pw')
  await page.locator('[data-test=h5me-submit]').click()
  await page.locator('[data-test=h5me-account]').waitFor()
}

test('a resident applies on the H5 page, staff approve in the console, the resident sees 已通过', async () => {
  await withPage(h, PHONE, async (page) => {
    await page.goto('/h5/me')
    await page.locator('[data-test=h5me-tab-register]').click()
    await page.locator('#h5me-phone').fill(MOBILE)
    await page.locator('#h5me-pw').fill('short')
    await page.locator('#h5me-community').selectOption({ label: '幸福里社区' })
    await page.locator('[data-test=h5me-submit]').click()
    await page.locator('[data-test=h5me-error]', { hasText: '8' }).waitFor() // the server's rule, in Chinese
    await page.locator('#h5me-pw').fill('volunteer-pw')
    await page.locator('#h5me-nick').fill('小志')
    await page.locator('[data-test=h5me-submit]').click()
    await page.locator('[data-test=h5me-account]').waitFor()
    assert.equal(await page.locator('[data-test=h5me-verified]').textContent(), '未认证（请到社区服务中心认证）')
    await page.locator('#h5me-pname').fill(NAME)
    await page.locator('#h5me-ptags').fill('治安巡逻，助老')
    await page.locator('#h5me-poffer').fill('周末可参加夜间巡逻')
    await page.locator('[data-test=h5me-apply-submit]').click()
    await page.locator('[data-test=h5me-record]', { hasText: NAME }).locator('[data-test=h5me-record-status]', { hasText: '待审核' }).waitFor()
    await page.locator('#h5me-pname').fill(NAME + '二')
    await page.locator('[data-test=h5me-apply-submit]').click() // a second record in the same community
    await page.locator('[data-test=h5me-apply-error]', { hasText: '已有合伙人记录' }).waitFor()
  }, /status of 4(00|09)/)

  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shequ01')
    await page.locator('[data-menu=partners]').click()
    await page.locator('#pt-q').fill(NAME)
    await page.locator('[data-test=pt-go]').click()
    const row = page.locator('[data-test=pt-table] .el-table__row', { hasText: NAME })
    await row.locator('[data-test=pt-state]', { hasText: '待审核' }).waitFor()
    assert.match(await row.textContent(), /139\*{4}/, 'the contact is masked in the list')
    await row.click()
    const drawer = page.locator('[data-test=pt-drawer]')
    await drawer.locator('[data-test=pt-show-contact]').click()
    await drawer.locator('[data-test=pt-contact]', { hasText: MOBILE }).waitFor()
    await drawer.locator('[data-test=pt-act-approve]').click()
    const dlg = page.locator('[data-test=pt-act-dialog]')
    await dlg.locator('[data-test=pt-act-ok]').click()
    await dlg.locator('[data-test=pt-act-error]').waitFor() // a reason is required: the server says so
    await page.locator('#pt-reason').fill('社区推荐，现场核验身份证')
    await dlg.locator('[data-test=pt-act-ok]').click()
    await row.locator('[data-test=pt-state]', { hasText: '已通过' }).waitFor()
  }, /status of 400/)

  await withPage(h, PHONE, async (page) => {
    await h5SignIn(page)
    await page.locator('[data-test=h5me-record]', { hasText: NAME }).locator('[data-test=h5me-record-status]', { hasText: '已通过' }).waitFor()
  })
})

test('community staff verify a resident and print a one-time code; the code signs the resident in once', async () => {
  let code = ''
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shequ01')
    await page.locator('[data-menu=residents]').click()
    await page.locator('#rs-q').fill('13800001005') // 阿杰 in the demo: not verified
    await page.locator('[data-test=rs-go]').click()
    const row = page.locator('[data-test=rs-table] .el-table__row').first()
    await row.locator('text=未认证').waitFor()
    assert.match(await row.textContent(), /138\*{4}1005/)
    await row.locator('[data-test=rs-verify]').click()
    await page.locator('#rs-name').fill('蒋杰')
    await page.locator('#rs-address').fill('幸福里5幢2单元201室')
    await page.locator('[data-test=rs-save]').click()
    await row.locator('text=已认证').waitFor()
    assert.match(await row.textContent(), /蒋\*/, 'the name is masked in the list')
    await row.locator('[data-test=rs-code]').click()
    const value = page.locator('[data-test=rs-code-value]')
    await value.waitFor()
    code = (await value.textContent()).trim()
    assert.match(code, /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
  })
  await withPage(h, PHONE, async (page) => {
    await page.goto('/h5/me')
    await page.locator('[data-test=h5me-tab-code]').click()
    await page.locator('#h5me-phone').fill('13800001005')
    await page.locator('#h5me-code').fill(code.toLowerCase())
    await page.locator('#h5me-newpw').fill('jiang-jie-pw')
    await page.locator('[data-test=h5me-submit]').click()
    await page.locator('[data-test=h5me-verified]', { hasText: '已认证' }).waitFor()
    await page.locator('[data-test=h5me-logout]').click()
    await page.locator('[data-test=h5me-tab-code]').click()
    await page.locator('#h5me-phone').fill('13800001005')
    await page.locator('#h5me-code').fill(code)
    await page.locator('[data-test=h5me-submit]').click()
    await page.locator('[data-test=h5me-error]', { hasText: '已使用' }).waitFor() // once only
  }, /status of 401/)
})

test('staff make an account for a resident without a smartphone; its code follows at once', async () => {
  const paper = `151${nonce}`
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shequ01')
    await page.goto('/residents')
    await page.locator('[data-test=rs-new]').click()
    await page.locator('#rs-new-phone').fill(paper)
    await page.locator('#rs-new-nick').fill('张奶奶')
    await page.locator('[data-test=rs-new-save]').click()
    await page.locator('[data-test=rs-new-error]').waitFor() // no community chosen: the server says so
    await page.locator('[data-test=rs-new-community]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '幸福里社区' }).click()
    await page.locator('[data-test=rs-new-save]').click()
    await page.locator('[data-test=rs-code-value]').waitFor()
    assert.match(await page.locator('[data-test=rs-code-dialog]').textContent(), new RegExp(`151\\*{4}${paper.slice(7)}`))
  }, /status of 400/)
})
