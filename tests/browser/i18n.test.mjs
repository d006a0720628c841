// The server's error messages follow the console's language switch (issue 9 item 6): a wrong login in the
// zh-CN console says 用户名或密码错误 (the server's own message, sent with Accept-Language: zh-CN); after
// switching to English the same failure says "wrong username or password".
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launchBrowser, openPage } from './harness.mjs'

let server, browser
const nonce = String(Date.now()).slice(-6)

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  if (browser) await browser.close()
  if (server) assert.equal(await server.stop(), 0, 'server exits cleanly on SIGTERM')
})

async function wrongLogin(lang) {
  const p = await openPage(browser, server.base, { viewport: { width: 1440, height: 900 } })
  try {
    if (lang) await p.context.addInitScript((l) => localStorage.setItem('gw.lang', l), lang)
    await p.page.goto('/login')
    await p.page.locator('#login-user').fill(`nobody${nonce}`)
    await p.page.locator('#login-pass').fill('wrong-password')
    await p.page.locator('[data-test=login-submit]').click()
    const alert = p.page.locator('[data-test=login-error]')
    await alert.waitFor()
    return (await alert.textContent()).trim()
  } finally {
    await p.context.close()
    assert.deepEqual(p.errors.filter((e) => !/status of 401/.test(e)), [], 'no console errors or page errors')
  }
}

test('a failing login shows the server message in Chinese in the zh-CN console', async () => {
  assert.equal(await wrongLogin(null), '用户名或密码错误')
})

test('and in English once the console is switched to English', async () => {
  assert.equal(await wrongLogin('en'), 'wrong username or password')
})
