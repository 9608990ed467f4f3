import { z } from 'zod';
import { classificationSchema } from '../policy/engine';
import { scoreResultSchema } from '../scoring/result';
import {
  ASSESSMENT_REASONS,
  ASSESSMENT_STATUSES,
  INFORMANT_RELATIONS,
  type AssessmentHeader,
} from '../validation/assessment';
import {
  ECONOMIC_CODES,
  EDUCATION_CODES,
  ETHNICITY_CODES,
  INCOME_CODES,
  LIVING_CODES,
  MARITAL_CODES,
  MEDICAL_PAYMENT_CODES,
  RELIGION_CODES,
  SEXES,
  TEKUN_MODES,
  type PersonData,
} from '../validation/person';
import { ALL_ROLES, ROLES } from './roles';

/*
 * The records the core returns, as schemas built from parts. Repositories map their rows
 * straight to these types (z.infer), the dispatcher checks every output against them, and
 * the renderer reads the same types: one description per entity.
 *
 * These describe what is stored, not what may be entered: input rules (check digits, date
 * bounds) live in shared/validation, so a record written under an older rule still reads.
 * Objects are not strict: the dispatcher's parse drops any field a schema does not name, so
 * an internal column never leaves the core by accident.
 */

const text = z.string();
const maybe = z.string().nullable();

export const userSchema = z.object({
  id: text,
  username: text,
  displayName: text,
  role: z.enum(ROLES),
  active: z.boolean(),
  createdAt: text,
  updatedAt: text,
});
export type UserRecord = z.output<typeof userSchema>;

export const sessionUserSchema = z.object({ userId: text, username: text, displayName: text, role: z.enum(ALL_ROLES) });
export type SessionUserRecord = z.output<typeof sessionUserSchema>;

/** The older person's facts as stored (Annex A.2 plus what the policy engine needs). */
export const personFactsSchema = z.object({
  name: text,
  sex: z.enum(SEXES),
  birthDate: text,
  idNumber: maybe,
  phone: maybe,
  /** 县（市、区） */
  county: maybe,
  /** 乡镇（街道） */
  township: maybe,
  /** 村（居） */
  village: maybe,
  address: maybe,
  ethnicity: z.enum(ETHNICITY_CODES).nullable(),
  ethnicityDetail: maybe,
  religion: z.enum(RELIGION_CODES).nullable(),
  religionDetail: maybe,
  education: z.enum(EDUCATION_CODES).nullable(),
  maritalStatus: z.enum(MARITAL_CODES).nullable(),
  livingArrangements: z.array(z.enum(LIVING_CODES)),
  medicalPayment: z.array(z.enum(MEDICAL_PAYMENT_CODES)),
  incomeSources: z.array(z.enum(INCOME_CODES)),
  heightCm: z.number().nullable(),
  weightKg: z.number().nullable(),
  economic: z.enum(ECONOMIC_CODES),
  tekunMode: z.enum(TEKUN_MODES).nullable(),
  familyPlanningSpecial: z.boolean(),
  disabilityGrade: z.number().int(),
  livingAlone: z.boolean(),
  emptyNest: z.boolean(),
  leftBehind: z.boolean(),
  /** Already receives a 集中照护补助. */
  centralCareAllowance: z.boolean(),
});
export type PersonFacts = z.output<typeof personFactsSchema>;

export const personRecordSchema = personFactsSchema.extend({
  id: text,
  /** Pinyin initials of the name, lower case (张三丰 → zsf). */
  nameInitials: text,
  /** Final level of the latest finalized or signed capability assessment. */
  lastLevel: z.number().int().nullable(),
  lastAssessmentDate: maybe,
  lastAssessmentId: maybe,
  /** When the next routine reassessment falls due: last assessment + the interval setting. */
  nextReassessmentDate: maybe,
  /** Increases with every saved change; an update names the revision it was made from. */
  revision: z.number().int(),
  createdAt: text,
  updatedAt: text,
});
export type PersonRecord = z.output<typeof personRecordSchema>;

/** One line of a person list. The ID number is masked unless the caller may see it in full. */
export const personRowSchema = personRecordSchema.pick({
  id: true,
  name: true,
  sex: true,
  birthDate: true,
  idNumber: true,
  county: true,
  township: true,
  village: true,
  lastLevel: true,
  lastAssessmentDate: true,
  nextReassessmentDate: true,
});
export type PersonRow = z.output<typeof personRowSchema>;

/** A.1 评估信息 and the informant (A.3.1, A.3.2) as stored with an assessment. */
export const assessmentHeaderRecordSchema = z.object({
  reason: z.enum(ASSESSMENT_REASONS),
  reasonOther: maybe,
  assessmentDate: text,
  place: maybe,
  assessor1Id: text,
  assessor2Id: text,
  informantName: maybe,
  informantRelation: z.enum(INFORMANT_RELATIONS).nullable(),
  assessmentNo: maybe,
});

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

/** One service of a care plan as derived (shared/care-plan/derive.ts). */
export const plannedServiceSchema = z.object({ id: text, name: text, degree: text, reasons: z.array(z.string()) });

/** The plan derived at finalize, stored as is beside the classification. */
export const derivedCarePlanSchema = z.object({
  /** `care-services@2026.1`. */
  catalogue: text,
  catalogueTitle: text,
  /** false: the catalogue is a proposal (待核实). */
  verified: z.boolean(),
  services: z.array(plannedServiceSchema),
});

export const CARE_PLAN_CHANGE_KINDS = ['exclude', 'include', 'note'] as const;

/** A change the assessor made to the derived plan; kept in order, never edited. */
export const carePlanChangeSchema = z.object({
  kind: z.enum(CARE_PLAN_CHANGE_KINDS),
  /** null for a note. */
  serviceId: maybe,
  /** The reason for unticking, or the note. */
  text: z.string(),
  byName: maybe,
  at: text,
});

const byWhom = z.object({ text, byName: maybe, at: text });

/** The plan as it now reads: each derived service, unticked or not, the latest note, and the changes that led there. */
export const carePlanSchema = derivedCarePlanSchema.extend({
  services: z.array(plannedServiceSchema.extend({ excluded: byWhom.nullable() })),
  note: byWhom.nullable(),
  changes: z.array(carePlanChangeSchema),
});
export type CarePlan = z.output<typeof carePlanSchema>;
export type CarePlanChange = z.output<typeof carePlanChangeSchema>;
export type DerivedCarePlanRecord = z.output<typeof derivedCarePlanSchema>;

export const assessmentRecordSchema = z.object({
  id: text,
  personId: text,
  instrumentId: text,
  instrumentVersion: text,
  assessmentNo: text,
  header: assessmentHeaderRecordSchema,
  assessor1Name: maybe,
  assessor2Name: maybe,
  answers: assessmentAnswersSchema,
  status: z.enum(ASSESSMENT_STATUSES),
  /** Increases with every saved change; saveDraft and finalize require the caller's copy. */
  revision: z.number().int(),
  result: scoreResultSchema.nullable(),
  classification: classificationSchema.nullable(),
  /** Derived at finalize when a care-service catalogue reads this instrument; null otherwise. */
  carePlan: carePlanSchema.nullable(),
  /** The assessment this one corrects or follows up (复评). */
  supersedesId: maybe,
  createdAt: text,
  updatedAt: text,
  finalizedAt: maybe,
  signedAt: maybe,
  reportSha256: maybe,
});
export type AssessmentRecord = z.output<typeof assessmentRecordSchema>;

export const assessmentSummarySchema = z.object({
  id: text,
  personId: text,
  assessmentNo: text,
  instrumentId: text,
  assessmentDate: text,
  reason: z.enum(ASSESSMENT_REASONS),
  status: z.enum(ASSESSMENT_STATUSES),
  assessor1Name: maybe,
  assessor2Name: maybe,
  total: z.number().int().nullable(),
  finalLevel: z.number().int().nullable(),
  /** Policy category of the stored classification, if any. */
  category: z.number().int().nullable(),
  supersedesId: maybe,
  revision: z.number().int(),
  updatedAt: text,
});
export type AssessmentSummary = z.output<typeof assessmentSummarySchema>;

export const auditRowSchema = z.object({
  seq: z.number().int(),
  at: text,
  actorName: maybe,
  action: text,
  entity: maybe,
  entityId: maybe,
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditRow = z.output<typeof auditRowSchema>;

// The stored facts and the validated input describe the same person: if one gains a field
// the other lacks, this stops compiling.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const personShapesAgree: Same<PersonFacts, PersonData> = true;
void personShapesAgree;
const headerShapesAgree: Same<z.output<typeof assessmentHeaderRecordSchema>, AssessmentHeader> = true;
void headerShapesAgree;
