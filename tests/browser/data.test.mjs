// Data rules in the console and the H5: a resident report with only an address waits in the
// dispatcher's 待定位 tile; the dispatcher places it on the map from the ticket detail and answers
// the resident (对外答复); the H5 tracking page shows that public reply and never the internal note.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, api, apiLogin } from './harness.mjs'

const nonce = String(Date.now()).slice(-6)
const CONSOLE = { viewport: { width: 1440, height: 900 } }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
const desc = `只有地址的报告 ${nonce}`
const note = `内部备注 ${nonce} 请勿外传`
const reply = `已确认位置，正在安排处置 ${nonce}`

/** A resident report with only an address: it waits under 待定位. Returns its tracking code. */
async function addressOnlyReport(description) {
  const r = await api(h.server.base, 'POST', '/api/v1/public/reports',
    { category_code: '0101', description, address: '江临市某路口' })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  return r.json.track_code
}

const h = serverAndBrowser()

test('the dispatcher finds the report under 待定位 and places it on the map with a public reply', async () => {
  await addressOnlyReport(desc)
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'dispatcher')
    const tile = page.locator('[data-bucket=needs_location]')
    await page.waitForFunction(() => Number(document.querySelector('[data-bucket=needs_location] .n')?.textContent) >= 1)
    await tile.click()
    await page.waitForURL('**/tickets?flag=needs_location')
    const row = page.locator('.el-table__row', { hasText: desc })
    await row.locator('[data-test=row-needs-location]').waitFor()
    await row.locator('button.link').click()
    const drawer = page.locator('[data-test=ticket-detail]')
    await drawer.locator('[data-test=needs-location]').waitFor()
    await drawer.locator('[data-action=locate]').click()
    const dlg = page.locator('.el-dialog:visible')
    const map = dlg.locator('[data-test=locate-map] .gw-map')
    await map.waitFor()
    await page.waitForTimeout(300) // the grids are fitted once the dialog has its size
    const box = await map.boundingBox()
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.4) // inside a grid, off its corners
    await dlg.getByText('已选位置').waitFor()
    await dlg.locator('[data-test=action-note]').fill(note)
    await dlg.locator('[data-test=action-public-reply]').fill(reply)
    await dlg.locator('[data-test=action-submit]').click()
    await drawer.locator('[data-test=timeline] .el-timeline-item', { hasText: '设置位置' }).waitFor()
    await page.waitForFunction(() => !document.querySelector('[data-test=needs-location]'))
    await drawer.locator('[data-test=public-reply]', { hasText: reply }).waitFor()
  })
})

test('the H5 tracking page shows the public reply, never the internal note', async () => {
  // its own report, located with a note and a public reply through the API
  const own = { desc: `只有地址的报告 H5 ${nonce}`, note: `内部备注 H5 ${nonce} 请勿外传`, reply: `已确认位置 H5 ${nonce}` }
  const code = await addressOnlyReport(own.desc)
  const disp = await apiLogin(h.server.base, 'dispatcher')
  const items = (await api(h.server.base, 'GET', '/api/v1/tickets?needs_location=1&limit=200', undefined, disp)).json.items
  const id = items.find((t) => t.track_code === code)?.id
  assert.ok(id, 'the report waits under 待定位')
  const r = await api(h.server.base, 'POST', `/api/v1/tickets/${id}/actions`, { action: 'locate',
    location: { lon: 120.155, lat: 30.255 }, note: own.note, public_reply: own.reply }, disp)
  assert.equal(r.status, 200, JSON.stringify(r.json))
  await withPage(h, PHONE, async (page) => {
    await page.goto(`/h5/track/${code}`)
    await page.locator('[data-test=track-reply]', { hasText: own.reply }).waitFor()
    const text = await page.locator('[data-test=track]').textContent()
    assert.ok(!text.includes(own.note), 'the internal note stays internal')
    assert.ok(!text.includes('陈晓东'), 'no staff names')
  })
})
