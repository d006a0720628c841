import { describe, it, expect, vi, afterEach } from 'vitest'
import { api, acceptLanguage, setUnauthorizedHandler, newSessionEpoch } from './api.js'
import { lang } from './i18n.js'

describe('api Accept-Language', () => {
  const saved = lang.value
  afterEach(() => { lang.value = saved; vi.unstubAllGlobals() })

  it('maps the language switch to a header', () => {
    expect(acceptLanguage('en')).toBe('en')
    expect(acceptLanguage('zh-CN')).toBe('zh-CN')
    expect(acceptLanguage(undefined)).toBe('zh-CN')
  })

  it('sends the current language with every call', async () => {
    const seen = []
    vi.stubGlobal('fetch', async (url, opts) => {
      seen.push(opts.headers['Accept-Language'])
      return { ok: true, status: 200, text: async () => '{}', headers: new Map() }
    })
    lang.value = 'zh-CN'
    await api('/api/v1/me')
    lang.value = 'en'
    await api('/api/v1/me')
    expect(seen).toEqual(['zh-CN', 'en'])
  })
})

describe('api 401 handling', () => {
  afterEach(() => { vi.unstubAllGlobals(); setUnauthorizedHandler(null) })

  it('a 401 for a call made before the latest sign-in does not end the new session', async () => {
    let release
    const gate = new Promise((r) => { release = r })
    vi.stubGlobal('fetch', async () => {
      await gate
      return { ok: false, status: 401, statusText: 'Unauthorized', text: async () => '{"error":{"code":"unauthorized","message":"x"}}',
        headers: new Map() }
    })
    const seen = []
    setUnauthorizedHandler((e) => seen.push(e.status))
    const stale = api('/api/v1/places?q=x').catch(() => {}) // in flight while the user signs in again
    newSessionEpoch()
    release()
    await stale
    expect(seen).toEqual([])
    await api('/api/v1/tickets').catch(() => {}) // a call of the new session that answers 401 does
    expect(seen).toEqual([401])
  })
})
