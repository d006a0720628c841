// 智能分类 at intake (issue 12 item 1): the hotline operator types a description without choosing a category;
// the classifier's top suggestions appear with their probabilities and the n-grams that drove them; one click
// sets the category, and the ticket is registered in it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

const h = serverAndBrowser()
const CONSOLE = { viewport: { width: 1440, height: 900 } }

test('intake: typing the description suggests categories; a click sets one', async () => {
  const desc = `解放路口的路灯连续几晚不亮，晚上走路很黑 ${Date.now()}`
  let code = ''
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'hotline')
    await page.locator('[data-menu=intake]').click()
    await page.locator('#in-desc').pressSequentially(desc.slice(0, 16), { delay: 20 })
    const box = page.locator('[data-test=classify-suggest]')
    await box.waitFor()
    const picks = box.locator('[data-test=classify-pick]')
    assert.equal(await picks.count(), 3, 'the top three')
    const first = (await picks.first().textContent()).trim()
    assert.match(first, /0106 路灯 · \d+%/, 'the 路灯 category first, with its probability')
    assert.match(await box.locator('[data-test=classify-why]').textContent(), /灯/, 'explained by its n-grams')
    const picker = page.locator('[data-test=intake-category]')
    assert.doesNotMatch(await picker.textContent(), /0106/, 'nothing chosen yet')
    await picks.first().click()
    await page.waitForFunction(() => /0106 路灯/.test(document.querySelector('[data-test=intake-category]')?.textContent || ''))
    await page.locator('#in-desc').fill(desc)
    await page.locator('#in-addr').fill('解放路1号')
    await page.locator('[data-test=intake-submit]').click()
    await page.locator('[data-test=intake-result]').waitFor()
    code = ((await page.locator('[data-test=intake-result]').textContent()).match(/[0-9A-Z]{5}-[0-9A-Z]{5}/) || [''])[0]
  })
  assert.ok(code, 'registered')
  const token = await apiLogin(h.server.base, 'dispatcher')
  const r = await api(h.server.base, 'GET', `/api/v1/tickets?q=${encodeURIComponent(desc)}`, undefined, token)
  assert.equal(r.status, 200)
  assert.equal(r.json.items.length, 1)
  assert.equal(r.json.items[0].category.code, '0106', 'registered in the suggested category')
})
