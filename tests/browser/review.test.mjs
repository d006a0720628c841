// The 复核队列 page: a resident's vague report (no category) waits in the queue with the machine's top three
// and their probabilities; the words that drove the selected suggestion are marked in the text; the
// dispatcher picks another suggestion (the marks follow it), confirms, and the ticket leaves the queue
// dispatched by the routing table. A hotline operator has no such menu.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin, elSelect } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
const LAMP = `解放路88号门口的路灯连续几晚不亮，晚上走路很黑${String(Date.now()).slice(-4)}`
const VAGUE = `请尽快处理一下这个问题，谢谢${String(Date.now()).slice(-4)}`
const h = serverAndBrowser(async (h) => {
  const r = await api(h.server.base, 'POST', '/api/v1/public/reports', { description: VAGUE,
    location: { lon: 120.163, lat: 30.262 } })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  h.track = r.json.track_code
})

test('a dispatcher confirms a suggestion from the review queue', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.locator('[data-menu=review]').click()
    const card = page.locator('[data-test=review-item]', { hasText: h.track })
    await card.waitFor()
    const choices = card.locator('[data-test=review-choice]')
    assert.equal(await choices.count(), 3, 'the top three suggestions')
    const labels = await choices.allInnerTexts()
    assert.ok(labels.every((l) => /\d+%/.test(l)), `each with its probability: ${labels}`)
    const marks = await card.locator('[data-test=review-gram]').allInnerTexts()
    assert.ok(marks.length > 0 && marks.every((m) => VAGUE.includes(m)), `n-grams of the text marked: ${marks}`)
    const stats = page.locator('[data-test=review-stats]')
    await page.waitForFunction(() => /\d+%/.test(document.querySelector('[data-test=review-auto-share]')?.textContent || ''))
    const wait = page.waitForResponse((r) => r.url().includes('/api/v1/classifier/stats') && r.url().includes('from='))
    await elSelect(page, 'review-period', null, '近 7 天') // another period: the figures are asked for again
    assert.equal((await wait).status(), 200)
    assert.ok((await stats.innerText()).includes('%'), 'the figures')
    await choices.nth(1).click() // the second suggestion: its own n-grams are marked now
    await card.locator('[data-test=review-gram]').first().waitFor()
    await card.locator('[data-test=review-confirm]').click()
    await page.locator('.el-message--success').waitFor()
    await card.waitFor({ state: 'detached' })
  })
  const disp = await apiLogin(h.server.base, 'dispatcher')
  const q = await api(h.server.base, 'GET', '/api/v1/review-queue?limit=100', undefined, disp)
  assert.ok(!q.json.items.some((x) => x.track_code === h.track), 'gone from the queue')
  const list = await api(h.server.base, 'GET', '/api/v1/tickets?limit=200', undefined, disp)
  const t = list.json.items.find((x) => x.track_code === h.track)
  assert.ok(t && t.state !== 'reported', `categorised and on its way: ${t && t.state}`)
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'hotline')
    assert.equal(await page.locator('[data-menu=review]').count(), 0, 'no review queue for the hotline')
  })
})

test('a resident reports on the H5 page without choosing a type: the server classifies it', async () => {
  await withPage(h, PHONE, async (page) => {
    await page.goto('/h5')
    await page.locator('[data-test=h5-cat-optional]').waitFor()
    await page.locator('#h5-desc').fill(LAMP)
    await page.locator('#h5-addr').fill('解放路88号')
    await page.locator('[data-test=h5-submit]').click()
    await page.locator('[data-test=h5-code]').waitFor()
  })
  const disp = await apiLogin(h.server.base, 'dispatcher')
  const list = await api(h.server.base, 'GET', '/api/v1/tickets?limit=200', undefined, disp)
  const row = list.json.items.find((x) => x.description === LAMP)
  assert.ok(row, 'the report is filed')
  const t = (await api(h.server.base, 'GET', `/api/v1/tickets/${row.id}`, undefined, disp)).json
  assert.equal(t.category.code, '0106', 'categorised as 路灯 by the classifier')
  assert.equal(t.classification && t.classification.auto_classified, true, JSON.stringify(t.classification))
})
