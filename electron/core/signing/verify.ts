import { constants, createHash, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { commonNameOf } from './certs';
import { readAssessorRecord, type AssessorBinding } from './assessor-record';
import { bytes, children, content, oid, readTlv, time, type Tlv } from './der';
import { arrayOf, dictOf, nameOf, parseObjectAt, readRevisions, textOf, type PdfFile } from './pdf-objects';
import { laterRevisionFindings } from './revisions';

/**
 * Checks every signature of a PDF: the bytes each /ByteRange covers against the
 * messageDigest in the PKCS#7, the signer's signature over the signed attributes, that the
 * range leaves out exactly the signature's own /Contents (and that nothing was written into
 * its zero padding), and what the file's later incremental updates did (revisions.ts): after
 * the first signature only signatures may be added. Node's crypto does the maths and X.509
 * parsing (forge mis-reads UTF-8 names and knows only RSA); the CMS walk is ours so the
 * exact signed bytes are used.
 */
export interface VerifyOptions {
  /** PEM of a trusted CA (the institution's): each signer must chain to it. */
  caPem?: string;
}

/**
 * - `intact`: the signature checks out and nothing but later signatures was added after it;
 * - `changed`: the bytes it covers, its padding, or the document after it were changed;
 * - `broken`: it cannot be read or its value does not match its certificate.
 */
export type SignatureIntegrity = 'intact' | 'changed' | 'broken';

export interface SignatureCheck {
  /** 1-based, in file order. */
  index: number;
  /** /Name of the signature dictionary (ASCII pinyin in our reports). */
  name: string | null;
  reason: string | null;
  location: string | null;
  subFilter: string | null;
  /** CN of the signer certificate, e.g. 'Zhang Lihua (u1001)'. */
  signerCommonName: string | null;
  /** Full subject DN, e.g. 'C=CN, O=…, CN=…'. */
  subject: string | null;
  issuer: string | null;
  certFingerprint256: string | null;
  /** ISO, from the signed signingTime attribute (else the dictionary's /M). */
  signingTime: string | null;
  byteRange: [number, number, number, number];
  /** The signed bytes hash to the messageDigest attribute. */
  digestValid: boolean;
  /** The signer certificate's key verifies the signature over the signed attributes. */
  signatureValid: boolean;
  /** Everything after the DER signature in /Contents is the zero padding the placeholder left. */
  paddingIntact: boolean;
  /** No byte of the file lies beyond this signature's ranges. */
  coversWholeDocument: boolean;
  /** Bytes after this signature's ranges (0 when it covers the whole file). */
  bytesAfter: number;
  /** 0-based revision this signature closes (its range ends at that revision's %%EOF); null when it ends elsewhere. */
  revision: number | null;
  /** What the incremental updates after this signature changed beyond adding signatures (Chinese, one sentence each). */
  changesAfter: string[];
  /** Only signatures were added after this one, and a later valid signature covers them up to the end of the file. */
  laterSignatureCovers: boolean;
  /** DocMDP permission level when this is a certification signature. */
  docMdp: number | null;
  /** The assessor record of this signature's dictionary (the report's first signature carries it). */
  assessors: AssessorBinding[] | null;
  integrity: SignatureIntegrity;
  /** Only with `caPem`: the signer certificate chains to that CA and was valid at signing time. */
  trusted?: boolean;
  trustProblem?: string;
  /** Why the signature is invalid or the document changed, in Chinese; absent when intact. */
  problem?: string;
}

export interface VerifyReport {
  fileLength: number;
  signatures: SignatureCheck[];
  /** Revisions of the file (1 for an unsigned pdfkit file, 3 for a report with two signatures); null when unreadable. */
  revisions: number | null;
  /** Changes after the first signature other than adding signatures (Chinese sentences). */
  changes: string[];
  /** Every signature intact (and trusted, with a CA), only signatures added after the first, and nothing after the last. */
  ok: boolean;
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

class Invalid extends Error {}

function pdfDateToIso(d: string | null): string | null {
  const m = d ? /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(d) : null;
  if (!m) return null;
  const [, y, mo = '01', da = '01', h = '00', mi = '00', s = '00', tz = 'Z'] = m;
  const zone = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5) || '00'}`;
  const date = new Date(`${y}-${mo}-${da}T${h}:${mi}:${s}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace('.000Z', 'Z');
}

function dnText(subject: string): string {
  return subject.split('\n').filter(Boolean).join(', ');
}

interface CmsSignature {
  certs: Buffer[];
  signerCert: Buffer;
  digestAlg: string;
  signedAttrs: Buffer | null;
  messageDigest: Buffer | null;
  signingTime: Date | null;
  sigAlg: string;
  signature: Buffer;
}

function certIdentity(der: Buffer): { serial: Buffer; issuer: Buffer; ski: Buffer | null } {
  const cert = readTlv(der, 0);
  const tbs = children(der, cert)[0]!;
  const tc = children(der, tbs);
  const k = tc[0]?.tag === 0xa0 ? 1 : 0;
  let ski: Buffer | null = null;
  const extsWrapper = tc.find((t) => t.tag === 0xa3);
  if (extsWrapper) {
    for (const ext of children(der, children(der, extsWrapper)[0]!)) {
      const parts = children(der, ext);
      if (oid(der, parts[0]!) === '2.5.29.14') {
        const octet = parts[parts.length - 1]!;
        ski = content(der, readTlv(der, octet.contentStart, octet.contentEnd));
      }
    }
  }
  return { serial: content(der, tc[k]!), issuer: bytes(der, tc[k + 2]!), ski };
}

function parseCms(der: Buffer): CmsSignature {
  const ci = readTlv(der, 0);
  const [ctype, wrapped] = children(der, ci);
  if (!ctype || oid(der, ctype) !== OID.signedData || !wrapped) throw new Invalid('签名内容不是 PKCS#7 SignedData');
  const sd = children(der, children(der, wrapped)[0]!);
  let i = 3;
  const certs: Buffer[] = [];
  if (sd[i]?.tag === 0xa0) {
    for (const c of children(der, sd[i]!)) if (c.tag === 0x30) certs.push(bytes(der, c));
    i++;
  }
  if (sd[i]?.tag === 0xa1) i++;
  const infos = sd[i];
  if (!infos || infos.tag !== 0x31) throw new Invalid('签名中没有签名人信息');
  const encap = children(der, sd[2]!);
  if (encap.length > 1) throw new Invalid('不支持内含原文的签名（只支持分离式 PKCS#7）');
  const si = children(der, infos)[0];
  if (!si) throw new Invalid('签名中没有签名人信息');
  const sic = children(der, si);
  const sid = sic[1]!;
  const digestAlg = DIGESTS[oid(der, children(der, sic[2]!)[0]!)];
  if (!digestAlg) throw new Invalid('不支持的摘要算法');
  let j = 3;
  let signedAttrsTlv: Tlv | null = null;
  if (sic[j]?.tag === 0xa0) signedAttrsTlv = sic[j++]!;
  const sigAlg = oid(der, children(der, sic[j]!)[0]!);
  const signature = content(der, sic[j + 1]!);

  let messageDigest: Buffer | null = null;
  let signingTime: Date | null = null;
  let signedAttrs: Buffer | null = null;
  if (signedAttrsTlv) {
    // Signed over as a SET OF (tag 0x31), though stored with the [0] IMPLICIT tag.
    signedAttrs = Buffer.from(bytes(der, signedAttrsTlv));
    signedAttrs[0] = 0x31;
    for (const attr of children(der, signedAttrsTlv)) {
      const [type, values] = children(der, attr);
      const first = values ? children(der, values)[0] : undefined;
      if (!type || !first) continue;
      const t = oid(der, type);
      if (t === OID.messageDigest) messageDigest = content(der, first);
      else if (t === OID.signingTime) signingTime = time(der, first);
    }
  }

  let signerCert: Buffer | undefined;
  if (sid.tag === 0x30) {
    const [issuer, serial] = children(der, sid);
    signerCert = certs.find((c) => {
      const id = certIdentity(c);
      return id.serial.equals(content(der, serial!)) && id.issuer.equals(bytes(der, issuer!));
    });
  } else if (sid.tag === 0x80) {
    const ski = content(der, sid);
    signerCert = certs.find((c) => certIdentity(c).ski?.equals(ski));
  }
  if (!signerCert) throw new Invalid('签名中找不到签名人证书');
  return { certs, signerCert, digestAlg, signedAttrs, messageDigest, signingTime, sigAlg, signature };
}

function verifySignatureBytes(cms: CmsSignature, data: Buffer, key: KeyObject): boolean {
  const hash = SIGNATURE_HASH[cms.sigAlg] ?? (cms.sigAlg === OID.rsaEncryption || cms.sigAlg === OID.ecPublicKey || cms.sigAlg === OID.rsaPss ? cms.digestAlg : null);
  if (!hash) throw new Invalid('不支持的签名算法');
  const keyOptions =
    cms.sigAlg === OID.rsaPss
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
      : { key, dsaEncoding: 'der' as const };
  return cryptoVerify(hash, data, keyOptions, cms.signature);
}

function checkTrust(signer: X509Certificate, chain: X509Certificate[], ca: X509Certificate, at: Date | null): string | null {
  const validAt = (c: X509Certificate) => !at || (at >= new Date(c.validFrom) && at <= new Date(c.validTo));
  let current = signer;
  for (let depth = 0; depth < 8; depth++) {
    if (!validAt(current)) return `证书 ${commonNameOf(current.subject) ?? ''} 在签名时不在有效期内`;
    if (current.fingerprint256 === ca.fingerprint256) return null;
    if (current.checkIssued(ca) && current.verify(ca.publicKey)) return validAt(ca) ? null : 'CA 证书在签名时不在有效期内';
    const issuer = chain.find((c) => c.ca && c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) return '证书不是由指定的 CA 签发';
    current = issuer;
  }
  return '证书链过长';
}

interface Found {
  position: number;
  range: [number, number, number, number];
}

function findByteRanges(pdf: Buffer): Found[] {
  const found: Found[] = [];
  for (let pos = pdf.indexOf('/ByteRange'); pos >= 0; pos = pdf.indexOf('/ByteRange', pos + 10)) {
    const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1', pos, pos + 80));
    // Unfilled placeholders (/**********) are not signatures.
    if (m) found.push({ position: pos, range: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] });
  }
  return found.sort((a, b) => a.range[2] + a.range[3] - (b.range[2] + b.range[3]));
}

export function verifyPdfSignatures(pdf: Buffer, options: VerifyOptions = {}): VerifyReport {
  const ca = options.caPem ? new X509Certificate(options.caPem) : null;
  const len = pdf.length;
  let file: PdfFile | null = null;
  let structureProblem: string | null = null;
  try {
    file = readRevisions(pdf);
  } catch (err) {
    structureProblem = `无法解析文件的修订结构（${err instanceof Error ? err.message : String(err)}）`;
  }
  const checks: SignatureCheck[] = findByteRanges(pdf).map(({ position, range }, i) => {
    const [a, b, c, d] = range;
    const end = c + d;
    const revision = file?.revisions.find((r) => r.end === end || r.endWithEol === end)?.index ?? null;
    const check: SignatureCheck = {
      index: i + 1,
      name: null,
      reason: null,
      location: null,
      subFilter: null,
      signerCommonName: null,
      subject: null,
      issuer: null,
      certFingerprint256: null,
      signingTime: null,
      byteRange: range,
      digestValid: false,
      signatureValid: false,
      paddingIntact: false,
      coversWholeDocument: end === len,
      bytesAfter: Math.max(0, len - end),
      revision,
      changesAfter: [],
      laterSignatureCovers: false,
      docMdp: null,
      assessors: null,
      integrity: 'broken',
    };
    let digestChecked = false;
    try {
      if (a !== 0 || b <= 0 || c <= b || end > len) throw new Invalid('签名范围（/ByteRange）无效或超出文件长度');
      // The signature dictionary: the object whose "N G obj" is nearest before its /ByteRange.
      const before = pdf.toString('latin1', Math.max(0, position - 4096), position);
      const objAt = before.search(/\d+\s+\d+\s+obj(?![\s\S]*\d+\s+\d+\s+obj)/);
      if (objAt < 0) throw new Invalid('找不到签名字典');
      const sigObj = parseObjectAt(pdf, Math.max(0, position - 4096) + objAt);
      const dict = dictOf(sigObj.value);
      const contents = dict?.get('Contents');
      const br = arrayOf(dict?.get('ByteRange')).map((v) => (v.type === 'number' ? v.value : NaN));
      if (!dict || br.join(' ') !== range.join(' ')) throw new Invalid('找不到签名字典');
      // The one gap in the signed bytes must be this dictionary's own /Contents, nothing more.
      if (contents?.type !== 'string' || contents.start !== b || contents.end !== c || pdf[b] !== 0x3c) {
        throw new Invalid('签名范围没有正好留出签名值（/Contents）');
      }
      check.name = textOf(dict.get('Name'));
      check.reason = textOf(dict.get('Reason'));
      check.location = textOf(dict.get('Location'));
      check.subFilter = nameOf(dict.get('SubFilter'));
      check.signingTime = pdfDateToIso(textOf(dict.get('M')));
      check.assessors = readAssessorRecord(dict);
      for (const ref of arrayOf(dict.get('Reference'))) {
        const rd = dictOf(ref);
        const p = dictOf(rd?.get('TransformParams'))?.get('P');
        if (nameOf(rd?.get('TransformMethod')) === 'DocMDP') check.docMdp = p?.type === 'number' ? p.value : 2;
      }
      if (check.subFilter && !/^(adbe\.pkcs7\.detached|ETSI\.CAdES\.detached)$/.test(check.subFilter)) {
        throw new Invalid(`不支持的签名类型 ${check.subFilter}`);
      }

      const der = contents.value;
      const derEnd = readTlv(der, 0).end;
      // The placeholder is zeros; the signer writes the DER over its start. Anything else
      // after the DER was written later, into bytes no signature covers.
      check.paddingIntact = der.subarray(derEnd).every((x) => x === 0);
      const cms = parseCms(der.subarray(0, derEnd));
      const signer = new X509Certificate(cms.signerCert);
      check.subject = dnText(signer.subject);
      check.issuer = dnText(signer.issuer);
      check.signerCommonName = commonNameOf(signer.subject);
      check.certFingerprint256 = signer.fingerprint256;
      if (cms.signingTime) check.signingTime = cms.signingTime.toISOString().replace('.000Z', 'Z');

      const digest = createHash(cms.digestAlg).update(pdf.subarray(a, a + b)).update(pdf.subarray(c, end)).digest();
      if (cms.signedAttrs) {
        check.digestValid = !!cms.messageDigest && digest.equals(cms.messageDigest);
        check.signatureValid = verifySignatureBytes(cms, cms.signedAttrs, signer.publicKey);
      } else {
        // No signed attributes: the signature is over the content itself.
        check.signatureValid = verifySignatureBytes(cms, Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, end)]), signer.publicKey);
        check.digestValid = check.signatureValid;
      }
      digestChecked = true;
      if (!check.digestValid) check.problem = '摘要不符：签名后文档内容被修改';
      else if (!check.signatureValid) check.problem = '签名值与证书不符';
      else if (!check.paddingIntact) check.problem = '签名值（/Contents）的填充在签名后被改动';

      if (ca) {
        const chain = cms.certs.map((der) => new X509Certificate(der));
        const problem = checkTrust(signer, chain, ca, check.signingTime ? new Date(check.signingTime) : null);
        check.trusted = problem === null;
        if (problem) check.trustProblem = problem;
      }
    } catch (err) {
      check.problem = err instanceof Invalid ? err.message : `无法解析签名（${err instanceof Error ? err.message : String(err)}）`;
      check.digestValid = false;
      check.signatureValid = false;
    }
    check.integrity = !digestChecked || (check.digestValid && !check.signatureValid) ? 'broken' : check.digestValid && check.paddingIntact ? 'intact' : 'changed';
    return check;
  });

  // After the first signature, only signatures may be added (revisions.ts).
  const first = checks[0];
  let findings: { revision: number; text: string }[] = [];
  if (first && !first.coversWholeDocument) {
    if (!file) findings = [{ revision: Infinity, text: structureProblem ?? '无法解析文件的修订结构' }];
    else if (first.revision === null) findings = [{ revision: Infinity, text: '第一个签名的范围没有在一次修订的末尾结束' }];
    else findings = laterRevisionFindings(file, first.revision);
  }
  for (const s of checks) {
    s.changesAfter = findings.filter((f) => s.revision === null || f.revision > s.revision).map((f) => f.text);
    if (s.revision === null && !s.coversWholeDocument && !s.changesAfter.length) s.changesAfter = ['签名范围没有在一次修订的末尾结束'];
  }
  const valid = (s: SignatureCheck) => s.integrity === 'intact';
  for (const s of checks) {
    s.laterSignatureCovers =
      !s.coversWholeDocument &&
      !s.changesAfter.length &&
      checks.some((t) => t.index > s.index && valid(t) && t.coversWholeDocument && t.byteRange[1] >= s.byteRange[2] + s.byteRange[3]);
    // The signature itself may check out; what it signed is no longer what the file shows.
    if (s.integrity === 'intact' && !s.coversWholeDocument && !s.laterSignatureCovers) s.integrity = 'changed';
  }
  const last = checks[checks.length - 1];
  const ok = !!last && last.coversWholeDocument && checks.every((s) => valid(s) && (!ca || s.trusted));
  return { fileLength: len, signatures: checks, revisions: file?.revisions.length ?? null, changes: findings.map((f) => f.text), ok };
}
