// The field limits the server enforces (GET /api/v1/meta/limits, served from core/fields.h): the
// forms take their maxlength and checks from here instead of copying the numbers. Empty until loaded;
// a form without a limit yet has no maxlength, and the server still refuses what is too long.
import { reactive } from 'vue'
import { api } from './api.js'

export const limits = reactive({})

export function setLimits(l) { Object.assign(limits, l) }

let pending = null
/** Load the limits once (again after a failure). */
export function loadLimits() {
  if (!pending) {
    pending = api('/api/v1/meta/limits', { quiet401: true })
      .then((r) => { setLimits(r.limits); return limits })
      .catch((e) => { pending = null; throw e })
  }
  return pending
}
