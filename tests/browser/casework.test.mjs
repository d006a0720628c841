// Issue 9 leftovers on the case list and in the drawer: 诉求类型 as a column, a filter and a drawer field;
// ticked rows exported to xlsx (exactly those ids); and a 直接答复 from the drawer that searches the
// 知识库, fills the reply from the pick and cites the article.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, elSelect, api, apiLogin } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const nonce = String(Date.now()).slice(-6)
const descs = { suggest: `建议增设路灯 ${nonce}`, consult: `咨询社保卡补办 ${nonce}`, help: `求助开锁 ${nonce}` }
const ids = {}
const h = serverAndBrowser(async () => {
  const hotline = await apiLogin(h.server.base, 'hotline')
  for (const [rt, d] of Object.entries(descs)) {
    const r = await api(h.server.base, 'POST', '/api/v1/tickets', { category_code: '0101', description: d, address: '中山路100号',
      location: { lon: 120.163, lat: 30.262 }, request_type: rt }, hotline)
    assert.equal(r.status, 201, JSON.stringify(r.json))
    ids[rt] = r.json.id
  }
})

const row = (page, desc) => page.locator('.el-table__body-wrapper .el-table__row', { hasText: desc })

test('the case list shows and filters by 诉求类型; the drawer shows it', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    await page.goto('/tickets')
    await row(page, descs.suggest).locator('[data-test=row-request-type]', { hasText: '建议' }).waitFor()
    await row(page, descs.consult).locator('[data-test=row-request-type]', { hasText: '咨询' }).waitFor()
    await elSelect(page, 'f-rt', null, '求助')
    await page.locator('[data-test=search]').click()
    await page.waitForURL(/request_type=help/)
    await row(page, descs.help).waitFor()
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=row-request-type]')].every((e) => e.textContent.trim() === '求助'))
    assert.equal(await row(page, descs.suggest).count(), 0)
    await row(page, descs.help).locator('[data-ticket]').click()
    await page.locator('[data-test=ticket-request-type]', { hasText: '求助' }).waitFor()
  })
})

test('ticked rows are exported, exactly those', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'supervisor')
    await page.goto('/tickets')
    for (const d of [descs.suggest, descs.help]) await row(page, d).locator('.el-checkbox').click()
    await page.locator('[data-test=batch-bar]', { hasText: '已选 2 件' }).waitFor()
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/tickets/export.xlsx')),
      page.locator('[data-test=batch-export]', { hasText: '导出所选（2）' }).click(),
    ])
    assert.equal(res.status(), 200)
    const q = new URL(res.url()).searchParams
    assert.deepEqual(q.get('ids').split(',').map(Number).sort(), [ids.suggest, ids.help].sort())
    assert.deepEqual([...q.keys()], ['ids'])
    assert.match(res.headers()['content-type'], /spreadsheetml/)
  })
})

test('the drawer\'s 直接答复 searches the 知识库, fills the reply and cites the article', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'hotline')
    await page.goto(`/tickets?open=${ids.consult}`)
    await page.locator('[data-action=answer]').click()
    const dlg = page.locator('[data-test=action-dialog]')
    await dlg.locator('[data-test=kb-search]').pressSequentially('社保卡补办', { delay: 30 })
    const hit = dlg.locator('[data-test=kb-hit]', { hasText: '社保卡补办' }).first()
    await hit.waitFor()
    await hit.locator('[data-test=kb-use]').click()
    assert.match(await dlg.locator('[data-test=action-public-reply]').inputValue(), /社保卡/)
    await dlg.locator('[data-test=answer-kb-cited]').waitFor()
    await dlg.locator('[data-test=action-submit]').click()
    await page.locator('.el-message--success').first().waitFor()
  })
  const hotline = await apiLogin(h.server.base, 'hotline')
  const t = (await api(h.server.base, 'GET', `/api/v1/tickets/${ids.consult}`, undefined, hotline)).json
  assert.equal(t.state, 'closed')
  const tl = (await api(h.server.base, 'GET', `/api/v1/tickets/${ids.consult}/timeline`, undefined, hotline)).json
  const last = (tl.items || tl).at(-1)
  assert.equal(last.action, 'answer')
  assert.match(last.public_reply, /社保卡/)
  assert.equal(last.detail.kb_ids.length, 1)
})

test('the dashboard counts by 诉求类型', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    await page.goto('/dashboard')
    const bar = page.locator('[data-test=dash-request-types]')
    await bar.waitFor()
    for (const name of ['咨询', '投诉', '求助', '建议', '举报']) await bar.locator('span', { hasText: name }).waitFor()
    const n = Number(await bar.locator('[data-rt=suggest] b').textContent())
    assert.ok(n >= 1, `建议 counted: ${n}`)
  })
})
