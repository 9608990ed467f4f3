import type { MethodOutput } from '../../../shared/contract';
import { conclusionLine, signatureLines, signatureValid } from './describe';
import { verifyPdfSignatures, type VerifyReport } from './verify';

type ReportCheckOutput = MethodOutput<'reports.verify'>;
export type SignatureView = ReportCheckOutput['signatures'][number];

/**
 * How far a report can be trusted:
 * - `trusted`: every signature valid, by certificates of this institution (chained to the CA
 *   given, or registered here), and nothing after the last signature;
 * - `unchecked`: intact, but there was nothing to check the signers against (no CA given);
 * - `untrusted`: intact, but a signer is not from this institution;
 * - `invalid`: a signature is broken, or the file was changed after the last one;
 * - `unsigned`: no signature at all.
 */
export type ReportVerdict = 'trusted' | 'unchecked' | 'untrusted' | 'invalid' | 'unsigned';

export interface TrustAnchors {
  /** The institution CA (PEM) the signer certificates should chain to. */
  caPem?: string | null;
  /** Certificates stored here by SHA-256 fingerprint, with the name of the person holding each. */
  registered?: ReadonlyMap<string, { holder: string | null }>;
}

export interface ReportCheck extends Omit<ReportCheckOutput, 'storedAssessmentNo'> {
  verdict: ReportVerdict;
  /** The low-level findings, for `--json` and tests. */
  report: VerifyReport;
}

/**
 * The one verification verdict: the verify page and `yiyang verify` both call this, so
 * they cannot disagree about a file. Throws when the bytes are not a readable PDF.
 */
export function checkReport(pdf: Buffer, anchors: TrustAnchors = {}): ReportCheck {
  const caPem = anchors.caPem ?? undefined;
  const report = verifyPdfSignatures(pdf, caPem ? { caPem } : {});
  const registered = anchors.registered ?? new Map<string, { holder: string | null }>();
  const withTrust = !!caPem;
  const lines = signatureLines(report, withTrust);
  const signatures: SignatureView[] = report.signatures.map((s, i) => ({
    index: s.index,
    signer: s.signerCommonName ?? s.name,
    subject: s.subject,
    issuer: s.issuer,
    signingTime: s.signingTime,
    valid: signatureValid(s),
    problem: s.problem ?? null,
    changedAfter: s.coversWholeDocument ? 'none' : s.laterSignatureCovers ? 'laterSignature' : 'modified',
    bytesAfter: s.bytesAfter,
    trusted: s.trusted === true,
    trustProblem: s.trustProblem ?? null,
    registered: !!s.certFingerprint256 && registered.has(s.certFingerprint256),
    holder: (s.certFingerprint256 && registered.get(s.certFingerprint256)?.holder) || null,
    fingerprint256: s.certFingerprint256,
    text: lines[i] ?? '',
  }));
  const last = report.signatures[report.signatures.length - 1];
  const intact = signatures.length > 0 && signatures.every((s) => s.valid) && !!last?.coversWholeDocument;
  const anchored = withTrust || registered.size > 0;
  let verdict: ReportVerdict;
  if (!signatures.length) verdict = 'unsigned';
  else if (!intact) verdict = 'invalid';
  else if (signatures.every((s) => s.trusted || s.registered)) verdict = 'trusted';
  else verdict = anchored ? 'untrusted' : 'unchecked';

  const summary = {
    unsigned: '文件中没有数字签名',
    trusted: `结论：全部签名有效且受信任，最后一个签名之后文档未被修改`,
    unchecked: '结论：全部签名有效，最后一个签名之后文档未被修改；未指定机构 CA，签名人未经核验',
    untrusted: '结论：签名有效，但签名证书不是本机构签发或登记的证书',
    invalid: conclusionLine(report, withTrust),
  }[verdict];
  return { ok: verdict === 'trusted', verdict, signatures, summary, report };
}
