// Users as GET /api/v1/me answers them for each role (core/scope.c; tests/unit/core/test_scope.c has
// the same table, and tests/e2e/test_scope.py checks the server's against its routes).
export const PERMS = {
  admin: ['ticket.view', 'ticket.intake', 'ticket.act', 'ticket.dispatch', 'ticket.supervise', 'contact.view',
    'stats.view', 'dashboard.view', 'config.view', 'config.edit', 'user.manage', 'audit.view', 'kb.view', 'kb.edit', 'iot.view', 'iot.manage',
    'ledger.view', 'ledger.manage', 'resident.view', 'resident.verify', 'partner.view', 'partner.manage'],
  dispatcher: ['ticket.view', 'ticket.intake', 'ticket.act', 'ticket.dispatch', 'contact.view', 'stats.view',
    'dashboard.view', 'config.view', 'kb.view', 'kb.edit', 'iot.view', 'ledger.view', 'ledger.manage', 'resident.view', 'partner.view'],
  supervisor: ['ticket.view', 'ticket.intake', 'ticket.act', 'ticket.supervise', 'contact.view', 'stats.view',
    'dashboard.view', 'config.view', 'kb.view', 'iot.view', 'ledger.view', 'resident.view', 'partner.view'],
  unit_handler: ['ticket.view', 'ticket.act', 'ticket.handle', 'contact.view', 'stats.view', 'config.view', 'kb.view', 'iot.view'],
  grid_worker: ['ticket.view', 'ticket.intake', 'ticket.act', 'stats.view', 'config.view', 'ticket.onsite', 'kb.view', 'iot.view',
    'resident.view', 'resident.verify', 'partner.view', 'partner.manage'],
  hotline_operator: ['ticket.view', 'ticket.intake', 'ticket.act', 'contact.view', 'stats.view', 'config.view', 'kb.view',
    'partner.view'],
  auditor: ['ticket.view', 'stats.view', 'dashboard.view', 'config.view', 'audit.view', 'kb.view', 'ledger.view'],
}

export const userOf = (role, extra = {}) => ({ role, permissions: PERMS[role], ...extra })
