// The enumerations the console shows (字典): group -> message-key prefix. The codes come from the server
// (GET /api/v1/dictionaries, fixed); their default names from the console's message tables; an
// administrator's edited labels (字典管理) replace the defaults wherever t() names a code.
import { zh, en } from './messages.js'
import { setOverrides } from './i18n.js'
import { api } from './api.js'

export const DICT_GROUPS = [
  { key: 'source', prefix: 'source.' },
  { key: 'urgency', prefix: 'urgency.' },
  { key: 'state', prefix: 'state.' },
  { key: 'action', prefix: 'action.' },
  { key: 'role', prefix: 'role.' },
  { key: 'kind', prefix: 'cfg.kind.' },
  { key: 'mode', prefix: 't.mode.' },
  { key: 'level', prefix: 'level.' },
  { key: 'request_type', prefix: 'rt.' },
]

/** The rows of one group from the message tables alone: [{ code, zh, en }] in the tables' order. */
export function dictRows(prefix) {
  return Object.keys(zh)
    .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.'))
    .map((k) => ({ code: k.slice(prefix.length), zh: zh[k], en: en[k] || '' }))
}

/** The message key that names code of dictionary dict, or null for a dictionary the console does not know. */
export function labelKey(dict, code) {
  const g = DICT_GROUPS.find((x) => x.key === dict)
  return g ? g.prefix + code : null
}

/** A group's rows for the server's codes: [{ code, zh, en, zhDefault, enDefault, edited }], the edited
 * labels (the API's items) in place of the defaults. */
export function groupRows(group, codes, items) {
  return (codes || []).map((code) => {
    const k = group.prefix + code
    const zhDefault = zh[k] || code
    const enDefault = en[k] || zhDefault
    const x = (items || []).find((i) => i.dict === group.key && i.code === code)
    return { code, zh: x ? x.zh : zhDefault, en: x ? x.en : enDefault, zhDefault, enDefault, edited: !!x }
  })
}

/** Make the edited labels (the API's items) what t() says for their codes; [] restores every default. */
export function applyLabels(items) {
  const o = { 'zh-CN': {}, en: {} }
  for (const x of items || []) {
    const k = labelKey(x.dict, x.code)
    if (!k) continue
    o['zh-CN'][k] = x.zh
    o.en[k] = x.en
  }
  setOverrides(o)
}

/** Load the dictionaries ({ codes, items }) and apply their labels. */
export async function loadDictionaries() {
  const r = await api('/api/v1/dictionaries')
  applyLabels(r.items)
  return r
}
