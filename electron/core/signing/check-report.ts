import type { MethodOutput } from '../../../shared/contract';
import { nameMatchesCertificate } from './assessor-record';
import { firstOf, signatureLine, signatureValid, type SignatureStatus, type TrustBasis } from './describe';
import { verifyPdfSignatures, type SignatureCheck, type VerifyReport } from './verify';

type ReportCheckOutput = MethodOutput<'reports.verify'>;
export type SignatureView = ReportCheckOutput['signatures'][number];
export type { SignatureStatus } from './describe';

/**
 * How far a report can be trusted:
 * - `trusted`: exactly the two assessor signatures, each intact, each by the certificate the
 *   first signature records for the assessor named on the page (whose CN spells that name),
 *   each chained to the CA given or registered here, and only signatures added after the first;
 * - `unchecked`: all that, but there was nothing to check the certificates against (no CA, no store);
 * - `untrusted`: intact, but a certificate is not from this institution;
 * - `changed`: something other than a signature was changed or added after the first signature,
 *   or bytes a signature covers, or after the last one, were changed;
 * - `invalid`: a signature is broken, a signer is not the assessor named, or the report does
 *   not have exactly its two assessor signatures (e.g. cut back to the first);
 * - `unsigned`: no signature at all.
 */
export type ReportVerdict = 'trusted' | 'unchecked' | 'untrusted' | 'changed' | 'invalid' | 'unsigned';

/** `yiyang verify`'s exit status for each verdict (README, command-line table). */
export const VERDICT_EXIT_CODES: Record<ReportVerdict, number> = { trusted: 0, untrusted: 1, changed: 1, invalid: 1, unsigned: 2, unchecked: 4 };

/** A Yiyang report is signed by its two assessors, in the order the page numbers them. */
export const ASSESSOR_SIGNATURES = 2;

export interface TrustAnchors {
  /** The institution CA (PEM) the signer certificates should chain to. */
  caPem?: string | null;
  /** Certificates stored here by SHA-256 fingerprint, with the name of the person holding each. */
  registered?: ReadonlyMap<string, { holder: string | null }>;
}

export interface ReportCheck extends Omit<ReportCheckOutput, 'storedAssessmentNo'> {
  verdict: ReportVerdict;
  exitCode: number;
  /** Report-level reasons it is not a complete Yiyang report (signature count, assessor record). */
  problems: string[];
  /** The low-level findings, for `--json` and tests. */
  report: VerifyReport;
}

interface Binding {
  assessor: string | null;
  problem: string | null;
}

/** Holds each signature to the assessor the first signature's record names for it (assessor-record.ts). */
function bindAssessors(report: VerifyReport): { bindings: Binding[]; problems: string[] } {
  const sigs = report.signatures;
  const record = sigs[0]?.assessors ?? null;
  const problems: string[] = [];
  if (sigs.length !== ASSESSOR_SIGNATURES) problems.push(`评估报告应有两名评估人员的签名，此文件有 ${sigs.length} 个`);
  if (!record) problems.push('第一个签名中没有评估人员记录，无法核对签名人是否为报告上的评估人员（不是本系统签署的评估报告）');
  else if (record.length !== ASSESSOR_SIGNATURES) problems.push('第一个签名中的评估人员记录应列出两名评估人员');
  else if (record[0]!.fingerprint256 === record[1]!.fingerprint256) problems.push('评估人员记录中两人的证书相同');
  const bindings = sigs.map((s: SignatureCheck, i): Binding => {
    if (!record) return { assessor: null, problem: null };
    const entry = record[i];
    if (!entry) return { assessor: null, problem: '报告上没有与此签名对应的评估人员' };
    const assessor = `评估人员（${i + 1}）${entry.name}`;
    if (s.certFingerprint256 !== entry.fingerprint256) return { assessor, problem: `签名证书不是报告上${assessor} 的证书` };
    if (!nameMatchesCertificate(entry.name, s.signerCommonName)) return { assessor, problem: `签名证书的姓名（${s.signerCommonName ?? '无'}）与报告上的${assessor} 不符` };
    return { assessor, problem: null };
  });
  return { bindings, problems };
}

/**
 * The one verification verdict: the verify page and `yiyang verify` both call this, so
 * they cannot disagree about a file. Throws when the bytes are not a readable PDF.
 */
export function checkReport(pdf: Buffer, anchors: TrustAnchors = {}): ReportCheck {
  const caPem = anchors.caPem ?? undefined;
  const report = verifyPdfSignatures(pdf, caPem ? { caPem } : {});
  const registered = anchors.registered ?? new Map<string, { holder: string | null }>();
  const basis: TrustBasis = caPem ? 'ca' : registered.size > 0 ? 'registry' : 'none';
  const { bindings, problems } = bindAssessors(report);

  const signatures: SignatureView[] = report.signatures.map((s, i) => {
    const isRegistered = !!s.certFingerprint256 && registered.has(s.certFingerprint256);
    const binding = bindings[i]!;
    const status: SignatureStatus =
      s.integrity === 'broken'
        ? 'invalid'
        : s.integrity === 'changed'
          ? 'changed'
          : binding.problem
            ? 'invalid'
            : s.trusted || isRegistered
              ? 'valid'
              : basis === 'none'
                ? 'unchecked'
                : 'untrusted';
    return {
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
      registered: isRegistered,
      holder: (s.certFingerprint256 && registered.get(s.certFingerprint256)?.holder) || null,
      fingerprint256: s.certFingerprint256,
      status,
      assessor: binding.assessor,
      assessorProblem: binding.problem,
      text: signatureLine(s, { status, basis, registered: isRegistered, assessor: binding.assessor, assessorProblem: binding.problem }),
    };
  });

  const has = (st: SignatureStatus) => signatures.some((s) => s.status === st);
  let verdict: ReportVerdict;
  if (!signatures.length) verdict = 'unsigned';
  else if (has('changed') || report.changes.length) verdict = 'changed';
  else if (has('invalid') || problems.length) verdict = 'invalid';
  else if (signatures.every((s) => s.status === 'valid')) verdict = 'trusted';
  else verdict = has('untrusted') ? 'untrusted' : 'unchecked';

  const names = report.signatures[0]?.assessors?.map((a) => a.name).join('、') ?? '';
  const last = report.signatures[report.signatures.length - 1];
  const covered = report.signatures.filter((s) => s.integrity === 'changed' && s.problem);
  const firstProblem = [...problems, ...signatures.filter((s) => s.status === 'invalid').map((s) => `签名 ${s.index}：${s.problem ?? s.assessorProblem ?? '无效'}`)][0];
  const summary = {
    unsigned: '文件中没有数字签名',
    trusted: `结论：全部签名有效且受信任，两名评估人员（${names}）均已签名，最后一个签名之后文档未被修改`,
    unchecked: '结论：签名完好，最后一个签名之后文档未被修改；但未指定机构 CA，签名人未经核验，不能确认报告出自本机构',
    untrusted: '结论：签名完好，但签名证书不是本机构签发或登记的证书',
    changed: report.changes.length
      ? `结论：验证失败，第一个签名之后报告被修改：${firstOf(report.changes)}`
      : covered.length
        ? `结论：验证失败，签名 ${covered.map((s) => s.index).join('、')} 所签的内容被修改（${covered[0]!.problem}）`
        : `结论：验证失败，最后一个签名之后文档被修改（追加了 ${last?.bytesAfter ?? 0} 字节，未被任何签名覆盖）`,
    invalid: `结论：验证失败，${firstProblem ?? '签名无效'}`,
  }[verdict];
  return { ok: verdict === 'trusted', verdict, exitCode: VERDICT_EXIT_CODES[verdict], problems, signatures, summary, report };
}
