// 二级派单's unit tree on the configuration page: the administrator sets a community unit's parent to a
// street unit, sees it listed as the street's sub-unit, and a second level is refused with the API's words.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, elSelect, api, apiLogin } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const names = { city: `测试城区中心${nonce}`, street: `测试街道办${nonce}`, community: `测试社区居委会${nonce}` }
const ids = {}
const h = serverAndBrowser(async () => {
  const admin = await apiLogin(h.server.base, 'admin')
  for (const [k, name] of Object.entries(names)) {
    const r = await api(h.server.base, 'POST', '/api/v1/units', { code: `tree${k}${nonce}`, name, level: 'street' }, admin)
    assert.equal(r.status, 201, JSON.stringify(r.json))
    ids[k] = r.json.id
  }
})

async function openTree(page, name) {
  await page.locator('[data-test=search-units]').fill(name)
  await page.locator('[data-test=search-units-go]').click()
  const row = page.locator('[data-test=units-table] .el-table__body-wrapper .el-table__row', { hasText: name })
  await row.waitFor()
  await row.locator('[data-test=unit-tree]').click()
  const dlg = page.locator('[data-test=unit-tree-dialog]')
  await dlg.waitFor()
  return dlg
}

test('the administrator sets a unit\'s parent and sees the parent\'s sub-units', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    await page.goto('/config?tab=units')
    let dlg = await openTree(page, names.community)
    await dlg.locator('[data-test=tree-subunits]', { hasText: '无下级单位' }).waitFor()
    await elSelect(page, 'tree-parent', names.street, names.street)
    await dlg.locator('[data-test=cfg-save]').click()
    await dlg.waitFor({ state: 'hidden' })

    dlg = await openTree(page, names.street)
    await dlg.locator(`[data-subunit="${ids.community}"]`, { hasText: names.community }).waitFor()
    // a second level is refused: the street (a parent) may not take a parent itself
    await elSelect(page, 'tree-parent', names.city, names.city)
    await dlg.locator('[data-test=cfg-save]').click()
    await dlg.locator('[data-test=cfg-error]', { hasText: '只支持一级' }).waitFor()
  }, /status of 400 .*\/parent/) // the refused second level
  const admin = await apiLogin(h.server.base, 'admin')
  const tree = (await api(h.server.base, 'GET', `/api/v1/units/${ids.community}/subunits`, undefined, admin)).json
  assert.equal(tree.parent_unit_id, ids.street)
  const street = (await api(h.server.base, 'GET', `/api/v1/units/${ids.street}/subunits`, undefined, admin)).json
  assert.equal(street.parent_unit_id, null)
})
