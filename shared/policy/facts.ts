import { z } from 'zod';
import '../contract/zod-zh';
import type { FieldError } from '../contract/errors';
import { capabilityInstrument, getInstrument, levelDef } from '../instruments';
import { compareIsoDates, fullYearsOn, isValidIsoDate } from './dates';

/** 特困, 低保, 低保边缘, 低收入, or none of these. */
export const ECONOMIC_STATUSES = ['tekun', 'dibao', 'dibaoEdge', 'lowIncome', 'none'] as const;
export type EconomicStatus = (typeof ECONOMIC_STATUSES)[number];

export const ECONOMIC_LABELS: Record<EconomicStatus, string> = {
  tekun: '特困',
  dibao: '低保',
  dibaoEdge: '低保边缘',
  lowIncome: '低收入',
  none: '一般',
};

/** The capability level the packs speak of (`level`) is the capability instrument's final level. */
const CAPABILITY = capabilityInstrument();
const CAPABILITY_LEVELS = CAPABILITY.levels.map((l) => l.level);
const LEVEL_MAX = Math.max(...CAPABILITY_LEVELS);
/** Short names by level, for witness texts (能力等级 2 级（中度失能）). */
const LEVEL_SHORT_NAMES: readonly string[] = Array.from({ length: LEVEL_MAX + 1 }, (_, l) => levelDef(CAPABILITY, l)?.shortName ?? '');

const DATE_HINT = '应为 YYYY-MM-DD 格式的真实日期';

function isoDateField() {
  return z
    .string({ error: (iss) => (iss.input === undefined ? '必填' : '应为 YYYY-MM-DD 格式的日期字符串') })
    .refine(isValidIsoDate, { message: `不是有效的日期，${DATE_HINT}` });
}

function gradeField(what: string, max: number) {
  const hint = `应为 0 到 ${max} 的整数（${what}）`;
  return z
    .number({ error: (iss) => (iss.input === undefined ? '必填' : hint) })
    .int({ message: hint })
    .min(0, { message: hint })
    .max(max, { message: hint });
}

/**
 * Final levels of other instruments, by instrument id (`{"ltc-2021": 3}`): each id must be
 * a registered instrument and each level one of its levels.
 */
const instrumentLevelsSchema = z
  .record(z.string(), z.number({ error: '应为整数等级' }).int({ message: '应为整数等级' }), { error: '应为对象：评估工具编号 → 等级' })
  .superRefine((levels, ctx) => {
    for (const [id, level] of Object.entries(levels)) {
      const def = getInstrument(id);
      if (!def) ctx.addIssue({ code: 'custom', path: [id], message: `未知的评估工具 ${id}` });
      else if (!def.levels.some((l) => l.level === level))
        ctx.addIssue({ code: 'custom', path: [id], message: `${def.title}没有 ${level} 级（应为 ${def.levels.map((l) => l.level).join('、')} 之一）` });
    }
  });

function booleanField() {
  return z.boolean({ error: (iss) => (iss.input === undefined ? '必填' : '应为 true 或 false') });
}

const livingSchema = z.strictObject(
  {
    alone: booleanField(),
    emptyNest: booleanField(),
    leftBehind: booleanField(),
  },
  { error: (iss) => (iss.input === undefined ? '必填' : '应为对象，包含 alone、emptyNest、leftBehind') },
);

/**
 * The facts one classification needs: the person's circumstances plus the date and
 * final level of the assessment. Every key is required (a missing living flag would
 * otherwise read as "no" and could silently drop someone a category), and unknown keys
 * are errors so a misspelt key is never ignored.
 */
export const policyFactsSchema = z
  .strictObject(
    {
      birthDate: isoDateField(),
      assessmentDate: isoDateField(),
      finalLevel: gradeField(`能力等级：0 ${LEVEL_SHORT_NAMES[0]} … ${LEVEL_MAX} ${LEVEL_SHORT_NAMES[LEVEL_MAX]}`, LEVEL_MAX),
      /** Latest final levels of other instruments within their validity, when known. */
      levels: instrumentLevelsSchema.optional(),
      /** 县（市、区） of residence, for rules limited to some districts (长期护理保险 pilots). */
      county: z.string({ error: '应为字符串（县、市、区名称）' }).min(1, { message: '不能为空' }).optional(),
      /** Already receives a 集中照护补助; absent means no. */
      centralCareAllowance: z.boolean({ error: '应为 true 或 false' }).optional(),
      economic: z.enum(ECONOMIC_STATUSES, {
        error: (iss) =>
          iss.input === undefined ? '必填' : `无效的值，应为 ${ECONOMIC_STATUSES.join('、')} 之一`,
      }),
      familyPlanningSpecial: booleanField(),
      disabilityGrade: gradeField('残疾等级：0 无，1–4 为一至四级', 4),
      living: livingSchema,
    },
    { error: (iss) => (iss.input === undefined ? '缺少输入' : '输入应为 JSON 对象') },
  )
  .superRefine((facts, ctx) => {
    if (compareIsoDates(facts.assessmentDate, facts.birthDate) < 0) {
      ctx.addIssue({ code: 'custom', path: ['assessmentDate'], message: '评估日期不能早于出生日期' });
    }
  });

export type PolicyFacts = z.output<typeof policyFactsSchema>;

/**
 * One error per bad field, each naming its dotted path. zod reports unknown keys once
 * for their parent object; here each key gets its own entry so the message names it.
 */
export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const base = issue.path.map((p) => String(p));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...base, key].join('.'), message: '未知字段' });
    } else {
      out.push({ path: base.join('.'), message: issue.message });
    }
  }
  return out;
}

/** `path：message`, several joined on one line, for the command line and logs. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}：${e.message}` : e.message)).join('；');
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parsePolicyFacts(input: unknown): ParseResult<PolicyFacts> {
  const r = policyFactsSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: issuesToFieldErrors(r.error.issues) };
}

/**
 * Facts as the condition language sees them. Flat names so a pack can say
 * `{ "fact": "livingAlone" }` without a path syntax.
 */
export interface FactValues {
  age: number;
  level: number;
  economic: EconomicStatus;
  familyPlanningSpecial: boolean;
  disabilityGrade: number;
  livingAlone: boolean;
  emptyNest: boolean;
  leftBehind: boolean;
  /** Final levels of other instruments by instrument id (absent ones were not assessed in time). */
  levels: Readonly<Record<string, number>>;
  /** 县（市、区）; null when not recorded. */
  county: string | null;
  centralCareAllowance: boolean;
}

export type FactName = Exclude<keyof FactValues, 'levels'>;

export function factValues(facts: PolicyFacts): FactValues {
  return {
    age: fullYearsOn(facts.birthDate, facts.assessmentDate),
    level: facts.finalLevel,
    economic: facts.economic,
    familyPlanningSpecial: facts.familyPlanningSpecial,
    disabilityGrade: facts.disabilityGrade,
    livingAlone: facts.living.alone,
    emptyNest: facts.living.emptyNest,
    leftBehind: facts.living.leftBehind,
    levels: facts.levels ?? {},
    county: facts.county ?? null,
    centralCareAllowance: facts.centralCareAllowance ?? false,
  };
}

export type FactDef =
  | {
      kind: 'number';
      label: string;
      unit: string;
      min: number;
      max: number;
      /** Name of each integer value, shown after it (能力等级 2 级（中度失能）). */
      names?: readonly string[];
      /** How the value 0 reads when 0 means "none" (残疾等级：无). */
      zeroText?: string;
    }
  | { kind: 'enum'; label: string; values: readonly string[]; names: Readonly<Record<string, string>> }
  | { kind: 'boolean'; label: string; negated: string }
  /** Free text such as a place name; a missing value meets no comparison. */
  | { kind: 'text'; label: string };

/** Every fact a pack may test, with what the pack validator and the trail need to know. */
export const FACTS: Readonly<Record<FactName, FactDef>> = {
  age: { kind: 'number', label: '年龄', unit: '周岁', min: 0, max: 150 },
  level: { kind: 'number', label: '能力等级', unit: '级', min: 0, max: LEVEL_MAX, names: LEVEL_SHORT_NAMES },
  economic: { kind: 'enum', label: '经济状况', values: ECONOMIC_STATUSES, names: ECONOMIC_LABELS },
  familyPlanningSpecial: { kind: 'boolean', label: '计划生育特殊家庭', negated: '非计划生育特殊家庭' },
  disabilityGrade: { kind: 'number', label: '残疾等级', unit: '级', min: 0, max: 4, zeroText: '无' },
  livingAlone: { kind: 'boolean', label: '独居', negated: '非独居' },
  emptyNest: { kind: 'boolean', label: '空巢', negated: '非空巢' },
  leftBehind: { kind: 'boolean', label: '留守', negated: '非留守' },
  county: { kind: 'text', label: '所在县（市、区）' },
  centralCareAllowance: { kind: 'boolean', label: '享受集中照护补助', negated: '未享受集中照护补助' },
};

export const FACT_NAMES = Object.keys(FACTS) as FactName[];

export function isFactName(name: string): name is FactName {
  return Object.prototype.hasOwnProperty.call(FACTS, name);
}
