// The 积分银行 page: a dispatcher issues points to a partner's account, sees the balance after each
// transfer in its history, holds points and voids the hold, and is told why an overdraft is refused;
// an auditor reads the accounts but gets no transfer form.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const OWNER = 700000 + Math.floor(Math.random() * 99999)
const h = serverAndBrowser()

async function setup(base) {
  const tok = await apiLogin(base, 'dispatcher')
  const div = (await api(base, 'GET', '/api/v1/divisions', undefined, tok)).json.items.find((d) => d.level === 'community').id
  const p = await api(base, 'POST', '/api/v1/ledger/accounts', { division_id: div, owner_kind: 'partner', owner_id: OWNER }, tok)
  assert.equal(p.status, 201)
  const sys = (await api(base, 'GET', `/api/v1/ledger/accounts?owner_kind=system&division_id=${div}`, undefined, tok)).json.items
  return { partner: p.json.id, issuance: sys.find((a) => a.system === 'issuance').id, redemption: sys.find((a) => a.system === 'redemption').id }
}

async function fillTransfer(page, dr, cr, amount, memo, hold = false) {
  await page.locator('[data-test=ledger-dr] input').fill(String(dr))
  await page.locator('[data-test=ledger-cr] input').fill(String(cr))
  await page.locator('[data-test=ledger-amount] input').fill(String(amount))
  await page.locator('#ledger-memo').fill(memo)
  if (hold) await page.locator('[data-test=ledger-hold]').click()
  await page.locator('[data-test=ledger-submit]').click()
}

test('a dispatcher issues, holds and voids points; an auditor only reads', async () => {
  const ids = await setup(h.server.base)
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.locator('[data-menu=ledger]').click()
    const row = page.locator('[data-test=ledger-accounts] .el-table__row', { hasText: `#${OWNER}` })
    await row.waitFor()
    await fillTransfer(page, ids.issuance, ids.partner, 40, '法律咨询 4 次')
    await page.locator('.el-message--success', { hasText: '已记账' }).first().waitFor()
    await row.click()
    const detail = page.locator('[data-test=ledger-detail]')
    await detail.locator('[data-test=ledger-balance]', { hasText: '40' }).waitFor()
    const first = detail.locator('[data-test=ledger-history] .el-table__row').first()
    assert.match(await first.innerText(), /\+40[\s\S]*40[\s\S]*法律咨询/)

    await fillTransfer(page, ids.partner, ids.redemption, 15, '兑换米面油', true)
    await page.locator('[data-test=ledger-history] .el-table__row', { hasText: '冻结中' }).waitFor()
    assert.match(await detail.locator('h3').innerText(), /可用 25/)
    await detail.locator('[data-test=ledger-void]').click()
    await detail.locator('.el-table__row', { hasText: '已解冻' }).waitFor()
    await detail.locator('h3', { hasText: '可用 40' }).waitFor()
    const line = detail.locator('[data-test=ledger-chart-line]') // the balance line over its transfers
    await line.waitFor({ state: 'attached' }) // flat at 40 here: no height, so not "visible"
    assert.equal((await line.getAttribute('points')).split(' ').length, 3)

    await fillTransfer(page, ids.partner, ids.redemption, 500, '超额兑换')
    const err = page.locator('[data-test=ledger-tf-error]')
    await err.waitFor()
    assert.match(await err.innerText(), /可用积分为 40，不足 500/)
    assert.match(await detail.locator('h3').innerText(), /余额 40/)
  }, /status of 409/)
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'auditor')
    await page.goto('/ledger')
    await page.locator('[data-test=ledger-accounts] .el-table__row', { hasText: `#${OWNER}` }).waitFor()
    assert.equal(await page.locator('[data-test=ledger-transfer]').count(), 0, 'no transfer form without ledger.manage')
    assert.equal(await page.locator('[data-test=ledger-open]').count(), 0)
  })
})
