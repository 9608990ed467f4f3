import { ServiceError, type AssessmentRecord as ContractAssessment } from '../../../shared/contract';
import {
  canSign,
  ensureInstitutionCa,
  importUserP12,
  institutionCaCertificate,
} from '../signing/user-certificates';
import type { CallContext, Handlers } from '../app/dispatcher';
import type { Logger } from '../app/log';
import { previewReport, safeFilePart, sha256Hex, signAssessmentReport, signedReportFile, SignRefused } from './stored-reports';
import { certificateInfo, conclusionLine, exportCaCertificate, signatureLines, signatureValid, verifyPdfSignatures, type VerifyReport } from '../signing';
import { LOCK_MS, MAX_FAILED_ATTEMPTS, type AssessmentRecord, type CertificateRecord, type Store } from '../db';

type ReportMethods =
  | 'reports.preview'
  | 'reports.signers'
  | 'reports.sign'
  | 'reports.download'
  | 'reports.verify'
  | 'signing.caCertificate'
  | 'signing.importUserP12'
  | 'signing.status';

export interface ReportHandlerDeps {
  storeOf(ctx: CallContext): Store;
  /** Runs a service call, turning store errors into contract errors. */
  guardAsync<T>(fn: () => Promise<T>): Promise<T>;
  toAssessment(a: AssessmentRecord): ContractAssessment;
  logger: Logger;
  now?: () => number;
}

function summary(c: CertificateRecord) {
  const info = certificateInfo(c.certPem);
  return {
    id: c.id,
    subject: c.subject,
    commonName: info.commonName,
    serial: c.serial,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    source: c.source,
    fingerprint256: info.fingerprint256,
  };
}

function formatLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * Reports and signing over the contract. Who may sign: any admin or assessor signed in may
 * run the signing dialog, even when neither of the two assessors is the one signed in
 * (e.g. the station's shared laptop): each assessor proves presence by typing their own
 * password (or, with an imported certificate, its password), which is what unlocks their
 * key. The audit row names the caller as actor and both assessors.
 */
export function createReportHandlers(deps: ReportHandlerDeps): Pick<Handlers, ReportMethods> {
  const { storeOf, guardAsync } = deps;
  const now = deps.now ?? Date.now;
  // Wrong secrets typed at signing, per assessor, in this process: the same limit as sign-in.
  const failures = new Map<string, { count: number; lockedUntil: number | null }>();

  function lockedUntil(userId: string): number | null {
    const f = failures.get(userId);
    if (!f?.lockedUntil) return null;
    if (now() >= f.lockedUntil) {
      failures.delete(userId);
      return null;
    }
    return f.lockedUntil;
  }

  function recordFailure(userId: string): void {
    const f = failures.get(userId) ?? { count: 0, lockedUntil: null };
    f.count += 1;
    if (f.count >= MAX_FAILED_ATTEMPTS) {
      f.lockedUntil = now() + LOCK_MS;
      f.count = 0;
    }
    failures.set(userId, f);
  }

  return {
    'reports.preview': (input, ctx) =>
      guardAsync(async () => {
        const r = await previewReport(storeOf(ctx), input.assessmentId, { fullId: input.fullId });
        return { pdfBase64: r.pdf.toString('base64'), fileName: r.fileName, missingGlyphs: r.missingGlyphs, signed: r.signed };
      }),

    'reports.signers': (input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        const a = store.assessments.get(input.assessmentId);
        if (!a) throw new ServiceError('NOT_FOUND', '找不到该评估记录');
        const one = (userId: string, name: string | null) => ({
          userId,
          displayName: name ?? store.users.get(userId)?.displayName ?? '未知',
          certificate: store.certificates.activeForUser(userId)?.source ?? null,
        });
        return { assessor1: one(a.assessor1Id, a.assessor1Name), assessor2: one(a.assessor2Id, a.assessor2Name) };
      }),

    'reports.sign': (input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        const a = store.assessments.get(input.assessmentId);
        if (!a) throw new ServiceError('NOT_FOUND', '找不到该评估记录');
        const locked = (['assessor1', 'assessor2'] as const)
          .map((slot, i) => ({ slot, i, userId: slot === 'assessor1' ? a.assessor1Id : a.assessor2Id }))
          .map((x) => ({ ...x, until: lockedUntil(x.userId) }))
          .filter((x) => x.until !== null);
        if (locked.length) {
          const first = locked[0]!;
          throw new ServiceError(
            'UNAUTHENTICATED',
            `评估员${first.i + 1}的密码连续输错 ${MAX_FAILED_ATTEMPTS} 次，签名已暂停，请于 ${formatLocal(first.until!)} 后再试`,
            locked.map((x) => ({ path: `${x.slot}Secret`, message: '签名已暂停，请稍后再试' })),
          );
        }
        try {
          const signed = await signAssessmentReport(store, {
            assessmentId: a.id,
            secrets: { assessor1: input.assessor1Secret, assessor2: input.assessor2Secret },
            handwriting: input.handwriting ?? {},
            fullId: input.fullId,
          });
          failures.delete(a.assessor1Id);
          failures.delete(a.assessor2Id);
          return deps.toAssessment(signed);
        } catch (err) {
          if (err instanceof SignRefused) {
            for (const id of err.wrongSecretUserIds) recordFailure(id);
            store.audit.append(store.actor, {
              action: 'report.sign.failed',
              entity: 'assessment',
              entityId: a.id,
              detail: { reason: 'wrongSecret', assessors: err.wrongSecretUserIds },
            });
          }
          throw err;
        }
      }),

    'reports.download': (input, ctx) =>
      guardAsync(async () => {
        const r = signedReportFile(storeOf(ctx), input.assessmentId);
        return { pdfBase64: r.pdf.toString('base64'), fileName: r.fileName, sha256: r.sha256 };
      }),

    'reports.verify': (input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        const pdf = Buffer.from(input.pdfBase64, 'base64');
        if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
          throw new ServiceError('BAD_INPUT', '这不是 PDF 文件', [{ path: 'pdfBase64', message: '这不是 PDF 文件' }]);
        }
        const caPem = institutionCaCertificate(store);
        let report: VerifyReport;
        try {
          report = verifyPdfSignatures(pdf, caPem ? { caPem } : {});
        } catch (err) {
          const msg = `无法读取该 PDF 的签名：${err instanceof Error ? err.message : String(err)}`;
          throw new ServiceError('BAD_INPUT', msg, [{ path: 'pdfBase64', message: msg }]);
        }
        const registered = new Map(store.certificates.all().map((c) => [certificateInfo(c.certPem).fingerprint256, c] as const));
        const holderOf = (fp: string | null) => {
          const c = fp ? registered.get(fp) : undefined;
          return c?.userId ? (store.users.get(c.userId)?.displayName ?? null) : null;
        };
        const lines = signatureLines(report, !!caPem);
        const signatures = report.signatures.map((s, i) => ({
          index: s.index,
          signer: s.signerCommonName ?? s.name,
          subject: s.subject,
          issuer: s.issuer,
          signingTime: s.signingTime,
          valid: signatureValid(s),
          problem: s.problem ?? null,
          changedAfter: s.coversWholeDocument ? ('none' as const) : s.laterSignatureCovers ? ('laterSignature' as const) : ('modified' as const),
          bytesAfter: s.bytesAfter,
          trusted: s.trusted === true,
          trustProblem: s.trustProblem ?? null,
          registered: !!s.certFingerprint256 && registered.has(s.certFingerprint256),
          holder: holderOf(s.certFingerprint256),
          fingerprint256: s.certFingerprint256,
          text: lines[i] ?? '',
        }));
        const last = report.signatures[report.signatures.length - 1];
        // Trusted: chains to our CA, or is a certificate stored here (an imported institution one).
        const ok = signatures.length > 0 && signatures.every((s) => s.valid && (s.trusted || s.registered)) && !!last?.coversWholeDocument;
        let text: string;
        if (!signatures.length) text = '文件中没有数字签名';
        else if (ok) text = '结论：全部签名有效且受信任，最后一个签名之后文档未被修改';
        else if (signatures.every((s) => s.valid) && last?.coversWholeDocument) text = '结论：签名有效，但签名证书不是本机构签发或登记的证书';
        else text = conclusionLine(report, !!caPem);
        const stored = store.assessments.findByReportSha256(sha256Hex(pdf));
        return { ok, signatures, summary: text, storedAssessmentNo: stored?.assessmentNo ?? null };
      }),

    'signing.caCertificate': (_input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        const ca = ensureInstitutionCa(store);
        const pem = exportCaCertificate(ca);
        const info = certificateInfo(pem);
        const row = store.certificates.activeCa()!;
        store.audit.append(store.actor, { action: 'signing.caExport', entity: 'certificate', entityId: row.id });
        return {
          pem,
          fileName: `机构CA证书-${safeFilePart(store.settings.getInstitution().name, '机构')}.pem`,
          subject: info.subject,
          fingerprint256: info.fingerprint256,
          notAfter: info.validTo,
        };
      }),

    'signing.importUserP12': (input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        const r = importUserP12(store, input.userId, Buffer.from(input.p12Base64, 'base64'), input.p12Password);
        return { certificate: summary(r.certificate), warnings: r.warnings };
      }),

    'signing.status': (_input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        const ca = store.certificates.activeCa();
        const byUser = new Map(store.certificates.activeUserCertificates().map((c) => [c.userId!, c]));
        return {
          ca: ca ? summary(ca) : null,
          users: store.users.list().map((u) => {
            const c = byUser.get(u.id);
            return {
              userId: u.id,
              username: u.username,
              displayName: u.displayName,
              role: u.role,
              active: u.active,
              canSign: canSign(u.role),
              certificate: c ? summary(c) : null,
            };
          }),
        };
      }),
  };
}
