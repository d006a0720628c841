// The scenario in a real browser (Debian chromium, headless) against a real server:
// every role's menu; hotline intake of a 井盖 case that arrives dispatched to 市政; a review-mode
// case that waits; a resident's H5 report that the dispatcher accepts and dispatches from the
// console; 市政 signs and feeds back with a photo; the supervisor approves; the resident rates on a
// phone. Screenshots of the main pages; any console error or page error fails the test.
// Each test makes the cases it works on itself (through the API), so each one passes run alone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, shot, tinyPng, elSelect, residentCase, hotlineCase } from './harness.mjs'

const nonce = String(Date.now()).slice(-6)
const CONSOLE = { viewport: { width: 1440, height: 900 } }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1,
  geolocation: { latitude: 30.262, longitude: 120.163 }, permissions: ['geolocation'] }

const h = serverAndBrowser()

const MENUS = {
  admin: ['workbench', 'tickets', 'intake', 'kb', 'review', 'devices', 'alarms', 'ledger', 'partners', 'earn', 'residents', 'needs', 'projects', 'catalogue', 'orders', 'dashboard', 'config', 'audit', 'dictionaries'],
  dispatcher: ['workbench', 'tickets', 'intake', 'kb', 'review', 'devices', 'alarms', 'ledger', 'partners', 'earn', 'residents', 'needs', 'projects', 'catalogue', 'orders', 'dashboard', 'dictionaries'],
  supervisor: ['workbench', 'tickets', 'intake', 'kb', 'devices', 'alarms', 'ledger', 'partners', 'earn', 'residents', 'needs', 'projects', 'catalogue', 'orders', 'dashboard', 'dictionaries'],
  hotline: ['workbench', 'tickets', 'intake', 'kb', 'partners', 'earn', 'needs', 'projects', 'catalogue', 'orders', 'dictionaries'],
  grid01: ['workbench', 'tickets', 'intake', 'kb', 'devices', 'alarms', 'partners', 'earn', 'residents', 'needs', 'projects', 'catalogue', 'orders', 'dictionaries'],
  shizheng: ['workbench', 'tickets', 'kb', 'devices', 'alarms', 'dictionaries'],
  shuiwu: ['workbench', 'tickets', 'kb', 'devices', 'alarms', 'dictionaries'],
  auditor: ['workbench', 'tickets', 'kb', 'ledger', 'dashboard', 'audit', 'dictionaries'],
}
const BUCKETS = {
  admin: 'to_accept', dispatcher: 'to_accept', supervisor: 'to_verify', hotline: 'open', grid01: 'open',
  shizheng: 'to_sign', shuiwu: 'to_sign', auditor: 'overdue',
}

test('login page; a wrong password shows the API message', async () => {
  // the 401 itself is logged by the browser as a failed resource load: expected here only
  await withPage(h, CONSOLE, async (page) => {
    await page.goto('/workbench')
    await page.waitForURL('**/login**')
    await shot(page, 'login')
    await page.locator('#login-user').fill('dispatcher')
    await page.locator('#login-pass').fill('wrong-password')
    await page.locator('[data-test=login-submit]').click()
    await page.locator('[data-test=login-error]').waitFor()
    assert.match(await page.locator('[data-test=login-error]').textContent(), /用户名或密码错误/, 'the API message, in the console language')
    // keyboard only: the password field, Tab order and Enter submit
    await page.locator('#login-pass').fill('')
    await page.locator('#login-user').focus()
    await page.keyboard.press('Tab')
    await page.keyboard.type('demo')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/workbench')
  }, /status of 401/)
})

test('each role logs in and sees its own menu and to-do', async () => {
  for (const [user, menus] of Object.entries(MENUS)) {
    await withPage(h, CONSOLE, async (page) => {
      await login(page, user)
      const keys = await page.locator('[data-test=menu] a').evaluateAll((as) => as.map((a) => a.dataset.menu))
      assert.deepEqual(keys, menus, `${user}'s menu`)
      const tile = page.locator(`[data-bucket=${BUCKETS[user]}] .n`)
      await tile.waitFor()
      await page.waitForFunction((el) => /^\d+$/.test(el.textContent.trim()), await tile.elementHandle())
      if (user === 'dispatcher') await shot(page, 'workbench')
    })
  }
})

test('hotline registers a 井盖 case on the map: dispatched to 市政 by rule', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'hotline')
    await page.locator('[data-menu=intake]').click()
    await page.locator('#in-name').fill('王小明')
    await page.locator('#in-phone').fill('13812345678')
    await elSelect(page, 'in-cat', '0101', '0101 上水井盖')
    await page.locator('#in-desc').fill(`解放路口井盖破损下陷，行人易绊倒 ${nonce}`)
    await page.locator('#in-addr').fill('解放路88号')
    const map = page.locator('[data-test=intake-map] .gw-map')
    await map.waitFor()
    await page.waitForTimeout(300)
    const box = await map.boundingBox()
    await page.mouse.click(box.x + box.width / 2 + 20, box.y + box.height / 2 + 15)
    await page.locator('[data-test=intake-point]').waitFor()
    const grid = await page.locator('[data-test=intake-grid]').textContent()
    assert.match(grid, /网格/, 'the point lies in a grid')
    await shot(page, 'intake')
    await page.locator('[data-test=intake-submit]').click()
    const result = page.locator('[data-test=intake-result]')
    await result.waitFor()
    assert.equal((await page.locator('[data-test=intake-state]').textContent()).trim(), '待签收')
    assert.match(await result.textContent(), /市政设施管理中心/)
    assert.match(await result.textContent(), /[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}/, 'the tracking code is shown in two groups of five')

    // a 危旧房屋 case: its rule is review-mode, so it waits for a dispatcher
    await elSelect(page, 'in-cat', '0501', '0501 危旧房屋')
    await page.locator('#in-desc').fill(`老房子外墙开裂 ${nonce}`)
    await page.locator('#in-addr').fill('建设路12号')
    await page.locator('[data-test=intake-submit]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=intake-state]')?.textContent.trim() === '待受理')
  })
})

test('a resident reports on the H5 page with the phone location', async () => {
  await withPage(h, PHONE, async (page) => {
    await page.goto('/h5')
    // 市容环境 is a 部件 (03) and an 事件 (10) big class: the resident sees it once, with both sets
    await page.locator('#h5-big option', { hasText: '公用设施' }).waitFor({ state: 'attached' })
    const bigs = await page.locator('#h5-big option').allTextContents()
    assert.equal(bigs.filter((b) => b.trim() === '市容环境').length, 1, 'one 市容环境')
    await page.locator('#h5-big').selectOption({ label: '市容环境' })
    const subs = await page.locator('#h5-sub option').allTextContents()
    assert.ok(subs.includes('垃圾箱') && subs.includes('暴露垃圾'), `both sets of subclasses: ${subs}`)
    await page.locator('#h5-big').selectOption({ label: '公用设施' })
    await page.locator('#h5-sub').selectOption({ label: '上水井盖' })
    await page.locator('#h5-desc').fill(`小区门口井盖丢失，晚上很危险 ${nonce}`)
    await page.locator('#h5-addr').fill('凤凰路66号')
    await page.locator('[data-test=h5-gps]').click()
    await page.locator('[data-test=h5-located]').waitFor()
    await page.locator('#h5-photo').setInputFiles({ name: 'manhole.png', mimeType: 'image/png', buffer: tinyPng() })
    await page.locator('[data-test=h5-photo-count]').waitFor()
    // a styled picker with a thumbnail, not a raw file input saying "No file chosen"
    assert.ok(await page.locator('.h5-photos img').first().isVisible(), 'the chosen photo is shown')
    const raw = await page.locator('#h5-photo').boundingBox()
    assert.ok(!raw || raw.width <= 1, 'the raw file input is not shown')
    await shot(page, 'h5-report', { fullPage: false })
    await page.locator('[data-test=h5-submit]').click()
    const code = page.locator('[data-test=h5-code]')
    await code.waitFor()
    assert.match((await code.textContent()).trim(), /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/)
  })
})

test('the dispatcher accepts and dispatches the resident report from the console', async () => {
  const desc = `待受理的井盖报告 ${nonce}`
  await residentCase(h.server.base, desc, 'reported')
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.locator('[data-bucket=to_accept]').click()
    await page.waitForURL('**/tickets?status=reported')
    const row = page.locator('.el-table__row', { hasText: desc })
    await row.locator('button.link').click()
    const drawer = page.locator('[data-test=ticket-detail]')
    await drawer.waitFor()
    assert.equal((await drawer.locator('[data-test=ticket-state]').textContent()).trim(), '待受理')
    assert.match(await drawer.locator('[data-test=routing]').textContent(), /市政设施管理中心/, 'routing suggestion shown')
    assert.match(await page.locator('.el-drawer__title, .el-drawer__header').first().textContent(), /#\d+/)

    await drawer.locator('[data-action=accept]').click()
    await page.locator('.el-dialog [data-test=action-submit]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=ticket-state]')?.textContent.trim() === '待派单')

    await drawer.locator('[data-action=dispatch]').click()
    const dlg = page.locator('.el-dialog:visible')
    await dlg.locator('.el-select', { hasText: '市政设施管理中心' }).waitFor() // defaults to the routing suggestion
    await dlg.locator('[data-test=action-note]').fill('请尽快处置')
    await dlg.locator('[data-test=action-submit]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=ticket-state]')?.textContent.trim() === '待签收')
    assert.match(await drawer.locator('[data-test=ticket-unit]').textContent(), /市政设施管理中心/)
    await drawer.locator('[data-test=timeline] .el-timeline-item', { hasText: '派单' }).first().waitFor()
  })
})

test('市政 signs and feeds back with a photo', async () => {
  const hotDesc = `热线登记的井盖案件 ${nonce}`, desc = `待签收的井盖报告 ${nonce}`
  await hotlineCase(h.server.base, hotDesc)
  await residentCase(h.server.base, desc, 'dispatched')
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shizheng')
    await page.locator('[data-bucket=to_sign]').click()
    await page.waitForURL('**/tickets?status=dispatched**')
    await page.locator('.el-table__row', { hasText: hotDesc }).waitFor() // dispatched by rule: here too
    const row = page.locator('.el-table__row', { hasText: desc })
    await row.locator('button.link').click()
    const drawer = page.locator('[data-test=ticket-detail]')
    await drawer.waitFor()
    await drawer.locator('[data-action=sign]').click()
    await page.locator('.el-dialog:visible [data-test=action-submit]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=ticket-state]')?.textContent.trim() === '处置中')

    await drawer.locator('[data-action=feedback]').click()
    const dlg = page.locator('.el-dialog:visible')
    await dlg.locator('[data-test=photo-input]').setInputFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: tinyPng() })
    await dlg.locator('.thumbs img').waitFor()
    await dlg.locator('[data-test=action-submit]').click()
    await dlg.locator('[data-test=action-error]').waitFor() // a note is required: the form says so
    await dlg.locator('[data-test=action-note]').fill('已更换井盖，现场恢复正常')
    await dlg.locator('[data-test=action-submit]').click()
    await dlg.locator('[data-test=action-error]').waitFor() // and so is the public reply (答复口径)
    await dlg.locator('[data-test=action-public-reply]').fill('井盖已更换，现场恢复正常')
    await dlg.locator('[data-test=action-submit]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=ticket-state]')?.textContent.trim() === '待核查')
    const img = drawer.locator('.photos img').first()
    await img.waitFor()
    await page.waitForFunction((el) => el.complete && el.naturalWidth === 4, await img.elementHandle())
  })
})

test('the supervisor verifies and closes it', async () => {
  const desc = `待核查的井盖报告 ${nonce}`
  await residentCase(h.server.base, desc, 'handled')
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'supervisor')
    await page.locator('[data-bucket=to_verify]').click()
    await page.waitForURL('**/tickets?status=handled')
    await page.locator('.el-table__row', { hasText: desc }).locator('button.link').click()
    const drawer = page.locator('[data-test=ticket-detail]')
    await drawer.waitFor()
    await drawer.locator('[data-action=approve]').click()
    await page.locator('.el-dialog:visible [data-test=action-public-reply]').fill('经核查已处置到位，现予办结')
    await page.locator('.el-dialog:visible [data-test=action-submit]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=ticket-state]')?.textContent.trim() === '已结案')
  })
})

test('the resident follows the case on a phone and rates it', async () => {
  const { code } = await residentCase(h.server.base, `已结案的井盖报告 ${nonce}`, 'closed')
  await withPage(h, PHONE, async (page) => {
    // the code as a caller types it after hearing it: lower case, grouped, O for 0 and L for 1
    await page.goto('/h5/track')
    const typed = `${code.slice(0, 5)} - ${code.slice(5)}`.toLowerCase().replaceAll('0', 'o').replaceAll('1', 'l')
    await page.locator('#h5-code').fill(typed)
    await page.locator('#h5-code').press('Enter')
    await page.locator('[data-test=track-state]').waitFor()
    assert.equal((await page.locator('[data-test=track-state]').textContent()).trim(), '已结案')
    const steps = await page.locator('[data-test=track-timeline] li').count()
    assert.ok(steps >= 6, `timeline has every step (${steps})`)
    // the after-repair photo, as FixMyStreet shows it (the resident's own report photo is not repeated)
    const after = page.locator('[data-test=track-photos] img')
    assert.equal(await after.count(), 1)
    await page.waitForFunction((el) => el.complete && el.naturalWidth === 4, await after.first().elementHandle())
    // a 2★ rating asks what was wrong before it is sent
    await page.locator('[data-star="2"]').check({ force: true })
    await page.locator('[data-test=rate-submit]').click()
    await page.locator('[data-test=rate-form] .err', { hasText: '哪里不满意' }).waitFor()
    await page.locator('[data-star="5"]').check({ force: true })
    await page.locator('[data-test=rate-comment]').fill('处理及时，谢谢！')
    await shot(page, 'h5-track', { fullPage: false })
    await page.locator('[data-test=rate-submit]').click()
    await page.locator('[data-test=rated]').waitFor()
    assert.match(await page.locator('[data-test=rated]').textContent(), /5/)
    assert.equal(await page.locator('[data-test=rate-form]').count(), 0, 'no second rating')
  })
})

test('admin: case list, detail drawer, dashboard at 1920×1080, routing tester', async () => {
  const desc = `已评价的井盖报告 ${nonce}`
  await residentCase(h.server.base, desc, 'rated')
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    await page.locator('[data-menu=tickets]').click()
    await page.locator('.el-table__row').first().waitFor()
    await shot(page, 'tickets')
    // export with the list's filters (server-side .xlsx)
    await page.locator('#f-q').fill('井盖')
    await page.locator('[data-test=search]').click()
    await page.waitForURL('**/tickets?q=**')
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export]').click()])
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    const head = await new Promise((resolve, reject) => dl.createReadStream().then((st) => {
      const parts = []
      st.on('data', (c) => parts.push(c)).on('end', () => resolve(Buffer.concat(parts).subarray(0, 2).toString())).on('error', reject)
    }, reject))
    assert.equal(head, 'PK', 'an xlsx (zip) file')
    await page.locator('[data-test=filters]').getByRole('button', { name: '重置' }).click()
    await page.waitForURL(/\/tickets$/)
    await page.locator('.el-table__row', { hasText: desc }).locator('button.link').click()
    const drawer = page.locator('[data-test=ticket-detail]')
    await drawer.waitFor()
    await drawer.locator('.photos img').first().waitFor()
    assert.match(await drawer.textContent(), /★★★★★/, 'rating shown to staff')
    await page.waitForTimeout(400) // drawer animation
    await shot(page, 'ticket-detail')
    await page.keyboard.press('Escape')

    // English, remembered across a reload, then back to Chinese
    await page.locator('[data-test=lang]').first().selectOption('en')
    assert.equal((await page.locator('[data-menu=tickets]').textContent()).trim().endsWith('Cases'), true)
    await page.reload()
    await page.locator('[data-menu=config]').waitFor()
    assert.match(await page.locator('[data-menu=config]').textContent(), /Settings/)
    await page.locator('[data-test=lang]').first().selectOption('zh-CN')
    assert.match(await page.locator('[data-menu=config]').textContent(), /配置/)

    await page.goto('/config?tab=rules')
    await elSelect(page, 'rt-cat', '0101', '0101 上水井盖')
    await page.locator('[data-test=rule-tester]').getByLabel('区划/网格').click()
    await page.locator('.el-cascader-node', { hasText: '江临市' }).first().locator('.el-radio').click()
    await page.keyboard.press('Escape')
    await page.locator('[data-test=rt-run]').click()
    await page.locator('[data-test=rt-result]').waitFor()
    assert.match(await page.locator('[data-test=rt-unit]').textContent(), /市政设施管理中心/)
    await shot(page, 'config-rules')
  })
  await withPage(h, { viewport: { width: 1920, height: 1080 } }, async (page) => {
    await login(page, 'admin')
    await page.goto('/dashboard')
    await page.locator('[data-test=dashboard] .kpi b').first().waitFor()
    await page.locator('[data-test=dashboard] canvas').first().waitFor()
    await page.waitForTimeout(1200) // chart animations
    await shot(page, 'dashboard', { jpeg: true, quality: 80 })
  })
})
