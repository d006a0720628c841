// 设备与告警 (issue 10, item 8). The simulated fleet reports over HTTP (`gridwork simulate --http`, heartbeats
// only, so every demo device SIM-0001.. is online), MC-001 at 中山路100号 reports `tilted`; the console's
// device list and map show the fleet coloured by state, the device detail draws its readings, the alarm
// list has MC-001's alarm on top with its ticket, and acknowledging it works; the workbench counts it.
// Written before the IoT server core (helper C) and this console were merged: unverified until then.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { serverAndBrowser, withPage, login, ROOT } from './harness.mjs'

const BIN = path.resolve(ROOT, process.env.GW_BIN || 'build/gridwork')
const CONSOLE = { viewport: { width: 1440, height: 900 } }

async function event(base, device, body, secret = 'demo-device') {
  const r = await fetch(base + '/api/v1/iot/events', {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + Buffer.from(`${device}:${secret}`).toString('base64') },
  })
  return r.status
}

const h = serverAndBrowser(async (hh) => {
  execFileSync(BIN, ['simulate', '--http', hh.server.base, '--devices', '40', '--fault', '0', '--rate', '200',
    '--duration', '1', '--seed', '5'], { stdio: 'pipe' })
  for (const [status, angle] of [['normal', 1.5], ['tilted', 35.2]]) {
    assert.equal(await event(hh.server.base, 'MC-001', { ts: Date.now(), status, values: { angle, battery: 88 } }), 200)
  }
})

test('devices: the fleet in the list and on the map, coloured by state; detail with readings', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    await page.locator('[data-menu=devices]').click()
    await page.waitForURL('**/iot/devices')
    const table = page.locator('[data-test=dev-table]')
    await table.locator('.dev-row', { hasText: 'SIM-0001' }).first().waitFor()
    await page.locator('#dev-q').fill('MC-001')
    await page.locator('[data-test=dev-go]').click()
    const mc = table.locator('.dev-row', { hasText: 'MC-001' }).first()
    await mc.waitFor()
    assert.equal(await mc.locator('[data-state]').getAttribute('data-state'), 'alarm')
    await mc.click()
    const drawer = page.locator('[data-test=device-drawer]')
    await drawer.locator('[data-test=device-chart] canvas').waitFor()
    await drawer.locator('[data-test=device-alarms] .el-table__row').first().waitFor()
    await page.keyboard.press('Escape')
    await page.locator('#dev-q').fill('')
    await page.locator('[data-test=dev-view-map]').click()
    await page.locator('[data-test=dev-map] .leaflet-interactive').first().waitFor()
    const pins = await page.locator('[data-test=dev-map] path.leaflet-interactive[fill="#dc2626"]').count()
    assert.ok(pins >= 1, 'MC-001 is drawn red')
    // the whole fleet once the map's own load (up to 500 devices, no search) has answered
    await page.waitForFunction(() => document.querySelectorAll('[data-test=dev-map] path.leaflet-interactive[fill="#16a34a"]').length >= 10)
  })
})

test('alarms: active first with the ticket; acknowledge; the workbench counts', async () => {
  await withPage(h, CONSOLE, async (page) => {
    await login(page, 'admin')
    const tile = page.locator('[data-test=wb-iot] [data-iot=unacked] .n')
    await tile.waitFor()
    const before = Number(await tile.textContent())
    assert.ok(before >= 1)
    await page.locator('[data-menu=alarms]').click()
    await page.waitForURL('**/iot/alarms')
    const row = page.locator('[data-test=alarm-table] .el-table__row', { hasText: 'MC-001' }).first()
    await row.waitFor()
    assert.equal(await row.locator('[data-state]').getAttribute('data-state'), 'active')
    await row.locator('[data-test=alarm-ticket]').click()
    await page.locator('.el-drawer', { hasText: '物联感知' }).first().waitFor()
    await page.keyboard.press('Escape')
    await row.locator('[data-test=alarm-ack]').click()
    await page.locator('.el-message', { hasText: '告警已确认' }).waitFor()
    await page.locator('[data-test=alarm-table] .el-table__row', { hasText: 'MC-001' }).first().locator('[data-test=alarm-ack]').waitFor({ state: 'detached' })
    await page.locator('[data-menu=workbench]').click()
    await page.waitForFunction((n) => Number(document.querySelector('[data-test=wb-iot] [data-iot=unacked] .n')?.textContent) === n, before - 1)
  })
})
