// The enumerations the console shows (字典), read from the console's own message tables so the page
// lists exactly the names every other page uses: group -> message-key prefix.
import { zh, en } from './messages.js'

export const DICT_GROUPS = [
  { key: 'source', prefix: 'source.' },
  { key: 'urgency', prefix: 'urgency.' },
  { key: 'state', prefix: 'state.' },
  { key: 'action', prefix: 'action.' },
  { key: 'role', prefix: 'role.' },
  { key: 'kind', prefix: 'cfg.kind.' },
  { key: 'mode', prefix: 't.mode.' },
  { key: 'level', prefix: 'level.' },
]

/** The rows of one group: [{ code, zh, en }] in the tables' order. */
export function dictRows(prefix) {
  return Object.keys(zh)
    .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.'))
    .map((k) => ({ code: k.slice(prefix.length), zh: zh[k], en: en[k] || '' }))
}
