import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackup, readBackupHeader, restoreBackup, backupsDir } from '../../../electron/core/backup/backup';
import { forgetInBackups } from '../../../electron/core/backup/revoke';
import { KEY_FILE, Store, readKeyFile, type StoreError } from '../../../electron/core/db';
import { keyFilePath, slotAad, wrapKey, writeKeyFile } from '../../../electron/core/db/keys';
import { ADMIN_PASSWORD, FAST_KDF, cleanupTempDirs, newStore, personInput, rejects, tempDir } from './helpers';

/**
 * Issue 13 #1: disabling a user, resetting or changing a password revoked nothing, since the
 * database key never changed: an old copy of keys.json plus the old password opened the live
 * database, rows written after the disable included, and a disabled admin restored an
 * automatic backup from before the disable with full rights.
 */

afterAll(cleanupTempDirs);

const ROOT = path.resolve(__dirname, '../../..');

/** The live database with a keys.json copied earlier: what someone who kept a copy holds. */
function withOldKeys(dataDir: string, oldKeys: string): string {
  const dir = path.join(tempDir(), 'copy');
  mkdirSync(dir);
  copyFileSync(path.join(dataDir, 'yiyang.db'), path.join(dir, 'yiyang.db'));
  writeFileSync(path.join(dir, KEY_FILE), oldKeys);
  return dir;
}

async function storeWithBob() {
  const made = await newStore();
  const bob = await made.store.users.createUser({ username: 'bob', role: 'admin', password: 'bob-password-1', displayName: '鲍勃' }, made.store.actor);
  return { ...made, bob };
}

describe('revoking a user moves the database to a new key', () => {
  it('a keys.json copied before a user was disabled, with that user’s password, no longer opens the live database', async () => {
    const { store, dataDir, bob } = await storeWithBob();
    const oldKeys = readFileSync(keyFilePath(dataDir), 'utf8');
    await store.users.setActive(bob.id, false, store.actor);
    store.persons.create(personInput({ name: '停用后登记' }), store.actor);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const copy = withOldKeys(dataDir, oldKeys);
    const err = (await rejects(Store.open(copy, 'bob', 'bob-password-1'))) as StoreError;
    expect(err.code).toBe('WRONG_KEY');
    store.close();
  });

  it('an admin reset and a change of one’s own password: the old password opens nothing live', async () => {
    const { store, dataDir, bob } = await storeWithBob();
    let oldKeys = readFileSync(keyFilePath(dataDir), 'utf8');
    await store.users.setPassword(bob.id, 'bob-password-2', store.actor);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(((await rejects(Store.open(withOldKeys(dataDir, oldKeys), 'bob', 'bob-password-1'))) as StoreError).code).toBe('WRONG_KEY');
    oldKeys = readFileSync(keyFilePath(dataDir), 'utf8');
    await store.users.setPassword(store.user!.id, 'admin-password-2', store.actor);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(((await rejects(Store.open(withOldKeys(dataDir, oldKeys), 'admin', ADMIN_PASSWORD))) as StoreError).code).toBe('WRONG_KEY');
    store.close();
  });

  it('everyone else keeps their password and the recovery key still works; nothing written is lost; check passes', async () => {
    const { store, dataDir, bob, recoveryKey } = await storeWithBob();
    const carol = await store.users.createUser({ username: 'carol', role: 'assessor', password: 'carol-password-1' }, store.actor);
    const before = store.persons.create(personInput({ name: '停用前登记' }), store.actor);
    await store.users.setActive(bob.id, false, store.actor);
    const after = store.persons.create(personInput({ name: '停用后登记' }), store.actor);
    expect(store.check().ok).toBe(true);
    store.close();
    for (const [user, password] of [
      ['admin', ADMIN_PASSWORD],
      ['carol', 'carol-password-1'],
    ] as const) {
      const s = await Store.open(dataDir, user, password);
      expect(s.persons.peek(before.id)?.name).toBe('停用前登记');
      expect(s.persons.peek(after.id)?.name).toBe('停用后登记');
      s.close();
    }
    const r = await Store.openWithRecoveryKey(dataDir, recoveryKey);
    expect(r.check().ok).toBe(true);
    const rekeys = r.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'store.rekey'").get() as { n: number };
    expect(rekeys.n).toBe(1);
    r.close();
    expect(carol.username).toBe('carol');
    expect(((await rejects(Store.open(dataDir, 'bob', 'bob-password-1'))) as StoreError).code).toBe('WRONG_PASSWORD');
  });

  it('a disabled admin cannot restore an automatic backup taken before the disable; another admin still can', async () => {
    const { store, dataDir, bob } = await storeWithBob();
    mkdirSync(backupsDir(dataDir), { recursive: true });
    const file = path.join(backupsDir(dataDir), 'yiyang-20261201-080000.yybak');
    createBackup(store, file, { kind: 'auto' });
    const copied = path.join(tempDir(), 'copied-before.yybak');
    copyFileSync(file, copied);
    await store.users.setActive(bob.id, false, store.actor);
    expect(forgetInBackups(dataDir, ['bob'])).toEqual(['yiyang-20261201-080000.yybak']);
    store.close();
    const target = path.join(tempDir(), 'restored');
    await expect(restoreBackup(file, target, { username: 'bob', password: 'bob-password-1' })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    const ok = await restoreBackup(file, path.join(tempDir(), 'restored-admin'), { username: 'admin', password: ADMIN_PASSWORD });
    ok.close();
    // The limit, stated in the README: a copy taken elsewhere before cannot be recalled.
    const old = await restoreBackup(copied, path.join(tempDir(), 'restored-old'), { username: 'bob', password: 'bob-password-1' });
    old.close();
  });

  it('refuses while another connection of this process is open, and changes nothing', async () => {
    const { store, dataDir, bob } = await storeWithBob();
    const other = await Store.open(dataDir, 'bob', 'bob-password-1');
    const keys = readFileSync(keyFilePath(dataDir), 'utf8');
    await expect(store.users.setActive(bob.id, false, store.actor)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(keyFilePath(dataDir), 'utf8')).toBe(keys);
    other.close();
    store.close();
  });
});

describe('slots from before sealed slots', () => {
  /** Rewrites keys.json the way stores made before issue 13 held it: each slot wraps the database key itself. */
  async function legacy(dataDir: string, dbKey: Buffer, users: [string, string][], recovery?: Buffer): Promise<void> {
    const kf = readKeyFile(dataDir)!;
    kf.slots = [];
    for (const [username, password] of users)
      kf.slots.push({ ...(await wrapKey(dbKey, password, slotAad({ kind: 'user', username }), FAST_KDF)), kind: 'user', username, failedAttempts: 0, lockedUntil: null });
    if (recovery) kf.slots.push({ ...(await wrapKey(dbKey, recovery, slotAad({ kind: 'recovery' }), FAST_KDF)), kind: 'recovery', createdAt: '2026-01-01T00:00:00Z' });
    writeKeyFile(dataDir, kf);
  }

  it('are upgraded at their owner’s sign-in; one never signed in is dropped at a rekey and named', async () => {
    const { store, dataDir, bob } = await storeWithBob();
    await store.users.createUser({ username: 'carol', role: 'assessor', password: 'carol-password-1' }, store.actor);
    const key = Buffer.from(store.workerAccess().keyHex, 'hex');
    store.close();
    await legacy(dataDir, key, [
      ['admin', ADMIN_PASSWORD],
      ['bob', 'bob-password-1'],
      ['carol', 'carol-password-1'],
    ]);
    const admin = await Store.open(dataDir, 'admin', ADMIN_PASSWORD, { kdf: FAST_KDF });
    expect(readKeyFile(dataDir)!.slots.find((s) => s.kind === 'user' && s.username === 'admin')!.publicKey).toBeTruthy();
    const outcome = await admin.rekey({ drop: ['bob'] });
    expect(outcome.lostUsers).toEqual(['carol']);
    expect(readKeyFile(dataDir)!.slots.map((s) => (s.kind === 'user' ? s.username : s.kind))).toEqual(['admin']);
    expect(bob.username).toBe('bob');
    admin.close();
    const again = await Store.open(dataDir, 'admin', ADMIN_PASSWORD);
    expect(again.check().ok).toBe(true);
    again.close();
  });
});

describe('a rekey cut off by a kill', () => {
  const ROUNDS = 12;

  function runAndKill(dataDir: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'rekey-writer.ts'), dataDir], {
        cwd: ROOT,
        env: { ...process.env, YIYANG_PASSWORD: ADMIN_PASSWORD },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let timer: NodeJS.Timeout | undefined;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!timer && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), 30 + Math.floor(Math.random() * 400));
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('exit', (_code, signal) => {
        if (signal !== 'SIGKILL') return reject(new Error(`writer exited on its own: ${err}`));
        resolve(out.slice(0, out.lastIndexOf('\n') + 1).split('\n').slice(1).filter(Boolean));
      });
    });
  }

  it(`after ${ROUNDS} kills in the middle of rekeys, the admin, the recovery key and the last reported password all open the store, and check passes`, async () => {
    const { store, dataDir, recoveryKey } = await storeWithBob();
    for (let i = 0; i < 300; i++) store.persons.create(personInput(), store.actor);
    store.close();
    let bobPassword = 'bob-password-1';
    for (let round = 0; round < ROUNDS; round++) {
      const reported = await runAndKill(dataDir);
      if (reported.length) bobPassword = reported[reported.length - 1]!;
      const admin = await Store.open(dataDir, 'admin', ADMIN_PASSWORD);
      expect(admin.check().ok, `round ${round}`).toBe(true);
      expect((admin.db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n).toBe(300);
      admin.close();
      // The last change reported, or one after it that finished before the kill.
      // A rekey cut off before its rename leaves its new key beside the old in every slot or in none.
      const kf = readKeyFile(dataDir)!;
      expect(new Set(kf.slots.map((s) => !!s.next)).size, `round ${round}`).toBe(1);
      const r = await Store.openWithRecoveryKey(dataDir, recoveryKey);
      r.close();
      const bob = await Store.open(dataDir, 'bob', bobPassword).catch(() => null);
      if (!bob) {
        // Killed after a later change had committed its new slot but before it was reported.
        expect(kf.slots.find((s) => s.kind === 'user' && s.username === 'bob')).toBeTruthy();
      } else bob.close();
    }
    // What a cut-off rekey leaves is one copy (and its journal), removed by the next rekey.
    expect(new Set(readdirSync(dataDir).flatMap((f) => /\.rekey-([0-9a-f]+)/.exec(f)?.[1] ?? [])).size).toBeLessThanOrEqual(1);
  });
});

describe('backups in the data folder', () => {
  it('lose the revoked user’s slot and keep everyone else’s; the database bytes stay as they were', async () => {
    const { store, dataDir } = await storeWithBob();
    mkdirSync(backupsDir(dataDir), { recursive: true });
    const file = path.join(backupsDir(dataDir), 'yiyang-20261201-080000.yybak');
    createBackup(store, file, { kind: 'auto' });
    store.close();
    const before = readBackupHeader(file).header;
    expect(forgetInBackups(dataDir, ['bob'])).toEqual(['yiyang-20261201-080000.yybak']);
    const after = readBackupHeader(file).header;
    expect(after.keys.slots.map((s) => (s.kind === 'user' ? s.username : s.kind))).toEqual(['admin', 'recovery']);
    expect(after.dbSha256).toBe(before.dbSha256);
    expect(forgetInBackups(dataDir, ['bob'])).toEqual([]);
  });
});
