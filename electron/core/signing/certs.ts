import { randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/** A certificate and its private key, both PEM (the key unencrypted PKCS#8: store it encrypted). */
export interface KeyAndCert {
  certPem: string;
  keyPem: string;
}

export interface CaOptions {
  /** ASCII, e.g. 'Demo Welfare Center Assessment CA'. */
  commonName: string;
  /** ASCII, e.g. 'Demo Welfare Center'. */
  organization: string;
  /** ISO 3166 code; default 'CN'. */
  country?: string;
  /** Default 20. */
  validYears?: number;
  /** Start of validity (tests); default now. */
  now?: Date;
}

export interface AssessorCertOptions {
  /** ASCII, usually the pinyin name, e.g. 'Zhang Lihua'. */
  commonName: string;
  /** The app's user id, appended to the CN so two people of the same name stay apart. */
  userId: string;
  /** Default 3. */
  validYears?: number;
  now?: Date;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * Certificate names must be ASCII: node-forge double-encodes non-ASCII names in the CMS
 * issuerAndSerialNumber, and then no verifier finds the signer (stack-notes §4). The
 * Chinese names are printed on the page instead.
 */
export function assertAscii(value: string, what: string): void {
  if (!value.trim() || !PRINTABLE_ASCII.test(value)) {
    throw new Error(`${what}只能使用英文字母、数字和常用符号（如拼音），不能为空或含中文：${JSON.stringify(value)}`);
  }
}

function subjectAttrs(fields: Array<[string, string]>): forge.pki.CertificateField[] {
  // UTF8String for ASCII content is byte-identical to what forge writes back, and allows
  // characters PrintableString forbids (e.g. '_' or '@' in a user id).
  return fields.map(([name, value]) => ({ name, value, valueTagClass: forge.asn1.Type.UTF8 }) as unknown as forge.pki.CertificateField);
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // positive INTEGER
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, now: Date, years: number): void {
  // A little slack before "now" so a clock a few minutes behind still accepts the certificate.
  cert.validity.notBefore = new Date(now.getTime() - 10 * 60 * 1000);
  const end = new Date(now.getTime());
  end.setUTCFullYear(end.getUTCFullYear() + years);
  cert.validity.notAfter = end;
}

function generateKeys(): forge.pki.rsa.KeyPair {
  // In Node forge hands this to crypto.generateKeyPairSync (≈0.2 s for 2048 bits).
  return forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
}

/** The institution's own root CA, which issues the assessors' signing certificates. */
export function createInstitutionCa(options: CaOptions): KeyAndCert {
  assertAscii(options.commonName, 'CA 名称');
  assertAscii(options.organization, '机构英文名');
  const country = options.country ?? 'CN';
  assertAscii(country, '国家代码');
  const keys = generateKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, options.now ?? new Date(), options.validYears ?? 20);
  const subject = subjectAttrs([
    ['countryName', country],
    ['organizationName', options.organization],
    ['commonName', options.commonName],
  ]);
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey))) };
}

/** A signing certificate for one assessor, issued by the institution CA. */
export function issueAssessorCertificate(ca: KeyAndCert, options: AssessorCertOptions): KeyAndCert {
  assertAscii(options.commonName, '证书姓名（拼音）');
  assertAscii(options.userId, '用户编号');
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem) as forge.pki.rsa.PrivateKey;
  const keys = generateKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, options.now ?? new Date(), options.validYears ?? 3);
  const org = caCert.subject.getField('O')?.value as string | undefined;
  const country = caCert.subject.getField('C')?.value as string | undefined;
  cert.setSubject(
    subjectAttrs([
      ...(country ? ([['countryName', country]] as Array<[string, string]>) : []),
      ...(org ? ([['organizationName', org]] as Array<[string, string]>) : []),
      ['commonName', `${options.commonName} (${options.userId})`],
    ]),
  );
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    // nonRepudiation as well: some validators (pyHanko) require it on document signatures.
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    // NSS (pdfsig) checks signing certificates as e-mail signers.
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey))) };
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  commonName: string | null;
  serialNumber: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint, colon-separated hex: worth printing so people can compare. */
  fingerprint256: string;
  isCa: boolean;
}

function dn(text: string): string {
  return text.split('\n').filter(Boolean).join(', ');
}

export function commonNameOf(subject: string): string | null {
  const m = /(?:^|\n|, )CN=([^\n]*)/.exec(subject);
  return m ? m[1]!.trim() : null;
}

/** Node's X.509 reader, not forge's: forge mis-decodes UTF-8 names (forge#1047). */
export function certificateInfo(certPemOrDer: string | Buffer): CertificateInfo {
  const x = new X509Certificate(certPemOrDer);
  return {
    subject: dn(x.subject),
    issuer: dn(x.issuer),
    commonName: commonNameOf(x.subject),
    serialNumber: x.serialNumber,
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    fingerprint256: x.fingerprint256,
    isCa: x.ca,
  };
}

/**
 * The CA certificate alone, as PEM, for verifiers (e.g. `certutil -A … -i ca.pem` then
 * `pdfsig -nssdir`). Accepts the stored CA and never returns the key.
 */
export function exportCaCertificate(ca: Pick<KeyAndCert, 'certPem'>): string {
  const x = new X509Certificate(ca.certPem);
  if (!x.ca) throw new Error('这不是 CA 证书，不能作为机构根证书导出');
  return x.toString();
}
