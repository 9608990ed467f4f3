import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canCall, contract, METHOD_NAMES, ROLES, type Role } from '../../../shared/contract';
import { sessionsByRole, startTestApp, type TestApp } from './helpers';

let app: TestApp;
let sessions: Record<Role, string>;

beforeAll(async () => {
  app = await startTestApp();
  sessions = await sessionsByRole(app);
});
afterAll(() => app.dispose());

// Methods whose success changes what later calls see; they are probed with input that
// fails validation, which still proves the role check ran first (FORBIDDEN comes before BAD_INPUT).
const PROBE = { __probe: true };

describe('the dispatcher enforces the permission table on every contract method', () => {
  // A station serves every method but the district hub's (tests/unit/hub/exchange.test.ts has those).
  const guarded = METHOD_NAMES.filter((m) => contract[m].access !== 'public' && !m.startsWith('hub.'));

  it.each(guarded.flatMap((m) => ROLES.map((r) => [m, r] as const)))('%s as %s', async (method, role) => {
    const allowed = canCall(role, method);
    const r = await app.raw(method, PROBE, sessions[role]);
    if (allowed) expect(r.ok ? 'ok' : r.error.code).not.toBe('FORBIDDEN');
    else expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it.each(guarded)('%s without a session is UNAUTHENTICATED', async (method) => {
    expect(await app.raw(method, PROBE)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('the district hub’s methods do not exist at a station, for anyone', async () => {
    for (const m of METHOD_NAMES.filter((x) => x.startsWith('hub.')))
      for (const session of [undefined, sessions.admin]) expect(await app.raw(m, {}, session)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('an assessor cannot manage users', async () => {
    const r = await app.raw('users.create', { username: 'x1', displayName: 'x', role: 'admin', password: 'whatever-123' }, sessions.assessor);
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a manager can read people but cannot register them or edit assessments', async () => {
    expect((await app.raw('persons.search', { limit: 5 }, sessions.manager)).ok).toBe(true);
    const person = { name: '林阿婆', sex: '女', birthDate: '1938-02-03' };
    expect(await app.raw('persons.create', person, sessions.manager)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.raw('assessments.saveDraft', { id: 'x', revision: 0 }, sessions.manager)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.raw('assessments.finalize', { id: 'x', revision: 0 }, sessions.manager)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('an administrator can neither disable themselves nor change their own role', async () => {
    const me = await app.call('session.current', {}, sessions.admin);
    expect(await app.raw('users.update', { id: me.userId, active: false }, sessions.admin)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', fields: [{ path: 'active' }] },
    });
    expect(await app.raw('users.update', { id: me.userId, role: 'assessor' }, sessions.admin)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', fields: [{ path: 'role' }] },
    });
    // Nothing changed, and the session still works; renaming oneself is fine.
    expect((await app.call('users.list', {}, sessions.admin)).find((u) => u.id === me.userId)).toMatchObject({ role: 'admin', active: true });
    expect(await app.call('users.update', { id: me.userId, displayName: '管理员甲' }, sessions.admin)).toMatchObject({ displayName: '管理员甲' });
  });

  it('disabling a user ends their open session at once', async () => {
    const admin = sessions.admin;
    const users = await app.call('users.list', {}, admin);
    const manager = users.find((u) => u.username === 'manager1')!;
    await app.call('users.update', { id: manager.id, active: false }, admin);
    expect(await app.raw('persons.search', { limit: 5 }, sessions.manager)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await app.raw('session.login', { username: 'manager1', password: 'manager-pass-1' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
