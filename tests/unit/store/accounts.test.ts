import { existsSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  KEY_FILE,
  LOCK_MS,
  MAX_FAILED_ATTEMPTS,
  STORE_TO_API_CODE,
  Store,
  StoreError,
  WRONG_CREDENTIALS_MESSAGE,
  decodeRecoveryKey,
  encodeRecoveryKey,
  readKeyFile,
  toServiceError,
} from '../../../electron/core/db';
import { slotAad, unwrapKey, wrapKey } from '../../../electron/core/db/keys';
import { ServiceError } from '../../../shared/contract/errors';
import { ADMIN_PASSWORD, FAST_KDF, cleanupTempDirs, newStore, tempDir, rejects } from './helpers';

afterEach(cleanupTempDirs);

describe('key slots', () => {
  it('recovery keys round-trip through Crockford base32 and forgive look-alikes', () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 255));
    const text = encodeRecoveryKey(bytes);
    expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(decodeRecoveryKey(text)!.equals(bytes)).toBe(true);
    const sloppy = text.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(decodeRecoveryKey(sloppy)!.equals(bytes)).toBe(true);
    expect(decodeRecoveryKey(text.slice(0, -1))).toBeNull();
  });

  it('a slot opens only with its password and only under its own username', async () => {
    const key = Buffer.alloc(32, 7);
    const slot = await wrapKey(key, 'pässwörd-1', slotAad({ kind: 'user', username: 'a' }), FAST_KDF);
    expect((await unwrapKey(slot, 'pässwörd-1', slotAad({ kind: 'user', username: 'a' })))!.equals(key)).toBe(true);
    // The same password typed in decomposed form still opens it.
    expect(await unwrapKey(slot, 'pässwörd-1'.normalize('NFD'), slotAad({ kind: 'user', username: 'a' }))).not.toBeNull();
    expect(await unwrapKey(slot, 'wrong', slotAad({ kind: 'user', username: 'a' }))).toBeNull();
    expect(await unwrapKey(slot, 'pässwörd-1', slotAad({ kind: 'user', username: 'b' }))).toBeNull();
  });
});

describe('init and open', () => {
  it('creates the institution, the admin and a recovery key; keys.json holds no key in clear', async () => {
    const { store, recoveryKey, dataDir } = await newStore();
    expect(recoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){12}$/);
    expect(store.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(store.settings.getInstitution()).toMatchObject({ name: '泉州市测试养老服务中心', code: 'QZT' });
    const keyHex = (store as unknown as { dbKey: Buffer }).dbKey.toString('hex');
    const keysText = readFileSync(path.join(dataDir, KEY_FILE), 'utf8');
    expect(keysText).not.toContain(keyHex);
    expect(keysText).not.toContain(ADMIN_PASSWORD);
    expect(keysText).not.toContain(recoveryKey);
    store.close();
    const again = await Store.open(dataDir, 'admin', ADMIN_PASSWORD);
    expect(again.user?.role).toBe('admin');
    expect(again.audit.list().map((r) => r.action)).toEqual(['store.init', 'user.create', 'login']);
    again.close();
  });

  it('refuses to initialise twice and to open an empty folder', async () => {
    const { store, dataDir } = await newStore();
    store.close();
    expect((await rejects(newStore({}, dataDir))).code).toBe('ALREADY_INITIALIZED');
    expect((await rejects(Store.open(tempDir(), 'admin', 'x'))).code).toBe('NOT_INITIALIZED');
  });

  it('validates init input in Chinese', async () => {
    const err = await rejects(newStore({ adminPassword: 'short', adminUsername: 'a b' }));
    expect(err.code).toBe('VALIDATION');
    expect(err.fields!.map((f) => f.path)).toEqual(['admin', 'password']);
    expect(err.message).toMatch(/用户名/);
  });
});

describe('wrong password, unknown user, lockout', () => {
  it('gives the same message for unknown user and wrong password, and audits both differently', async () => {
    const { store, dataDir } = await newStore();
    store.close();
    const a = await rejects(Store.open(dataDir, 'admin', 'not-the-password'));
    const b = await rejects(Store.open(dataDir, 'nobody', 'not-the-password'));
    expect(a.code).toBe('WRONG_PASSWORD');
    expect(b.code).toBe('WRONG_PASSWORD');
    expect(a.message).toBe(WRONG_CREDENTIALS_MESSAGE);
    expect(b.message).toBe(a.message);
    expect(readKeyFile(dataDir)!.pendingAudit).toHaveLength(2);

    const s = await Store.open(dataDir, 'admin', ADMIN_PASSWORD);
    const rows = s.audit.list();
    const failed = rows.filter((r) => r.action === 'login.failed');
    expect(failed.map((r) => r.detail?.['reason'])).toEqual(['wrongPassword', 'unknownUser']);
    expect(failed[0]!.actorName).toBe('admin');
    // Recorded late, with the time of the attempt, before the login that flushed them.
    expect(failed[0]!.at <= rows.at(-1)!.at).toBe(true);
    expect(rows.at(-1)!.action).toBe('login');
    expect(readKeyFile(dataDir)!.pendingAudit).toHaveLength(0);
    expect(s.check().audit.ok).toBe(true);
    s.close();
  });

  it(`locks a user after ${MAX_FAILED_ATTEMPTS} wrong passwords, refuses even the right one, and unlocks later`, async () => {
    const { store, dataDir } = await newStore();
    store.close();
    let t = Date.parse('2026-01-10T08:00:00Z');
    const now = () => new Date(t);
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) expect((await rejects(Store.open(dataDir, 'admin', `bad-${i}`, { now }))).code).toBe('WRONG_PASSWORD');
    const locked = await rejects(Store.open(dataDir, 'admin', 'bad-5', { now }));
    expect(locked.code).toBe('ACCOUNT_LOCKED');
    expect(locked.message).toMatch(/锁定.*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(Date.parse(String(locked.details!['lockedUntil']))).toBe(t + LOCK_MS);

    t += LOCK_MS - 1000;
    expect((await rejects(Store.open(dataDir, 'admin', ADMIN_PASSWORD, { now }))).code).toBe('ACCOUNT_LOCKED');
    // After the lock expires, another run of wrong passwords locks it again.
    t += 2000;
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) expect((await rejects(Store.open(dataDir, 'admin', `bad-${i}`, { now }))).code).toBe('WRONG_PASSWORD');
    expect((await rejects(Store.open(dataDir, 'admin', 'bad-5', { now }))).code).toBe('ACCOUNT_LOCKED');
    t += LOCK_MS;
    const s = await Store.open(dataDir, 'admin', ADMIN_PASSWORD, { now });
    expect(s.audit.list({ limit: 1000 }).filter((r) => r.action === 'login.locked')).toHaveLength(1);
    expect(s.audit.list({ limit: 1000 }).filter((r) => r.action === 'login.failed' && r.detail?.['locked'] === true)).toHaveLength(2);
    s.close();
    const slot = readKeyFile(dataDir)!.slots.find((x) => x.kind === 'user')!;
    expect(slot).toMatchObject({ failedAttempts: 0, lockedUntil: null });
  });

  it('a successful login resets the counter', async () => {
    const { store, dataDir } = await newStore();
    store.close();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await rejects(Store.open(dataDir, 'admin', 'bad-password'));
      (await Store.open(dataDir, 'admin', ADMIN_PASSWORD)).close();
    }
  });

  it('maps to contract codes', () => {
    const e = toServiceError(new StoreError('WRONG_PASSWORD', WRONG_CREDENTIALS_MESSAGE));
    expect(e).toBeInstanceOf(ServiceError);
    expect((e as ServiceError).code).toBe('UNAUTHENTICATED');
    expect(STORE_TO_API_CODE.VALIDATION).toBe('BAD_INPUT');
    expect(STORE_TO_API_CODE.IMMUTABLE).toBe('CONFLICT');
  });
});

describe('wrong key', () => {
  it('keys.json from another store gives WRONG_KEY, not a crash or a wrong-password message', async () => {
    const one = await newStore();
    const two = await newStore();
    one.store.close();
    two.store.close();
    copyFileSync(path.join(two.dataDir, KEY_FILE), path.join(one.dataDir, KEY_FILE));
    const err = await rejects(Store.open(one.dataDir, 'admin', ADMIN_PASSWORD));
    expect(err.code).toBe('WRONG_KEY');
    expect(err.message).toContain('keys.json');
  });

  it('a damaged keys.json is CORRUPT; a missing one next to a database is CORRUPT too', async () => {
    const { store, dataDir } = await newStore();
    store.close();
    writeFileSync(path.join(dataDir, KEY_FILE), '{not json');
    expect((await rejects(Store.open(dataDir, 'admin', ADMIN_PASSWORD))).code).toBe('CORRUPT');
  });
});

describe('users and key slots', () => {
  it('changing a password gives that slot a new password and every slot a new database key; the others keep their passwords', async () => {
    const { store, dataDir } = await newStore();
    const bob = await store.users.createUser({ username: 'bob', role: 'assessor', password: 'bob-password-1', displayName: '评估员鲍勃' }, store.actor);
    const before = readKeyFile(dataDir)!;
    await store.users.setPassword(bob.id, 'bob-password-2', store.actor);
    const after = readKeyFile(dataDir)!;
    const slot = (kf: typeof before, name: string) => kf.slots.find((s) => s.kind === 'user' && s.username === name);
    const recovery = (kf: typeof before) => kf.slots.find((s) => s.kind === 'recovery')!;
    // The admin's and the recovery key's passwords still open their own key pairs (unchanged),
    // to which the new database key is sealed.
    expect(slot(after, 'admin')!.wrapped).toBe(slot(before, 'admin')!.wrapped);
    expect(slot(after, 'admin')!.sealed).not.toEqual(slot(before, 'admin')!.sealed);
    expect(recovery(after).wrapped).toBe(recovery(before).wrapped);
    expect(recovery(after).sealed).not.toEqual(recovery(before).sealed);
    expect(slot(after, 'bob')!.wrapped).not.toBe(slot(before, 'bob')!.wrapped);
    expect(after.slots.some((s) => s.next)).toBe(false);
    store.close();
    const a = await Store.open(dataDir, 'admin', ADMIN_PASSWORD);
    a.close();
    expect((await rejects(Store.open(dataDir, 'bob', 'bob-password-1'))).code).toBe('WRONG_PASSWORD');
    const b = await Store.open(dataDir, 'bob', 'bob-password-2');
    expect(b.user).toMatchObject({ username: 'bob', role: 'assessor', displayName: '评估员鲍勃' });
    b.close();
  });

  it('keeps at least one active admin; disabling removes the slot', async () => {
    const { store, dataDir } = await newStore();
    const admin = store.user!;
    expect(() => store.users.setRole(admin.id, 'manager', store.actor)).toThrow(/至少需要保留一名启用的管理员/);
    await expect(store.users.setActive(admin.id, false, store.actor)).rejects.toMatchObject({ code: 'CONFLICT' });
    const carol = await store.users.createUser({ username: 'carol', role: 'manager', password: 'carol-password' }, store.actor);
    await expect(store.users.createUser({ username: 'carol', role: 'manager', password: 'carol-password' }, store.actor)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await store.users.setActive(carol.id, false, store.actor);
    expect(store.users.hasPassword('carol')).toBe(false);
    await expect(store.users.setActive(carol.id, true, store.actor)).rejects.toMatchObject({ code: 'VALIDATION' });
    await store.users.setActive(carol.id, true, store.actor, { password: 'carol-password-2' });
    store.close();
    (await Store.open(dataDir, 'carol', 'carol-password-2')).close();
  });

  it('the recovery key opens the store and resets the admin password', async () => {
    const { store, dataDir, recoveryKey } = await newStore();
    const adminId = store.user!.id;
    store.close();
    expect((await rejects(Store.openWithRecoveryKey(dataDir, 'AAAA-BBBB'))).message).toBe('恢复密钥不正确');
    const r = await Store.openWithRecoveryKey(dataDir, recoveryKey.toLowerCase());
    expect(r.user).toBeNull();
    await r.users.setPassword(adminId, 'brand-new-password', r.actor);
    r.close();
    (await Store.open(dataDir, 'admin', 'brand-new-password')).close();
    expect(existsSync(dataDir)).toBe(true);
  });
});
