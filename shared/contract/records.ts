import { z } from 'zod';
import type { ScoreResult } from '../scoring';
import type { Classification } from '../policy';
import type { PersonData } from '../validation/person';
import type { AssessmentHeader, AssessmentStatus } from '../validation/assessment';
import { ROLES, type Role } from './roles';

/**
 * Records the services return. Their fields are built by the services from validated
 * rows, so the contract checks their identity and shape at the top level only
 * (`record`), not every nested fact again.
 */
function record<T>(what: string, keys: readonly string[]) {
  return z.custom<T>(
    (v) => typeof v === 'object' && v !== null && keys.every((k) => k in (v as Record<string, unknown>)),
    { error: `${what}数据不完整` },
  );
}

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
});
export type UserRecord = z.output<typeof userSchema>;

export const sessionUserSchema = z.object({ userId: z.string(), username: z.string(), displayName: z.string(), role: z.enum(ROLES) });
export type SessionUserRecord = z.output<typeof sessionUserSchema>;

export interface PersonRecord extends PersonData {
  id: string;
  /** Pinyin initials of the name, lower case (张三丰 → zsf). */
  nameInitials: string;
  /** Final level of the latest finalized or signed assessment. */
  lastLevel: number | null;
  lastAssessmentDate: string | null;
  /** Date the next routine reassessment falls due (setting: interval in months). */
  nextReassessmentDate: string | null;
  createdAt: string;
  updatedAt: string;
}
export const personRecordSchema = record<PersonRecord>('人员', ['id', 'name', 'sex', 'birthDate', 'idNumber', 'economic']);

export interface PersonRow {
  id: string;
  name: string;
  sex: '男' | '女';
  birthDate: string;
  /** Masked unless the caller may see it in full. */
  idNumber: string | null;
  county: string | null;
  township: string | null;
  village: string | null;
  lastLevel: number | null;
  lastAssessmentDate: string | null;
  nextReassessmentDate: string | null;
}
export const personRowSchema = record<PersonRow>('人员', ['id', 'name', 'sex', 'birthDate']);

/**
 * What a draft holds besides its A.1 header: the Annex A answers not kept on the person
 * (`basic`, by field code) and the facts the scoring engine reads (`scoring`).
 */
export const assessmentAnswersSchema = z.strictObject({
  basic: z.record(z.string(), z.unknown()),
  scoring: z.strictObject({
    items: z.record(z.string(), z.number().int().nullable()),
    coma: z.boolean().optional(),
    diagnoses: z.array(z.string()).optional(),
    riskEvents: z.record(z.string(), z.number().int().min(0)).optional(),
  }),
});
export type AssessmentAnswers = z.output<typeof assessmentAnswersSchema>;

export interface AssessmentRecord {
  id: string;
  personId: string;
  instrumentId: string;
  instrumentVersion: string;
  assessmentNo: string;
  header: AssessmentHeader;
  assessor1Name: string | null;
  assessor2Name: string | null;
  answers: AssessmentAnswers;
  status: AssessmentStatus;
  revision: number;
  result: ScoreResult | null;
  classification: Classification | null;
  supersedesId: string | null;
  createdAt: string;
  updatedAt: string;
  finalizedAt: string | null;
  signedAt: string | null;
  reportSha256: string | null;
}
export const assessmentRecordSchema = record<AssessmentRecord>('评估', ['id', 'personId', 'status', 'revision', 'answers']);

export interface AssessmentSummary {
  id: string;
  assessmentNo: string;
  assessmentDate: string;
  reason: string;
  status: AssessmentStatus;
  assessor1Name: string | null;
  assessor2Name: string | null;
  total: number | null;
  finalLevel: number | null;
  category: number | null;
  supersedesId: string | null;
}
export const assessmentSummarySchema = record<AssessmentSummary>('评估', ['id', 'status']);

export interface AuditRow {
  seq: number;
  at: string;
  actorName: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: Record<string, unknown> | null;
}
export const auditRowSchema = record<AuditRow>('审计记录', ['seq', 'at', 'action']);

export function hasRole(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role);
}
