import { z } from 'zod';
import '../contract/zod-zh';
import { isoDateSchema, objectError, optionalText } from './person';

/** A.1.3 评估原因, as the instrument codes them. */
export const ASSESSMENT_REASONS = ['first', 'routine', 'immediate', 'review', 'other'] as const;
export type AssessmentReason = (typeof ASSESSMENT_REASONS)[number];
export const ASSESSMENT_REASON_LABELS: Record<AssessmentReason, string> = {
  first: '首次评估',
  routine: '常规评估',
  immediate: '即时评估',
  review: '复评',
  other: '其他',
};

/** A.3.2 信息提供者与老年人的关系. */
export const INFORMANT_RELATIONS = ['self', 'spouse', 'child', 'relative', 'hiredCaregiver', 'committeeStaff', 'other'] as const;

export const ASSESSMENT_STATUSES = ['draft', 'finalized', 'signed'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];


const userId = (what: string) =>
  z.string({ error: (iss) => (iss.input === undefined || iss.input === null ? `请选择${what}` : `${what}无效`) }).min(1, { error: `请选择${what}` });

const headerFields = {
  reason: z.enum(ASSESSMENT_REASONS, {
    error: (iss) => (iss.input === undefined || iss.input === null ? '请选择评估原因' : '评估原因的选项无效'),
  }),
  reasonOther: optionalText('评估原因说明', 100),
  assessmentDate: isoDateSchema,
  place: optionalText('评估地点', 100),
  assessor1Id: userId('评估员1'),
  assessor2Id: userId('评估员2'),
  informantName: optionalText('信息提供者姓名', 50),
  informantRelation: z
    .enum(INFORMANT_RELATIONS, { error: '信息提供者关系的选项无效' })
    .nullish()
    .transform((v) => v ?? null),
  /** Left empty, the store numbers it institution-year-sequence. */
  assessmentNo: optionalText('评估编号', 40),
};

function headerChecks(h: { reason?: AssessmentReason; reasonOther?: string | null; assessor1Id?: string; assessor2Id?: string }, ctx: z.RefinementCtx): void {
  if (h.reason === 'other' && !h.reasonOther) ctx.addIssue({ code: 'custom', path: ['reasonOther'], message: '评估原因为“其他”时请填写说明' });
  if (h.assessor1Id && h.assessor2Id && h.assessor1Id === h.assessor2Id)
    ctx.addIssue({ code: 'custom', path: ['assessor2Id'], message: '两名评估员不能是同一人' });
}

/** A.1 评估信息 of a new assessment. */
export const assessmentHeaderSchema = z
  .strictObject(
    {
      ...headerFields,
      /** Defaults to the app's default instrument. */
      instrumentId: z.string().min(1).optional(),
      /** The assessment this one corrects or follows up (复评); same person, not a draft. */
      supersedesId: z.string().min(1).nullish().transform((v) => v ?? null),
    },
    { error: objectError },
  )
  .superRefine(headerChecks);

/** Changes to a draft's header; the merged header is checked again. */
export const assessmentHeaderPatchSchema = z.strictObject(headerFields, { error: objectError }).partial();

export const mergedHeaderSchema = z.strictObject(headerFields, { error: objectError }).superRefine(headerChecks);

/**
 * Why an assessment cannot have been made on `assessmentDate`, or null: not after `today`
 * (an assessment records what was seen) and not before the person was born.
 */
export function assessmentDateProblem(assessmentDate: string, birthDate: string | null, today: string): string | null {
  if (assessmentDate > today) return `评估日期不能晚于今天（${today}）`;
  if (birthDate && assessmentDate < birthDate) return `评估日期不能早于老年人的出生日期（${birthDate}）`;
  return null;
}

export type AssessmentHeaderInput = z.input<typeof assessmentHeaderSchema>;
export type AssessmentHeader = z.output<typeof mergedHeaderSchema>;
export type AssessmentHeaderPatch = z.input<typeof assessmentHeaderPatchSchema>;
