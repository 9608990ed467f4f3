import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { getEventListeners } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, Store } from '../../../electron/core/db';
import { BACKUP_MAGIC, createBackup, listAutoBackups, readBackupHeader, restoreBackup } from '../../../electron/core/backup/backup';
import { seedStore } from '../../../electron/core/seed/seed';
import { autoBackupInWorker, backupInWorker } from '../../../electron/core/backup/in-worker';
import { CancelledError } from '../../../electron/core/jobs/run-task';
import { ADMIN_PASSWORD, cleanupTempDirs, newStore, tempDir, rejects } from './helpers';

afterEach(cleanupTempDirs);

function snapshot(store: Store) {
  const q = (sql: string) => store.db.prepare(sql).all();
  return {
    persons: q('SELECT * FROM persons ORDER BY id'),
    assessments: q('SELECT id, person_id, answers, result, status, final_level FROM assessments ORDER BY id'),
    users: q('SELECT * FROM users ORDER BY id'),
    settings: q('SELECT * FROM settings ORDER BY key'),
  };
}

describe('backup and restore', () => {
  it('round-trips: same data, users log in with their own passwords, audit continues', async () => {
    const { store } = await newStore();
    await store.users.createUser({ username: 'li', role: 'assessor', password: 'li-password-1' }, store.actor);
    seedStore(store, { persons: 150, seed: 3 });
    const out = path.join(tempDir(), 'out', 'nightly.yybak');
    const info = createBackup(store, out);
    expect(info.bytes).toBeGreaterThan(0);
    expect(readFileSync(out).subarray(0, BACKUP_MAGIC.length).toString()).toBe(BACKUP_MAGIC);
    expect(readdirSync(path.dirname(out))).toEqual(['nightly.yybak']);
    const before = snapshot(store);
    const auditRows = store.audit.count();
    expect(store.audit.list({ limit: 10000 }).at(-1)!.action).toBe('backup');
    store.close();

    const { header } = readBackupHeader(out);
    expect(header).toMatchObject({ format: 1, schemaVersion: LATEST_SCHEMA_VERSION, dbSha256: info.sha256, dbBytes: info.bytes });
    expect(header.keys.slots.map((s) => (s.kind === 'user' ? s.username : s.kind)).sort()).toEqual(['admin', 'li', 'recovery']);

    const target = path.join(tempDir(), 'restored');
    const restored = await restoreBackup(out, target, { username: 'li', password: 'li-password-1' });
    expect(snapshot(restored)).toEqual(before);
    const actions = restored.audit.list({ limit: 10000 }).map((r) => r.action);
    expect(actions.slice(-2)).toEqual(['login', 'restore']);
    // The backup was taken before its own audit row was written.
    expect(restored.audit.count()).toBe(auditRows - 1 + 2);
    expect(restored.check().ok).toBe(true);
    restored.close();
    (await Store.open(target, 'admin', ADMIN_PASSWORD)).close();
  });

  it('refuses a folder that is not empty, a damaged file and a wrong password, leaving nothing behind', async () => {
    const { store } = await newStore();
    const out = path.join(tempDir(), 'b.yybak');
    createBackup(store, out);
    store.close();

    const busy = tempDir();
    writeFileSync(path.join(busy, 'something.txt'), 'x');
    expect((await rejects(restoreBackup(out, busy, { username: 'admin', password: ADMIN_PASSWORD }))).code).toBe('CONFLICT');

    const bytes = readFileSync(out);
    bytes[bytes.length - 100]! ^= 0xff;
    const damaged = path.join(tempDir(), 'damaged.yybak');
    writeFileSync(damaged, bytes);
    const t1 = path.join(tempDir(), 'r1');
    const e1 = await rejects(restoreBackup(damaged, t1, { username: 'admin', password: ADMIN_PASSWORD }));
    expect(e1.code).toBe('CORRUPT');
    expect(e1.message).toContain('SHA-256');
    expect(existsSync(t1)).toBe(false);

    const truncated = path.join(tempDir(), 'short.yybak');
    writeFileSync(truncated, readFileSync(out).subarray(0, -10));
    expect((await rejects(restoreBackup(truncated, path.join(tempDir(), 'r2'), { username: 'admin', password: ADMIN_PASSWORD }))).message).toContain('不完整');

    const notBackup = path.join(tempDir(), 'x.yybak');
    writeFileSync(notBackup, 'hello');
    expect((await rejects(restoreBackup(notBackup, path.join(tempDir(), 'r3'), { username: 'admin', password: ADMIN_PASSWORD }))).code).toBe('CORRUPT');

    const empty = tempDir();
    const e4 = await rejects(restoreBackup(out, empty, { username: 'admin', password: 'wrong-password' }));
    expect(e4.code).toBe('WRONG_PASSWORD');
    expect(readdirSync(empty)).toEqual([]);
  });

  it('restores with the recovery key as well', async () => {
    const { store, recoveryKey } = await newStore();
    const out = path.join(tempDir(), 'b.yybak');
    createBackup(store, out);
    store.close();
    const r = await restoreBackup(out, path.join(tempDir(), 'via-recovery'), { recoveryKey });
    expect(r.user).toBeNull();
    r.close();
  });

  it.each([
    ['before it starts', (p: number) => p >= 0],
    ['while it copies the snapshot into the backup file', (p: number) => p >= 70],
  ])('a backup in a worker thread, cancelled %s, leaves neither its temporary files nor the backup', async (_when, at) => {
    const { store } = await newStore();
    seedStore(store, { persons: 300, seed: 7 });
    const out = path.join(tempDir(), 'cancelled.yybak');
    const abort = new AbortController();
    const announced: string[] = [];
    const r = backupInWorker(store, out, 'manual', {
      signal: abort.signal,
      onTemporary: (paths) => announced.push(...paths),
      onProgress: (percent) => at(percent) && abort.abort(),
    });
    await expect(r).rejects.toBeInstanceOf(CancelledError);
    expect(announced).toHaveLength(2);
    for (const f of [...announced, out]) expect(existsSync(f)).toBe(false);
    expect(readdirSync(path.dirname(out))).toEqual([]);
    // Not cancelled, the same call writes a backup that restores.
    const ok = await backupInWorker(store, out, 'manual');
    expect(readBackupHeader(ok.file).header.dbSha256).toBe(ok.sha256);
    store.close();
  });

  it('a cancel that comes after the backup finished leaves the backup alone', async () => {
    const { store } = await newStore();
    const out = path.join(tempDir(), 'kept.yybak');
    const abort = new AbortController();
    const done = await backupInWorker(store, out, 'manual', { signal: abort.signal });
    // The finished task no longer listens: a later abort has nothing to act on.
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    abort.abort();
    expect(existsSync(done.file)).toBe(true);
    expect(readBackupHeader(done.file).header.dbSha256).toBe(done.sha256);
    store.close();
  });

  it('automatic daily backups: one per 24 h, keeping the newest 7', async () => {
    const { store, dataDir } = await newStore();
    const day = (n: number, h = 9) => new Date(2026, 0, n, h, 30, 0);
    // In a worker thread with its own connection, as the app runs it.
    const first = await autoBackupInWorker(store, { now: day(1) });
    expect(first.created!.file).toBe(path.join(dataDir, 'backups', 'yiyang-20260101-093000.yybak'));
    expect((await autoBackupInWorker(store, { now: day(1, 20) })).created).toBeNull();
    for (let d = 2; d <= 10; d++) await autoBackupInWorker(store, { now: day(d) });
    const kept = listAutoBackups(dataDir);
    expect(kept).toHaveLength(7);
    expect(kept[0]).toBe('yiyang-20260110-093000.yybak');
    expect(kept.at(-1)).toBe('yiyang-20260104-093000.yybak');
    const r = await autoBackupInWorker(store, { now: day(11), keep: 3 });
    expect(r.deleted).toHaveLength(5);
    expect(listAutoBackups(dataDir)).toEqual(['yiyang-20260111-093000.yybak', 'yiyang-20260110-093000.yybak', 'yiyang-20260109-093000.yybak']);
    // Other files in the folder are left alone.
    mkdirSync(path.join(dataDir, 'backups'), { recursive: true });
    writeFileSync(path.join(dataDir, 'backups', 'manual.yybak'), 'x');
    await autoBackupInWorker(store, { now: day(12), keep: 1 });
    expect(readdirSync(path.join(dataDir, 'backups')).sort()).toEqual(['manual.yybak', 'yiyang-20260112-093000.yybak']);
    expect(store.audit.list({ limit: 1000 }).filter((a) => a.action === 'backup')).toHaveLength(12);
    store.close();
  });
});
