// 配置 editing in a real browser against a real server: the administrator creates a unit, a
// subclass 0199 under 01 and a routing rule 0199 → that unit with a CC unit, sees the routing tester
// answer it, switches the rule to review mode, draws a grid by two clicks, creates a handler of the
// new unit who then signs in; a dispatcher sees no edit buttons. Any console error fails the test.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { serverAndBrowser, withPage, login, shot, elSelect, api, apiLogin } from './harness.mjs'

const nonce = String(Date.now()).slice(-6)
const CONSOLE = { viewport: { width: 1440, height: 900 } }
const UNIT = `园林绿化中心${nonce}`
const CODE = `lh${nonce}`
const CAT = `古树名木${nonce}`
const HANDLER = { username: `lh${nonce}`, password: `Green-${nonce}-pw`, name: '绿化处置员' }

const h = serverAndBrowser()

/** The open dialog; save it and wait until it closes. */
const dialog = (page) => page.locator('.el-dialog:visible')
async function saveDialog(page) {
  const dlg = dialog(page)
  await dlg.locator('[data-test=cfg-save]').click()
  await dlg.waitFor({ state: 'hidden' })
}
async function tab(page, name) {
  await page.locator(`#tab-${name}`).click()
}
async function runTester(page, code) {
  await elSelect(page, 'rt-cat', code, code)
  await page.locator('[data-test=rule-tester]').getByLabel('区划/网格').click()
  await page.locator('.el-cascader-node', { hasText: '江临市' }).first().locator('.el-radio').click()
  await page.keyboard.press('Escape')
  await page.locator('[data-test=rt-run]').click()
  await page.locator('[data-test=rt-result]').waitFor()
}

test('admin creates a unit, a category, a routing rule, a grid and a user', async () => {
  // the duplicate unit code is answered 409, which the browser logs as a failed load: expected
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    await page.goto('/config?tab=units')

    // unit
    await page.locator('[data-test=add-unit]').click()
    let dlg = dialog(page)
    await dlg.locator('#unit-code').fill('绿化')
    await dlg.locator('#unit-name').fill(UNIT)
    await dlg.locator('[data-test=cfg-save]').click()
    await dlg.locator('.el-form-item__error', { hasText: '只能包含字母、数字' }).waitFor() // checked before sending
    await dlg.locator('#unit-code').fill(CODE)
    await dlg.locator('#unit-phone').fill('0571-8765 4321')
    await saveDialog(page)
    await page.locator('.el-table__row', { hasText: UNIT }).waitFor()

    // the same code again: the server's message is shown in the form
    await page.locator('[data-test=add-unit]').click()
    dlg = dialog(page)
    await dlg.locator('#unit-code').fill(CODE)
    await dlg.locator('#unit-name').fill(UNIT + '二')
    await dlg.locator('[data-test=cfg-save]').click()
    assert.match(await dlg.locator('[data-test=cfg-error]').textContent(), /编码为 .* 的单位已存在/) // the server's message, in the console's language
    await dlg.getByRole('button', { name: '取消' }).click()
    await dlg.waitFor({ state: 'hidden' })

    // category 0199 under 01
    await tab(page, 'categories')
    await page.locator('[data-test=add-category]').click()
    dlg = dialog(page)
    await elSelect(page, 'cat-parent', '', '01 ')
    await dlg.locator('#cat-code').fill('0299')
    await dlg.locator('#cat-name').fill(CAT)
    await dlg.locator('[data-test=cfg-save]').click()
    await dlg.locator('.el-form-item__error', { hasText: '以 01 开头' }).waitFor()
    await dlg.locator('#cat-code').fill('0199')
    await saveDialog(page)
    await page.locator('.el-table__row', { hasText: CAT }).waitFor()

    // routing rule 0199 → the new unit, CC 市政
    await tab(page, 'rules')
    await page.locator('[data-test=add-rule]').click()
    dlg = dialog(page)
    await elSelect(page, 'rule-cat', '0199', `0199 ${CAT}`)
    await elSelect(page, 'rule-unit', nonce, UNIT)
    await elSelect(page, 'rule-cc', '市政', '市政设施管理中心')
    await dlg.locator('.el-dialog__header').click() // close the multi-select's dropdown
    await saveDialog(page)
    // the rules are paged (20 a page): the new one is found by its unit's name
    await page.locator('[data-test=search-rules]').fill(UNIT)
    await page.locator('[data-test=search-rules-go]').click()
    await page.waitForFunction(() => /共 1 条/.test(document.querySelector('[data-test=total-rules]')?.textContent || ''))
    const row = page.locator('[data-test=rules-table] .el-table__row', { hasText: UNIT })
    await row.waitFor()
    assert.match(await row.textContent(), /市政设施管理中心/)
    assert.match(await row.textContent(), /自动派单/)

    await runTester(page, '0199')
    assert.equal((await page.locator('[data-test=rt-unit]').textContent()).trim(), UNIT)

    // edit it: review mode
    await row.locator('[data-test=edit-rule]').click()
    dlg = dialog(page)
    await dlg.locator('[data-test=rule-mode] .el-radio', { hasText: '人工确认' }).click()
    await page.waitForTimeout(300) // dialog animation
    const file = await shot(page, 'config-rule-edit')
    assert.ok(fs.statSync(file).size < 300 * 1024, 'screenshot under 300 KB')
    await saveDialog(page)
    await page.waitForFunction((u) => [...document.querySelectorAll('[data-test=rules-table] .el-table__row')]
      .some((r) => r.textContent.includes(u) && r.textContent.includes('人工确认')), UNIT)
    await page.locator('[data-test=rt-run]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=rt-result]')?.textContent.includes('人工确认'))

    // a grid drawn as a rectangle by two clicks under the first community
    const divs = (await (await page.request.get('/api/v1/divisions')).json()).items
    const community = divs.find((d) => d.level === 'community')
    await tab(page, 'divisions')
    const mainGrids = page.locator('.pane .gw-map path.leaflet-interactive')
    await mainGrids.first().waitFor({ state: 'attached' })
    const before = await mainGrids.count()
    await page.locator('[data-test=add-division]').click()
    dlg = dialog(page)
    await dlg.getByLabel('上级', { exact: true }).fill(community.name)
    await page.locator('.el-cascader__suggestion-item:visible', { hasText: community.name }).first().click()
    assert.equal(await dlg.getByLabel('层级', { exact: true }).inputValue(), '网格')
    await dlg.locator('#div-code').fill(`g${nonce}`)
    await dlg.locator('#div-name').fill(`测试网格${nonce}`)
    const map = dlg.locator('.gw-map')
    await map.waitFor()
    await page.waitForTimeout(300)
    const box = await map.boundingBox()
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3)
    await dlg.locator('[data-test=rect-state]', { hasText: '再点击' }).waitFor()
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.7)
    await dlg.locator('[data-test=rect-state]', { hasText: '矩形' }).waitFor()
    await saveDialog(page)
    const grids = (await (await page.request.get('/api/v1/divisions?geometry=1')).json()).items
    const g = grids.find((d) => d.code === `g${nonce}`)
    assert.ok(g, 'the grid exists')
    assert.equal(g.parent_id, community.id)
    assert.equal(g.geometry.type, 'Polygon')
    const ring = g.geometry.coordinates[0]
    assert.equal(ring.length, 5)
    assert.deepEqual(ring[0], ring[4], 'a closed ring')
    await page.waitForFunction((n) => document.querySelectorAll('.pane .gw-map path.leaflet-interactive').length === n + 1, before)

    // a handler of the new unit
    await tab(page, 'users')
    await page.locator('[data-test=add-user]').click()
    dlg = dialog(page)
    await dlg.locator('#user-name').fill(HANDLER.username)
    await dlg.locator('#user-display').fill(HANDLER.name)
    await elSelect(page, 'user-role', '', '处置单位')
    await elSelect(page, 'user-unit', nonce, UNIT)
    await dlg.locator('#user-pw').fill(HANDLER.password)
    await saveDialog(page)
    await page.locator('[data-test=search-users]').fill(HANDLER.username) // the users are paged
    await page.locator('[data-test=search-users]').press('Enter')
    const urow = page.locator('.el-table__row:visible', { hasText: HANDLER.username })
    await urow.waitFor()
    assert.match(await urow.textContent(), new RegExp(UNIT))

    // delete asks first; cancelling keeps the rule
    await tab(page, 'rules')
    await row.locator('[data-test=delete-rule]').click()
    await page.locator('.el-message-box').getByRole('button', { name: '取消' }).click()
    await page.locator('.el-message-box').waitFor({ state: 'hidden' })
    assert.equal(await row.count(), 1)
  }, /status of 409/)
})

test('a new unit\'s handler signs in and sees the workbench', async () => {
  // its own unit and handler, made through the API: this test does not need the one above
  const admin = await apiLogin(h.server.base, 'admin')
  const unit = await api(h.server.base, 'POST', '/api/v1/units', { code: `hd${nonce}`, name: `登录测试单位${nonce}`, level: 'city' }, admin)
  assert.equal(unit.status, 201, JSON.stringify(unit.json))
  const who = { username: `hd${nonce}`, password: `Handler-${nonce}-pw`, name: '登录测试处置员' }
  const user = await api(h.server.base, 'POST', '/api/v1/users', { username: who.username, display_name: who.name,
    password: who.password, role: 'unit_handler', unit_id: unit.json.id }, admin)
  assert.equal(user.status, 201, JSON.stringify(user.json))
  await withPage(h, CONSOLE, async (page) => {
    await page.goto('/login')
    await page.locator('#login-user').fill(who.username)
    await page.locator('#login-pass').fill(who.password)
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL('**/workbench')
    await page.locator('[data-test=todo] .tile').first().waitFor()
    assert.match(await page.locator('[data-test=who]').textContent(), new RegExp(`${who.name} · 处置单位`))
    const keys = await page.locator('[data-test=menu] a').evaluateAll((as) => as.map((a) => a.dataset.menu))
    assert.deepEqual(keys, ['workbench', 'tickets', 'kb', 'devices', 'alarms', 'dictionaries'])
  })
})

test('a dispatcher sees no edit buttons', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.goto('/config?tab=rules')
    await page.waitForURL('**/workbench') // 配置 is the administrator's
    await page.locator('[data-test=todo] .tile').first().waitFor()
    assert.equal(await page.locator('[data-test^=add-], [data-test^=edit-], [data-test^=delete-]').count(), 0)
  })
})
