import { createHash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { assertAscii, certificateInfo, type CertificateInfo } from './certs';

/**
 * A password-protected PKCS#12 of key + certificate (+ chain, e.g. the institution CA).
 * 3DES and a password are deliberate: 3DES is what Windows' certificate import reads
 * most reliably, and without a password forge writes an unencrypted keyBag that signers
 * reject (stack-notes §4).
 */
export function toPkcs12(keyPem: string, certPem: string, chainPems: readonly string[], password: string, friendlyName: string): Buffer {
  if (!password) throw new Error('PKCS#12 必须设置密码');
  // A non-ASCII friendlyName makes forge write a file whose MAC no one can verify.
  assertAscii(friendlyName, '证书别名');
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const certs = [certPem, ...chainPems].map((p) => forge.pki.certificateFromPem(p));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: '3des', friendlyName, generateLocalKeyId: true });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export class Pkcs12Error extends Error {
  constructor(
    message: string,
    readonly code: 'format' | 'password' | 'noKey' | 'notRsa' | 'noCert' | 'mismatch' | 'expired' | 'notYetValid' | 'keyUsage',
  ) {
    super(message);
    this.name = 'Pkcs12Error';
  }
}

export interface Pkcs12Contents {
  keyPem: string;
  certPem: string;
  /** The other certificates in the file (issuing CA and intermediates). */
  chainPems: string[];
  cert: CertificateInfo;
  /** RSA modulus size. */
  keyBits: number;
  /** Things worth showing an admin but not blocking, in Chinese. */
  warnings: string[];
}

function pemOf(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert);
}

export interface ReadPkcs12Options {
  /** When the certificate must be valid; default now. */
  at?: Date;
  /**
   * Accept a certificate whose key usage does not allow document signatures: for the
   * institution CA's own PKCS#12 (keyCertSign only), never for a signer's.
   */
  anyKeyUsage?: boolean;
}

/**
 * Opens a PKCS#12 (ours or one the institution was issued) and checks it can sign reports:
 * right password, an RSA private key, a certificate for that key, valid now, usable for
 * signatures. Errors are Pkcs12Error with a Chinese message for the admin.
 */
export function readPkcs12(buf: Buffer, password: string, options: ReadPkcs12Options = {}): Pkcs12Contents {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(buf.toString('binary')));
  } catch {
    throw new Pkcs12Error('文件不是有效的 PKCS#12（.p12/.pfx）证书文件', 'format');
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/MAC could not be verified|Invalid password/i.test(msg)) throw new Pkcs12Error('证书密码不正确', 'password');
    if (/OID is not RSA|not an RSA|RSAPrivateKey|Cannot read (private|public) key/i.test(msg)) {
      throw new Pkcs12Error('证书的密钥不是 RSA 密钥：本程序只支持 RSA 证书', 'notRsa');
    }
    if (/Unsupported|unknown/i.test(msg)) throw new Pkcs12Error(`不支持此 PKCS#12 文件的加密方式（${msg}）`, 'format');
    throw new Pkcs12Error(`无法读取 PKCS#12 文件（${msg}）`, 'format');
  }
  const oids = forge.pki.oids;
  const keyBags = [
    ...(p12.getBags({ bagType: oids.pkcs8ShroudedKeyBag! })[oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: oids.keyBag! })[oids.keyBag!] ?? []),
  ];
  if (!keyBags.length) throw new Pkcs12Error('PKCS#12 文件中没有私钥', 'noKey');
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) {
    // forge leaves the key empty both when it cannot decrypt it and when it is not RSA. A
    // verified MAC (PFX with macData) proves the password, so then the key type is to blame.
    const hasMac = Array.isArray(asn1.value) && asn1.value.length >= 3;
    if (hasMac) throw new Pkcs12Error('证书的私钥不是 RSA 密钥（或无法解码）：本程序只支持 RSA 证书', 'notRsa');
    throw new Pkcs12Error('证书密码不正确（私钥无法解密）', 'password');
  }
  if (!key.n || !key.e) throw new Pkcs12Error('证书的密钥不是 RSA 密钥：本程序只支持 RSA 证书', 'notRsa');
  const certs = (p12.getBags({ bagType: oids.certBag! })[oids.certBag!] ?? []).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c);
  if (!certs.length) throw new Pkcs12Error('PKCS#12 文件中没有证书', 'noCert');
  const own = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e?.compareTo(key.e) === 0;
  });
  if (!own) throw new Pkcs12Error('PKCS#12 文件中的证书与私钥不匹配', 'mismatch');

  const certPem = pemOf(own);
  const x = new X509Certificate(certPem);
  const at = options.at ?? new Date();
  if (at < new Date(x.validFrom)) throw new Pkcs12Error(`证书尚未生效（生效时间 ${new Date(x.validFrom).toISOString()}）`, 'notYetValid');
  if (at > new Date(x.validTo)) throw new Pkcs12Error(`证书已过期（到期时间 ${new Date(x.validTo).toISOString()}）`, 'expired');
  const ku = own.getExtension('keyUsage') as { digitalSignature?: boolean; nonRepudiation?: boolean } | null;
  if (!options.anyKeyUsage && ku && !ku.digitalSignature && !ku.nonRepudiation) throw new Pkcs12Error('此证书不允许用于数字签名（密钥用途不含 digitalSignature）', 'keyUsage');

  const warnings: string[] = [];
  const keyBits = key.n.bitLength();
  if (keyBits < 2048) warnings.push(`密钥长度只有 ${keyBits} 位，建议至少 2048 位`);
  if (ku && !ku.nonRepudiation) warnings.push('证书密钥用途不含 nonRepudiation，部分验证工具可能不认可');
  const subject = x.subject;
  if (!/^[\x20-\x7e\n]*$/.test(subject)) warnings.push('证书主题含非 ASCII 字符，部分验证工具可能无法识别签名人');
  const info = certificateInfo(certPem);
  if (info.isCa) warnings.push('这是 CA 证书，通常不应直接用于签署报告');

  return {
    keyPem: forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))),
    certPem,
    chainPems: certs.filter((c) => c !== own).map(pemOf),
    cert: info,
    keyBits,
    warnings,
  };
}

/** A cache key for a decoded PKCS#12 that never keeps the password itself. */
export function pkcs12CacheKey(buf: Buffer, password: string): string {
  return createHash('sha256').update(buf).update('\0').update(password, 'utf8').digest('hex');
}
