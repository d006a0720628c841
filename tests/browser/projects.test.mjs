// 需求→项目 in the browser: a resident answers a survey on the phone-size H5 page; community staff
// (shequ01) see the answer in the result chart; a project moves across the board (draft → published).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-8)
const MOBILE = `137${nonce}`
const TITLE = `社区服务需求调查${nonce.slice(-4)}`
const PROJECT = `长者智能手机培训${nonce.slice(-4)}`
const data = {}

const h = serverAndBrowser(async (h) => {
  const base = h.server.base
  const staff = await apiLogin(base, 'shequ01')
  const me = await api(base, 'GET', '/api/v1/me', undefined, staff)
  data.community = me.json.division_id
  const now = Date.now()
  const s = await api(base, 'POST', '/api/v1/surveys', { community_id: data.community, title: TITLE,
    opens_at: new Date(now - 60000).toISOString(), closes_at: new Date(now + 86400000).toISOString(),
    questions: [{ type: 'single', prompt: '家中是否有 60 岁以上老人？', options: ['有', '没有'] },
      { type: 'multi', prompt: '最希望开展哪些服务？', options: ['智能手机培训', '暑期托管', '社区花园'] },
      { type: 'text', prompt: '其他建议' }] }, staff)
  assert.equal(s.status, 201, JSON.stringify(s.json))
  const p = await api(base, 'POST', '/api/v1/projects', { community_id: data.community, title: PROJECT, budget: 300,
    starts_at: new Date(now).toISOString(), ends_at: new Date(now + 30 * 86400000).toISOString(), survey_id: s.json.id }, staff)
  assert.equal(p.status, 201, JSON.stringify(p.json))
  const r = await api(base, 'POST', '/api/v1/resident/register', { phone: MOBILE, password: 'survey-pw-1',
    community_id: data.community })
  assert.equal(r.status, 201, JSON.stringify(r.json))
})

test('a resident answers a survey on the phone; staff see it in the result chart', async () => {
  await withPage(h, PHONE, async (page) => {
    await page.goto('/h5/me')
    await page.locator('#h5me-phone').fill(MOBILE)
    await page.locator('#h5me-pw').fill('survey-pw-1')
    await page.locator('[data-test=h5me-submit]').click()
    await page.locator('[data-test=h5me-account]').waitFor()
    await page.goto('/h5/projects')
    const card = page.locator('[data-test=h5pj-survey]', { hasText: TITLE })
    await card.locator('[data-test=h5pj-submit]').click() // nothing chosen: the server refuses, in Chinese
    await page.locator('[data-test=h5pj-error]', { hasText: '第 1 题' }).waitFor()
    await card.locator('[data-test=h5pj-opt-0-0]').check()
    await card.locator('[data-test=h5pj-opt-1-0]').check()
    await card.locator('[data-test=h5pj-opt-1-2]').check()
    await card.locator('[data-test=h5pj-text-2]').fill('希望多办防诈骗讲座')
    await card.locator('[data-test=h5pj-submit]').click()
    await card.locator('[data-test=h5pj-answered]').waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `no horizontal scroll on the phone (${width})`)
  }, /status of 400/)

  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shequ01')
    await page.locator('[data-menu=needs]').click()
    await page.locator('[data-test=sv-table] .el-table__row', { hasText: TITLE }).click()
    const results = page.locator('[data-test=sv-results]')
    await results.locator('[data-test=sv-chart]').first().waitFor()
    const counts = await results.locator('[data-test=sv-count]').allTextContents()
    assert.deepEqual(counts.slice(0, 2), ['1 · 100.0%', '0 · 0.0%'])
    assert.deepEqual(counts.slice(2), ['1 · 100.0%', '0 · 0.0%', '1 · 100.0%'])
    const bar = await results.locator('[data-test=sv-bar]').first().evaluate((el) => el.style.width)
    assert.equal(bar, '100%')
    await results.locator('[data-test=sv-texts]', { hasText: '希望多办防诈骗讲座' }).waitFor()
  })
})

test('a project moves across the board from draft to published', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'shequ01')
    await page.locator('[data-menu=projects]').click()
    const card = (col) => page.locator(`[data-test=pj-col-${col}] [data-test=pj-card]`, { hasText: PROJECT })
    await card('draft').click()
    const drawer = page.locator('[data-test=pj-drawer]')
    await drawer.locator('[data-test=pj-state]', { hasText: '草稿' }).waitFor()
    await drawer.locator('[data-test=pj-act-publish]').click()
    await drawer.locator('[data-test=pj-state]', { hasText: '已发布' }).waitFor()
    await card('published').waitFor()
    assert.equal(await card('draft').count(), 0)
  })
})
