import { describe, expect, it } from 'vitest';
import { canAssess, canCall, contract, DISTRICT_ROLES, METHOD_NAMES, ROLES } from '../../../shared/contract';
import { homePath, NAV, navFor } from '../../../renderer/src/app/nav';

describe('one role table: canCall', () => {
  it('public methods need nobody signed in; every other method needs a session', () => {
    for (const m of METHOD_NAMES) expect(canCall(null, m)).toBe(contract[m].access === 'public');
  });

  it('an administrator may call every method of a station, and none of the district hub’s own', () => {
    for (const m of METHOD_NAMES) expect(canCall('admin', m)).toBe(!m.startsWith('hub.'));
  });

  it('no station role may call a hub method; a district role only the hub’s, the dashboard, exports, its admin the hub’s audit trail, and what anyone signed in may', () => {
    for (const m of METHOD_NAMES.filter((x) => x.startsWith('hub.'))) for (const r of ROLES) expect(canCall(r, m)).toBe(false);
    const shared = new Set(['stats.dashboard', 'exports.start']);
    for (const role of DISTRICT_ROLES)
      for (const m of METHOD_NAMES) {
        const access = contract[m].access;
        const expected = access === 'public' || access === 'any' || shared.has(m) || (role === 'districtAdmin' && m.startsWith('audit.')) || (m.startsWith('hub.') && (role === 'districtAdmin' || !['hub.users', 'hub.createUser', 'hub.updateUser', 'hub.resetPassword', 'hub.addStation', 'hub.import'].includes(m)));
        expect(canCall(role, m), `${role} ${m}`).toBe(expected);
      }
  });

  it('managers read and verify but never register people, run assessments or sign', () => {
    expect(canCall('manager', 'persons.search')).toBe(true);
    expect(canCall('manager', 'reports.verify')).toBe(true);
    for (const m of ['persons.create', 'persons.update', 'assessments.createDraft', 'assessments.finalize', 'reports.sign', 'users.list'] as const)
      expect(canCall('manager', m)).toBe(false);
  });

  it('assessors run assessments but do not manage users, settings or the audit log', () => {
    expect(canCall('assessor', 'assessments.finalize')).toBe(true);
    for (const m of ['users.list', 'users.create', 'settings.update', 'audit.list', 'signing.status'] as const) expect(canCall('assessor', m)).toBe(false);
  });

  it('who may be an assessor follows who may finalize', () => {
    for (const r of ROLES) expect(canAssess(r)).toBe(canCall(r, 'assessments.finalize'));
  });
});

describe('the menu and the landing page follow the same table', () => {
  it('every menu entry names a contract method', () => {
    for (const n of NAV) expect(METHOD_NAMES).toContain(n.method);
  });

  it.each(ROLES)('%s sees exactly the entries they may open, and lands on one of them', (role) => {
    const shown = navFor(role);
    expect(shown.map((n) => n.key)).toEqual(NAV.filter((n) => canCall(role, n.method)).map((n) => n.key));
    expect(shown.map((n) => n.path)).toContain(homePath(role));
  });

  it('an assessor has no user management entry; an admin has', () => {
    expect(navFor('assessor').map((n) => n.key)).not.toContain('users');
    expect(navFor('admin').map((n) => n.key)).toContain('users');
  });
});
