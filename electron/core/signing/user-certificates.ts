import type { SealedKey } from '../db/keys';
import { openStoredP12, sealP12 } from './stored-p12';
import { randomBytes } from 'node:crypto';
import { canAssess } from '../../../shared/contract';
import type { Role } from '../../../shared/contract/roles';
import {
  certificateInfo,
  createInstitutionCa,
  issueAssessorCertificate,
  Pkcs12Error,
  readPkcs12,
  toPkcs12,
  type KeyAndCert,
  type Pkcs12Contents,
} from './';
import { SETTING_KEYS, StoreError, type CertificateRecord, type CertificateWithP12, type Store } from '../db';
import { asciiPersonName, asciiPhrase, truncateWords } from './ascii-name';

export { asciiPersonName, asciiPhrase, truncateWords } from './ascii-name';

/**
 * The institution's small PKI on top of the store: one CA (RSA, made on first need) that
 * issues each assessor's signing certificate, and the PKCS#12 files the signing service
 * reads.
 *
 * Where the keys live. Every private key is kept only inside a password-protected PKCS#12
 * in the `certificates` table, and that table is inside the encrypted database.
 * - A user's key: the PKCS#12 password is the user's login password, so the key can be
 *   used only when that person types it (at signing time). A password change re-encrypts
 *   it; an admin's password reset (old password unknown) replaces key and certificate.
 * - An imported key (institution-issued PKCS#12): kept with the password it came with,
 *   which the app never stores; that user types the certificate password to sign.
 * - The CA key: its PKCS#12 passphrase is random and sealed to each administrator's key
 *   slot and to the recovery slot (issue 13 #6: kept in clear in settings, every role could
 *   read it and so mint a colleague's certificate). Only an administrator signed in, or the
 *   recovery key, opens it: certificates are issued when an administrator creates a user
 *   or resets a password, or by `yiyang reset-password`.
 */

/** Who signs reports and therefore gets a certificate: whoever may be an assessor. */
export function canSign(role: Role): boolean {
  return canAssess(role);
}

const CA_SUFFIX = ' Assessment CA';
/** X.520 upper bound of commonName and organizationName. */
const NAME_MAX = 64;
/** Room for " (<uuid>)" in a user's CN. */
const PERSON_NAME_MAX = NAME_MAX - 39;

/** The ASCII name the CA and the signatures use for the institution: its code, else its name in pinyin. */
export function institutionAsciiName(store: Store): string {
  const inst = store.settings.getInstitution();
  return inst.code ? inst.code : truncateWords(asciiPhrase(inst.name, 'Yiyang Institution'), NAME_MAX);
}

const CA_PURPOSE = 'ca-passphrase';

const mayUseCa = (store: Store) => store.user === null || store.user.role === 'admin';

type SealedCopies = Record<string, SealedKey>;

/**
 * The CA PKCS#12's passphrase for this signed-in administrator (or recovery session); null
 * for anyone else. A store from before sealed copies kept it in clear: the first
 * administrator to use it seals it and removes the clear copy.
 */
function caPassphrase(store: Store): string | null {
  if (!mayUseCa(store)) return null;
  const copies = store.settings.get<SealedCopies | null>(SETTING_KEYS.caSecretSealed, null);
  if (copies) {
    const b = store.unsealForMe(copies, CA_PURPOSE);
    if (!b) return null;
    const pp = b.toString('utf8');
    b.fill(0);
    return pp;
  }
  const legacy = store.settings.get<string | null>(SETTING_KEYS.caSecret, null);
  if (legacy) sealCaPassphrase(store, legacy);
  return legacy;
}

function sealCaPassphrase(store: Store, passphrase: string): void {
  const sealed = store.sealForAdministrators(Buffer.from(passphrase, 'utf8'), CA_PURPOSE);
  store.transaction(() => {
    store.settings.put(SETTING_KEYS.caSecretSealed, sealed);
    store.settings.put(SETTING_KEYS.caSecret, null);
  });
}

/**
 * Keeps the sealed copies in step with who is an administrator (and with their current key
 * pairs): called by an administrator's session after a sign-in or a change of users. A
 * session that cannot open the passphrase changes nothing.
 */
export function syncCaPassphrase(store: Store): void {
  if (!store.certificates.activeCa()) return;
  const pp = caPassphrase(store);
  if (pp) sealCaPassphrase(store, pp);
}

/** Runs a change that gives the caller a new key pair (a password change), keeping their access to the CA. */
export async function keepingCaAccess<T>(store: Store, change: () => Promise<T>): Promise<T> {
  const pp = store.certificates.activeCa() ? caPassphrase(store) : null;
  const r = await change();
  if (pp) sealCaPassphrase(store, pp);
  return r;
}

/** The institution CA's key and certificate, made (and stored) on first need, by an administrator. */
export function ensureInstitutionCa(store: Store): KeyAndCert {
  const row = store.certificates.activeCa();
  if (row) {
    const pp = caPassphrase(store);
    if (pp === null) throw new StoreError('FORBIDDEN', '只有管理员可以用机构 CA 签发签名证书');
    const c = readPkcs12(row.p12, pp, { anyKeyUsage: true });
    return { certPem: c.certPem, keyPem: c.keyPem };
  }
  if (!mayUseCa(store)) throw new StoreError('FORBIDDEN', '机构 CA 只能由管理员创建');
  const base = institutionAsciiName(store);
  // RSA key generation (~0.3 s) stays outside the write transaction.
  const ca = createInstitutionCa({ commonName: truncateWords(base, NAME_MAX - CA_SUFFIX.length) + CA_SUFFIX, organization: base });
  return store.transaction(() => {
    // Another connection may have made one meanwhile: use it, drop ours.
    if (store.certificates.activeCa()) return ensureInstitutionCa(store);
    const passphrase = randomBytes(32).toString('base64url');
    const p12 = toPkcs12(ca.keyPem, ca.certPem, [], passphrase, 'yiyang-institution-ca');
    store.certificates.add({ kind: 'ca', userId: null, certPem: ca.certPem, p12, source: 'generated' }, store.actor);
    sealCaPassphrase(store, passphrase);
    return ca;
  });
}

/** The CA certificate (no key), or null before any was made. */
export function institutionCaCertificate(store: Store): string | null {
  return store.certificates.activeCa()?.certPem ?? null;
}

export interface CertificateHolder {
  id: string;
  displayName: string;
}

/** A new key pair and certificate for the user, its key locked under `password` (stored-p12.ts); replaces any active one. */
export async function issueUserCertificate(store: Store, user: CertificateHolder, password: string): Promise<CertificateRecord> {
  const ca = ensureInstitutionCa(store);
  const issued = issueAssessorCertificate(ca, { commonName: truncateWords(asciiPersonName(user.displayName), PERSON_NAME_MAX), userId: user.id });
  const p12 = await sealP12({ keyPem: issued.keyPem, certPem: issued.certPem, chainPems: [ca.certPem] }, password, user.id, user.id, store.kdfParams);
  return store.certificates.add({ kind: 'user', userId: user.id, certPem: issued.certPem, p12, source: 'generated' }, store.actor);
}

export type EnsureOutcome = 'present' | 'issued' | 'reissued';

/**
 * At sign-in (the password is known): a user who may sign and has no certificate gets one;
 * a generated one that no longer opens with the login password (reset outside the app,
 * e.g. `yiyang reset-password`) or has expired is replaced. Imported ones are left alone.
 */
export async function ensureUserCertificate(store: Store, user: CertificateHolder & { role: Role }, password: string): Promise<EnsureOutcome> {
  if (!canSign(user.role)) return 'present';
  const cur = store.certificates.activeForUser(user.id);
  if (!cur) {
    await issueUserCertificate(store, user, password);
    return 'issued';
  }
  if (cur.source === 'imported') return 'present';
  try {
    const opened = await openStoredP12(cur.p12, password, user.id);
    // A key from before wrapped passphrases: locked the stronger way now the password is at hand.
    if (opened.legacy) store.certificates.replaceP12(cur.id, await sealP12(opened.contents, password, user.id, user.id, store.kdfParams), store.actor);
    return 'present';
  } catch (err) {
    if (err instanceof Pkcs12Error && (err.code === 'password' || err.code === 'expired' || err.code === 'notYetValid')) {
      await issueUserCertificate(store, user, password);
      return 'reissued';
    }
    throw err;
  }
}

/**
 * The user changed their own password: the same key and certificate, re-encrypted with the
 * new one (imported certificates keep their own password). Issues one if there is none.
 */
export async function rewrapUserCertificate(store: Store, user: CertificateHolder & { role: Role }, oldPassword: string, newPassword: string): Promise<void> {
  if (!canSign(user.role)) return;
  const cur = store.certificates.activeForUser(user.id);
  if (cur?.source === 'imported') return;
  if (cur) {
    let contents: Pkcs12Contents | null = null;
    try {
      contents = (await openStoredP12(cur.p12, oldPassword, user.id)).contents;
    } catch (err) {
      if (!(err instanceof Pkcs12Error)) throw err;
    }
    if (contents) {
      store.certificates.replaceP12(cur.id, await sealP12(contents, newPassword, user.id, user.id, store.kdfParams), store.actor);
      return;
    }
  }
  await issueUserCertificate(store, user, newPassword);
}

/**
 * An admin set a new password without knowing the old one: the old key cannot be
 * re-encrypted, so a new key pair and certificate replace it (the old one stays, inactive,
 * for reports it signed). Imported certificates are not tied to the login password and stay.
 */
export async function replaceUserCertificate(store: Store, user: CertificateHolder & { role: Role }, newPassword: string): Promise<void> {
  if (!canSign(user.role)) return;
  if (store.certificates.activeForUser(user.id)?.source === 'imported') return;
  await issueUserCertificate(store, user, newPassword);
}

export interface ImportResult {
  certificate: CertificateRecord;
  /** Chinese notes for the admin (short key, missing nonRepudiation, …). */
  warnings: string[];
}

/**
 * An institution-issued PKCS#12 for one user, checked with readPkcs12 (password, RSA key,
 * matching certificate, valid now, usable for signatures) and stored locked under its own
 * password the way generated keys are (stored-p12.ts); the password is not kept: the user
 * types it when signing.
 */
export async function importUserP12(store: Store, userId: string, p12: Buffer, password: string): Promise<ImportResult> {
  const user = store.users.get(userId);
  if (!user) throw new StoreError('NOT_FOUND', '用户不存在', [{ path: 'userId', message: '用户不存在' }]);
  if (!user.active) throw new StoreError('VALIDATION', '该用户已停用', [{ path: 'userId', message: '该用户已停用' }]);
  if (!canSign(user.role)) {
    throw new StoreError('VALIDATION', '只有评估员和管理员可以使用签名证书', [{ path: 'userId', message: '只有评估员和管理员可以使用签名证书' }]);
  }
  let contents: Pkcs12Contents;
  try {
    contents = readPkcs12(p12, password);
  } catch (err) {
    if (!(err instanceof Pkcs12Error)) throw err;
    const path = err.code === 'password' ? 'p12Password' : 'p12Base64';
    throw new StoreError('VALIDATION', err.message, [{ path, message: err.message }]);
  }
  if (contents.cert.isCa) {
    throw new StoreError('VALIDATION', '这是 CA 证书，不能用于签署报告', [{ path: 'p12Base64', message: '这是 CA 证书，不能用于签署报告' }]);
  }
  const sealed = await sealP12(contents, password, userId, userId, store.kdfParams);
  const certificate = store.certificates.add({ kind: 'user', userId, certPem: contents.certPem, p12: sealed, source: 'imported' }, store.actor);
  return { certificate, warnings: contents.warnings };
}

/** What a report's signature dictionary names: the ASCII part of the certificate's CN, else the pinyin of the user's name. */
export function signerAsciiName(certPem: string, displayName: string): string {
  const cn = certificateInfo(certPem).commonName ?? '';
  const bare = cn.replace(/\s*\([^()]*\)\s*$/, '').trim();
  if (bare && /^[\x20-\x7e]+$/.test(bare)) return bare;
  return truncateWords(asciiPersonName(displayName), PERSON_NAME_MAX);
}

export interface UnlockedSigner {
  /** With `p12` the PKCS#12 itself, opened by `passphrase`. */
  certificate: CertificateWithP12;
  contents: Pkcs12Contents;
  passphrase: string;
}

export type UnlockFailure =
  | { reason: 'noCertificate' }
  | { reason: 'wrongSecret'; imported: boolean }
  | { reason: 'unusable'; message: string };

/** Opens a user's active certificate with what they typed; never throws for a wrong secret. */
export async function unlockUserCertificate(store: Store, userId: string, secret: string): Promise<{ ok: true; signer: UnlockedSigner } | ({ ok: false } & UnlockFailure)> {
  const certificate = store.certificates.activeForUser(userId);
  if (!certificate) return { ok: false, reason: 'noCertificate' };
  try {
    const opened = await openStoredP12(certificate.p12, secret, userId);
    return { ok: true, signer: { certificate: { ...certificate, p12: opened.p12 }, contents: opened.contents, passphrase: opened.passphrase } };
  } catch (err) {
    if (!(err instanceof Pkcs12Error)) throw err;
    if (err.code === 'password') return { ok: false, reason: 'wrongSecret', imported: certificate.source === 'imported' };
    return { ok: false, reason: 'unusable', message: err.message };
  }
}
