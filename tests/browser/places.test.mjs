// The address gazetteer at intake (issue 9 item 1): the operator types "中山路100号", picks the
// suggestion, and the point lands on the map with the grid in the form; the seed's open ticket at
// that address is offered as a duplicate; with no tile server the map draws the demo city's roads
// and the grid names (no external tiles are requested).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, shot } from './harness.mjs'

const CONSOLE = { viewport: { width: 1440, height: 900 } }

const h = serverAndBrowser()

test('intake: typing 中山路100号 and picking the suggestion places the point and the grid', async () => {
  const outside = []
  await withPage(h, CONSOLE, async (page) => {
    page.on('request', (r) => { if (!r.url().startsWith(h.server.base)) outside.push(r.url()) })
    await login(page, 'hotline')
    await page.locator('[data-menu=intake]').click()
    await page.locator('[data-test=intake-map] .gw-map').waitFor()
    assert.equal(await page.locator('[data-test=intake-point]').count(), 0, 'no point before the pick')
    await page.locator('#in-addr').pressSequentially('中山路100号', { delay: 30 })
    const first = page.locator('[data-test=place-suggestion]').first()
    await first.waitFor()
    assert.match(await first.textContent(), /中山路100号/)
    assert.match(await first.textContent(), /幸福里社区第1网格/, 'the suggestion names its grid')
    await first.click()
    assert.equal(await page.locator('#in-addr').inputValue(), '中山路100号')
    await page.locator('[data-test=intake-point]').waitFor()
    assert.match(await page.locator('[data-test=intake-point]').textContent(), /120\.11250, 30\.21250/)
    assert.equal((await page.locator('[data-test=intake-grid]').textContent()).trim(), '幸福里社区第1网格')
    // the marker is drawn (Leaflet circle markers are SVG paths with the marker's fill)
    await page.waitForFunction(() => document.querySelectorAll('[data-test=intake-map] path[fill="#dc2626"]').length === 1)
    // the seed ticket at 中山路100号 is offered as a duplicate, found by the address with its digits
    await page.locator('[data-test=dupes] li', { hasText: '中山路100号门口井盖破损' }).first().waitFor()
    // the offline base: roads and grid names once zoomed in to the picked address
    await page.waitForFunction(() => document.querySelectorAll('[data-test=intake-map] path.gw-road').length >= 16)
    await page.locator('[data-test=intake-map] .gw-grid-label', { hasText: '幸福里社区第1网格' }).waitFor()
    await page.locator('[data-test=intake-map] .gw-road-label', { hasText: '中山路' }).first().waitFor()
    await shot(page, 'intake-address')
    // a typo still finds it
    await page.locator('#in-addr').fill('')
    await page.locator('#in-addr').pressSequentially('中三路100号', { delay: 30 })
    await page.locator('[data-test=place-suggestion]', { hasText: '中山路100号' }).first().waitFor()
  })
  assert.deepEqual(outside, [], 'no request leaves the server (no external tiles)')
})
