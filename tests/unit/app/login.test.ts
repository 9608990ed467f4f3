import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './helpers';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.login('admin', ADMIN_PASSWORD);
  await app.call('users.create', { username: 'target', displayName: '目标', role: 'assessor', password: 'target-pass-1' }, admin);
});
afterAll(() => app.dispose());

describe('sign-in lockout through the contract', () => {
  it('holds against attempts fired in parallel: the right password is refused once five wrong ones were made', async () => {
    const wrong = Array.from({ length: 8 }, () => app.raw('session.login', { username: 'target', password: 'wrong-guess' }));
    const right = app.raw('session.login', { username: 'target', password: 'target-pass-1' });
    const results = await Promise.all([...wrong, right]);
    for (const r of results) expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const last = results.at(-1)!;
    if (!last.ok) expect(last.error.message).toContain('锁定');
  });

  it('a second first-run setup is refused, not raced', async () => {
    const input = { institutionName: '另一个机构', adminUsername: 'admin2', adminDisplayName: '另一个', password: 'another-pass-1' };
    const [a, b] = await Promise.all([app.raw('setup.init', input), app.raw('setup.init', input)]);
    expect(a).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(b).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await app.raw('session.login', { username: 'admin', password: ADMIN_PASSWORD })).ok).toBe(true);
  });
});
