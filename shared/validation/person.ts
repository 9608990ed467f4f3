import { z } from 'zod';
import '../contract/zod-zh';
import { validateIdNumber } from './id-number';
import { validatePhone } from './phone';
import { lineTextProblem, noteTextProblem } from './text';

/**
 * The older person's record: Annex A.2 of GB/T 42195-2022 plus the socio-economic facts
 * the policy engine needs. The store validates with these schemas and the form uses the
 * same ones (zodResolver), so both show the same Chinese message for the same mistake.
 * Option codes are the instrument's (shared/instruments), checked by a unit test.
 */

export const SEXES = ['男', '女'] as const;
export const ETHNICITY_CODES = ['han', 'minority'] as const;
export const RELIGION_CODES = ['no', 'yes'] as const;
export const EDUCATION_CODES = ['illiterate', 'primary', 'juniorHigh', 'seniorHigh', 'college', 'unknown'] as const;
export const MARITAL_CODES = ['unmarried', 'married', 'widowed', 'divorced', 'unspecified'] as const;
export const LIVING_CODES = ['alone', 'spouse', 'children', 'parents', 'siblings', 'relatives', 'nonRelatives', 'institution'] as const;
export const MEDICAL_PAYMENT_CODES = [
  'urbanEmployee',
  'resident',
  'selfPaid',
  'civilServant',
  'enterprise',
  'publicFunded',
  'medicalAssistance',
  'seriousIllness',
] as const;
export const INCOME_CODES = ['pension', 'children', 'relatives', 'universalSubsidy', 'savings', 'otherSubsidy'] as const;
/** 特困, 低保, 低保边缘, 低收入, none of these (the policy engine's values). */
export const ECONOMIC_CODES = ['tekun', 'dibao', 'dibaoEdge', 'lowIncome', 'none'] as const;
/** 特困人员 分散供养 / 集中供养. */
export const TEKUN_MODES = ['dispersed', 'centralized'] as const;

export type EconomicCode = (typeof ECONOMIC_CODES)[number];

/** Unknown keys are named, so a misspelt field is never silently dropped. */
export function objectError(iss: { code?: string; keys?: readonly string[] }): string {
  return iss.code === 'unrecognized_keys' && iss.keys ? `未知字段：${iss.keys.join('、')}` : '应为对象';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  return d <= days;
}

function required(what: string) {
  return (iss: { input: unknown }) => (iss.input === undefined || iss.input === null ? `请填写${what}` : undefined);
}

/** Refuses the characters a one-line field (or, `multiline`, a note) may not hold (see ./text). */
export function safeText(what: string, opts: { multiline?: boolean } = {}) {
  return (v: string, ctx: z.RefinementCtx) => {
    const problem = opts.multiline ? noteTextProblem(v, what) : lineTextProblem(v, what);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/** Optional free text: blanks become null so the store never holds empty strings. One line unless `multiline`. */
export function optionalText(what: string, max: number, opts: { multiline?: boolean } = {}) {
  return z
    .string({ error: `${what}应为文字` })
    .trim()
    .max(max, { error: `${what}不能超过${max}个字` })
    .superRefine(safeText(what, opts))
    .nullish()
    .transform((v) => (v ? v : null));
}

function choice<T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: (iss) => (iss.input === undefined || iss.input === null ? `请选择${what}` : `${what}的选项无效`) });
}

function multi<T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z
    .array(z.enum(values, { error: `${what}的选项无效` }), { error: `${what}应为选项列表` })
    .transform((list) => [...new Set(list)]);
}

function flag(what: string) {
  return z.boolean({ error: `${what}应为是或否` });
}

export const isoDateSchema = z
  .string({ error: required('日期') })
  .refine(isRealIsoDate, { error: '应为 YYYY-MM-DD 格式的真实日期' });

const fields = {
  name: z
    .string({ error: required('姓名') })
    .trim()
    .min(1, { error: '请填写姓名' })
    .max(50, { error: '姓名不能超过50个字' })
    .superRefine(safeText('姓名')),
  sex: choice(SEXES, '性别'),
  birthDate: z
    .string({ error: required('出生日期') })
    .refine(isRealIsoDate, { error: '出生日期应为 YYYY-MM-DD 格式的真实日期' })
    .refine((d) => d >= '1880-01-01', { error: '出生日期不合理' }),
  // Not after today: birthDateProblem, where a clock is at hand (the store, the form).
  idNumber: z
    .string({ error: '公民身份号码应为文字' })
    .nullish()
    .transform((v, ctx) => {
      const text = v?.replace(/\s+/g, '') ?? '';
      if (!text) return null;
      const r = validateIdNumber(text);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.idNumber;
    }),
  phone: z
    .string({ error: '电话号码应为文字' })
    .nullish()
    .transform((v, ctx) => {
      const text = v?.trim() ?? '';
      if (!text) return null;
      const r = validatePhone(text);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.phone;
    }),
  /** 县（市、区） */
  county: optionalText('县（市、区）', 30),
  /** 乡镇（街道） */
  township: optionalText('乡镇（街道）', 30),
  /** 村（居） */
  village: optionalText('村（居）', 30),
  address: optionalText('详细地址', 200),
  ethnicity: choice(ETHNICITY_CODES, '民族').nullish().transform((v) => v ?? null),
  /** The minority's name when ethnicity is `minority`. */
  ethnicityDetail: optionalText('民族名称', 20),
  religion: choice(RELIGION_CODES, '宗教信仰').nullish().transform((v) => v ?? null),
  religionDetail: optionalText('宗教信仰', 30),
  education: choice(EDUCATION_CODES, '文化程度').nullish().transform((v) => v ?? null),
  maritalStatus: choice(MARITAL_CODES, '婚姻状况').nullish().transform((v) => v ?? null),
  livingArrangements: multi(LIVING_CODES, '居住情况'),
  medicalPayment: multi(MEDICAL_PAYMENT_CODES, '医疗费用支付方式'),
  incomeSources: multi(INCOME_CODES, '经济来源'),
  heightCm: z
    .number({ error: '身高应为数字（厘米）' })
    .min(50, { error: '身高应在 50–250 厘米之间' })
    .max(250, { error: '身高应在 50–250 厘米之间' })
    .nullish()
    .transform((v) => v ?? null),
  weightKg: z
    .number({ error: '体重应为数字（千克）' })
    .min(10, { error: '体重应在 10–300 千克之间' })
    .max(300, { error: '体重应在 10–300 千克之间' })
    .nullish()
    .transform((v) => v ?? null),
  economic: choice(ECONOMIC_CODES, '经济状况'),
  tekunMode: choice(TEKUN_MODES, '特困供养方式').nullish().transform((v) => v ?? null),
  familyPlanningSpecial: flag('计划生育特殊家庭'),
  disabilityGrade: z
    .number({ error: '残疾等级应为 0 到 4 的整数（0 为无）' })
    .int({ error: '残疾等级应为 0 到 4 的整数（0 为无）' })
    .min(0, { error: '残疾等级应为 0 到 4 的整数（0 为无）' })
    .max(4, { error: '残疾等级应为 0 到 4 的整数（0 为无）' }),
  livingAlone: flag('独居'),
  emptyNest: flag('空巢'),
  leftBehind: flag('留守'),
  /** Already receives a 集中照护补助 (care allowance for institutional care). */
  centralCareAllowance: flag('享受集中照护补助'),
};

/**
 * Why a birth date cannot be right on `today` (YYYY-MM-DD), or null. The schemas have no
 * clock; the store checks with its own and the form with the browser's.
 */
export function birthDateProblem(birthDate: string, today: string): string | null {
  return birthDate > today ? `出生日期不能晚于今天（${today}）` : null;
}

type Fields = typeof fields;
type FieldsOut = { [K in keyof Fields]: z.output<Fields[K]> };

/**
 * Checks between fields, shared by create and by an update (run on the merged record):
 * the ID number's birth date and sex, the 特困 mode, 独居 against the living list.
 */
export function personCrossChecks(p: Partial<FieldsOut>, ctx: z.RefinementCtx): void {
  if (p.idNumber) {
    const r = validateIdNumber(p.idNumber);
    if (r.ok) {
      if (p.birthDate && p.birthDate !== r.birthDate)
        ctx.addIssue({ code: 'custom', path: ['birthDate'], message: `出生日期与公民身份号码不一致（号码中为 ${r.birthDate}）` });
      if (p.sex && p.sex !== r.sex)
        ctx.addIssue({ code: 'custom', path: ['sex'], message: `性别与公民身份号码不一致（号码中为${r.sex}）` });
    }
  }
  if (p.economic === 'tekun' && !p.tekunMode)
    ctx.addIssue({ code: 'custom', path: ['tekunMode'], message: '特困人员请选择供养方式（分散供养或集中供养）' });
  if (p.economic !== undefined && p.economic !== 'tekun' && p.tekunMode)
    ctx.addIssue({ code: 'custom', path: ['tekunMode'], message: '只有特困人员才有供养方式' });
  if (p.ethnicity === 'minority' && !p.ethnicityDetail)
    ctx.addIssue({ code: 'custom', path: ['ethnicityDetail'], message: '请填写少数民族的名称' });
  if (p.religion === 'yes' && !p.religionDetail)
    ctx.addIssue({ code: 'custom', path: ['religionDetail'], message: '请填写宗教信仰' });
  const living = p.livingArrangements ?? [];
  if (living.includes('alone') && living.length > 1)
    ctx.addIssue({ code: 'custom', path: ['livingArrangements'], message: '选择“独居”时不能再选其他居住情况' });
  if (living.length > 0 && p.livingAlone !== undefined && living.includes('alone') !== p.livingAlone)
    ctx.addIssue({
      code: 'custom',
      path: ['livingAlone'],
      message: p.livingAlone ? '标记为独居，但居住情况未选“独居”' : '居住情况选了“独居”，但未标记为独居',
    });
}

const baseObject = z.strictObject(fields, { error: objectError });

/** A new person. Omitted optional facts default to "no" / none. */
export const personInputSchema = z
  .strictObject(
    {
      ...fields,
      idNumber: fields.idNumber.default(null),
      phone: fields.phone.default(null),
      county: fields.county.default(null),
      township: fields.township.default(null),
      village: fields.village.default(null),
      address: fields.address.default(null),
      ethnicity: fields.ethnicity.default(null),
      ethnicityDetail: fields.ethnicityDetail.default(null),
      religion: fields.religion.default(null),
      religionDetail: fields.religionDetail.default(null),
      education: fields.education.default(null),
      maritalStatus: fields.maritalStatus.default(null),
      livingArrangements: fields.livingArrangements.default([]),
      medicalPayment: fields.medicalPayment.default([]),
      incomeSources: fields.incomeSources.default([]),
      heightCm: fields.heightCm.default(null),
      weightKg: fields.weightKg.default(null),
      economic: fields.economic.default('none'),
      tekunMode: fields.tekunMode.default(null),
      familyPlanningSpecial: fields.familyPlanningSpecial.default(false),
      disabilityGrade: fields.disabilityGrade.default(0),
      livingAlone: fields.livingAlone.default(false),
      emptyNest: fields.emptyNest.default(false),
      leftBehind: fields.leftBehind.default(false),
      centralCareAllowance: fields.centralCareAllowance.default(false),
    },
    { error: objectError },
  )
  .superRefine((p, ctx) => personCrossChecks(p, ctx));

/** A change: only the fields given are replaced; cross-checks run on the merged record. */
export const personPatchSchema = baseObject.partial();

export type PersonInput = z.input<typeof personInputSchema>;
export type PersonData = z.output<typeof personInputSchema>;
export type PersonPatch = z.input<typeof personPatchSchema>;
export type PersonPatchData = z.output<typeof personPatchSchema>;
