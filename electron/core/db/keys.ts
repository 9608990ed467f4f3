import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, scrypt as scryptCb, type KeyObject, type ScryptOptions } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { StoreError } from './errors';

/**
 * Key slots: the database key is 32 random bytes; every user's password, and the
 * recovery key, wraps it with AES-256-GCM under a key derived by scrypt. A password is
 * "right" exactly when its slot unwraps (the GCM tag checks), so the slot is also the
 * password hash and no other password hash exists anywhere.
 */

export const KEY_FILE = 'keys.json';
export const KEY_FILE_FORMAT = 1;

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 B = 32 MiB of memory and ~0.1 s per guess on a desktop. */
export const DEFAULT_KDF: Readonly<KdfParams> = { N: 1 << 15, r: 8, p: 1 };
const MAXMEM = 64 * 1024 * 1024;

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60 * 1000;

export interface WrappedKey {
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
  iv: string;
  wrapped: string;
  tag: string;
}

/**
 * The database key sealed to a slot's public key (X25519, HKDF-SHA256, AES-256-GCM): whoever
 * holds the database key can seal a new one to every slot without anyone's password, which
 * is what a rekey needs (issue 13: disabling a user must change the key the others open).
 */
export interface SealedKey {
  /** base64: the ephemeral public key (raw 32 bytes), the GCM nonce, the sealed key, its tag */
  epk: string;
  iv: string;
  ct: string;
  tag: string;
}

/**
 * Slots made since issue 13 wrap the slot's X25519 private key under the password and carry
 * the database key sealed to the public key. A slot without `publicKey` is from before: it
 * wraps the database key itself, cannot be resealed, and is upgraded at its owner's sign-in.
 */
export interface SealedParts {
  publicKey?: string;
  sealed?: SealedKey;
  /** During a rekey only: the new key, until the database file has been switched to it. */
  next?: SealedKey;
}

export interface UserSlot extends WrappedKey, SealedParts {
  kind: 'user';
  username: string;
  failedAttempts: number;
  /** ISO time; refused until then even with the right password. */
  lockedUntil: string | null;
}

export interface RecoverySlot extends WrappedKey, SealedParts {
  kind: 'recovery';
  createdAt: string;
}

export type KeySlot = UserSlot | RecoverySlot;

/** A failed sign-in seen while the database was closed; written to the audit log at the next open. */
export interface PendingAuditEntry {
  at: string;
  action: string;
  actorName: string | null;
  detail: Record<string, string | number | boolean | null>;
}

export interface KeyFile {
  format: number;
  /** Ties keys.json to its database in messages and backups; not secret. */
  storeId: string;
  createdAt: string;
  slots: KeySlot[];
  pendingAudit: PendingAuditEntry[];
}

function scrypt(secret: string | Buffer, salt: Buffer, params: KdfParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: MAXMEM };
  return new Promise((resolve, reject) => scryptCb(secret, salt, 32, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

function secretBytes(secret: string | Buffer): string | Buffer {
  // The same password typed on different keyboards/IMEs may arrive composed or decomposed.
  return typeof secret === 'string' ? secret.normalize('NFC') : secret;
}

/** Binds a slot to its owner, so a slot copied onto another username does not open. */
export function slotAad(slot: { kind: 'user'; username: string } | { kind: 'recovery' }): Buffer {
  return Buffer.from(slot.kind === 'user' ? `yiyang:keyslot:1:user:${slot.username}` : 'yiyang:keyslot:1:recovery', 'utf8');
}

export async function wrapKey(dbKey: Buffer, secret: string | Buffer, aad: Buffer, params: KdfParams = DEFAULT_KDF): Promise<WrappedKey> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kek = await scrypt(secretBytes(secret), salt, params);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(aad);
  const wrapped = Buffer.concat([cipher.update(dbKey), cipher.final()]);
  const tag = cipher.getAuthTag();
  kek.fill(0);
  return {
    kdf: 'scrypt',
    N: params.N,
    r: params.r,
    p: params.p,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    wrapped: wrapped.toString('base64'),
    tag: tag.toString('base64'),
  };
}

/** The database key, or null when the secret is wrong. */
export async function unwrapKey(w: WrappedKey, secret: string | Buffer, aad: Buffer): Promise<Buffer | null> {
  const kek = await scrypt(secretBytes(secret), Buffer.from(w.salt, 'base64'), w);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(w.iv, 'base64'));
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(w.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(w.wrapped, 'base64')), decipher.final()]);
  } catch {
    return null;
  } finally {
    kek.fill(0);
  }
}

const b64 = (b: Buffer) => b.toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');

function x25519Public(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });
}

function x25519Private(priv: Buffer, pub: Buffer): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: priv.toString('base64url'), x: pub.toString('base64url') }, format: 'jwk' });
}

function sealingKey(shared: Buffer, epk: Buffer, pub: Buffer, aad: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([epk, pub]), Buffer.concat([Buffer.from('yiyang:seal:1:'), aad]), 32));
}

/** Seals `dbKey` to a slot's public key (base64 raw X25519). */
export function sealKey(dbKey: Buffer, publicKey: string, aad: Buffer): SealedKey {
  const pub = unb64(publicKey);
  const eph = generateKeyPairSync('x25519');
  const epk = Buffer.from(eph.publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const key = sealingKey(diffieHellman({ privateKey: eph.privateKey, publicKey: x25519Public(pub) }), epk, pub, aad);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(dbKey), cipher.final()]);
  key.fill(0);
  return { epk: b64(epk), iv: b64(iv), ct: b64(ct), tag: b64(cipher.getAuthTag()) };
}

export function unsealKey(sealed: SealedKey, priv: Buffer, publicKey: string, aad: Buffer): Buffer | null {
  try {
    const pub = unb64(publicKey);
    const epk = unb64(sealed.epk);
    const key = sealingKey(diffieHellman({ privateKey: x25519Private(priv, pub), publicKey: x25519Public(epk) }), epk, pub, aad);
    const decipher = createDecipheriv('aes-256-gcm', key, unb64(sealed.iv));
    key.fill(0);
    decipher.setAAD(aad);
    decipher.setAuthTag(unb64(sealed.tag));
    return Buffer.concat([decipher.update(unb64(sealed.ct)), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * A slot's key pair, held in memory by a signed-in store: what other secrets are sealed to
 * for this user alone (the institution CA's passphrase, for administrators).
 */
export interface SlotIdentity {
  privateKey: Buffer;
  publicKey: string;
}

type NewSlotKeys = WrappedKey & Required<Pick<SealedParts, 'publicKey' | 'sealed'>>;

/** A new slot for `secret`: its own key pair, the private half under the secret, `dbKey` sealed to the public half. */
export async function makeSlot(dbKey: Buffer, secret: string | Buffer, aad: Buffer, params: KdfParams = DEFAULT_KDF): Promise<{ slot: NewSlotKeys; identity: SlotIdentity }> {
  const pair = generateKeyPairSync('x25519');
  const jwk = pair.privateKey.export({ format: 'jwk' });
  const privateKey = Buffer.from(jwk.d!, 'base64url');
  const publicKey = b64(Buffer.from(jwk.x!, 'base64url'));
  return { slot: { ...(await wrapKey(privateKey, secret, aad, params)), publicKey, sealed: sealKey(dbKey, publicKey, aad) }, identity: { privateKey, publicKey } };
}

export async function makeSlotKeys(dbKey: Buffer, secret: string | Buffer, aad: Buffer, params: KdfParams = DEFAULT_KDF): Promise<NewSlotKeys> {
  const { slot, identity } = await makeSlot(dbKey, secret, aad, params);
  identity.privateKey.fill(0);
  return slot;
}

/**
 * The database keys a secret opens through its slot, the current one first and, during a
 * rekey, the new one after it; null when the secret is wrong.
 */
export async function openSlot(slot: WrappedKey & SealedParts, secret: string | Buffer, aad: Buffer): Promise<{ keys: Buffer[]; identity: SlotIdentity | null } | null> {
  const inner = await unwrapKey(slot, secret, aad);
  if (!inner) return null;
  if (!slot.publicKey || !slot.sealed) return { keys: [inner], identity: null };
  const keys = [slot.sealed, slot.next].flatMap((s) => {
    const k = s ? unsealKey(s, inner, slot.publicKey!, aad) : null;
    return k ? [k] : [];
  });
  if (!keys.length) {
    inner.fill(0);
    return null;
  }
  return { keys, identity: { privateKey: inner, publicKey: slot.publicKey } };
}

/** Spends the same time as a real unwrap, so an unknown username is not told apart by timing. */
export async function burnKdf(secret: string): Promise<void> {
  await scrypt(secretBytes(secret), randomBytes(16), DEFAULT_KDF);
}

export function wrappedPart(slot: WrappedKey): WrappedKey {
  const { kdf, N, r, p, salt, iv, wrapped, tag } = slot;
  return { kdf, N, r, p, salt, iv, wrapped, tag };
}

// ---------------------------------------------------------------------------
// Recovery key: 32 random bytes in Crockford base32, groups of four.
// ---------------------------------------------------------------------------

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function encodeRecoveryKey(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)!.join('-');
}

/** Accepts lower case, missing or extra dashes and spaces, and Crockford's look-alikes (O→0, I/L→1). */
export function decodeRecoveryKey(text: string): Buffer | null {
  const clean = text
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (clean.length !== 52) return null;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = CROCKFORD.indexOf(ch);
    if (v < 0) return null;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return out.length === 32 ? Buffer.from(out) : null;
}

export function generateRecoveryKey(): { bytes: Buffer; text: string } {
  const bytes = randomBytes(32);
  return { bytes, text: encodeRecoveryKey(bytes) };
}

// ---------------------------------------------------------------------------
// keys.json
// ---------------------------------------------------------------------------

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE);
}

function isWrapped(s: Record<string, unknown>): boolean {
  return (
    s['kdf'] === 'scrypt' &&
    ['N', 'r', 'p'].every((k) => Number.isInteger(s[k])) &&
    ['salt', 'iv', 'wrapped', 'tag'].every((k) => typeof s[k] === 'string')
  );
}

function isSealed(v: unknown): v is SealedKey {
  return typeof v === 'object' && v !== null && ['epk', 'iv', 'ct', 'tag'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string');
}

function sealedPart(r: Record<string, unknown>): SealedParts {
  if (r['publicKey'] === undefined) return {};
  if (typeof r['publicKey'] !== 'string' || !isSealed(r['sealed']) || (r['next'] !== undefined && !isSealed(r['next'])))
    throw new StoreError('CORRUPT', '密钥文件 keys.json 已损坏或格式不正确');
  const { epk, iv, ct, tag } = r['sealed'];
  const next = r['next'] as SealedKey | undefined;
  return { publicKey: r['publicKey'], sealed: { epk, iv, ct, tag }, ...(next ? { next: { epk: next.epk, iv: next.iv, ct: next.ct, tag: next.tag } } : {}) };
}

/** Checks the shape of a parsed key file (from disk or a backup header). */
export function parseKeyFile(raw: unknown): KeyFile {
  const bad = (): never => {
    throw new StoreError('CORRUPT', '密钥文件 keys.json 已损坏或格式不正确');
  };
  if (typeof raw !== 'object' || raw === null) return bad();
  const o = raw as Record<string, unknown>;
  if (o['format'] !== KEY_FILE_FORMAT) {
    if (typeof o['format'] === 'number' && o['format'] > KEY_FILE_FORMAT)
      throw new StoreError('NEWER_DATABASE', `密钥文件由更新版本的颐养评估创建（格式 ${o['format']}），请升级程序`);
    return bad();
  }
  if (typeof o['storeId'] !== 'string' || !Array.isArray(o['slots'])) return bad();
  const slots: KeySlot[] = [];
  for (const s of o['slots'] as unknown[]) {
    if (typeof s !== 'object' || s === null) return bad();
    const r = s as Record<string, unknown>;
    if (!isWrapped(r)) return bad();
    if (r['kind'] === 'user' && typeof r['username'] === 'string') {
      slots.push({
        ...wrappedPart(r as unknown as WrappedKey),
        ...sealedPart(r),
        kind: 'user',
        username: r['username'],
        failedAttempts: Number.isInteger(r['failedAttempts']) ? (r['failedAttempts'] as number) : 0,
        lockedUntil: typeof r['lockedUntil'] === 'string' ? r['lockedUntil'] : null,
      });
    } else if (r['kind'] === 'recovery') {
      slots.push({ ...wrappedPart(r as unknown as WrappedKey), ...sealedPart(r), kind: 'recovery', createdAt: String(r['createdAt'] ?? '') });
    } else {
      return bad();
    }
  }
  const pending = Array.isArray(o['pendingAudit']) ? (o['pendingAudit'] as PendingAuditEntry[]) : [];
  return { format: KEY_FILE_FORMAT, storeId: o['storeId'], createdAt: String(o['createdAt'] ?? ''), slots, pendingAudit: pending };
}

/** null when the folder holds no key file (not initialised). */
export function readKeyFile(dataDir: string): KeyFile | null {
  const file = keyFilePath(dataDir);
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new StoreError('CORRUPT', '密钥文件 keys.json 已损坏或格式不正确');
  }
  return parseKeyFile(raw);
}

/** Replaces a file so that a crash leaves either the old or the new content, never half. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw err;
  }
  fsyncDir(path.dirname(file));
}

export function fsyncDir(dir: string): void {
  // Makes the rename itself durable; directories cannot be opened this way on Windows.
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

export function writeKeyFile(dataDir: string, kf: KeyFile): void {
  writeFileAtomic(keyFilePath(dataDir), JSON.stringify(kf, null, 2) + '\n');
}

export function findUserSlot(kf: KeyFile, username: string): UserSlot | undefined {
  return kf.slots.find((s): s is UserSlot => s.kind === 'user' && s.username === username);
}

export function findRecoverySlot(kf: KeyFile): RecoverySlot | undefined {
  return kf.slots.find((s): s is RecoverySlot => s.kind === 'recovery');
}
