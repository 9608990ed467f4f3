import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackupHeader } from '../../../electron/core/backup/backup';
import { Store, type RekeyCopier } from '../../../electron/core/db';
import { REKEY_BUSY } from '../../../electron/core/users/sole-connection';
import { ADMIN_PASSWORD, sessionsByRole, startTestApp, type TestApp } from './helpers';

/**
 * Issue 13 #1 through the contract: disabling a user or resetting a password moves the
 * database to a new key; the other sessions end (their users sign in again under it), the
 * caller's goes on, and the automatic backups lose the revoked slot.
 */

let app: TestApp;
let sessions: Awaited<ReturnType<typeof sessionsByRole>>;

beforeAll(async () => {
  app = await startTestApp();
  sessions = await sessionsByRole(app);
});
afterAll(() => app.dispose());

const backupFiles = () => readdirSync(path.join(app.dataDir, 'backups')).map((f) => path.join(app.dataDir, 'backups', f));
const slotNames = (file: string) => readBackupHeader(file).header.keys.slots.flatMap((s) => (s.kind === 'user' ? [s.username] : []));

describe('revocation in the running app', () => {
  it('disabling a user: the admin goes on, the others sign in again, the old backup no longer holds the slot', async () => {
    await app.call('stats.dashboard', { filter: {} }, sessions.admin); // the dashboard worker holds a connection too
    await app.core.autoBackupNow();
    const [backup] = backupFiles();
    expect(slotNames(backup!)).toContain('manager1');

    const users = await app.call('users.list', {}, sessions.admin);
    const manager = users.find((u) => u.username === 'manager1')!;
    await app.call('users.update', { id: manager.id, active: false }, sessions.admin);

    expect((await app.call('users.list', {}, sessions.admin)).find((u) => u.id === manager.id)?.active).toBe(false);
    expect(await app.raw('persons.search', { limit: 5 }, sessions.assessor)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const assessor = await app.login('assessor1', 'assessor-pass-1');
    expect(await app.raw('persons.search', { limit: 5 }, assessor)).toMatchObject({ ok: true });
    expect(await app.raw('session.login', { username: 'manager1', password: 'manager-pass-1' })).toMatchObject({ ok: false });
    expect(slotNames(backup!)).not.toContain('manager1');
    expect(slotNames(backup!)).toContain('admin');
    await app.call('session.logout', {}, assessor);
  });

  it('an admin reset: the old password opens nothing, the new one signs in, and the audit trail records the rekey', async () => {
    const users = await app.call('users.list', {}, sessions.admin);
    const assessor = users.find((u) => u.username === 'assessor1')!;
    await app.call('users.resetPassword', { id: assessor.id, newPassword: 'assessor-pass-2' }, sessions.admin);
    expect(await app.raw('session.login', { username: 'assessor1', password: 'assessor-pass-1' })).toMatchObject({ ok: false });
    await app.call('session.logout', {}, await app.login('assessor1', 'assessor-pass-2'));
    app.core.sessions.closeAll();
    const s = await Store.open(app.dataDir, 'admin', ADMIN_PASSWORD);
    const actions = (s.db.prepare("SELECT action FROM audit_log WHERE action IN ('store.rekey', 'backup.revokeSlots', 'user.setPassword', 'user.disable') ORDER BY seq").all() as { action: string }[]).map((r) => r.action);
    s.close();
    expect(actions).toEqual(['user.disable', 'store.rekey', 'backup.revokeSlots', 'user.setPassword', 'store.rekey', 'backup.revokeSlots']);
  });

  it('while a worker writes the copy under the new key, every other call is refused in one line; afterwards all goes on', async () => {
    const admin = await app.login('admin', ADMIN_PASSWORD);
    const store = app.core.sessions.data(admin)!;
    let entered!: () => void;
    const inCopy = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const latch = new Promise<void>((r) => (release = r));
    // Holds the copy at its start, whatever copier the app gives the store.
    const useRekeyCopier = store.useRekeyCopier.bind(store);
    store.useRekeyCopier = (copier: RekeyCopier) =>
      useRekeyCopier(async (...args) => {
        entered();
        await latch;
        await copier(...args);
      });
    const users = await app.call('users.list', {}, admin);
    const assessor = users.find((u) => u.username === 'assessor1')!;
    const pending = app.call('users.resetPassword', { id: assessor.id, newPassword: 'assessor-pass-3' }, admin);
    await inCopy;
    expect(await app.raw('persons.search', { limit: 5 }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: REKEY_BUSY } });
    expect(await app.raw('session.login', { username: 'assessor1', password: 'assessor-pass-2' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    release();
    await pending;
    expect(await app.raw('persons.search', { limit: 5 }, admin)).toMatchObject({ ok: true });
    await app.call('session.logout', {}, await app.login('assessor1', 'assessor-pass-3'));
  });
});
