import { ServiceError } from '../../../shared/contract';
import type { NamespaceHandlers } from '../app/dispatcher';
import type { Store } from '../db';
import { institutionCaCertificate } from '../signing/user-certificates';
import { certificateInfo } from '../signing';
import { SigningAttempt } from './signing-throttle';
import { uniqueNames, zip } from '../../../shared/util/zip';
import { checkUploadedReport, uploadedPdf } from './uploaded-report';
import type { JobRegistry } from '../jobs/registry';
import { bulkReports } from './bulk-export';
import { assertSignable, previewReport, safeFilePart, sha256Hex, signAssessmentReport, signedReportFile, SignRefused } from './stored-reports';

/** Reports one bulk export may hold in memory: about 150 MB of PDFs. */
export const MAX_BULK_REPORTS = 1000;

/** The certificates stored here, by fingerprint, with the display name of each holder. */
export function registeredCertificates(store: Store): Map<string, { holder: string | null }> {
  return new Map(
    store.certificates.all().map((c) => [certificateInfo(c.certPem).fingerprint256, { holder: c.userId ? (store.users.get(c.userId)?.displayName ?? null) : null }] as const),
  );
}

/**
 * Reports over the contract. Who may sign: any admin or assessor signed in may run the
 * signing dialog, even when neither of the two assessors is the one signed in (the
 * station's shared laptop): each assessor proves presence by typing their own password
 * (or, with an imported certificate, its password), which is what unlocks their key. The
 * audit row names the caller as actor and both assessors.
 */
export function reportsHandlers(jobs: JobRegistry, now: () => number = Date.now): NamespaceHandlers<'reports'> {
  return {
    'reports.exportBulk': (input, ctx) => {
      const store = ctx.store;
      if (!ctx.user) throw new ServiceError('UNAUTHENTICATED', '请先登录');
      // The ZIP is built in memory (a file of reports must not sit on disk): a bound keeps it so.
      const count = store.assessments.countReportable({ ...(input.personId ? { personId: input.personId } : {}), unsigned: input.includeUnsigned });
      if (count > MAX_BULK_REPORTS)
        throw new ServiceError('CONFLICT', `一次最多导出 ${MAX_BULK_REPORTS} 份报告（现有 ${count} 份）：请按人导出，或用命令行 yiyang export-reports 导出到文件夹`);
      return jobs.start('reports.bulk', '批量导出评估报告', ctx.user.userId, async (job) => {
        const files: { name: string; data: Uint8Array }[] = [];
        let signed = 0;
        for await (const r of bulkReports(store, {
          ...(input.personId ? { personId: input.personId } : {}),
          includeUnsigned: input.includeUnsigned,
          via: 'app',
          signal: job.signal,
          onProgress: (done, total) => job.progress(done, total, '正在导出报告'),
        })) {
          files.push({ name: r.fileName, data: r.bytes });
          if (r.signed) signed++;
        }
        store.audit.append(store.actor, {
          action: 'report.exportBulk',
          entity: input.personId ? 'person' : 'store',
          entityId: input.personId ?? null,
          detail: { count: files.length, signed, unsigned: files.length - signed },
        });
        if (!files.length) return { summary: '没有可导出的报告' };
        const summary = `已导出 ${files.length} 份报告（已签名 ${signed} 份${files.length - signed ? `，未签名 ${files.length - signed} 份` : ''}）`;
        // One report saves as itself; several as one ZIP.
        if (files.length === 1) return { summary, file: { name: files[0]!.name, mime: 'application/pdf', bytes: Buffer.from(files[0]!.data) } };
        const names = uniqueNames(files.map((f) => f.name));
        const archive = zip(files.map((f, i) => ({ name: names[i]!, data: f.data })));
        const who = input.personId ? `${safeFilePart(store.persons.peek(input.personId)?.name ?? '未知')}-` : '';
        return {
          summary,
          file: { name: `评估报告-${who}${files.length}份.zip`, mime: 'application/zip', bytes: Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength) },
        };
      });
    },

    'reports.preview': async (input, { store }) => {
      const r = await previewReport(store, input.assessmentId, { fullId: input.fullId });
      return { pdfBase64: r.pdf.toString('base64'), fileName: r.fileName, missingGlyphs: r.missingGlyphs, signed: r.signed };
    },

    'reports.signers': (input, { store }) => {
      const a = store.assessments.get(input.assessmentId);
      if (!a) throw new ServiceError('NOT_FOUND', '找不到该评估记录');
      const one = (userId: string, name: string | null) => ({
        userId,
        displayName: name ?? store.users.get(userId)?.displayName ?? '未知',
        certificate: store.certificates.activeForUser(userId)?.source ?? null,
      });
      return { assessor1: one(a.header.assessor1Id, a.assessor1Name), assessor2: one(a.header.assessor2Id, a.assessor2Name) };
    },

    'reports.sign': async (input, { store }) => {
      const a = store.assessments.get(input.assessmentId);
      if (!a) throw new ServiceError('NOT_FOUND', '找不到该评估记录');
      const ids = { assessor1: a.header.assessor1Id, assessor2: a.header.assessor2Id };
      // Refused before any secret is tried, so no attempt is counted.
      assertSignable(a);
      const attempt = SigningAttempt.begin(store, ids, now);
      try {
        const signed = await signAssessmentReport(store, {
          assessmentId: a.id,
          secrets: { assessor1: input.assessor1Secret, assessor2: input.assessor2Secret },
          handwriting: input.handwriting ?? {},
          fullId: input.fullId,
        });
        attempt.settle([], ids);
        return signed;
      } catch (err) {
        if (err instanceof SignRefused) {
          store.audit.append(store.actor, {
            action: 'report.sign.failed',
            entity: 'assessment',
            entityId: a.id,
            detail: { reason: 'wrongSecret', assessors: err.wrongSecretUserIds },
          });
          attempt.settle(err.wrongSecretUserIds, ids);
        }
        throw err;
      }
    },

    'reports.download': (input, { store }) => {
      const r = signedReportFile(store, input.assessmentId);
      return { pdfBase64: r.pdf.toString('base64'), fileName: r.fileName, sha256: r.sha256 };
    },

    'reports.verify': (input, { store }) => {
      const pdf = uploadedPdf(input.pdfBase64);
      const checked = checkUploadedReport(pdf, { caPem: institutionCaCertificate(store), registered: registeredCertificates(store) });
      const stored = store.assessments.findByReportSha256(sha256Hex(pdf));
      return { ok: checked.ok, signatures: checked.signatures, summary: checked.summary, storedAssessmentNo: stored?.assessmentNo ?? null };
    },
  };
}
