import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore } from '../../../electron/core/app/core';
import { silentLogger } from '../../../electron/core/app/log';
import { Store, clearAttempts, readKeyFile } from '../../../electron/core/db';
import type { UserSlot } from '../../../electron/core/db/keys';
import { ADMIN_PASSWORD, appWithTwoAssessors, finalizedAssessment, WANG, ZHANG, type TestApp } from './helpers';

/**
 * Issue 13 #5: reports.sign allowed 5 wrong secrets per server run, a restart reset the
 * count, and the guesses never counted toward that user's sign-in lockout. Signing now
 * shares sign-in's persisted count.
 */

let app: TestApp;
let admin: string;
let zhangId: string;
let wangId: string;

beforeAll(async () => {
  ({ app, admin, zhangId, wangId } = await appWithTwoAssessors());
});
afterAll(() => app.dispose());

const slotOf = (username: string) => readKeyFile(app.dataDir)!.slots.find((s): s is UserSlot => s.kind === 'user' && s.username === username)!;
const failedSigningRows = async () => {
  const s = await Store.open(app.dataDir, 'admin', ADMIN_PASSWORD);
  try {
    return (s.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'report.sign.failed'").get() as { n: number }).n;
  } finally {
    s.close();
  }
};

/** As a password reset by an administrator would: the count starts again. */
const unlock = (username: string) => clearAttempts(app.dataDir, username);

describe('signing secrets share the sign-in lockout', () => {
  it('three wrong signing secrets and two wrong sign-ins lock the account', async () => {
    const { assessment } = await finalizedAssessment(app, admin, { assessor1Id: zhangId, assessor2Id: wangId });
    for (let i = 0; i < 3; i++) {
      const r = await app.raw('reports.sign', { assessmentId: assessment.id, assessor1Secret: `guess-${i}`, assessor2Secret: WANG.password }, admin);
      expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(slotOf('zhang').failedAttempts).toBe(3);
    expect(slotOf('wang').failedAttempts).toBe(0);
    expect(await app.raw('session.login', { username: ZHANG.username, password: 'guess-3' })).toMatchObject({ ok: false });
    const fifth = await app.raw('session.login', { username: ZHANG.username, password: 'guess-4' });
    expect(fifth).toMatchObject({ ok: false });
    if (!fifth.ok) expect(fifth.error.message).toContain('锁定');
    // Locked now: even the right password is refused, at sign-in and at signing.
    expect(await app.raw('session.login', { username: ZHANG.username, password: ZHANG.password })).toMatchObject({ ok: false });
    const paused = await app.raw('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password }, admin);
    expect(paused).toMatchObject({ ok: false });
    if (!paused.ok) expect(paused.error.message).toContain('暂停');
    unlock('zhang');
  });

  it('five wrong signing secrets pause signing, and a restart of the app does not lift it', async () => {
    const { assessment } = await finalizedAssessment(app, admin, { assessor1Id: zhangId, assessor2Id: wangId });
    for (let i = 0; i < 5; i++) await app.raw('reports.sign', { assessmentId: assessment.id, assessor1Secret: `guess-${i}`, assessor2Secret: WANG.password }, admin);
    expect(slotOf('zhang').lockedUntil).not.toBeNull();
    const restarted = createAppCore({ dataDir: app.dataDir, mode: 'cli', logger: silentLogger, autoBackup: false });
    try {
      const call = (method: string, input: unknown, session?: string) => restarted.dispatcher.call(method, { input, session }, 'test');
      app.core.sessions.closeAll();
      const login = await call('session.login', { username: 'admin', password: ADMIN_PASSWORD });
      expect(login.ok).toBe(true);
      const session = login.ok ? (login.value as { session: string }).session : '';
      const r = await call('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password }, session);
      expect(r).toMatchObject({ ok: false });
      if (!r.ok) expect(r.error.message).toContain('暂停');
      expect(await call('session.login', { username: ZHANG.username, password: ZHANG.password })).toMatchObject({ ok: false });
    } finally {
      restarted.close();
    }
    admin = await app.login('admin', ADMIN_PASSWORD);
    unlock('zhang');
  });

  it('eight wrong signing secrets sent at once: exactly five are tried', async () => {
    const before = await failedSigningRows();
    const { assessment } = await finalizedAssessment(app, admin, { assessor1Id: zhangId, assessor2Id: wangId });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => app.raw('reports.sign', { assessmentId: assessment.id, assessor1Secret: `parallel-${i}`, assessor2Secret: WANG.password }, admin)),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect((await failedSigningRows()) - before).toBe(5);
    expect(slotOf('zhang').lockedUntil).not.toBeNull();
    // A right secret for the other assessor cleared theirs.
    expect(slotOf('wang').failedAttempts).toBe(0);
  });
});
