// 直接答复办结 with the 知识库 (issue 9 items 10 and 13): the hotline operator registers a 咨询, searches the
// knowledge base while on the call, picks 社保卡补办 as the reply and answers directly; the ticket is closed
// at once and the tracking page shows the answer (never the internal note).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, elSelect, api } from './harness.mjs'

const h = serverAndBrowser()
const CONSOLE = { viewport: { width: 1440, height: 900 } }

test('intake: search the knowledge base, answer directly, the ticket is closed and tracked', async () => {
  const desc = `来电咨询社保卡丢失怎么补办 ${Date.now()}`
  let code = ''
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'hotline')
    await page.locator('[data-menu=intake]').click()
    await elSelect(page, 'in-cat', '0101', '0101')
    await page.locator('#in-desc').fill(desc)
    await page.locator('#in-addr').fill('中山路100号')
    await page.locator('[data-test=kb-search]').pressSequentially('社保卡补办', { delay: 30 })
    const hit = page.locator('[data-test=kb-hit]', { hasText: '社保卡补办' }).first()
    await hit.waitFor()
    await hit.locator('[data-test=kb-use]').click()
    assert.match(await page.locator('[data-test=intake-answer-reply]').inputValue(), /社保卡/)
    await page.locator('[data-test=intake-kb-cited]').waitFor()
    await page.locator('[data-test=intake-answer]').click()
    await page.locator('[data-test=intake-result]').waitFor()
    await page.waitForFunction(() => document.querySelector('[data-test=intake-state]')?.textContent.trim() === '已结案')
    code = ((await page.locator('[data-test=intake-result]').textContent()).match(/[0-9A-Z]{5}-[0-9A-Z]{5}/) || [''])[0]
  })
  assert.ok(code, 'the result names the tracking code')
  const r = await api(h.server.base, 'GET', `/api/v1/track/${code.replace(/[- ]/g, '')}`)
  assert.equal(r.status, 200)
  assert.equal(r.json.state, 'closed')
  const last = r.json.timeline[r.json.timeline.length - 1]
  assert.equal(last.action, 'answer')
  assert.match(last.public_reply || '', /社保卡/)
})
