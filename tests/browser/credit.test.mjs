// The credit file (信用档案) in the console: community staff (shequ01) open the demo volunteer team's file
// from the partner list (score, three stars by live hours, back-filled hours apart, its certificate),
// issue a volunteer service certificate and see its print view (print CSS hides the page's controls),
// revoke it and re-issue; the outstanding partners ranking lists ranks in score order.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const TEAM = '幸福里退休老干部志愿服务队'
const h = serverAndBrowser()

test('staff open a partner credit file, issue a certificate and see its print view', async () => {
  // the figures the page must show, from the API (the demo's other practices add to the team's history)
  const tok = await apiLogin(h.server.base, 'shequ01')
  const team = (await api(h.server.base, 'GET', `/api/v1/partners?q=${encodeURIComponent(TEAM)}`, undefined, tok)).json.items[0]
  const file = (await api(h.server.base, 'GET', `/api/v1/partners/${team.id}/credit`, undefined, tok)).json
  const hours = (min) => String(Math.floor(min / 60))
  assert.equal(hours(file.live_minutes), '625', 'the demo team has 625 live hours: three stars')
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shequ01')
    await page.locator('[data-menu=partners]').click()
    await page.locator('#pt-q').fill(TEAM)
    await page.locator('[data-test=pt-go]').click()
    await page.locator('[data-test=pt-table] .el-table__row', { hasText: TEAM }).click()
    await page.locator('[data-test=pt-drawer] [data-test=pt-credit]').click()
    await page.locator('[data-test=credit-page]').waitFor()
    await page.locator('[data-test=credit-name]', { hasText: TEAM }).waitFor()
    assert.equal(await page.locator('[data-test=credit-level]').innerText(), '★★★☆☆') // 625 live hours
    assert.equal(await page.locator('[data-test=credit-live]').innerText(), '625')
    assert.equal(await page.locator('[data-test=credit-backfill]').innerText(), hours(file.backfill_minutes))
    assert.ok(Number(await page.locator('[data-test=credit-score]').innerText()) > 0)
    assert.equal(await page.locator('[data-test=cert-list] .el-table__row').count(), 1) // the demo's certificate

    await page.locator('[data-test=cert-new]').click()
    const dlg = page.locator('[data-test=cert-dialog]')
    await dlg.locator('[data-test=cert-ok]').click() // no content: the server refuses
    await dlg.locator('[data-test=cert-error]').waitFor()
    await page.locator('#cert-from').fill('2020-01-01')
    await page.locator('#cert-content').fill('夜间治安巡逻')
    await dlg.locator('[data-test=cert-ok]').click()
    await page.locator('[data-test=cert-paper]').waitFor()
    const number = await page.locator('[data-test=cert-number]').innerText()
    assert.match(number, /^\w+-\d{4}-\d{5}$/)
    assert.match(await page.locator('[data-test=cert-hours]').innerText(), /^625 小时/)
    assert.equal(await page.locator('[data-test=cert-volunteer]').innerText(), TEAM)
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('[data-test=cert-print-btn]').isVisible(), false, 'print hides the controls')
    assert.equal(await page.locator('[data-test=cert-paper]').isVisible(), true)
    await page.emulateMedia({ media: 'screen' })

    await page.goBack()
    const row = page.locator('[data-test=cert-list] .el-table__row', { hasText: number })
    await row.locator('[data-test=cert-revoke]').click()
    await page.locator('.el-message-box input').fill('服务内容填写不全')
    await page.locator('.el-message-box .el-button--primary').click()
    await row.locator('[data-test=cert-state]', { hasText: '已撤销' }).waitFor()
    await row.locator('[data-test=cert-reissue]').click()
    await page.locator('#cert-content').fill('夜间治安巡逻、节日值守')
    await page.locator('[data-test=cert-dialog] [data-test=cert-ok]').click()
    await page.locator('[data-test=cert-paper]').waitFor()
    assert.notEqual(await page.locator('[data-test=cert-number]').innerText(), number)
  }, /status of 400/)
})

test('the outstanding partners ranking lists ranks in score order', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shequ01')
    await page.locator('[data-menu=partners]').click()
    await page.locator('[data-test=pt-ranking]').click()
    await page.locator('[data-test=ranking-page]').waitFor()
    await page.locator('[data-test=rk-period]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '年度' }).click()
    await page.locator('#rk-at').fill(String(new Date(Date.now() - 3 * 86400000 + 8 * 3600000).getUTCFullYear()))
    await page.locator('[data-test=rk-go]').click()
    const rows = page.locator('[data-test=rk-table] .el-table__row')
    await rows.first().waitFor()
    const n = await rows.count()
    assert.ok(n >= 1)
    const ranks = []
    const scores = []
    for (let i = 0; i < n; i++) {
      const cells = await rows.nth(i).locator('td').allInnerTexts()
      ranks.push(Number(cells[0]))
      scores.push(Number(cells[3]))
    }
    assert.deepEqual(ranks, ranks.map((_, i) => i + 1))
    assert.ok(scores.every((s, i) => i === 0 || scores[i - 1] >= s), scores.join(','))
    assert.match(await page.locator('[data-test=rk-xlsx]').getAttribute('href'), /ranking\.xlsx\?community_id=\d+&period=year/)
  })
})

test('a resident partner sees their own credit file on the H5 page', async () => {
  await withPage(h, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, async (page) => {
    await page.goto('/h5/me')
    await page.locator('#h5me-phone').fill('13800001002') // 小林, who applied as 林晓雨 (no history yet)
    await page.locator('#h5me-pw').fill('demo')
    await page.locator('[data-test=h5me-submit]').click()
    const file = page.locator('[data-test=h5-credit-file]')
    await file.waitFor()
    assert.equal(await file.count(), 1)
    assert.equal(await file.locator('[data-test=h5-credit-score]').innerText(), '100') // not evaluated: the middle
  })
})
