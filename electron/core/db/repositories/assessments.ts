import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { applyCarePlanChanges } from '../../../../shared/care-plan/changes';
import {
  canAssess,
  type AssessmentAnswers,
  type AssessmentRecord,
  type AssessmentSummary,
  type CarePlanChange,
  type DerivedCarePlanRecord,
  type PersonRecord,
  type Role,
} from '../../../../shared/contract';
import { zodFieldErrors } from '../../../../shared/contract/zod-zh';
import type { InstrumentDefinition } from '../../../../shared/instruments';
import type { Classification } from '../../../../shared/policy';
import { answersSchema, type Answers, type ScoreResult } from '../../../../shared/scoring';
import { unsafeStringsIn } from '../../../../shared/validation/text';
import { localToday } from '../../../../shared/policy/dates';
import {
  assessmentDateProblem,
  assessmentHeaderPatchSchema,
  assessmentHeaderSchema,
  mergedHeaderSchema,
  type AssessmentHeader,
  type AssessmentHeaderInput,
  type AssessmentHeaderPatch,
  type AssessmentReason,
  type AssessmentStatus,
} from '../../../../shared/validation/assessment';
import type { Actor, AuditLog } from '../audit';
import { isConstraintError, type Db } from '../database';
import { StoreError, validationError } from '../errors';
import { prefixUpperBound } from './persons';

/**
 * Answers as a draft save sends them: `{ basic, scoring }`, defaults filled in. The Annex A
 * answers are free text of many shapes: every string in them (keys too) is held to what a
 * note may contain.
 */
export const storedAnswersSchema = z.strictObject({
  basic: z
    .record(z.string(), z.unknown())
    .default({})
    .superRefine((basic, ctx) => {
      for (const f of unsafeStringsIn(basic, '填写内容')) ctx.addIssue({ code: 'custom', path: f.path, message: f.message });
    }),
  scoring: answersSchema.default({ items: {} }),
});

/**
 * A draft's answers as stored, at most this many bytes of JSON. A complete GB/T 42195
 * assessment with every Annex A note filled is a few kilobytes; a quarter of a megabyte is
 * no assessment but a paste gone wrong or an attempt to fill the disk, and every autosave
 * would write it again.
 */
export const MAX_DRAFT_ANSWERS_BYTES = 256 * 1024;

function checkAnswersSize(answers: AssessmentAnswers): void {
  const bytes = Buffer.byteLength(JSON.stringify(answers), 'utf8');
  if (bytes > MAX_DRAFT_ANSWERS_BYTES)
    throw validationError([{ path: 'answers', message: `评估内容过大（${Math.ceil(bytes / 1024)} KB，上限 ${MAX_DRAFT_ANSWERS_BYTES / 1024} KB），请检查是否误粘贴了大段文字` }]);
}

/** What the second draft for one person gets: finish or discard the open one first. */
export const OPEN_DRAFT_MESSAGE = '此人已有一份未完成的评估草稿，请继续该草稿，或先放弃它再重新开始';

/**
 * Accepts `{ basic, scoring }`, or bare scoring answers (`{ items, coma, … }`) as the
 * engine and the command line write them, which are kept as `scoring`.
 */
export function normalizeAnswers(input: unknown): AssessmentAnswers {
  const wrapped = typeof input === 'object' && input !== null && ('scoring' in input || 'basic' in input);
  const parsed = wrapped ? parseOrThrow(storedAnswersSchema, input, 'answers.') : { basic: {}, scoring: parseOrThrow(answersSchema, input, 'answers.scoring.') };
  return { basic: parsed.basic, scoring: { ...parsed.scoring, items: parsed.scoring.items ?? {} } };
}

function answersFromColumn(text: string): AssessmentAnswers {
  const v = JSON.parse(text) as Record<string, unknown>;
  const a = ('scoring' in v ? v : { basic: {}, scoring: v }) as { basic?: Record<string, unknown>; scoring: AssessmentAnswers['scoring'] };
  return { basic: a.basic ?? {}, scoring: { ...a.scoring, items: a.scoring.items ?? {} } };
}

export interface FinalizeInput {
  /** The revision the caller last saw. */
  revision: number;
  /** The engine's result for the stored answers, computed once by the finalize use case. */
  result: ScoreResult;
  /** The policy engine's output, stored as given (null when no pack applies). */
  classification: Classification | null;
  /** Derived from the answers when a care-service catalogue reads this instrument (see migration 5). */
  carePlan: DerivedCarePlanRecord | null;
  /** The person record at this moment, kept with the result (see migration 3). */
  personSnapshot: PersonRecord;
  /** This instrument's level is the one person lists show and reassessment dates count from. */
  updatesPersonLevel: boolean;
}

interface AssessmentRow {
  id: string;
  person_id: string;
  instrument_id: string;
  instrument_version: string;
  assessment_no: string;
  reason: AssessmentReason;
  reason_other: string | null;
  assessment_date: string;
  place: string | null;
  assessor1_id: string;
  assessor2_id: string;
  informant_name: string | null;
  informant_relation: AssessmentHeader['informantRelation'];
  answers: string;
  result: string | null;
  total: number | null;
  final_level: number | null;
  classification: string | null;
  care_plan: string | null;
  policy_pack_id: string | null;
  policy_pack_version: string | null;
  status: AssessmentStatus;
  supersedes_id: string | null;
  revision: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  finalized_at: string | null;
  signed_at: string | null;
  report_sha256: string | null;
  assessor1_name: string | null;
  assessor2_name: string | null;
}

const RECORD_SELECT = `SELECT a.id, a.person_id, a.instrument_id, a.instrument_version, a.assessment_no, a.reason,
  a.reason_other, a.assessment_date, a.place, a.assessor1_id, a.assessor2_id, a.informant_name, a.informant_relation,
  a.answers, a.result, a.total, a.final_level, a.classification, a.care_plan, a.policy_pack_id, a.policy_pack_version, a.status,
  a.supersedes_id, a.revision, a.created_by, a.created_at, a.updated_at, a.finalized_at, a.signed_at, a.report_sha256,
  u1.display_name AS assessor1_name, u2.display_name AS assessor2_name
  FROM assessments a LEFT JOIN users u1 ON u1.id = a.assessor1_id LEFT JOIN users u2 ON u2.id = a.assessor2_id`;

const SUMMARY_SELECT = `SELECT a.id, a.person_id AS personId, a.assessment_no AS assessmentNo, a.instrument_id AS instrumentId,
  a.reason, a.assessment_date AS assessmentDate, a.status, u1.display_name AS assessor1Name, u2.display_name AS assessor2Name,
  a.total, a.final_level AS finalLevel, json_extract(a.classification, '$.category') AS category,
  a.supersedes_id AS supersedesId, a.revision, a.updated_at AS updatedAt
  FROM assessments a LEFT JOIN users u1 ON u1.id = a.assessor1_id LEFT JOIN users u2 ON u2.id = a.assessor2_id`;

/** The one mapping from an `assessments` row to the contract's record. */
function fromRow(r: AssessmentRow, carePlanChanges: readonly CarePlanChange[]): AssessmentRecord {
  return {
    id: r.id,
    personId: r.person_id,
    instrumentId: r.instrument_id,
    instrumentVersion: r.instrument_version,
    assessmentNo: r.assessment_no,
    header: {
      reason: r.reason,
      reasonOther: r.reason_other,
      assessmentDate: r.assessment_date,
      place: r.place,
      assessor1Id: r.assessor1_id,
      assessor2Id: r.assessor2_id,
      informantName: r.informant_name,
      informantRelation: r.informant_relation,
      assessmentNo: r.assessment_no,
    },
    assessor1Name: r.assessor1_name,
    assessor2Name: r.assessor2_name,
    answers: answersFromColumn(r.answers),
    status: r.status,
    revision: r.revision,
    result: r.result === null ? null : (JSON.parse(r.result) as ScoreResult),
    classification: r.classification === null ? null : (JSON.parse(r.classification) as Classification),
    carePlan: r.care_plan === null ? null : applyCarePlanChanges(JSON.parse(r.care_plan) as DerivedCarePlanRecord, carePlanChanges),
    supersedesId: r.supersedes_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finalizedAt: r.finalized_at,
    signedAt: r.signed_at,
    reportSha256: r.report_sha256,
  };
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix = ''): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(zodFieldErrors(r.error).map((f) => ({ ...f, path: prefix + f.path })));
  return r.data;
}

/** `<institution code or YY>-<year>-<6-digit sequence>`. */
export function assessmentNoPrefix(institutionCode: string | null, assessmentDate: string): string {
  return `${institutionCode || 'YY'}-${assessmentDate.slice(0, 4)}-`;
}

/** Which assessments have a report: signed ones, finalized ones too when `unsigned`, optionally one person's. */
const REPORTABLE = `(a.status = 'signed' OR (@unsigned = 1 AND a.status = 'finalized')) AND (@personId IS NULL OR a.person_id = @personId)`;
const reportableParams = (opts: { personId?: string; unsigned?: boolean }) => ({ personId: opts.personId ?? null, unsigned: opts.unsigned ? 1 : 0 });

export class AssessmentsRepo {
  private readonly byIdStmt;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly institutionCode: () => string | null,
  ) {
    this.byIdStmt = db.prepare(`${RECORD_SELECT} WHERE a.id = ?`);
    this.changesStmt = db.prepare(
      `SELECT c.kind, c.service_id AS serviceId, c.text, u.display_name AS byName, c.at
       FROM care_plan_changes c LEFT JOIN users u ON u.id = c.user_id WHERE c.assessment_id = ? ORDER BY c.seq`,
    );
  }

  private readonly changesStmt;

  private record(r: AssessmentRow): AssessmentRecord {
    return fromRow(r, r.care_plan === null ? [] : (this.changesStmt.all(r.id) as CarePlanChange[]));
  }

  get(id: string): AssessmentRecord | null {
    const r = this.byIdStmt.get(id) as AssessmentRow | undefined;
    return r ? this.record(r) : null;
  }

  private require(id: string): AssessmentRecord {
    const a = this.get(id);
    if (!a) throw new StoreError('NOT_FOUND', '找不到该评估记录');
    return a;
  }

  /** Newest first. */
  listByPerson(personId: string): AssessmentSummary[] {
    return this.db
      .prepare(`${SUMMARY_SELECT} WHERE a.person_id = ? ORDER BY a.assessment_date DESC, a.created_at DESC`)
      .all(personId) as AssessmentSummary[];
  }

  latestDraftForPerson(personId: string): AssessmentRecord | null {
    const r = this.db
      .prepare(`${RECORD_SELECT} WHERE a.person_id = ? AND a.status = 'draft' ORDER BY a.updated_at DESC LIMIT 1`)
      .get(personId) as AssessmentRow | undefined;
    return r ? this.record(r) : null;
  }

  getReportPdf(id: string): Buffer | null {
    const r = this.db.prepare('SELECT report_pdf FROM assessments WHERE id = ?').get(id) as { report_pdf: Buffer | null } | undefined;
    if (!r) throw new StoreError('NOT_FOUND', '找不到该评估记录');
    return r.report_pdf;
  }

  /** The signed assessment whose stored report has this SHA-256, if any. */
  findByReportSha256(sha256: string): { id: string; assessmentNo: string } | null {
    const r = this.db
      .prepare("SELECT id, assessment_no AS assessmentNo FROM assessments WHERE report_sha256 = ? AND status = 'signed' LIMIT 1")
      .get(sha256.toLowerCase()) as { id: string; assessmentNo: string } | undefined;
    return r ?? null;
  }

  /** Every signed assessment, oldest first (ids and what names a report file; no PDF bytes). */
  listSigned(): { id: string; personId: string; assessmentNo: string; assessmentDate: string; reportSha256: string }[] {
    return this.db
      .prepare(
        `SELECT id, person_id AS personId, assessment_no AS assessmentNo, assessment_date AS assessmentDate, report_sha256 AS reportSha256
         FROM assessments WHERE status = 'signed' ORDER BY assessment_date, assessment_no`,
      )
      .all() as { id: string; personId: string; assessmentNo: string; assessmentDate: string; reportSha256: string }[];
  }

  /** Assessments that have a report (signed, or finalized when `unsigned`), oldest first, with the person's name. */
  listReportable(opts: { personId?: string; unsigned?: boolean } = {}): { id: string; status: 'finalized' | 'signed'; personName: string; assessmentNo: string; assessmentDate: string }[] {
    return this.db
      .prepare(
        `SELECT a.id, a.status, p.name AS personName, a.assessment_no AS assessmentNo, a.assessment_date AS assessmentDate
         FROM assessments a JOIN persons p ON p.id = a.person_id WHERE ${REPORTABLE}
         ORDER BY a.assessment_date, a.assessment_no`,
      )
      .all(reportableParams(opts)) as { id: string; status: 'finalized' | 'signed'; personName: string; assessmentNo: string; assessmentDate: string }[];
  }

  /** How many `listReportable` would list, without reading them. */
  countReportable(opts: { personId?: string; unsigned?: boolean } = {}): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM assessments a WHERE ${REPORTABLE}`).get(reportableParams(opts)) as { n: number }).n;
  }

  private checkAssessors(h: Pick<AssessmentHeader, 'assessor1Id' | 'assessor2Id'>): void {
    const fields = [];
    for (const [path, id] of [
      ['assessor1Id', h.assessor1Id],
      ['assessor2Id', h.assessor2Id],
    ] as const) {
      const u = this.db.prepare('SELECT role, active FROM users WHERE id = ?').get(id) as { role: Role; active: number } | undefined;
      if (!u) fields.push({ path, message: '评估员不存在' });
      else if (!u.active) fields.push({ path, message: '该评估员账户已停用' });
      else if (!canAssess(u.role)) fields.push({ path, message: '该用户不是评估员' });
    }
    if (fields.length) throw validationError(fields);
  }

  private checkDate(assessmentDate: string, birthDate: string | null, today: string | undefined, path: string): void {
    const problem = assessmentDateProblem(assessmentDate, birthDate, today ?? localToday());
    if (problem) throw validationError([{ path, message: problem }]);
  }

  /** The highest sequence number in use under an assessment-number prefix (0 when none). */
  lastSequence(prefix: string): number {
    const rows = this.db
      .prepare('SELECT assessment_no AS no FROM assessments WHERE assessment_no >= ? AND assessment_no < ? ORDER BY assessment_no DESC LIMIT 50')
      .all(prefix, prefixUpperBound(prefix)) as { no: string }[];
    let max = 0;
    for (const { no } of rows) {
      const tail = no.slice(prefix.length);
      if (/^\d{1,9}$/.test(tail)) max = Math.max(max, Number(tail));
    }
    return max;
  }

  private nextAssessmentNo(assessmentDate: string): string {
    const prefix = assessmentNoPrefix(this.institutionCode(), assessmentDate);
    return prefix + String(this.lastSequence(prefix) + 1).padStart(6, '0');
  }

  /**
   * A finalized assessment written in one go, for bulk loading (seeding synthetic data): no
   * draft, no per-row audit (the caller writes one audit row for the batch, in its transaction).
   */
  insertFinalized(a: {
    id: string;
    personId: string;
    instrument: Pick<InstrumentDefinition, 'id' | 'version'>;
    assessmentNo: string;
    header: Omit<AssessmentRecord['header'], 'assessmentNo' | 'reasonOther'>;
    answers: AssessmentAnswers;
    result: ScoreResult;
    classification: Classification | null;
    createdBy: string | null;
    at: string;
  }): void {
    (this.insertFinalizedStmt ??= this.db.prepare(
      `INSERT INTO assessments (id, person_id, instrument_id, instrument_version, assessment_no, reason, assessment_date, place,
         assessor1_id, assessor2_id, informant_name, informant_relation, answers, result, total, final_level, classification,
         policy_pack_id, policy_pack_version, status, revision, created_by, created_at, updated_at, finalized_at)
       VALUES (@id, @personId, @instrumentId, @instrumentVersion, @no, @reason, @date, @place, @a1, @a2, @informantName,
         @informantRelation, @answers, @result, @total, @finalLevel, @classification, @packId, @packVersion, 'finalized', 2,
         @createdBy, @now, @now, @now)`,
    )).run({
      id: a.id,
      personId: a.personId,
      instrumentId: a.instrument.id,
      instrumentVersion: a.instrument.version,
      no: a.assessmentNo,
      reason: a.header.reason,
      date: a.header.assessmentDate,
      place: a.header.place,
      a1: a.header.assessor1Id,
      a2: a.header.assessor2Id,
      informantName: a.header.informantName,
      informantRelation: a.header.informantRelation,
      answers: JSON.stringify(a.answers),
      result: JSON.stringify(a.result),
      total: a.result.total,
      finalLevel: a.result.finalLevel,
      classification: a.classification ? JSON.stringify(a.classification) : null,
      packId: a.classification?.packId ?? null,
      packVersion: a.classification?.packVersion ?? null,
      createdBy: a.createdBy,
      now: a.at,
    });
  }
  private insertFinalizedStmt: ReturnType<Db['prepare']> | undefined;

  /**
   * A new draft of `instrument` (the caller resolves the instrument id against the registry).
   * One open draft per person: two would be two versions of one visit, and whichever was
   * finished second would silently win. The open one's id comes with the refusal.
   * `today` bounds the assessment date (defaults to this machine's date).
   */
  createDraft(
    personId: string,
    header: AssessmentHeaderInput,
    instrument: Pick<InstrumentDefinition, 'id' | 'version'>,
    actor: Actor,
    opts: { today?: string } = {},
  ): AssessmentRecord {
    const h = parseOrThrow(assessmentHeaderSchema, header);
    const def = instrument;
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db
      .transaction(() => {
        const person = this.db.prepare('SELECT birth_date FROM persons WHERE id = ?').get(personId) as { birth_date: string } | undefined;
        if (!person) throw new StoreError('NOT_FOUND', '找不到该老年人的档案');
        // Inside the write transaction: two windows starting at once cannot both pass.
        const open = this.db.prepare("SELECT id FROM assessments WHERE person_id = ? AND status = 'draft' ORDER BY updated_at DESC LIMIT 1").get(personId) as
          | { id: string }
          | undefined;
        if (open) throw new StoreError('CONFLICT', OPEN_DRAFT_MESSAGE, undefined, { existingId: open.id });
        this.checkDate(h.assessmentDate, person.birth_date, opts.today, 'assessmentDate');
        this.checkAssessors(h);
        if (h.supersedesId) {
          const prev = this.db.prepare('SELECT person_id, status FROM assessments WHERE id = ?').get(h.supersedesId) as
            | { person_id: string; status: AssessmentStatus }
            | undefined;
          if (!prev || prev.person_id !== personId)
            throw validationError([{ path: 'supersedesId', message: '被更正的评估不存在或不属于该老年人' }]);
          if (prev.status === 'draft') throw validationError([{ path: 'supersedesId', message: '草稿不能被更正，直接修改草稿即可' }]);
        }
        const assessmentNo = h.assessmentNo ?? this.nextAssessmentNo(h.assessmentDate);
        try {
          this.db
            .prepare(
              `INSERT INTO assessments (id, person_id, instrument_id, instrument_version, assessment_no, reason, reason_other,
                 assessment_date, place, assessor1_id, assessor2_id, informant_name, informant_relation, answers, status,
                 supersedes_id, revision, created_by, created_at, updated_at)
               VALUES (@id, @personId, @instrumentId, @instrumentVersion, @assessmentNo, @reason, @reasonOther,
                 @assessmentDate, @place, @assessor1Id, @assessor2Id, @informantName, @informantRelation, @answers, 'draft',
                 @supersedesId, 1, @createdBy, @now, @now)`,
            )
            .run({
              id,
              personId,
              instrumentId: def.id,
              instrumentVersion: def.version,
              assessmentNo,
              reason: h.reason,
              reasonOther: h.reasonOther,
              assessmentDate: h.assessmentDate,
              place: h.place,
              assessor1Id: h.assessor1Id,
              assessor2Id: h.assessor2Id,
              informantName: h.informantName,
              informantRelation: h.informantRelation,
              answers: JSON.stringify({ basic: {}, scoring: { items: {} } } satisfies AssessmentAnswers),
              supersedesId: h.supersedesId,
              createdBy: actor.userId,
              now,
            });
        } catch (err) {
          if (isConstraintError(err, 'UNIQUE'))
            throw new StoreError('CONFLICT', '评估编号已被使用', [{ path: 'assessmentNo', message: '评估编号已被使用' }]);
          throw err;
        }
        this.audit.append(actor, {
          action: 'assessment.create',
          entity: 'assessment',
          entityId: id,
          detail: { personId, supersedesId: h.supersedesId, instrument: def.id },
        });
      })
      .immediate();
    return this.require(id);
  }

  /** `today` bounds a changed assessment date (defaults to this machine's date). */
  saveDraft(
    id: string,
    change: { revision: number; header?: AssessmentHeaderPatch; answers?: AssessmentAnswers | Answers },
    actor: Actor,
    opts: { today?: string } = {},
  ): AssessmentRecord {
    const patch = change.header === undefined ? {} : parseOrThrow(assessmentHeaderPatchSchema, change.header, 'header.');
    const answers = change.answers === undefined ? undefined : normalizeAnswers(change.answers);
    if (answers) checkAnswersSize(answers);
    return this.db
      .transaction(() => {
        const cur = this.require(id);
        if (cur.status !== 'draft') throw new StoreError('IMMUTABLE', '评估已定稿，不能再修改；如需更正请新建复评');
        if (change.revision !== cur.revision)
          throw new StoreError('CONFLICT', '评估已被他人修改，请刷新后再编辑', undefined, { revision: cur.revision });
        const merged = parseOrThrow(mergedHeaderSchema, { ...cur.header, ...patch }, 'header.');
        // Only a changed date: an autosave of answers must not fail on a birth date edited since.
        if (patch.assessmentDate !== undefined) {
          const person = this.db.prepare('SELECT birth_date FROM persons WHERE id = ?').get(cur.personId) as { birth_date: string } | undefined;
          this.checkDate(merged.assessmentDate, person?.birth_date ?? null, opts.today, 'header.assessmentDate');
        }
        if (patch.assessor1Id !== undefined || patch.assessor2Id !== undefined) this.checkAssessors(merged);
        const fields = [...Object.keys(patch).map((k) => `header.${k}`), ...(answers ? ['answers'] : [])];
        try {
          this.db
            .prepare(
              `UPDATE assessments SET reason = @reason, reason_other = @reasonOther, assessment_date = @assessmentDate,
                 place = @place, assessor1_id = @assessor1Id, assessor2_id = @assessor2Id, informant_name = @informantName,
                 informant_relation = @informantRelation, assessment_no = @assessmentNo, answers = @answers,
                 revision = revision + 1, updated_at = @now
               WHERE id = @id AND revision = @revision AND status = 'draft'`,
            )
            .run({
              ...merged,
              assessmentNo: merged.assessmentNo ?? cur.assessmentNo,
              answers: JSON.stringify(answers ?? cur.answers),
              now: new Date().toISOString(),
              id,
              revision: change.revision,
            });
        } catch (err) {
          if (isConstraintError(err, 'UNIQUE'))
            throw new StoreError('CONFLICT', '评估编号已被使用', [{ path: 'header.assessmentNo', message: '评估编号已被使用' }]);
          throw err;
        }
        this.audit.append(actor, { action: 'assessment.update', entity: 'assessment', entityId: id, detail: { fields } });
        return this.require(id);
      })
      .immediate();
  }

  /** Deletes a draft (never a finalized or signed assessment). */
  discardDraft(id: string, revision: number, actor: Actor): void {
    this.db
      .transaction(() => {
        const cur = this.require(id);
        if (cur.status !== 'draft') throw new StoreError('IMMUTABLE', '只有草稿可以删除');
        if (cur.revision !== revision) throw new StoreError('CONFLICT', '评估已被他人修改，请刷新后再操作');
        this.db.prepare("DELETE FROM assessments WHERE id = ? AND status = 'draft'").run(id);
        this.audit.append(actor, { action: 'assessment.delete', entity: 'assessment', entityId: id, detail: { personId: cur.personId } });
      })
      .immediate();
  }

  /**
   * Stores the finalize use case's result and classification and makes the record
   * read-only, and refreshes the person's latest level, all in one transaction. It never
   * scores: the caller did, once, from this same row inside its own transaction.
   */
  finalize(id: string, input: FinalizeInput, actor: Actor): AssessmentRecord {
    return this.db
      .transaction(() => {
        const cur = this.require(id);
        if (cur.status !== 'draft') throw new StoreError('IMMUTABLE', '评估已定稿');
        if (input.revision !== cur.revision)
          throw new StoreError('CONFLICT', '评估已被他人修改，请刷新后再定稿', undefined, { revision: cur.revision });
        if (input.result.instrument !== cur.instrumentId) throw new Error(`result of ${input.result.instrument} for a ${cur.instrumentId} assessment`);
        this.checkAssessors(cur.header);
        const result = input.result;
        const now = new Date().toISOString();
        this.db
          .prepare(
            `UPDATE assessments SET status = 'finalized', result = @result, total = @total, final_level = @finalLevel,
               classification = @classification, care_plan = @carePlan, policy_pack_id = @packId, policy_pack_version = @packVersion,
               person_snapshot = @personSnapshot, instrument_version = @instrumentVersion,
               revision = revision + 1, updated_at = @now, finalized_at = @now
             WHERE id = @id AND status = 'draft'`,
          )
          .run({
            id,
            result: JSON.stringify(result),
            total: result.total,
            finalLevel: result.finalLevel,
            classification: input.classification === null ? null : JSON.stringify(input.classification),
            carePlan: input.carePlan === null ? null : JSON.stringify(input.carePlan),
            packId: input.classification?.packId ?? null,
            packVersion: input.classification?.packVersion ?? null,
            personSnapshot: JSON.stringify(input.personSnapshot),
            // The version that scored it, which may be newer than the one the draft began under.
            instrumentVersion: result.instrumentVersion,
            now,
          });
        if (input.updatesPersonLevel) {
          this.db
            .prepare(
              `UPDATE persons SET last_level = @level, last_assessment_date = @date, last_assessment_id = @id
               WHERE id = @personId
                 AND (last_assessment_date IS NULL OR last_assessment_date <= @date OR last_assessment_id IS @supersedes)`,
            )
            .run({ level: result.finalLevel, date: cur.header.assessmentDate, id, personId: cur.personId, supersedes: cur.supersedesId });
        }
        this.audit.append(actor, {
          action: 'assessment.finalize',
          entity: 'assessment',
          entityId: id,
          detail: { personId: cur.personId, instrument: cur.instrumentId, finalLevel: result.finalLevel, total: result.total },
        });
        return this.require(id);
      })
      .immediate();
  }

  /**
   * The assessor's change to a finalized assessment's care plan: untick a service with a
   * reason, tick it again, or set the note (empty clears it). Appended, audited (which
   * service, never the text, which may name people), and refused once the report is signed.
   */
  changeCarePlan(
    id: string,
    change: { kind: 'exclude'; serviceId: string; reason: string } | { kind: 'include'; serviceId: string } | { kind: 'note'; text: string },
    actor: Actor,
  ): AssessmentRecord {
    return this.db
      .transaction(() => {
        if (!actor.userId) throw new StoreError('FORBIDDEN', '须以用户身份登录才能修改照护计划');
        const cur = this.require(id);
        if (cur.status === 'signed') throw new StoreError('IMMUTABLE', '报告已签名，照护计划不能再修改');
        if (cur.status !== 'finalized') throw new StoreError('CONFLICT', '评估定稿后才有照护计划');
        const plan = cur.carePlan;
        if (!plan) throw new StoreError('CONFLICT', '这份评估没有照护计划');
        let serviceId: string | null = null;
        let text: string;
        if (change.kind === 'note') {
          text = change.text.trim();
          if (text.length > 500) throw validationError([{ path: 'text', message: '备注不能超过 500 字' }]);
        } else {
          const service = plan.services.find((x) => x.id === change.serviceId);
          if (!service) throw validationError([{ path: 'serviceId', message: `照护计划中没有服务 ${change.serviceId}` }]);
          serviceId = service.id;
          if (change.kind === 'exclude') {
            if (service.excluded) throw new StoreError('CONFLICT', `“${service.name}”已取消勾选`);
            text = change.reason.trim();
            if (!text) throw validationError([{ path: 'reason', message: '请填写取消该服务的理由' }]);
            if (text.length > 500) throw validationError([{ path: 'reason', message: '理由不能超过 500 字' }]);
          } else {
            if (!service.excluded) throw new StoreError('CONFLICT', `“${service.name}”已勾选`);
            text = '';
          }
        }
        this.db
          .prepare('INSERT INTO care_plan_changes (assessment_id, kind, service_id, text, user_id, at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(id, change.kind, serviceId, text, actor.userId, new Date().toISOString());
        this.audit.append(actor, {
          action: `assessment.carePlan.${change.kind}`,
          entity: 'assessment',
          entityId: id,
          detail: serviceId ? { serviceId } : { cleared: text === '' },
        });
        return this.require(id);
      })
      .immediate();
  }

  /**
   * The person's latest finalized or signed assessment of each instrument dated within
   * [from, to] (YYYY-MM-DD), by instrument id; `except` leaves one assessment out.
   */
  latestLevels(personId: string, range: { from: string; to: string }, except?: string): Record<string, { id: string; level: number; date: string }> {
    const rows = this.db
      .prepare(
        `SELECT id, instrument_id AS instrumentId, final_level AS level, assessment_date AS date FROM assessments
         WHERE person_id = ? AND status != 'draft' AND final_level IS NOT NULL AND assessment_date >= ? AND assessment_date <= ? AND id IS NOT ?
         ORDER BY assessment_date DESC, finalized_at DESC`,
      )
      .all(personId, range.from, range.to, except ?? null) as { id: string; instrumentId: string; level: number; date: string }[];
    const out: Record<string, { id: string; level: number; date: string }> = {};
    for (const r of rows) out[r.instrumentId] ??= { id: r.id, level: r.level, date: r.date };
    return out;
  }

  /** The person as they were when this assessment was finalized; null for a draft. */
  personSnapshot(id: string): PersonRecord | null {
    const r = this.db.prepare('SELECT person_snapshot FROM assessments WHERE id = ?').get(id) as { person_snapshot: string | null } | undefined;
    return r?.person_snapshot ? (JSON.parse(r.person_snapshot) as PersonRecord) : null;
  }

  /** Attaches the signed report; after this the row can never change (a trigger enforces it). */
  markSigned(id: string, report: { pdf: Uint8Array; sha256: string }, actor: Actor): AssessmentRecord {
    const pdf = Buffer.from(report.pdf.buffer, report.pdf.byteOffset, report.pdf.byteLength);
    const digest = createHash('sha256').update(pdf).digest('hex');
    if (digest !== report.sha256.toLowerCase()) throw validationError([{ path: 'sha256', message: '报告文件的 SHA-256 与提供的值不一致' }]);
    return this.db
      .transaction(() => {
        const cur = this.require(id);
        if (cur.status === 'signed') throw new StoreError('IMMUTABLE', '评估已签名，不能再修改');
        if (cur.status !== 'finalized') throw new StoreError('CONFLICT', '评估须先定稿才能签名');
        const now = new Date().toISOString();
        this.db
          .prepare(
            `UPDATE assessments SET status = 'signed', report_pdf = ?, report_sha256 = ?, signed_at = ?, updated_at = ?,
               revision = revision + 1
             WHERE id = ? AND status = 'finalized'`,
          )
          .run(pdf, digest, now, now, id);
        this.audit.append(actor, { action: 'assessment.sign', entity: 'assessment', entityId: id, detail: { sha256: digest } });
        return this.require(id);
      })
      .immediate();
  }
}
