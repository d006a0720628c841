// 积分 end to end: a volunteer partner signs in to a patrol on the phone-size page with the organiser's
// code and their position, signs out an hour later (the test moves the sign-in an hour back in the
// database instead of waiting), the organiser (shequ01) confirms the live record in the console, and the
// volunteer sees the 5 points (巡逻 5 per hour) arrive.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { serverAndBrowser, withPage, login, api, apiLogin, elSelect } from './harness.mjs'

const PLACE = { longitude: 120.1551, latitude: 30.2741 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
  geolocation: { longitude: PLACE.longitude + 0.0002, latitude: PLACE.latitude + 0.0001 }, permissions: ['geolocation'] }
const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-8)
const MOBILE = `137${nonce}`
const NAME = `巡逻员${nonce.slice(-4)}`
const TITLE = `晚间巡逻${nonce.slice(-4)}`
const ctx = {}

async function ok(base, method, p, body, token) {
  const r = await api(base, method, p, body, token)
  assert.ok(r.status === 200 || r.status === 201, `${method} ${p}: ${r.status} ${JSON.stringify(r.json)}`)
  return r.json
}

const h = serverAndBrowser(async (h) => {
  const base = h.server.base
  const staff = await apiLogin(base, 'shequ01')
  const community = (await ok(base, 'GET', '/api/v1/divisions', undefined, staff)).items.find((d) => d.name === '幸福里社区')
  const res = await ok(base, 'POST', '/api/v1/resident/register', { phone: MOBILE, password: 'volunteer-pw', community_id: community.id })
  const partner = await ok(base, 'POST', '/api/v1/resident/partner', { type: 'volunteer', kind: 'person', name: NAME,
    community_id: community.id }, res.token)
  await ok(base, 'POST', `/api/v1/partners/${partner.id}/actions`, { action: 'approve', reason: '身份证核验', method: 'id_card' }, staff)
  const rule = (await ok(base, 'GET', '/api/v1/earn-rules', undefined, staff)).items.find((r) => r.code === 'patrol')
  const now = Date.now()
  const act = await ok(base, 'POST', '/api/v1/activities', { rule_id: rule.id, title: TITLE, lon: PLACE.longitude,
    lat: PLACE.latitude, radius_m: 300, address: '幸福里北门岗亭', starts_ms: now - 2 * 3600e3, ends_ms: now + 3600e3 }, staff)
  Object.assign(ctx, { staff, activity: act.id, partner: partner.id })
})

test('a volunteer signs in and out of a patrol on the phone, the organiser confirms, the points arrive', async () => {
  const code = (await api(h.server.base, 'GET', `/api/v1/activities/${ctx.activity}/code`, undefined, ctx.staff)).json.code
  assert.match(code, /^\d{6}$/)
  await withPage(h, PHONE, async (page) => {
    await page.goto('/h5/me')
    await page.locator('#h5me-phone').fill(MOBILE)
    await page.locator('#h5me-pw').fill('volunteer-pw')
    await page.locator('[data-test=h5me-submit]').click()
    await page.locator('[data-test=h5me-points]').click()
    const card = page.locator('[data-test=h5pt-activity]', { hasText: TITLE })
    await card.locator('[data-test=h5pt-code]').fill(String((Number(code) + 1) % 1000000).padStart(6, '0'))
    await card.locator('[data-test=h5pt-sign-in]').click()
    await page.locator('[data-test=h5pt-error]', { hasText: '签到码错误' }).waitFor() // the server's refusal, in Chinese
    await card.locator('[data-test=h5pt-code]').fill(code)
    await card.locator('[data-test=h5pt-sign-in]').click()
    await card.locator('[data-test=h5pt-signed-in]').waitFor()
    // an hour on patrol: move the sign-in back instead of waiting
    execFileSync('sqlite3', [path.join(h.server.dir, 'gw.db'),
      `UPDATE earn_records SET started_ms = started_ms - 3600000 WHERE activity_id = ${ctx.activity} AND status = 'open'`])
    await card.locator('[data-test=h5pt-sign-out]').click()
    const rec = page.locator('[data-test=h5pt-record]', { hasText: '60 分钟' })
    await rec.locator('[data-test=h5pt-record-status]', { hasText: '待确认' }).waitFor()
  }, /status of 403/)

  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shequ01')
    await page.locator('[data-menu=earn]').click()
    const row = page.locator('[data-test=earn-records] .el-table__row', { hasText: NAME })
    await row.locator('[data-test=earn-src]', { hasText: '实时签到' }).waitFor()
    await row.locator('[data-test=earn-confirm]').click()
    await row.locator('[data-test=earn-state]', { hasText: '已确认' }).waitFor()
    assert.match(await row.textContent(), /5/)
    // back-filled hours recorded in the console are kept apart (补录) and wait for another organiser
    await elSelect(page, 'earn-nf-source', null, '补录')
    await elSelect(page, 'earn-nf-rule', null, '巡逻')
    await page.locator('#earn-nf-partner').fill(String(ctx.partner))
    await page.locator('#earn-nf-minutes').fill('90')
    await page.locator('#earn-nf-ago').fill('30')
    await page.locator('[data-test=earn-record-add]').click()
    const back = page.locator('[data-test=earn-records] .el-table__row', { hasText: '补录' }).filter({ hasText: NAME })
    await back.locator('[data-test=earn-state]', { hasText: '待确认' }).waitFor()
  })

  await withPage(h, PHONE, async (page) => {
    await page.goto('/h5/me')
    await page.locator('#h5me-phone').fill(MOBILE)
    await page.locator('#h5me-pw').fill('volunteer-pw')
    await page.locator('[data-test=h5me-submit]').click()
    await page.locator('[data-test=h5me-points]').click()
    await page.locator('[data-test=h5pt-total]', { hasText: '5' }).waitFor()
    await page.locator('[data-test=h5pt-record-status]', { hasText: '已确认' }).waitFor()
    assert.equal(await page.locator('[data-test=h5pt-balance]').first().textContent(), '5')
  })
})
