// The 社区合伙人 pages' shared words: status, type and verification names as message keys, and the
// Element Plus tag colour of a partner's status.
export const PARTNER_TYPES = ['resource', 'professional', 'volunteer']
export const PARTNER_STATUSES = ['pending', 'active', 'suspended', 'retired']
export const PARTNER_METHODS = ['licence', 'practice', 'id_card', 'reference']
export const RESIDENT_METHODS = ['in_person', 'document', 'household']

/** The actions staff may take from a status (partners/partner.c's machine, for the buttons only: the
 * server decides). */
export function partnerActions(status) {
  return { pending: ['approve', 'retire'], active: ['suspend', 'retire'], suspended: ['resume', 'retire'] }[status] || []
}

export const statusTag = (s) => ({ pending: 'warning', active: 'success', suspended: 'danger', retired: 'info' }[s] || 'info')

/** "法律咨询, 合同审查 ,," -> ['法律咨询', '合同审查'] (what the tags field takes). */
export function splitTags(text) {
  return [...new Set(String(text || '').split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean))]
}

// 需求→项目 (partners/project.c): the statuses in board order, and the actions staff may take from each
// (for the buttons only: the server decides).
export const PROJECT_STATUSES = ['draft', 'published', 'claimed', 'in_progress', 'delivered', 'evaluated', 'closed', 'cancelled']

export function projectActions(status) {
  return { draft: ['publish', 'cancel'], published: ['cancel'], claimed: ['start', 'cancel'], in_progress: ['deliver', 'cancel'],
    delivered: ['evaluate'], evaluated: ['close'] }[status] || []
}
