import { z } from 'zod';
import '../contract/zod-zh';
import { checkCondition, predicateReferences, type Condition } from './conditions';
import { compareIsoDates, isValidIsoDate } from './dates';
import { issuesToFieldErrors, type ParseResult } from './facts';

/*
 * A policy pack is one JSON file (resources/policies/<id>.json or loaded by an admin):
 *
 *   format         1
 *   id, version    what every classification records ("quanzhou-2022", "2022.1")
 *   title, region, effectiveFrom, effectiveTo (null = until replaced), notes[]
 *   sources[]      { id, citation, title?, issuer?, date?, url?, note? }; rules cite an id,
 *                  the trail shows the citation
 *   predicates     { name: { label, when, note? } }: named conditions rules can share
 *   categories[]   the ladder, in order: { category, name, rules[] }; a category holds when
 *                  any of its rules holds, the first category that holds wins, and the last
 *                  category must have a rule without `when` (the catch-all)
 *   entitlements[] { id, name, amount?, when, tiers?, reason, source, verified, note? },
 *                  each judged on its own; `tiers` [{ name, when }] grades one (first that holds)
 *   rule           { id, when?, reason, source, verified, note? }
 *
 * `when` is the condition language of ./conditions. `verified: false` marks a rule or
 * figure not yet checked against the official text; the UI shows it as 待核实.
 */

/** Bumped only when a pack written for an older engine would be misread by this one. */
export const POLICY_PACK_FORMAT = 1;

const PACK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NAME = /^[a-z][A-Za-z0-9]*$/;
const RULE_ID = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/;
/** Category rule ids may not use this prefix: the trail names entitlements `entitlement.<id>`. */
export const ENTITLEMENT_RULE_PREFIX = 'entitlement.';

function required(iss: { input?: unknown }, otherwise: string): string {
  return iss.input === undefined ? '必填' : otherwise;
}

function text() {
  return z.string({ error: (iss) => required(iss, '应为字符串') }).min(1, { message: '不能为空' });
}

function pattern(re: RegExp, hint: string) {
  return z.string({ error: (iss) => required(iss, `应为字符串，${hint}`) }).regex(re, { message: `格式不对，${hint}` });
}

function isoDate() {
  return z
    .string({ error: (iss) => required(iss, '应为 YYYY-MM-DD 格式的日期') })
    .refine(isValidIsoDate, { message: '不是有效的日期，应为 YYYY-MM-DD 格式的真实日期' });
}

function flag() {
  return z.boolean({ error: (iss) => required(iss, '应为 true 或 false') });
}

/** The shape of a condition tree is checked here; predicate names are checked with the whole pack. */
const conditionSchema = z.custom<Condition>().superRefine((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: '必填' });
    return;
  }
  for (const issue of checkCondition(value)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

const sourceSchema = z.strictObject({
  id: pattern(NAME, '应为小写字母开头的英文字母和数字，如 qz2022'),
  /** What the trail shows: the document number or short title. */
  citation: text(),
  title: text().optional(),
  issuer: text().optional(),
  date: isoDate().optional(),
  url: text().optional(),
  note: text().optional(),
});

const ruleFields = {
  reason: text(),
  source: pattern(NAME, '应为 sources 中某个来源的 id'),
  verified: flag(),
  note: text().optional(),
};

const categoryRuleSchema = z.strictObject({
  id: pattern(RULE_ID, '应为英文字母、数字和点，如 category1.tekun'),
  /** Absent only on the catch-all rule of the last category. */
  when: conditionSchema.optional(),
  ...ruleFields,
});

const categorySchema = z.strictObject({
  category: z
    .number({ error: (iss) => required(iss, '应为正整数') })
    .int({ message: '应为正整数' })
    .positive({ message: '应为正整数' }),
  name: text(),
  rules: z.array(categoryRuleSchema, { error: (iss) => required(iss, '应为规则数组') }).min(1, { message: '至少需要一条规则' }),
  note: text().optional(),
});

const entitlementSchema = z.strictObject({
  id: pattern(NAME, '应为小写字母开头的英文字母和数字，如 careSubsidy'),
  name: text(),
  /** As shown to people, e.g. "300 元/月"; absent when no amount applies or none is known. */
  amount: text().optional(),
  when: conditionSchema,
  /**
   * Graded entitlements (特困 照料护理等级 全自理 / 半护理 / 全护理): the first tier whose
   * condition holds is granted with the entitlement; when none holds, neither is.
   */
  tiers: z
    .array(z.strictObject({ name: text(), when: conditionSchema }), { error: (iss) => required(iss, '应为等级数组') })
    .min(1, { message: '至少需要一个等级' })
    .optional(),
  ...ruleFields,
});

const predicateSchema = z.strictObject({
  label: text(),
  when: conditionSchema,
  note: text().optional(),
});

const packObjectSchema = z.strictObject(
  {
    format: z.literal(POLICY_PACK_FORMAT, { error: `应为 ${POLICY_PACK_FORMAT}（本程序支持的政策包格式版本）` }),
    id: pattern(PACK_ID, '应为小写英文字母、数字和连字符，如 quanzhou-2022'),
    version: text(),
    title: text(),
    region: text(),
    effectiveFrom: isoDate(),
    /** null: in force until a newer pack replaces it. */
    effectiveTo: isoDate().nullable(),
    notes: z.array(text()).optional(),
    sources: z.array(sourceSchema, { error: (iss) => required(iss, '应为来源数组') }).min(1, { message: '至少需要一个来源文件' }),
    predicates: z
      .record(pattern(NAME, '谓词名应为小写字母开头的英文字母和数字'), predicateSchema, {
        error: (iss) => required(iss, '应为对象'),
      })
      .default({}),
    categories: z
      .array(categorySchema, { error: (iss) => required(iss, '应为类别数组') })
      .min(1, { message: '至少需要一个类别' }),
    entitlements: z.array(entitlementSchema, { error: (iss) => required(iss, '应为权益数组') }),
  },
  { error: (iss) => required(iss, '政策包应为 JSON 对象') },
);

type PackShape = z.output<typeof packObjectSchema>;
type Ctx = z.core.$RefinementCtx<PackShape>;

/**
 * zod runs these pack-wide checks even when a condition had shape errors (those are
 * refinements, not type failures), so they walk only conditions whose shape is sound;
 * the shape errors are already reported.
 */
function wellFormed(when: Condition | undefined): when is Condition {
  return when !== undefined && checkCondition(when).length === 0;
}

function checkReferences(pack: PackShape, ctx: Ctx): void {
  const sourceIds = new Set<string>();
  pack.sources.forEach((s, i) => {
    if (sourceIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `来源编号“${s.id}”重复` });
    sourceIds.add(s.id);
  });
  const checkSource = (source: string, path: (string | number)[]) => {
    if (!sourceIds.has(source)) ctx.addIssue({ code: 'custom', path, message: `未定义的来源“${source}”，应为 sources 中的 id` });
  };
  const checkPredicates = (when: Condition | undefined, path: (string | number)[]) => {
    if (!wellFormed(when)) return;
    for (const ref of predicateReferences(when, path)) {
      if (!Object.prototype.hasOwnProperty.call(pack.predicates, ref.name)) {
        ctx.addIssue({ code: 'custom', path: ref.path, message: `未定义的谓词“${ref.name}”，应在 predicates 中定义` });
      }
    }
  };

  for (const [name, p] of Object.entries(pack.predicates)) checkPredicates(p.when, ['predicates', name, 'when']);

  const ruleIds = new Map<string, string>();
  const categoryNumbers = new Set<number>();
  pack.categories.forEach((cat, ci) => {
    if (categoryNumbers.has(cat.category)) {
      ctx.addIssue({ code: 'custom', path: ['categories', ci, 'category'], message: `类别编号 ${cat.category} 重复` });
    }
    categoryNumbers.add(cat.category);
    cat.rules.forEach((rule, ri) => {
      const path = ['categories', ci, 'rules', ri];
      const where = `categories.${ci}.rules.${ri}.id`;
      const earlier = ruleIds.get(rule.id);
      if (earlier) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `规则编号“${rule.id}”重复（已用于 ${earlier}）` });
      else ruleIds.set(rule.id, where);
      if (rule.id.startsWith(ENTITLEMENT_RULE_PREFIX)) {
        ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `类别规则编号不能以 ${ENTITLEMENT_RULE_PREFIX} 开头（留给权益）` });
      }
      checkSource(rule.source, [...path, 'source']);
      checkPredicates(rule.when, [...path, 'when']);
    });
  });

  const entitlementIds = new Map<string, number>();
  pack.entitlements.forEach((e, i) => {
    const earlier = entitlementIds.get(e.id);
    if (earlier !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['entitlements', i, 'id'], message: `权益编号“${e.id}”重复（已用于 entitlements.${earlier}.id）` });
    } else entitlementIds.set(e.id, i);
    checkSource(e.source, ['entitlements', i, 'source']);
    checkPredicates(e.when, ['entitlements', i, 'when']);
    e.tiers?.forEach((t, ti) => checkPredicates(t.when, ['entitlements', i, 'tiers', ti, 'when']));
  });
}

/** The ladder must end in a category everyone reaches, and nothing before it may swallow the rest. */
function checkLadder(pack: PackShape, ctx: Ctx): void {
  const last = pack.categories.length - 1;
  pack.categories.forEach((cat, ci) => {
    cat.rules.forEach((rule, ri) => {
      if (!rule.when && ci !== last) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', ci, 'rules', ri, 'when'],
          message: '必填：只有最后一个类别（兜底类别）可以有不带条件的规则',
        });
      }
    });
  });
  const lastCategory = pack.categories[last];
  if (lastCategory && !lastCategory.rules.some((r) => !r.when)) {
    ctx.addIssue({
      code: 'custom',
      path: ['categories', last],
      message: '缺少兜底类别：最后一个类别应有一条不带 when 条件的规则，使每个人都能归类',
    });
  }
}

function checkPredicateCycles(pack: PackShape, ctx: Ctx): void {
  const done = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (done.has(name)) return;
    const at = stack.indexOf(name);
    if (at !== -1) {
      const cycle = [...stack.slice(at), name];
      ctx.addIssue({ code: 'custom', path: ['predicates', name, 'when'], message: `谓词循环引用：${cycle.join(' → ')}` });
      return;
    }
    const def = pack.predicates[name];
    if (!def || !wellFormed(def.when)) return;
    for (const ref of predicateReferences(def.when)) visit(ref.name, [...stack, name]);
    done.add(name);
  };
  for (const name of Object.keys(pack.predicates)) visit(name, []);
}

/**
 * A policy pack: the ordered category ladder (first category whose rules hold wins; the
 * last is the catch-all), the entitlements each with its own condition, the named
 * predicates they share and the documents they come from. The cross-field checks run
 * once every field has the right shape, so a pack with shape errors reports those first.
 */
export const policyPackSchema = packObjectSchema.superRefine((pack, ctx) => {
  if (pack.effectiveTo !== null && compareIsoDates(pack.effectiveTo, pack.effectiveFrom) < 0) {
    ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: '失效日期不能早于生效日期（effectiveFrom）' });
  }
  checkReferences(pack, ctx);
  checkLadder(pack, ctx);
  checkPredicateCycles(pack, ctx);
});

export type PolicyPack = z.output<typeof policyPackSchema>;
export type PolicySource = PolicyPack['sources'][number];
export type PolicyCategory = PolicyPack['categories'][number];
export type PolicyRule = PolicyCategory['rules'][number];
export type PolicyEntitlement = PolicyPack['entitlements'][number];

/** The validated pack, or one error per bad field with its dotted path (`categories.1.rules.0.when.any.0.fact`). */
export function validatePolicyPack(input: unknown): ParseResult<PolicyPack> {
  const r = policyPackSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: issuesToFieldErrors(r.error.issues) };
}

/** Whether the pack was in force on a date (YYYY-MM-DD); the bounds are inclusive. */
export function packCoversDate(pack: Pick<PolicyPack, 'effectiveFrom' | 'effectiveTo'>, date: string): boolean {
  return (
    compareIsoDates(date, pack.effectiveFrom) >= 0 &&
    (pack.effectiveTo === null || compareIsoDates(date, pack.effectiveTo) <= 0)
  );
}
