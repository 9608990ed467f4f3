import { getInstrument, INSTRUMENTS } from '../instruments';
import { FACT_NAMES, FACTS, isFactName, type FactDef, type FactName, type FactValues } from './facts';

/**
 * The condition language of a policy pack: a small JSON tree, so that the rules are
 * data an administrator can read and replace, never code.
 *
 *   { "all": [c, …] }             every child holds
 *   { "any": [c, …] }             at least one child holds
 *   { "not": c }                  the child does not hold
 *   { "predicate": "name" }       a named condition defined in the pack's `predicates`
 *   { "fact": "age", "gte": 80 }  a comparison: exactly one operator
 *   { "fact": "livingAlone" }     a boolean fact on its own means "is true"
 *   { "fact": "level", "instrument": "ltc-2021", "gte": 3 }
 *                                 the latest final level of another instrument within its
 *                                 validity; when there is none, no comparison holds
 *
 * Operators: numbers take eq, ne, gt, gte, lt, lte, in, notIn; enumerations take
 * eq, ne, in, notIn; booleans take eq, ne; text (county) takes eq, ne, in, notIn, and a
 * missing value meets none of them.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { predicate: string }
  | Comparison;

export const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn'] as const;
export type Operator = (typeof OPERATORS)[number];
export type Scalar = number | string | boolean;

export interface Comparison {
  fact: FactName;
  /** With `level` only: the level of this instrument instead of the capability level. */
  instrument?: string;
  eq?: Scalar;
  ne?: Scalar;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  in?: Scalar[];
  notIn?: Scalar[];
}

const OPERATORS_BY_KIND: Record<FactDef['kind'], readonly Operator[]> = {
  number: OPERATORS,
  enum: ['eq', 'ne', 'in', 'notIn'],
  boolean: ['eq', 'ne'],
  text: ['eq', 'ne', 'in', 'notIn'],
};

const NODE_KEYS = ['all', 'any', 'not', 'predicate', 'fact'] as const;

export interface ConditionIssue {
  /** Relative to the condition's own position. */
  path: (string | number)[];
  message: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join('、');
}

function checkValue(def: FactDef, fact: string, v: unknown, path: (string | number)[], out: ConditionIssue[]): void {
  if (def.kind === 'number') {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      out.push({ path, message: `应为数字（${def.label}）` });
    } else if (v < def.min || v > def.max) {
      out.push({ path, message: `超出范围：${def.label}应在 ${def.min} 到 ${def.max} 之间` });
    }
  } else if (def.kind === 'enum') {
    if (typeof v !== 'string' || !def.values.includes(v)) {
      out.push({ path, message: `无效的值，${fact} 应为 ${quoteList(def.values)} 之一` });
    }
  } else if (def.kind === 'text') {
    if (typeof v !== 'string' || v === '') out.push({ path, message: `应为非空字符串（${def.label}）` });
  } else if (typeof v !== 'boolean') {
    out.push({ path, message: `应为 true 或 false（${def.label}）` });
  }
}

/**
 * What a comparison compares: the fact, or for `level` with `instrument` that instrument's
 * level, with its own label, range and level names (长期护理失能等级 0–5).
 */
export function comparedFact(c: Pick<Comparison, 'fact' | 'instrument'>): FactDef {
  if (c.fact === 'level' && c.instrument !== undefined) {
    const def = getInstrument(c.instrument);
    if (def) {
      const levels = def.levels.map((l) => l.level);
      return { kind: 'number', label: def.report.labels.final, unit: '级', min: Math.min(...levels), max: Math.max(...levels), names: def.levels.map((l) => l.shortName) };
    }
  }
  return FACTS[c.fact];
}

function actualOf(c: Comparison, facts: FactValues): Scalar | undefined {
  if (c.fact === 'level' && c.instrument !== undefined) return facts.levels[c.instrument];
  const v = facts[c.fact];
  return v === null ? undefined : (v as Scalar);
}

/**
 * Checks the shape of a condition tree without the pack around it: node kinds,
 * fact names, operators and value types. Predicate names are resolved by the pack
 * validator, which knows which predicates exist.
 */
export function checkCondition(input: unknown, path: (string | number)[] = [], out: ConditionIssue[] = []): ConditionIssue[] {
  if (!isRecord(input)) {
    out.push({ path, message: '条件应为对象：all、any、not、predicate 或 fact 之一' });
    return out;
  }
  const kinds = NODE_KEYS.filter((k) => k in input);
  if (kinds.length !== 1) {
    out.push({
      path,
      message:
        kinds.length === 0
          ? '条件缺少类型：应包含 all、any、not、predicate 或 fact 之一'
          : `条件只能有一种类型，却同时有 ${kinds.join('、')}`,
    });
    return out;
  }
  const kind = kinds[0]!;
  if (kind === 'all' || kind === 'any') {
    for (const key of Object.keys(input)) if (key !== kind) out.push({ path: [...path, key], message: '未知字段' });
    const list = input[kind];
    if (!Array.isArray(list)) out.push({ path: [...path, kind], message: '应为条件数组' });
    else if (list.length === 0) out.push({ path: [...path, kind], message: '条件数组不能为空' });
    else list.forEach((c, i) => checkCondition(c, [...path, kind, i], out));
    return out;
  }
  if (kind === 'not') {
    for (const key of Object.keys(input)) if (key !== 'not') out.push({ path: [...path, key], message: '未知字段' });
    checkCondition(input.not, [...path, 'not'], out);
    return out;
  }
  if (kind === 'predicate') {
    for (const key of Object.keys(input)) if (key !== 'predicate') out.push({ path: [...path, key], message: '未知字段' });
    if (typeof input.predicate !== 'string' || input.predicate === '') {
      out.push({ path: [...path, 'predicate'], message: '应为谓词名称' });
    }
    return out;
  }
  const fact = input.fact;
  if (typeof fact !== 'string' || !isFactName(fact)) {
    out.push({
      path: [...path, 'fact'],
      message: `未知的事实“${String(fact)}”，应为 ${FACT_NAMES.join('、')} 之一`,
    });
    return out;
  }
  if ('instrument' in input) {
    const id = input.instrument;
    if (fact !== 'level') out.push({ path: [...path, 'instrument'], message: '只有 level 可以指定评估工具（instrument）' });
    else if (typeof id !== 'string' || !getInstrument(id)) {
      out.push({ path: [...path, 'instrument'], message: `未知的评估工具“${String(id)}”，应为 ${INSTRUMENTS.map((i) => i.id).join('、')} 之一` });
      return out;
    } else if (getInstrument(id)!.capability) {
      out.push({ path: [...path, 'instrument'], message: `${id} 的等级就是 level 本身，不必指定 instrument` });
    }
  }
  const def = comparedFact({ fact, ...(typeof input.instrument === 'string' && fact === 'level' ? { instrument: input.instrument } : {}) });
  const allowed = OPERATORS_BY_KIND[def.kind];
  const ops: Operator[] = [];
  for (const key of Object.keys(input)) {
    if (key === 'fact' || key === 'instrument') continue;
    if ((OPERATORS as readonly string[]).includes(key)) {
      if (allowed.includes(key as Operator)) ops.push(key as Operator);
      else out.push({ path: [...path, key], message: `事实 ${fact} 不能用运算符 ${key}，可用：${allowed.join('、')}` });
    } else {
      out.push({ path: [...path, key], message: `未知字段，运算符应为 ${allowed.join('、')} 之一` });
    }
  }
  if (ops.length === 0) {
    if (def.kind !== 'boolean' && !Object.keys(input).some((k) => k !== 'fact')) {
      out.push({ path, message: `比较缺少运算符（${allowed.join('、')}）` });
    }
    return out;
  }
  if (ops.length > 1) {
    out.push({ path, message: `一个比较只能有一个运算符，却有 ${ops.join('、')}` });
    return out;
  }
  const op = ops[0]!;
  const value = input[op];
  if (op === 'in' || op === 'notIn') {
    if (!Array.isArray(value) || value.length === 0) out.push({ path: [...path, op], message: '应为非空数组' });
    else value.forEach((v, i) => checkValue(def, fact, v, [...path, op, i], out));
  } else {
    checkValue(def, fact, value, [...path, op], out);
  }
  return out;
}

/** The single operator of a checked comparison, with its operand. */
export function comparisonOperator(c: Comparison): { op: Operator; value: Scalar | Scalar[] } {
  for (const op of OPERATORS) {
    const value = c[op];
    if (value !== undefined) return { op, value };
  }
  return { op: 'eq', value: true };
}

export function isComparison(c: Condition): c is Comparison {
  return 'fact' in c;
}

/** Predicate names a condition refers to, each with its path, in document order. */
export function predicateReferences(
  c: Condition,
  path: (string | number)[] = [],
  out: { name: string; path: (string | number)[] }[] = [],
): { name: string; path: (string | number)[] }[] {
  if ('all' in c) c.all.forEach((x, i) => predicateReferences(x, [...path, 'all', i], out));
  else if ('any' in c) c.any.forEach((x, i) => predicateReferences(x, [...path, 'any', i], out));
  else if ('not' in c) predicateReferences(c.not, [...path, 'not'], out);
  else if ('predicate' in c) out.push({ name: c.predicate, path: [...path, 'predicate'] });
  return out;
}

export interface PredicateDef {
  label: string;
  when: Condition;
}

export type PredicateTable = Readonly<Record<string, PredicateDef>>;

function formatFactValue(fact: FactName, v: Scalar, def: FactDef = FACTS[fact]): string {
  if (def.kind === 'text') return String(v);
  if (def.kind === 'enum') return def.names[String(v)] ?? String(v);
  if (def.kind === 'boolean') return v ? def.label : def.negated;
  if (v === 0 && def.zeroText) return def.zeroText;
  const name = typeof v === 'number' ? def.names?.[v] : undefined;
  return `${String(v)} ${def.unit}${name ? `（${name}）` : ''}`;
}

function formatOperand(fact: FactName, v: Scalar | Scalar[], def: FactDef): string {
  return Array.isArray(v) ? v.map((x) => formatFactValue(fact, x, def)).join('、') : formatFactValue(fact, v, def);
}

/** `年龄不低于 80 周岁`: the comparison itself, for a rule that did not hold. */
function describeComparison(c: Comparison): string {
  const def = comparedFact(c);
  const { op, value } = comparisonOperator(c);
  if (def.kind === 'boolean') {
    const positive = (op === 'eq') === (value === true);
    return positive ? def.label : def.negated;
  }
  // Digits get a space from the Chinese around them; enumeration names do not.
  const operand = def.kind === 'number' ? ` ${formatOperand(c.fact, value, def)}` : formatOperand(c.fact, value, def);
  switch (op) {
    case 'eq':
      return `${def.label}为${operand}`;
    case 'ne':
      return `${def.label}不为${operand}`;
    case 'gt':
      return `${def.label}高于${operand}`;
    case 'gte':
      return `${def.label}不低于${operand}`;
    case 'lt':
      return `${def.label}低于${operand}`;
    case 'lte':
      return `${def.label}不高于${operand}`;
    case 'in':
      return `${def.label}为${operand}之一`;
    case 'notIn':
      return `${def.label}不为${operand}之一`;
  }
}

/** Plain Chinese for a condition tree, independent of anyone's facts. */
export function describeCondition(c: Condition, predicates: PredicateTable): string {
  if ('all' in c) return c.all.map((x) => wrap(x, predicates)).join('且');
  if ('any' in c) return c.any.map((x) => wrap(x, predicates)).join('或');
  if ('not' in c) return `不满足（${describeCondition(c.not, predicates)}）`;
  if ('predicate' in c) return predicates[c.predicate]?.label ?? c.predicate;
  return describeComparison(c);
}

function wrap(c: Condition, predicates: PredicateTable): string {
  const text = describeCondition(c, predicates);
  return 'all' in c || 'any' in c ? `（${text}）` : text;
}

/**
 * `年龄 85 周岁，不低于 80 周岁`: the person's value, then the test it passed. Enumeration
 * and boolean facts need no second half (经济状况为低保; 空巢).
 */
function witnessComparison(c: Comparison, facts: FactValues): string {
  const def = comparedFact(c);
  const actual = actualOf(c, facts)!;
  if (def.kind === 'boolean') return formatFactValue(c.fact, actual, def);
  if (def.kind === 'enum' || def.kind === 'text') return `${def.label}为${formatFactValue(c.fact, actual, def)}`;
  // An equality met says nothing the value does not (残疾等级 无, not 残疾等级 无，为 无).
  if (comparisonOperator(c).op === 'eq') return `${def.label} ${formatFactValue(c.fact, actual, def)}`;
  return `${def.label} ${formatFactValue(c.fact, actual, def)}，${describeComparison(c).slice(def.label.length)}`;
}

function compare(c: Comparison, facts: FactValues): boolean {
  const actual = actualOf(c, facts);
  // Not assessed (in time) or not recorded: nothing can be said of it, so nothing holds.
  if (actual === undefined) return false;
  const { op, value } = comparisonOperator(c);
  switch (op) {
    case 'eq':
      return actual === value;
    case 'ne':
      return actual !== value;
    case 'gt':
      return typeof actual === 'number' && actual > (value as number);
    case 'gte':
      return typeof actual === 'number' && actual >= (value as number);
    case 'lt':
      return typeof actual === 'number' && actual < (value as number);
    case 'lte':
      return typeof actual === 'number' && actual <= (value as number);
    case 'in':
      return (value as Scalar[]).includes(actual);
    case 'notIn':
      return !(value as Scalar[]).includes(actual);
  }
}

export interface Evaluation {
  holds: boolean;
  /**
   * Why it holds, as plain-Chinese pieces naming the person's facts: every child of an
   * `all`, every child of an `any` that held (in order), a predicate as its label with
   * its own reasons in brackets. Empty when it does not hold.
   */
  witness: string[];
}

/**
 * Evaluates a condition checked by `checkCondition` whose predicates all exist (the
 * pack validator guarantees both, and that predicates do not refer to themselves).
 */
export function evaluateCondition(c: Condition, facts: FactValues, predicates: PredicateTable): Evaluation {
  if ('all' in c) {
    const witness: string[] = [];
    for (const child of c.all) {
      const r = evaluateCondition(child, facts, predicates);
      if (!r.holds) return { holds: false, witness: [] };
      witness.push(...r.witness);
    }
    return { holds: true, witness };
  }
  if ('any' in c) {
    const witness: string[] = [];
    let holds = false;
    for (const child of c.any) {
      const r = evaluateCondition(child, facts, predicates);
      if (r.holds) {
        holds = true;
        witness.push(...r.witness);
      }
    }
    return holds ? { holds, witness } : { holds: false, witness: [] };
  }
  if ('not' in c) {
    const r = evaluateCondition(c.not, facts, predicates);
    return r.holds ? { holds: false, witness: [] } : { holds: true, witness: [`不满足（${describeCondition(c.not, predicates)}）`] };
  }
  if ('predicate' in c) {
    const def = predicates[c.predicate];
    if (!def) throw new Error(`未定义的谓词：${c.predicate}`);
    const r = evaluateCondition(def.when, facts, predicates);
    return r.holds ? { holds: true, witness: [`${def.label}（${r.witness.join('；')}）`] } : { holds: false, witness: [] };
  }
  return compare(c, facts) ? { holds: true, witness: [witnessComparison(c, facts)] } : { holds: false, witness: [] };
}

/** Every fact of a person in one line, for a rule that fires without a condition (the catch-all). */
export function summarizeFacts(facts: FactValues): string {
  const living = (['livingAlone', 'emptyNest', 'leftBehind'] as const).filter((k) => facts[k]).map((k) => FACTS[k].label);
  return [
    `年龄 ${formatFactValue('age', facts.age)}`,
    `能力等级 ${formatFactValue('level', facts.level)}`,
    `经济状况为${formatFactValue('economic', facts.economic)}`,
    formatFactValue('familyPlanningSpecial', facts.familyPlanningSpecial),
    facts.disabilityGrade === 0 ? '无残疾' : `残疾等级 ${formatFactValue('disabilityGrade', facts.disabilityGrade)}`,
    living.length ? `居住情况：${living.join('、')}` : '非独居、空巢或留守',
  ].join('；');
}
