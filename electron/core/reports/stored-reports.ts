import { createHash } from 'node:crypto';
import { formatDate } from '../../../shared/util/dates';
import { safeFileNamePart } from '../../../shared/validation/text';
import type { FieldError } from '../../../shared/contract/errors';
import { institutionAsciiName, signerAsciiName, unlockUserCertificate, type UnlockedSigner } from '../signing/user-certificates';
import { clearSignerCache } from '../signing';
import type { AssessmentRecord } from '../../../shared/contract';
import { StoreError, type Handwriting, type HandwritingRole, type Store } from '../db';
import { renderAndSignReport } from './render-and-sign';
import { reportDataFromStore } from './report-data';
import { renderReport } from './render';

/**
 * Reports of stored assessments: preview (rendered on request, or the stored signed file),
 * signing by both assessors (handwriting + two PKCS#7 signatures, stored with the
 * assessment in one transaction) and the signed file for saving. Every call writes one
 * audit row with ids only.
 */

/** A signature pad's PNG may not be larger than this. */
export const MAX_HANDWRITING_BYTES = 500 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SIGN_REASON = 'Elderly capability assessment report (GB/T 42195-2022)';

const ROLE_LABEL: Record<'assessor1' | 'assessor2', string> = { assessor1: '评估员1', assessor2: '评估员2' };

/**
 * Replaces what Windows, macOS or Linux refuse (or mangle) in file names, \ / : * ? " < > |,
 * and what would disguise one: control and format characters (a U+202E in a name made
 * `评估报告-张<U+202E>fdp.exe-….pdf` read as if it ended in .exe), separators, lone surrogates.
 * See shared/validation/text.ts.
 */
export function safeFilePart(text: string, fallback = '未命名'): string {
  return safeFileNamePart(text, fallback);
}

/** `评估报告-<姓名>-<评估日期>.pdf`; `-未签名` marks a preview of an unsigned report. */
export function reportFileName(personName: string, assessmentDate: string, opts: { unsigned?: boolean; suffix?: string } = {}): string {
  const parts = ['评估报告', safeFilePart(personName), assessmentDate];
  if (opts.suffix) parts.push(safeFilePart(opts.suffix));
  if (opts.unsigned) parts.push('未签名');
  return `${parts.join('-')}.pdf`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function requireAssessment(store: Store, assessmentId: string): AssessmentRecord {
  const a = store.assessments.get(assessmentId);
  if (!a) throw new StoreError('NOT_FOUND', '找不到该评估记录');
  return a;
}

function personName(store: Store, a: AssessmentRecord): string {
  return store.persons.peek(a.personId)?.name ?? '未知';
}

export interface PreviewResult {
  pdf: Buffer;
  fileName: string;
  /** Characters no bundled font has (printed as 〓 and listed on the page). */
  missingGlyphs: string[];
  signed: boolean;
}

/**
 * A finalized assessment's report as it would be signed (blank signature boxes), or, once
 * signed, the stored signed file itself (`fullId` does not apply then: the signed file is
 * what it is).
 */
export async function previewReport(store: Store, assessmentId: string, opts: { fullId?: boolean } = {}): Promise<PreviewResult> {
  const a = requireAssessment(store, assessmentId);
  if (a.status === 'draft') throw new StoreError('CONFLICT', '评估尚未完成，不能生成报告');
  const name = personName(store, a);
  if (a.status === 'signed') {
    const pdf = store.assessments.getReportPdf(a.id);
    if (!pdf) throw new StoreError('CORRUPT', '已签名的评估缺少报告文件');
    store.audit.append(store.actor, { action: 'report.render', entity: 'assessment', entityId: a.id, detail: { signed: true } });
    return { pdf, fileName: reportFileName(name, a.header.assessmentDate), missingGlyphs: [], signed: true };
  }
  const data = reportDataFromStore(store, a.id, { fullId: !!opts.fullId });
  const rendered = await renderReport(data);
  store.audit.append(store.actor, { action: 'report.render', entity: 'assessment', entityId: a.id, detail: { signed: false, fullId: !!opts.fullId } });
  return { pdf: rendered.pdf, fileName: reportFileName(name, a.header.assessmentDate, { unsigned: true }), missingGlyphs: rendered.missingGlyphs, signed: false };
}

/** The stored signed file, checked against its stored SHA-256 before it leaves the store. */
export function signedReportFile(store: Store, assessmentId: string, opts: { audit?: boolean; via?: string; suffix?: string } = {}): { pdf: Buffer; fileName: string; sha256: string } {
  const a = requireAssessment(store, assessmentId);
  if (a.status !== 'signed' || !a.reportSha256) throw new StoreError('CONFLICT', '该评估尚未签名，没有可保存的签名报告');
  const pdf = store.assessments.getReportPdf(a.id);
  if (!pdf) throw new StoreError('CORRUPT', '已签名的评估缺少报告文件');
  const sha256 = sha256Hex(pdf);
  if (sha256 !== a.reportSha256) throw new StoreError('CORRUPT', `评估编号 ${a.assessmentNo} 的报告文件与签名时记录的 SHA-256 不一致，数据可能已损坏`);
  if (opts.audit !== false) {
    store.audit.append(store.actor, { action: 'report.export', entity: 'assessment', entityId: a.id, detail: { sha256, via: opts.via ?? 'app' } });
  }
  return { pdf, fileName: reportFileName(personName(store, a), a.header.assessmentDate, opts.suffix ? { suffix: opts.suffix } : {}), sha256 };
}

/** Decodes a signature pad's `data:image/png;base64,…` URL; field errors name the pad. */
export function decodeHandwriting(dataUrl: string, path: string): { png?: Buffer; error?: FieldError } {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/.exec(dataUrl);
  if (!m) return { error: { path, message: '签名图片应为 PNG 格式' } };
  const png = Buffer.from(m[1]!, 'base64');
  if (png.length > MAX_HANDWRITING_BYTES) return { error: { path, message: `签名图片不能超过 ${MAX_HANDWRITING_BYTES / 1024} KB` } };
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_MAGIC) || png.toString('latin1', 12, 16) !== 'IHDR') {
    return { error: { path, message: '签名图片不是有效的 PNG 文件' } };
  }
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (!width || !height || width > 4000 || height > 4000) return { error: { path, message: '签名图片尺寸无效' } };
  return { png };
}

export interface SignInput {
  assessmentId: string;
  /** What each assessor typed: login password, or the certificate password for an imported certificate. */
  secrets: { assessor1: string; assessor2: string };
  /** PNG data URLs from the signature pads. */
  handwriting: Partial<Record<HandwritingRole, string>>;
  fullId?: boolean;
  /** Signing time (tests); default now. */
  now?: Date;
}


/** Only a finalized, not yet signed assessment can be signed: said before any secret is tried. */
export function assertSignable(a: { status: string }): void {
  if (a.status === 'signed') throw new StoreError('IMMUTABLE', '该评估已签名，不能再次签名');
  if (a.status !== 'finalized') throw new StoreError('CONFLICT', '评估须先完成才能签名');
}

/** Failed secrets per assessor, for the caller's throttling and audit. */
export class SignRefused extends StoreError {
  constructor(
    message: string,
    fields: FieldError[],
    readonly wrongSecretUserIds: string[],
  ) {
    super('WRONG_PASSWORD', message, fields);
    this.name = 'SignRefused';
  }
}

/**
 * Signs a finalized assessment's report: both assessors' certificates are unlocked with
 * what they typed (nothing is written unless both open), the report is rendered with the
 * handwriting and signed by assessor 1, then by assessor 2 as an incremental update, and the
 * handwriting, the signed file and its SHA-256 are stored with the assessment, which
 * becomes `signed` — all in one transaction with the `report.sign` audit row.
 */
export async function signAssessmentReport(store: Store, input: SignInput): Promise<AssessmentRecord> {
  const a = requireAssessment(store, input.assessmentId);
  assertSignable(a);

  const fields: FieldError[] = [];
  const handwriting: Handwriting[] = [];
  const now = input.now ?? new Date();
  // The local calendar date: what a person writes beside a signature.
  const today = formatDate(now);
  for (const role of ['assessor1', 'assessor2', 'informant'] as const) {
    const url = input.handwriting[role];
    if (url === undefined || url === null || url === '') continue;
    const { png, error } = decodeHandwriting(url, `handwriting.${role}`);
    if (error) fields.push(error);
    else handwriting.push({ role, png: png!, signedOn: today });
  }
  if (fields.length) throw new StoreError('VALIDATION', fields[0]!.message, fields);

  const assessors = { assessor1: a.header.assessor1Id, assessor2: a.header.assessor2Id } as const;
  const signers: Partial<Record<'assessor1' | 'assessor2', UnlockedSigner & { name: string }>> = {};
  const wrong: string[] = [];
  const wrongIds: string[] = [];
  const other: FieldError[] = [];
  for (const slot of ['assessor1', 'assessor2'] as const) {
    const userId = assessors[slot];
    const user = store.users.get(userId);
    const who = `${ROLE_LABEL[slot]}（${user?.displayName ?? '未知'}）`;
    const path = `${slot}Secret`;
    if (!user || !user.active) {
      other.push({ path, message: `${who}的账户已停用，不能签名` });
      continue;
    }
    const r = await unlockUserCertificate(store, userId, input.secrets[slot]);
    if (r.ok) {
      signers[slot] = { ...r.signer, name: signerAsciiName(r.signer.certificate.certPem, user.displayName) };
    } else if (r.reason === 'wrongSecret') {
      wrong.push(who);
      wrongIds.push(userId);
      fields.push({ path, message: r.imported ? '证书密码不正确' : '密码不正确' });
    } else if (r.reason === 'noCertificate') {
      other.push({ path, message: `${who}还没有签名证书：请管理员为其重设密码（同时签发新证书），或导入机构签发的证书` });
    } else {
      other.push({ path, message: `${who}的签名证书不可用：${r.message}` });
    }
  }
  if (wrong.length) throw new SignRefused(`${wrong.join('、')}的密码不正确，报告未签名`, [...fields, ...other], wrongIds);
  if (other.length) throw new StoreError('CONFLICT', other.map((f) => f.message).join('；'), other);

  const data = reportDataFromStore(store, a.id, { fullId: !!input.fullId, handwriting, signedOn: today });
  const location = institutionAsciiName(store);
  let signedPdf: Buffer;
  try {
    const s1 = signers.assessor1!;
    const s2 = signers.assessor2!;
    const result = await renderAndSignReport(
      data,
      {
        assessor1: { p12: s1.certificate.p12, passphrase: s1.passphrase, name: s1.name, reason: SIGN_REASON, location },
        assessor2: { p12: s2.certificate.p12, passphrase: s2.passphrase, name: s2.name, reason: SIGN_REASON, location },
      },
      { signingTime: now },
    );
    signedPdf = result.signedPdf;
  } finally {
    // Decoded private keys must not outlive the request.
    clearSignerCache();
  }
  const sha256 = sha256Hex(signedPdf);
  return store.transaction(() => {
    for (const h of handwriting) store.handwriting.put(a.id, h);
    const signed = store.assessments.markSigned(a.id, { pdf: signedPdf, sha256 }, store.actor);
    store.audit.append(store.actor, {
      action: 'report.sign',
      entity: 'assessment',
      entityId: a.id,
      detail: {
        assessor1: a.header.assessor1Id,
        assessor2: a.header.assessor2Id,
        assessor1Certificate: signers.assessor1!.certificate.id,
        assessor2Certificate: signers.assessor2!.certificate.id,
        handwriting: handwriting.map((h) => h.role),
        fullId: !!input.fullId,
      },
    });
    return signed;
  });
}

export interface ExportedReport {
  assessmentId: string;
  file: string;
  sha256: string;
}

/**
 * File names for a batch of signed reports: `评估报告-<姓名>-<日期>.pdf`, with the assessment
 * number added where two would otherwise collide.
 */
export function uniqueReportNames(items: readonly { id: string; personName: string; assessmentDate: string; assessmentNo: string }[]): Map<string, string> {
  const base = items.map((i) => reportFileName(i.personName, i.assessmentDate));
  const counts = new Map<string, number>();
  for (const b of base) counts.set(b, (counts.get(b) ?? 0) + 1);
  return new Map(items.map((i, k) => [i.id, counts.get(base[k]!)! > 1 ? reportFileName(i.personName, i.assessmentDate, { suffix: i.assessmentNo }) : base[k]!]));
}
