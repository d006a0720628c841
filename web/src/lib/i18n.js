// A small i18n: zh-CN by default, English on request, the choice kept in localStorage.
import { ref } from 'vue'
import { zh, en } from './messages.js'

export const DICTS = { 'zh-CN': zh, en }
export const LANGS = [{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]
const KEY = 'gw.lang'

/** Look key up in lang, then zh-CN, then give the key itself; {name} placeholders are filled. */
export function translate(dicts, lang, key, params) {
  const d = dicts[lang] || {}
  let s = Object.prototype.hasOwnProperty.call(d, key) ? d[key] : dicts['zh-CN']?.[key]
  if (s === undefined) s = key
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined && params[k] !== null ? String(params[k]) : m))
  return s
}

/** The stored language if valid, else zh-CN. */
export function initialLang(storage) {
  try {
    const v = storage?.getItem(KEY)
    return v && DICTS[v] ? v : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const lang = ref(initialLang(typeof localStorage !== 'undefined' ? localStorage : null))

export function setLang(v) {
  if (!DICTS[v]) return
  lang.value = v
  try { localStorage.setItem(KEY, v) } catch { /* private mode: keep it for this page */ }
  if (typeof document !== 'undefined') document.documentElement.lang = v
}

// The administrator's labels of dictionary codes (字典管理, lib/dicts.js): per language, key -> label,
// looked up before the message tables; labelsVersion makes every t() re-render when they change.
const labelsVersion = ref(0)
let overrides = { 'zh-CN': {}, en: {} }

export function setOverrides(o) {
  overrides = { 'zh-CN': { ...(o?.['zh-CN'] || {}) }, en: { ...(o?.en || {}) } }
  labelsVersion.value++
}

export function t(key, params) {
  if (labelsVersion.value >= 0 && Object.prototype.hasOwnProperty.call(overrides[lang.value] || {}, key)) {
    return translate({ 'zh-CN': {}, [lang.value]: overrides[lang.value] }, lang.value, key, params)
  }
  return translate(DICTS, lang.value, key, params)
}
