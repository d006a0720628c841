// Shared pieces of the browser tests: a gridwork server of our own, Debian's chromium driven by
// playwright-core (installed as a devDependency of web/), console-error capture, screenshots.
import { spawn, execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { before, after } from 'node:test'
import assert from 'node:assert/strict'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(path.join(ROOT, 'web/package.json'))
const { chromium } = require('playwright-core')

export const ARTIFACTS = path.join(ROOT, 'tests/browser/artifacts')
export const DOC_SHOTS = path.join(ROOT, 'docs/screenshots')

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** init + demo (80 tickets) + serve on a free loopback port, serving web/dist. */
export async function startServer() {
  const bin = path.resolve(ROOT, process.env.GW_BIN || 'build/gridwork')
  const dist = path.join(ROOT, 'web/dist')
  if (!fs.existsSync(bin)) throw new Error(`no gridwork binary at ${bin} (set GW_BIN)`)
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error('web/dist is missing: cd web && npm ci && npx vite build')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-browser-'))
  const db = path.join(dir, 'gw.db')
  execFileSync(bin, ['init', '--db', db], { stdio: 'pipe' })
  execFileSync(bin, ['demo', '--db', db, '--tickets', '80'], { stdio: 'pipe' })
  const port = await freePort()
  const log = fs.openSync(path.join(dir, 'server.log'), 'w')
  const proc = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--static-dir', dist,
    '--public-rate', '100000', '--access-log', '0'], { stdio: ['ignore', log, log] })
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30000
  for (;;) {
    if (proc.exitCode !== null) throw new Error('server exited: ' + fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000))
    try {
      const r = await fetch(base + '/healthz')
      if (r.ok) break
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error('server did not come up')
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    base, dir,
    async stop() {
      if (proc.exitCode !== null) return proc.exitCode
      const done = new Promise((r) => proc.once('exit', (code) => r(code)))
      proc.kill('SIGTERM')
      let timer
      const code = await Promise.race([done, new Promise((r) => { timer = setTimeout(() => r('timeout'), 30000) })])
      clearTimeout(timer) // a pending timer would hold the test file's process open for its 30 s
      if (code === 'timeout') proc.kill('SIGKILL')
      fs.closeSync(log)
      return code
    },
  }
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
}

/** A fresh context (own cookies) and page whose console errors and page errors are collected. */
export async function openPage(browser, base, opts = {}) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...opts })
  const page = await context.newPage()
  const errors = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()} @ ${m.location()?.url || ''}`) })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.setDefaultTimeout(15000)
  return { context, page, errors }
}

export async function login(page, username) {
  await page.goto('/login')
  await page.locator('#login-user').fill(username)
  await page.locator('#login-pass').fill('demo')
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL('**/workbench')
  await page.locator('[data-test=todo] .tile').first().waitFor()
}

/** Save artifacts/NAME.(png|jpg); with GW_UPDATE_SCREENSHOTS=1 also docs/screenshots. */
export async function shot(page, name, opts = {}) {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const type = opts.jpeg ? 'jpeg' : 'png'
  const file = path.join(ARTIFACTS, `${name}.${opts.jpeg ? 'jpg' : 'png'}`)
  await page.screenshot({ path: file, type, ...(opts.jpeg ? { quality: opts.quality || 72 } : {}), fullPage: !!opts.fullPage })
  if (process.env.GW_UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(DOC_SHOTS, { recursive: true })
    fs.copyFileSync(file, path.join(DOC_SHOTS, path.basename(file)))
  }
  return file
}

/** A 4x4 PNG of one colour, built by hand (signature, IHDR, IDAT, IEND). */
export function tinyPng(r = 220, g = 38, b = 38) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => { let c = 0xffffffff; for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0 }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const w = 4, h = 4
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0
  const rows = []
  for (let y = 0; y < h; y++) { rows.push(0); for (let x = 0; x < w; x++) rows.push(r, g, b) }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))])
}

/** Pick an option of an Element Plus select (by the id of its input) after typing a filter. */
export async function elSelect(page, inputId, filter, optionText) {
  const wrapper = page.locator(`.el-select:has(#${inputId})`)
  await wrapper.click()
  if (filter) await page.keyboard.type(filter)
  const opt = page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first()
  await opt.click()
}

/** A JSON API call without the browser (tests set up their own data this way): { status, json }. */
export async function api(base, method, path, body, token) {
  const headers = {}
  const raw = body instanceof Buffer
  if (body !== undefined) headers['Content-Type'] = raw ? 'image/png' : 'application/json'
  if (token) headers.Authorization = `Bearer ${token}`
  const r = await fetch(base + path, { method, headers,
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body) })
  const text = await r.text()
  let json = null
  try { json = JSON.parse(text) } catch { /* not JSON */ }
  return { status: r.status, json }
}

async function apiOk(base, method, path, body, token, want = [200, 201]) {
  const r = await api(base, method, path, body, token)
  if (!want.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`)
  return r.json
}

/** A staff token for a demo user (password demo). */
export async function apiLogin(base, username, password = 'demo') {
  return (await apiOk(base, 'POST', '/api/v1/auth/login', { username, password })).token
}

/** The demo unit with this code. */
export async function unitByCode(base, token, code) {
  const u = (await apiOk(base, 'GET', '/api/v1/units', undefined, token)).items.find((x) => x.code === code)
  if (!u) throw new Error(`no unit ${code}`)
  return u
}

const STAGES = ['reported', 'dispatched', 'handled', 'closed', 'rated']

/** A resident's 上水井盖 report (with a photo, at a point inside a grid) taken through the loop by the
 * API up to `until` (one of STAGES): accepted and dispatched to 市政, signed and fed back, approved,
 * rated 5. Returns { id, code }. */
export async function residentCase(base, desc, until = 'reported') {
  const stage = STAGES.indexOf(until)
  if (stage < 0) throw new Error(`unknown stage ${until}`)
  const photo = (await apiOk(base, 'POST', '/api/v1/public/files', tinyPng())).sha256
  const code = (await apiOk(base, 'POST', '/api/v1/public/reports', { category_code: '0101', description: desc,
    address: '凤凰路66号', location: { lon: 120.163, lat: 30.262 }, photos: [photo] })).track_code
  const disp = await apiLogin(base, 'dispatcher')
  const listed = (await apiOk(base, 'GET', '/api/v1/tickets?status=reported&limit=200', undefined, disp)).items
  const id = listed.find((t) => t.track_code === code)?.id
  if (!id) throw new Error(`report ${code} not listed as reported`)
  const act = (token, action, extra = {}) => apiOk(base, 'POST', `/api/v1/tickets/${id}/actions`, { action, ...extra }, token)
  if (stage >= 1) {
    await act(disp, 'accept')
    await act(disp, 'dispatch', { unit_id: (await unitByCode(base, disp, 'shizheng')).id, note: '请尽快处置' })
  }
  if (stage >= 2) {
    const sz = await apiLogin(base, 'shizheng')
    await act(sz, 'sign')
    const after = (await apiOk(base, 'POST', '/api/v1/files', tinyPng(38, 160, 60), sz)).sha256 // the after-repair photo
    await act(sz, 'feedback', { note: '已更换井盖，现场恢复正常', public_reply: '井盖已更换，现场恢复正常', photos: [after] })
  }
  if (stage >= 3) await act(await apiLogin(base, 'supervisor'), 'approve', { public_reply: '经核查已处置到位，现予办结' })
  if (stage >= 4) await apiOk(base, 'POST', `/api/v1/track/${code}/rating`, { rating: 5, comment: '处理及时，谢谢！' })
  return { id, code }
}

/** A hotline 上水井盖 case, dispatched to 市政 by the routing rule at once. Returns the ticket. */
export async function hotlineCase(base, desc) {
  const hotline = await apiLogin(base, 'hotline')
  const cat = (await apiOk(base, 'GET', '/api/v1/categories', undefined, hotline)).items.find((c) => c.code === '0101')
  return apiOk(base, 'POST', '/api/v1/tickets', { category_id: cat.id, description: desc, address: '解放路88号',
    location: { lon: 120.163, lat: 30.262 }, reporter_name: '王小明', reporter_phone: '13812345678' }, hotline)
}

/** A server and a browser of a test file's own: started before its tests (then setup(h), the file's
 * own data), closed after them (the server must exit cleanly on SIGTERM). */
export function serverAndBrowser(setup = null) {
  const h = { server: null, browser: null }
  before(async () => {
    h.server = await startServer()
    h.browser = await launchBrowser()
    if (setup) await setup(h)
  })
  after(async () => {
    if (h.browser) await h.browser.close()
    if (h.server) assert.equal(await h.server.stop(), 0, 'server exits cleanly on SIGTERM')
  })
  return h
}

/** fn(page, context) in a fresh browser context; afterwards no console or page error may have
 * happened but those matching allow (a RegExp). */
export async function withPage(h, opts, fn, allow = null) {
  const p = await openPage(h.browser, h.server.base, opts)
  try {
    await fn(p.page, p.context)
    await p.page.waitForTimeout(150) // a late console error still counts
  } finally {
    await p.context.close()
  }
  assert.deepEqual(p.errors.filter((e) => !(allow && allow.test(e))), [], 'no console errors or page errors')
}
