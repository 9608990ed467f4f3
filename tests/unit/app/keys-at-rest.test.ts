import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_KEYS, Store } from '../../../electron/core/db';
import { ensureInstitutionCa } from '../../../electron/core/signing/user-certificates';
import { DEFAULT_KDF } from '../../../electron/core/db/keys';
import { Pkcs12Error, readPkcs12, toPkcs12 } from '../../../electron/core/signing/pkcs12';
import { isWrappedP12, openStoredP12 } from '../../../electron/core/signing/stored-p12';
import { ADMIN_PASSWORD, appWithTwoAssessors, finalizedAssessment, WANG, ZHANG, type TestApp } from './helpers';

/**
 * Issue 13 #6: signing keys were PKCS#12 under node-forge defaults (3DES, 2,048 iterations)
 * locked with the user's password, far cheaper to guess than the scrypt key slot. Now the
 * PKCS#12 is locked with a random passphrase wrapped under scrypt of the password.
 */

let app: TestApp;
let admin: string;
let zhangId: string;
let wangId: string;

beforeAll(async () => {
  ({ app, admin, zhangId, wangId } = await appWithTwoAssessors());
});
afterAll(() => app.dispose());

async function withStore<T>(fn: (s: Store) => T | Promise<T>): Promise<T> {
  app.core.sessions.closeAll();
  const s = await Store.open(app.dataDir, 'admin', ADMIN_PASSWORD);
  try {
    return await fn(s);
  } finally {
    s.close();
    admin = await app.login('admin', ADMIN_PASSWORD);
  }
}

describe('signing keys at rest', () => {
  it('the stored PKCS#12 does not open with the user’s password: only scrypt of it unwraps its random passphrase', async () => {
    await withStore(async (s) => {
      const row = s.certificates.activeForUser(zhangId)!;
      expect(isWrappedP12(row.p12)).toBe(true);
      const nl = row.p12.indexOf(0x0a, 'YIYANG-P12-1\n'.length);
      const wrapped = JSON.parse(row.p12.subarray('YIYANG-P12-1\n'.length, nl).toString('utf8')) as { kdf: string; N: number };
      expect(wrapped).toMatchObject({ kdf: 'scrypt', N: DEFAULT_KDF.N });
      const inner = row.p12.subarray(nl + 1);
      expect(() => readPkcs12(inner, ZHANG.password)).toThrow(Pkcs12Error);
      await expect(openStoredP12(row.p12, 'not-her-password', zhangId)).rejects.toMatchObject({ code: 'password' });
      const opened = await openStoredP12(row.p12, ZHANG.password, zhangId);
      expect(opened.passphrase).toHaveLength(43);
      expect(opened.contents.certPem).toBe(row.certPem);
      // Bound to its holder: the same bytes do not open as another user's key.
      await expect(openStoredP12(row.p12, ZHANG.password, wangId)).rejects.toMatchObject({ code: 'password' });
    });
  });

  it('a key stored the old way still signs, and is locked the new way at its owner’s next sign-in', async () => {
    await withStore(async (s) => {
      const row = s.certificates.activeForUser(wangId)!;
      const opened = await openStoredP12(row.p12, WANG.password, wangId);
      s.certificates.replaceP12(row.id, toPkcs12(opened.contents.keyPem, opened.contents.certPem, opened.contents.chainPems, WANG.password, wangId), s.actor);
      expect(isWrappedP12(s.certificates.activeForUser(wangId)!.p12)).toBe(false);
    });
    const { assessment } = await finalizedAssessment(app, admin, { assessor1Id: zhangId, assessor2Id: wangId });
    const signed = await app.call('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password }, admin);
    expect(signed.status).toBe('signed');
    await app.call('session.logout', {}, await app.login(WANG.username, WANG.password));
    await withStore((s) => expect(isWrappedP12(s.certificates.activeForUser(wangId)!.p12)).toBe(true));
  });

  it('the CA passphrase is nowhere in clear: sealed to administrators and the recovery key only; an assessor cannot use the CA', async () => {
    const sealedHolders = () => withStore((s) => ({ clear: s.settings.get<string | null>(SETTING_KEYS.caSecret, null), holders: Object.keys(s.settings.get<Record<string, unknown>>(SETTING_KEYS.caSecretSealed, {})).sort() }));
    expect(await sealedHolders()).toEqual({ clear: null, holders: ['#recovery', 'admin'] });

    app.core.sessions.closeAll();
    const assessor = await Store.open(app.dataDir, ZHANG.username, ZHANG.password);
    try {
      expect(() => ensureInstitutionCa(assessor)).toThrow(/只有管理员/);
    } finally {
      assessor.close();
    }
    const recovery = await Store.openWithRecoveryKey(app.dataDir, app.recoveryKey);
    try {
      expect(ensureInstitutionCa(recovery).keyPem).toContain('PRIVATE KEY');
    } finally {
      recovery.close();
    }
    admin = await app.login('admin', ADMIN_PASSWORD);

    const second = await app.call('users.create', { username: 'admin2', displayName: '副管理员', role: 'admin', password: 'admin2-pass-1' }, admin);
    expect((await sealedHolders()).holders).toEqual(['#recovery', 'admin', 'admin2']);
    await app.call('users.update', { id: second.id, active: false }, admin);
    expect((await sealedHolders()).holders).toEqual(['#recovery', 'admin']);
  });

  it('a store from before keeps its CA: the clear passphrase is sealed and removed at an administrator’s sign-in', async () => {
    const pp = await withStore(async (s) => {
      const secret = s.unsealForMe(s.settings.get<Record<string, never>>(SETTING_KEYS.caSecretSealed, {}), 'ca-passphrase')!.toString('utf8');
      s.settings.put(SETTING_KEYS.caSecretSealed, null);
      s.settings.put(SETTING_KEYS.caSecret, secret);
      return secret;
    });
    expect(pp).toHaveLength(43);
    // withStore signed the admin in again: that sign-in sealed it.
    await withStore((s) => {
      expect(s.settings.get<string | null>(SETTING_KEYS.caSecret, null)).toBeNull();
      expect(Object.keys(s.settings.get<Record<string, unknown>>(SETTING_KEYS.caSecretSealed, {}))).toContain('admin');
      expect(ensureInstitutionCa(s).certPem).toContain('CERTIFICATE');
    });
  });
});
