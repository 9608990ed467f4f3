import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * An exchange bundle: what a station sends the district hub, as one file.
 *
 *   YIYANG-EXCHANGE-1\n
 *   <header: one line of JSON>\n
 *   <signature of the two lines above: RSA-SHA256 by the station's institution key, base64>\n
 *   <ciphertext>
 *
 * The payload (gzip'd JSON) is encrypted to the hub's X25519 public key: an ephemeral X25519
 * key agreement, HKDF-SHA256 to a 256-bit key, AES-256-GCM; nothing home-made. The header
 * carries the ciphertext's SHA-256, so the signature covers every byte, and the station's
 * certificate, which the hub compares with the one it enrolled before it trusts the signature.
 */
export const BUNDLE_MAGIC = 'YIYANG-EXCHANGE-1\n';
export const BUNDLE_EXT = '.yyxb';
export const BUNDLE_CIPHER = 'X25519-HKDF-SHA256-AES-256-GCM';
const HKDF_INFO = 'yiyang-exchange-1';

export interface BundleRange {
  /** Audit sequence numbers covered: after `afterSeq`, up to and including `toSeq`. */
  afterSeq: number;
  toSeq: number;
  /** The first and last audit times inside, for people. */
  fromAt: string | null;
  toAt: string | null;
}

export interface BundleHeader {
  format: 1;
  bundleId: string;
  stationId: string;
  stationName: string;
  sequence: number;
  range: BundleRange;
  createdAt: string;
  counts: { persons: number; assessments: number; reports: number; audit: number };
  /** SHA-256 of the hub's public key (SPKI DER): a bundle for another hub is told apart before decrypting. */
  hubKeySha256: string;
  stationCertPem: string;
  enc: { alg: typeof BUNDLE_CIPHER; epk: string; iv: string; tag: string };
  ciphertextBytes: number;
  ciphertextSha256: string;
}

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

export function generateHubKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export function publicKeySha256(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function certificateSha256(certPem: string): string {
  return createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
}

/** A hub public key as the station loads it: X25519 in PEM, or a clear Chinese refusal. Returns its SHA-256. */
export function checkHubPublicKey(pem: string): string {
  return publicKeySha256(hubPublicKey(pem));
}

function hubPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new BundleError('不是有效的区县数据中心公钥文件（PEM）');
  }
  if (key.asymmetricKeyType !== 'x25519') throw new BundleError('区县数据中心公钥必须是 X25519 密钥');
  return key;
}

function contentKey(shared: Buffer, bundleId: string, epk: string, hubKeySha256: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(bundleId, 'utf8'), Buffer.from(`${HKDF_INFO}|${epk}|${hubKeySha256}`, 'utf8'), 32));
}

const aad = (h: Pick<BundleHeader, 'bundleId' | 'stationId' | 'sequence'>) => Buffer.from(`${h.bundleId}|${h.stationId}|${h.sequence}`, 'utf8');

export interface SealInput {
  header: Omit<BundleHeader, 'format' | 'hubKeySha256' | 'stationCertPem' | 'enc' | 'ciphertextBytes' | 'ciphertextSha256'>;
  payload: unknown;
  hubPublicKeyPem: string;
  station: { certPem: string; keyPem: string };
}

/**
 * The encrypted half, which needs no secret (a worker does it): the complete header and the
 * ciphertext. `signBundle` then adds the station's signature where its key is.
 */
export function encryptBundle(input: Omit<SealInput, 'station'> & { stationCertPem: string }): { header: BundleHeader; ciphertext: Buffer } {
  const hubKey = hubPublicKey(input.hubPublicKeyPem);
  const hubKeySha256 = publicKeySha256(hubKey);
  const eph = generateKeyPairSync('x25519');
  const epk = eph.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const key = contentKey(diffieHellman({ privateKey: eph.privateKey, publicKey: hubKey }), input.header.bundleId, epk, hubKeySha256);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(input.header));
  const ciphertext = Buffer.concat([cipher.update(gzipSync(Buffer.from(JSON.stringify(input.payload), 'utf8'))), cipher.final()]);
  const header: BundleHeader = {
    format: 1,
    ...input.header,
    hubKeySha256,
    stationCertPem: input.stationCertPem,
    enc: { alg: BUNDLE_CIPHER, epk, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    ciphertextBytes: ciphertext.length,
    ciphertextSha256: createHash('sha256').update(ciphertext).digest('hex'),
  };
  return { header, ciphertext };
}

/** The file's first three lines: magic, header, and the station's signature over the first two. */
export function signBundle(header: BundleHeader, stationKeyPem: string): Buffer {
  const signed = Buffer.from(`${BUNDLE_MAGIC}${JSON.stringify(header)}\n`, 'utf8');
  const signature = sign('sha256', signed, createPrivateKey(stationKeyPem)).toString('base64');
  return Buffer.concat([signed, Buffer.from(`${signature}\n`, 'ascii')]);
}

/** The bundle's bytes: encrypted to the hub, signed by the station. */
export function sealBundle(input: SealInput): Buffer {
  const { header, ciphertext } = encryptBundle({ ...input, stationCertPem: input.station.certPem });
  return Buffer.concat([signBundle(header, input.station.keyPem), ciphertext]);
}

export interface OpenedBundle {
  header: BundleHeader;
  /** Checks the signature with `certPem` (the enrolled one) and that the bundle names that certificate. */
  verifySignature(certPem: string): void;
  /** The payload, after the signature was checked. */
  decrypt(hubPrivateKeyPem: string): unknown;
}

/** Parses a bundle's envelope; nothing inside is trusted until `verifySignature` passes. */
export function readBundle(bytes: Buffer): OpenedBundle {
  const bad = (why: string): never => {
    throw new BundleError(`不是有效的交换数据包：${why}`);
  };
  const magic = Buffer.from(BUNDLE_MAGIC, 'utf8');
  if (!bytes.subarray(0, magic.length).equals(magic)) bad('文件头不正确');
  const headerEnd = bytes.indexOf(0x0a, magic.length);
  if (headerEnd < 0) bad('缺少文件说明');
  const sigEnd = bytes.indexOf(0x0a, headerEnd + 1);
  if (sigEnd < 0) bad('缺少签名');
  let header: BundleHeader;
  try {
    header = JSON.parse(bytes.subarray(magic.length, headerEnd).toString('utf8')) as BundleHeader;
  } catch {
    return bad('文件说明不是有效的 JSON');
  }
  if (header.format !== 1 || typeof header.bundleId !== 'string' || typeof header.stationId !== 'string' || !Number.isSafeInteger(header.sequence) || header.enc?.alg !== BUNDLE_CIPHER)
    bad('文件说明格式不正确');
  const signed = bytes.subarray(0, headerEnd + 1);
  const signature = Buffer.from(bytes.subarray(headerEnd + 1, sigEnd).toString('ascii'), 'base64');
  const ciphertext = bytes.subarray(sigEnd + 1);
  let verified = false;
  return {
    header,
    verifySignature(certPem) {
      if (certificateSha256(header.stationCertPem) !== certificateSha256(certPem)) throw new BundleError('数据包的站点证书与登记的不符');
      if (!verify('sha256', signed, new X509Certificate(certPem).publicKey, signature)) throw new BundleError('数据包签名无效：文件已被改动或不是该站点签发');
      if (ciphertext.length !== header.ciphertextBytes || createHash('sha256').update(ciphertext).digest('hex') !== header.ciphertextSha256)
        throw new BundleError('数据包内容已被改动（SHA-256 不符）');
      verified = true;
    },
    decrypt(hubPrivateKeyPem) {
      if (!verified) throw new Error('verify the signature first');
      const priv = createPrivateKey(hubPrivateKeyPem);
      if (publicKeySha256(createPublicKey(priv)) !== header.hubKeySha256) throw new BundleError('数据包是发给另一个区县数据中心的');
      const epk = createPublicKey({ key: Buffer.from(header.enc.epk, 'base64'), format: 'der', type: 'spki' });
      const key = contentKey(diffieHellman({ privateKey: priv, publicKey: epk }), header.bundleId, header.enc.epk, header.hubKeySha256);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.enc.iv, 'base64'));
      decipher.setAAD(aad(header));
      decipher.setAuthTag(Buffer.from(header.enc.tag, 'base64'));
      try {
        return JSON.parse(gunzipSync(Buffer.concat([decipher.update(ciphertext), decipher.final()])).toString('utf8')) as unknown;
      } catch {
        throw new BundleError('无法解密数据包：文件已损坏');
      }
    },
  };
}
