import { randomBytes } from 'node:crypto';
import { unwrapKey, wrapKey, type KdfParams, type WrappedKey } from '../db/keys';
import { Pkcs12Error, readPkcs12, toPkcs12, type Pkcs12Contents, type ReadPkcs12Options } from './pkcs12';

/**
 * How a signing key is kept in the certificates table (issue 13 #6). A PKCS#12 under
 * node-forge's defaults (3DES, 2,048 iterations) locked with the user's password was far
 * cheaper to guess than the user's scrypt key slot. Now the PKCS#12 is locked with a random
 * 256-bit passphrase, and that passphrase is wrapped under scrypt of the secret the user
 * types (the login password, or an imported certificate's own password): a guess costs
 * what a guess at the key slot costs.
 *
 * Stored bytes: MAGIC, one JSON line with the wrapped passphrase, then the PKCS#12. Rows
 * from before are a bare PKCS#12 under the typed secret; they still open, and are rewrapped
 * at their owner's next sign-in.
 */
const MAGIC = Buffer.from('YIYANG-P12-1\n', 'latin1');

const aadFor = (holder: string) => Buffer.from(`yiyang:p12:1:${holder}`, 'utf8');

export interface OpenedP12 {
  contents: Pkcs12Contents;
  /** The PKCS#12 itself and the passphrase that opens it, for the signer. */
  p12: Buffer;
  passphrase: string;
  /** A row from before wrapped passphrases: worth rewrapping now the secret is known. */
  legacy: boolean;
}

export function isWrappedP12(stored: Buffer): boolean {
  return stored.subarray(0, MAGIC.length).equals(MAGIC);
}

/** Locks key + certificate (+ chain) for `holder` (a user id, or 'ca') under `secret`. */
export async function sealP12(
  parts: { keyPem: string; certPem: string; chainPems: readonly string[] },
  secret: string,
  holder: string,
  friendlyName: string,
  kdf?: KdfParams,
): Promise<Buffer> {
  const passphrase = randomBytes(32).toString('base64url');
  const p12 = toPkcs12(parts.keyPem, parts.certPem, parts.chainPems, passphrase, friendlyName);
  const wrapped = await wrapKey(Buffer.from(passphrase, 'utf8'), secret, aadFor(holder), kdf);
  return Buffer.concat([MAGIC, Buffer.from(`${JSON.stringify(wrapped)}\n`, 'utf8'), p12]);
}

/** Opens a stored signing key with what was typed; Pkcs12Error 'password' when it is wrong. */
export async function openStoredP12(stored: Buffer, secret: string, holder: string, options: ReadPkcs12Options = {}): Promise<OpenedP12> {
  if (!isWrappedP12(stored)) return { contents: readPkcs12(stored, secret, options), p12: stored, passphrase: secret, legacy: true };
  const nl = stored.indexOf(0x0a, MAGIC.length);
  if (nl < 0) throw new Pkcs12Error('存储的签名证书已损坏', 'format');
  let wrapped: WrappedKey;
  try {
    wrapped = JSON.parse(stored.subarray(MAGIC.length, nl).toString('utf8')) as WrappedKey;
  } catch {
    throw new Pkcs12Error('存储的签名证书已损坏', 'format');
  }
  const key = await unwrapKey(wrapped, secret, aadFor(holder));
  if (!key) throw new Pkcs12Error('证书密码不正确', 'password');
  const passphrase = key.toString('utf8');
  key.fill(0);
  const p12 = stored.subarray(nl + 1);
  return { contents: readPkcs12(p12, passphrase, options), p12, passphrase, legacy: false };
}
