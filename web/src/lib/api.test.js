import { describe, it, expect, vi, afterEach } from 'vitest'
import { api, acceptLanguage } from './api.js'
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
