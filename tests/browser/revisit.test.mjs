// 催办 and 回访 (issue 9 items 11, 12): the hotline operator urges an open case twice (the unit sees
// 催办×2); after closure the operator calls back, reads out only the public reply, records 不满意 and
// reopens the case; 市政 sees it back with the reason.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin, hotlineCase } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }
const REPLY = '井盖已更换，感谢您的反映'
const INTERNAL = '内部说明：临时盖板，下周换新'
const REASON = '来电人说井盖仍然松动，车辆经过有响声'
let ticket

const h = serverAndBrowser(async () => {
  ticket = await hotlineCase(h.server.base, `回访浏览器测试 ${Date.now()}`)
  assert.ok(ticket.unit, 'dispatched by the routing rule')
})

async function openTicket(page, user) {
  await login(page, user)
  await page.goto(`/tickets?open=${ticket.id}`)
  await page.locator('[data-test=ticket-detail]').waitFor()
}

async function act(page, action, fill) {
  await page.locator(`[data-action=${action}]`).click()
  const dlg = page.locator('[data-test=action-dialog]')
  await dlg.waitFor()
  await fill(dlg)
  await page.locator('[data-test=action-submit]').click()
  await dlg.waitFor({ state: 'hidden' })
}

test('the operator urges an open case twice and the unit sees it', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await openTicket(page, 'hotline')
    for (const n of [1, 2]) {
      await act(page, 'urge', (d) => d.locator('[data-test=action-note]').fill(`来电人第 ${n} 次催问进度`))
      await page.locator('[data-test=urge-badge]', { hasText: `催办×${n}` }).waitFor()
    }
    await page.locator('[data-test=timeline]', { hasText: '来电人第 2 次催问进度' }).waitFor()
  })
  await withPage(h, CONSOLE, async (page) => {
    await openTicket(page, 'shizheng')
    await page.locator('[data-test=urge-badge]', { hasText: '催办×2' }).waitFor()
    assert.equal(await page.locator('[data-action=urge]').count(), 0, 'the unit does not urge')
    await page.goto('/tickets?flag=urged')
    await page.locator(`[data-ticket="${ticket.id}"]`).waitFor()
  })
})

test('the operator calls back, records 不满意 and reopens; the unit gets it back with the reason', async () => {
  const { base } = h.server
  const sz = await apiLogin(base, 'shizheng')
  const sup = await apiLogin(base, 'supervisor')
  const step = async (token, action, extra = {}) => {
    const r = await api(base, 'POST', `/api/v1/tickets/${ticket.id}/actions`, { action, ...extra }, token)
    assert.equal(r.status, 200, JSON.stringify(r.json))
  }
  await step(sz, 'sign')
  await step(sz, 'feedback', { note: INTERNAL, public_reply: REPLY })
  await step(sup, 'approve', { public_reply: REPLY })

  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'hotline')
    await page.locator('[data-bucket=to_revisit]').click()
    await page.locator(`[data-ticket="${ticket.id}"]`).click()
    await page.locator('[data-test=revisit-pending]').waitFor()
    await act(page, 'revisit', async (d) => {
      const replies = d.locator('[data-test=revisit-replies]')
      await replies.locator('.reply', { hasText: REPLY }).first().waitFor()
      assert.ok(!(await replies.textContent()).includes(INTERNAL), 'the internal note is not read out')
      await d.locator('[data-sat=unsatisfied]').click()
      await d.locator('[data-test=revisit-reopen]').click()
      await d.locator('[data-test=revisit-reason]').fill(REASON)
    })
    await page.locator('[data-test=ticket-state]', { hasText: '处置中' }).waitFor()
    await page.locator('[data-test=reopen-badge]', { hasText: '重办×1' }).waitFor()
    await page.locator('[data-test=revisit-result]', { hasText: '不满意' }).waitFor()
  })

  await withPage(h, CONSOLE, async (page) => {
    await openTicket(page, 'shizheng')
    await page.locator('[data-test=ticket-state]', { hasText: '处置中' }).waitFor()
    await page.locator('[data-test=reopen-badge]').waitFor()
    await page.locator('[data-test=timeline]', { hasText: REASON }).waitFor()
    await page.locator('[data-action=feedback]').waitFor()
  })
})
