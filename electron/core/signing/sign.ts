import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { assertAscii } from './certs';
import { assessorRecordEntry } from './assessor-record';
import { signDetached, type CmsSignerInput } from './cms';
import { addSignaturePlaceholder } from './placeholder';
import { pkcs12CacheKey, readPkcs12 } from './pkcs12';

export interface ReportSigner {
  /** Password-protected PKCS#12 with the signer's key and certificate (and the CA). */
  p12: Buffer;
  passphrase: string;
  /** ASCII (pinyin): goes into the signature dictionary, which many viewers show raw. */
  name: string;
  reason: string;
  location: string;
  contactInfo?: string;
  /**
   * The assessor's name as printed on the page. Given for the first signer of an unsigned
   * report (then for every signer), the first signature records which certificate signs
   * for which printed name (assessor-record.ts), which the verifier holds each signature to.
   */
  printedName?: string;
  /** Where the signature's widget goes: the signer's box on the page. Default invisible on the last page. */
  widget?: { pageIndex: number; rect: readonly [number, number, number, number] };
}

export interface SignOptions {
  /** Default now. One time for both signatures, so a report is signed "at" one moment. */
  signingTime?: Date;
}

interface DecodedSigner extends CmsSignerInput {
  /** Bytes the PKCS#7 needs: certificates plus signature and attributes, with room to spare. */
  signatureLength: number;
}

// Decoding a 3DES PKCS#12 costs tens of milliseconds of key derivation in forge; bulk
// export signs hundreds of reports with the same two files.
const decodedCache = new Map<string, DecodedSigner>();
const CACHE_MAX = 32;

function decode(p12: Buffer, passphrase: string): DecodedSigner {
  const cacheKey = pkcs12CacheKey(p12, passphrase);
  const hit = decodedCache.get(cacheKey);
  if (hit) return hit;
  const contents = readPkcs12(p12, passphrase);
  const certDer = new X509Certificate(contents.certPem).raw;
  const chainDers = contents.chainPems.map((p) => new X509Certificate(p).raw);
  const certBytes = [certDer, ...chainDers].reduce((n, der) => n + der.length, 0);
  const decoded: DecodedSigner = {
    key: createPrivateKey(contents.keyPem),
    certDer,
    chainDers,
    signatureLength: certBytes + Math.ceil(contents.keyBits / 8) + 1024,
  };
  if (decodedCache.size >= CACHE_MAX) decodedCache.delete(decodedCache.keys().next().value!);
  decodedCache.set(cacheKey, decoded);
  return decoded;
}

/** Plugs our CMS into @signpdf's placeholder filling. */
class DecodedP12Signer extends Signer {
  constructor(private readonly s: DecodedSigner) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return signDetached(pdfBuffer, this.s, signingTime ?? new Date());
  }
}

/**
 * Signs the report once per signer, each signature an incremental update over the previous
 * one, so every earlier signature stays valid and the last covers the whole file.
 */
export async function signReport(pdf: Buffer, signers: readonly ReportSigner[], options: SignOptions = {}): Promise<Buffer> {
  if (!signers.length) throw new Error('至少需要一个签名人');
  const signingTime = options.signingTime ?? new Date();
  const signpdf = new SignPdf();
  // The document's first signature certifies it (DocMDP); countersigning a signed file must
  // not, as that would rewrite the certification the earlier signature made.
  const first = pdf.indexOf('/ByteRange') < 0;
  let record: string | undefined;
  if (signers.some((s) => s.printedName !== undefined)) {
    if (!first) throw new Error('评估人员记录只能写在报告的第一个签名中');
    if (signers.some((s) => !s.printedName)) throw new Error('每个签名人都要给出报告上印的姓名');
    record = assessorRecordEntry(signers.map((s) => ({ name: s.printedName!, fingerprint256: new X509Certificate(decode(s.p12, s.passphrase).certDer).fingerprint256 })));
  }
  let out = pdf;
  for (const [i, s] of signers.entries()) {
    assertAscii(s.name, '签名人（拼音）');
    assertAscii(s.reason, '签名原因');
    assertAscii(s.location, '签名地点');
    const decoded = decode(s.p12, s.passphrase);
    const withPlaceholder = addSignaturePlaceholder(out, {
      ...(first && i === 0 ? { docMdp: 2 as const, ...(record ? { extraEntries: record } : {}) } : {}),
      name: s.name,
      reason: s.reason,
      location: s.location,
      contactInfo: s.contactInfo ?? '',
      signingTime,
      signatureLength: decoded.signatureLength,
      appName: 'Yiyang',
      ...(s.widget ? { pageIndex: s.widget.pageIndex, rect: s.widget.rect } : {}),
    });
    out = await signpdf.sign(withPlaceholder, new DecodedP12Signer(decoded), signingTime);
  }
  return out;
}

/** Forgets decoded keys (e.g. after a user logs out). */
export function clearSignerCache(): void {
  decodedCache.clear();
}
