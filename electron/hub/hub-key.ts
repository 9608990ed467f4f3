import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import type pg from 'pg';
import { generateHubKeyPair, publicKeySha256 } from '../core/exchange/bundle-file';
import { HubError } from './schema';

/**
 * The hub's key pair. Stations encrypt to its public half; the private half is kept in the
 * database wrapped under scrypt of the hub admin's password (AES-256-GCM), so a copy of the
 * database (a pg_dump) without the password opens no bundle.
 */
interface Wrapped {
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  ct: string;
  tag: string;
}

const KDF = { N: 2 ** 15, r: 8, p: 1 };

function derive(password: string, salt: Buffer, k: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: k.N, r: k.r, p: k.p, maxmem: 256 * 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, 32, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

async function wrap(privateKeyPem: string, password: string, kdf = KDF): Promise<Wrapped> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', await derive(password, salt, kdf), iv);
  const ct = Buffer.concat([c.update(privateKeyPem, 'utf8'), c.final()]);
  return { kdf: 'scrypt', ...kdf, salt: salt.toString('base64'), iv: iv.toString('base64'), ct: ct.toString('base64'), tag: c.getAuthTag().toString('base64') };
}

async function unwrap(w: Wrapped, password: string): Promise<string> {
  const d = createDecipheriv('aes-256-gcm', await derive(password, Buffer.from(w.salt, 'base64'), w), Buffer.from(w.iv, 'base64'));
  d.setAuthTag(Buffer.from(w.tag, 'base64'));
  try {
    return Buffer.concat([d.update(Buffer.from(w.ct, 'base64')), d.final()]).toString('utf8');
  } catch {
    throw new HubError('区县数据中心管理员密码错误', 3);
  }
}

/** Makes the hub's key pair (once); returns the public key's PEM, for the stations. */
export async function createHubKey(client: pg.ClientBase, password: string, kdf = KDF): Promise<{ publicKeyPem: string; created: boolean }> {
  const existing = await client.query('SELECT public_pem, wrapped FROM hub_keys WHERE active ORDER BY id DESC LIMIT 1');
  if (existing.rows[0]) {
    // Proves the password before handing out the key again.
    await unwrap(existing.rows[0].wrapped as Wrapped, password);
    return { publicKeyPem: existing.rows[0].public_pem, created: false };
  }
  const pair = generateHubKeyPair();
  await client.query('INSERT INTO hub_keys (public_pem, sha256, wrapped) VALUES ($1, $2, $3)', [pair.publicKeyPem, publicKeySha256(pair.publicKeyPem), JSON.stringify(await wrap(pair.privateKeyPem, password, kdf))]);
  return { publicKeyPem: pair.publicKeyPem, created: true };
}

/** The private key whose public half a bundle was encrypted to. */
export async function openHubKey(client: pg.ClientBase, sha256: string, password: string): Promise<string> {
  const r = await client.query('SELECT wrapped FROM hub_keys WHERE sha256 = $1', [sha256]);
  if (!r.rows[0]) throw new HubError('数据包不是发给本区县数据中心的（公钥不符）');
  return unwrap(r.rows[0].wrapped as Wrapped, password);
}

/** Checks the hub admin's password against the active key. */
export async function checkHubPassword(client: pg.ClientBase, password: string): Promise<void> {
  const r = await client.query('SELECT wrapped FROM hub_keys WHERE active ORDER BY id DESC LIMIT 1');
  if (!r.rows[0]) throw new HubError('区县数据中心还没有密钥，请先运行 yiyang hub init');
  await unwrap(r.rows[0].wrapped as Wrapped, password);
}
