// The console on a phone (grid workers and field staff, 390 px) and on a desktop (1440 px): every
// page fits the screen without sideways scrolling, the menu does not take the screen, the header
// stays one line, forms and the map are usable, and the ticket drawer fills the phone's width.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { serverAndBrowser, withPage, login, shot } from './harness.mjs'

const h = serverAndBrowser()
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
const DESKTOP = { viewport: { width: 1440, height: 900 } }
const PAGES = ['/workbench', '/tickets', '/intake', '/dashboard', '/config']

/** What overflows the viewport sideways: the page itself, or elements wider than the screen that do
 * not scroll inside themselves (tables scroll inside their own box, which is fine). */
async function overflow(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth
    const out = []
    if (document.documentElement.scrollWidth > w + 1) out.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${w})`)
    for (const el of document.querySelectorAll('#main *, header.top, header.top *, .dash *')) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      if (el.closest('.el-table, .el-scrollbar, .leaflet-container, .el-select-dropdown, .el-picker-panel, .el-tabs__nav-wrap')) continue
      if (r.right > w + 1 || r.left < -1) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(r.left)}..${Math.round(r.right)}`)
    }
    return out.slice(0, 5)
  })
}

test('every console page fits a 390 px phone', async () => {
  await withPage(h, PHONE, async (page) => {
    await login(page, 'admin')
    for (const path of PAGES) {
      await page.goto(path)
      const wall = path === '/dashboard' // the big screen (大屏) has no console frame
      await page.locator(wall ? '.dash' : '#main').waitFor()
      await page.waitForLoadState('networkidle')
      if (!wall) {
        const side = await page.locator('aside.side').boundingBox()
        assert.ok(side.width * side.height < 390 * 844 * 0.15, `${path}: the menu takes ${Math.round(side.width)}x${Math.round(side.height)}`)
        const top = await page.locator('header.top').boundingBox()
        assert.ok(top.height <= 64, `${path}: the header wraps (${top.height} px high)`)
      }
      assert.deepEqual(await overflow(page), [], `${path}: nothing sticks out of the screen`)
      await shot(page, `phone${path.replace('/', '-')}`, { fullPage: false })
    }
    // the menu still reaches every page
    await page.goto('/workbench')
    await page.locator('[data-menu=tickets]').click()
    await page.waitForURL('**/tickets')
  })
})

test('the ticket drawer and the intake map use the whole phone width', async () => {
  await withPage(h, PHONE, async (page) => {
    await login(page, 'dispatcher')
    await page.goto('/tickets')
    await page.locator('.el-table__row button.link').first().click()
    const drawer = page.locator('.el-drawer')
    await page.locator('[data-test=ticket-detail]').waitFor()
    const box = await drawer.boundingBox()
    assert.ok(box.width >= 380, `drawer ${box.width} px wide`)
    await page.goto('/intake')
    const map = await page.locator('#main .leaflet-container').first().boundingBox()
    assert.ok(map && map.width >= 300, `intake map ${JSON.stringify(map)}`)
    assert.ok(map.x >= 0 && map.x + map.width <= 391, 'the map is inside the screen')
  })
})

test('the dashboard at 1440 px shows whole labels and dates', async () => {
  await withPage(h, DESKTOP, async (page) => {
    await login(page, 'supervisor')
    await page.goto('/dashboard')
    await page.waitForLoadState('networkidle')
    const cut = await page.evaluate(() => [...document.querySelectorAll('.dash label, .dash .kpi *, .dash header *, .dash input')]
      .filter((el) => !el.closest('.sr-only') && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
      .map((el) => `${el.tagName.toLowerCase()} ${(el.value || el.textContent).trim().slice(0, 30)}`))
    assert.deepEqual(cut, [], 'no truncated label or date')
    assert.deepEqual(await overflow(page), [])
    const overlaps = await page.evaluate(() => [...document.querySelectorAll('.alerts li')].filter((li) => {
      const a = li.querySelector('.what')?.getBoundingClientRect(), b = li.querySelector('.due')?.getBoundingClientRect()
      return a && b && a.right > b.left + 1 && a.bottom > b.top + 1 && b.bottom > a.top + 1
    }).length)
    assert.ok(await page.locator('.alerts li .due').count() > 0, 'the demo has overdue cases')
    assert.equal(overlaps, 0, 'no date drawn over a case')
    await page.waitForTimeout(1500)
    await shot(page, 'dashboard-1440')
  })
})
