import { constants, createHash, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { commonNameOf } from './certs';
import { bytes, children, content, oid, readTlv, time, type Tlv } from './der';

/**
 * Checks every signature of a PDF on its own: the bytes each /ByteRange covers against the
 * messageDigest in the PKCS#7, the signer's signature over the signed attributes, and
 * whether anything follows the covered bytes. Node's crypto does the maths and X.509
 * parsing (forge mis-reads UTF-8 names and knows only RSA); the CMS walk is ours so the
 * exact signed bytes are used.
 */
export interface VerifyOptions {
  /** PEM of a trusted CA (the institution's): each signer must chain to it. */
  caPem?: string;
}

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
  /** No byte of the file lies beyond this signature's ranges. */
  coversWholeDocument: boolean;
  /** Bytes after this signature's ranges (0 when it covers the whole file). */
  bytesAfter: number;
  /** A later valid signature covers everything that was appended after this one. */
  laterSignatureCovers: boolean;
  /** Only with `caPem`: the signer certificate chains to that CA and was valid at signing time. */
  trusted?: boolean;
  trustProblem?: string;
  /** Why the signature is invalid, in Chinese; absent when valid. */
  problem?: string;
}

export interface VerifyReport {
  fileLength: number;
  signatures: SignatureCheck[];
  /** Every signature valid (and trusted, with a CA), and nothing after the last one. */
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

/** Reads a PDF literal or hex string starting at `pos` (at '(' or '<'). */
function readPdfString(text: string, pos: number): string | null {
  let raw: Buffer;
  if (text[pos] === '(') {
    let depth = 0;
    const out: number[] = [];
    for (let i = pos; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '\\') {
        const n = text[++i] ?? '';
        const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
        if (n in esc) out.push(esc[n]!);
        else if (/[0-7]/.test(n)) {
          let oct = n;
          while (oct.length < 3 && /[0-7]/.test(text[i + 1] ?? '')) oct += text[++i];
          out.push(parseInt(oct, 8) & 0xff);
        } else if (n !== '\n' && n !== '\r') out.push(n.charCodeAt(0));
        continue;
      }
      if (ch === '(') {
        if (depth++ === 0) continue;
      } else if (ch === ')') {
        if (--depth === 0) break;
      }
      out.push(ch.charCodeAt(0) & 0xff);
    }
    raw = Buffer.from(out);
  } else if (text[pos] === '<') {
    const end = text.indexOf('>', pos);
    if (end < 0) return null;
    const hex = text.slice(pos + 1, end).replace(/\s/g, '');
    raw = Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
  } else return null;
  if (raw[0] === 0xfe && raw[1] === 0xff) return Buffer.from(raw.subarray(2)).swap16().toString('utf16le');
  return raw.toString('latin1');
}

function dictValue(dict: string, key: string): string | null {
  const m = new RegExp(`/${key}\\s*([(<])`).exec(dict);
  if (!m) return null;
  return readPdfString(dict, m.index + m[0].length - 1);
}

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
  const checks: SignatureCheck[] = findByteRanges(pdf).map(({ position, range }, i) => {
    const [a, b, c, d] = range;
    const end = c + d;
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
      coversWholeDocument: end === len,
      bytesAfter: Math.max(0, len - end),
      laterSignatureCovers: false,
    };
    try {
      if (a !== 0 || b <= 0 || c <= b || end > len) throw new Invalid('签名范围（/ByteRange）无效或超出文件长度');
      if (pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) throw new Invalid('签名范围没有正好留出签名值（/Contents）');
      // The signature dictionary: from its "N 0 obj" to "endobj", without the long hex value.
      const before = pdf.toString('latin1', Math.max(0, position - 2048), position);
      const objAt = before.search(/\d+\s+\d+\s+obj(?![\s\S]*\d+\s+\d+\s+obj)/);
      const endobj = pdf.indexOf('endobj', c);
      const dict = (objAt >= 0 ? before.slice(objAt) : before) + pdf.toString('latin1', position, b) + pdf.toString('latin1', c, endobj < 0 ? c : endobj);
      check.name = dictValue(dict, 'Name');
      check.reason = dictValue(dict, 'Reason');
      check.location = dictValue(dict, 'Location');
      check.subFilter = /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(dict)?.[1] ?? null;
      check.signingTime = pdfDateToIso(dictValue(dict, 'M'));
      if (check.subFilter && !/^(adbe\.pkcs7\.detached|ETSI\.CAdES\.detached)$/.test(check.subFilter)) {
        throw new Invalid(`不支持的签名类型 ${check.subFilter}`);
      }

      const hex = pdf.toString('latin1', b + 1, c - 1).replace(/\s/g, '');
      const der = Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
      const cms = parseCms(der);
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
      if (!check.digestValid) check.problem = '摘要不符：签名后文档内容被修改';
      else if (!check.signatureValid) check.problem = '签名值与证书不符';

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
    return check;
  });

  const valid = (s: SignatureCheck) => s.digestValid && s.signatureValid && !s.problem;
  for (const s of checks) {
    s.laterSignatureCovers = !s.coversWholeDocument && checks.some((t) => t.index > s.index && valid(t) && t.byteRange[2] + t.byteRange[3] > s.byteRange[2] + s.byteRange[3] && t.byteRange[1] >= s.byteRange[2] + s.byteRange[3]);
  }
  const last = checks[checks.length - 1];
  const ok = !!last && last.coversWholeDocument && checks.every((s) => valid(s) && (!ca || s.trusted));
  return { fileLength: len, signatures: checks, ok };
}
