import { z } from 'zod';
import type { FieldError } from '../contract/errors';
import type { InstrumentDefinition } from '../instruments/types';
import { ANSWER_KEYS, type Answers, type NormalizedAnswers } from './answers';
import { compile, type CompiledInstrument } from './compiled';
import { evaluateCondition } from './conditions';

export type { FieldError } from '../contract/errors';

export type ValidationResult = { ok: true; answers: NormalizedAnswers } | { ok: false; errors: FieldError[] };

type Segment = string | number;

interface Issue {
  path: Segment[];
  message: string;
}

/**
 * Checks raw answers (anything, typically parsed JSON) against an instrument. Every
 * problem is reported, each naming its field, in this order: unknown top-level fields,
 * bad item scores (input order), coma, diagnoses, risk events, missing items (form
 * order), and last the constraints of adjustment rules (B.3.9 under coma).
 */
export function validateAnswers(def: InstrumentDefinition, raw: unknown): ValidationResult {
  const { answers, issues } = check(compile(def), raw);
  if (issues.length > 0 || !answers) return { ok: false, errors: issues.map(toFieldError) };
  return { ok: true, answers };
}

/**
 * The same validation as a zod schema, for forms (react-hook-form's zodResolver) and
 * service contracts. Parsing yields the normalized answers.
 */
export function answersSchemaFor(def: InstrumentDefinition): z.ZodType<NormalizedAnswers, Answers> {
  const compiled = compile(def);
  return z.custom<Answers>(() => true).transform((raw, ctx) => {
    const { answers, issues } = check(compiled, raw);
    if (issues.length > 0 || !answers) {
      for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return answers;
  });
}

/** One line for a terminal or a log: the first error, and how many more there are. */
export function errorsOneLine(errors: readonly FieldError[]): string {
  const [first] = errors;
  if (!first) return '';
  const head = first.path ? `${first.path}：${first.message}` : first.message;
  return errors.length > 1 ? `${head}（另有 ${errors.length - 1} 处错误）` : head;
}

function toFieldError(issue: Issue): FieldError {
  return { path: issue.path.map(String).join('.'), message: issue.message };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as the user wrote it, for "实际为 …" in messages. */
function shown(v: unknown): string {
  if (v === undefined) return '空';
  const json = JSON.stringify(v);
  return json === undefined ? String(v) : json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

function check(c: CompiledInstrument, raw: unknown): { answers?: NormalizedAnswers; issues: Issue[] } {
  const issues: Issue[] = [];
  if (!isPlainObject(raw)) return { issues: [{ path: [], message: `应为 JSON 对象，实际为 ${shown(raw)}` }] };

  const accepted = ANSWER_KEYS.filter((k) => k === 'items' || c.def.facts[k] !== undefined);
  for (const key of Object.keys(raw)) {
    if (!(accepted as readonly string[]).includes(key))
      issues.push({ path: [key], message: `未知字段（可用字段：${accepted.join('、')}）` });
  }

  const items = checkItems(c, raw['items'], issues);
  const coma = checkComa(raw['coma'], issues);
  const diagnoses = checkDiagnoses(c, raw['diagnoses'], issues);
  const riskEvents = checkRiskEvents(c, raw['riskEvents'], issues);
  const answers: NormalizedAnswers = { items: items.scores, coma, diagnoses, riskEvents };

  // Which overrides hold decides whether unanswered items are allowed, so it is judged on
  // the facts as far as they are valid (a malformed coma counts as no coma).
  let incompleteAllowed = false;
  const constraintIssues: Issue[] = [];
  for (const rule of c.def.adjustments) {
    if (rule.kind !== 'override' || !evaluateCondition(c, rule.trigger.when, answers).holds) continue;
    if (rule.allowsIncomplete) incompleteAllowed = true;
    for (const req of rule.requires ?? []) {
      const score = items.scores[req.item];
      if (score !== undefined && !req.scores.includes(score))
        constraintIssues.push({ path: ['items', req.item], message: req.message.replace('{score}', String(score)) });
    }
  }

  if (!incompleteAllowed) {
    if (items.absent) {
      issues.push({ path: ['items'], message: '缺少字段：应为对象，以项目编码为键、得分为值' });
    } else if (items.present) {
      for (const ci of c.items) {
        const code = ci.item.code;
        if (items.scores[code] === undefined && !items.invalid.has(code))
          issues.push({ path: ['items', code], message: `缺少“${ci.item.name}”的得分` });
      }
    }
  }
  issues.push(...constraintIssues);
  return issues.length > 0 ? { issues } : { answers, issues };
}

interface ItemsCheck {
  scores: Record<string, number>;
  /** Codes already reported for a bad score, so they are not reported missing too. */
  invalid: Set<string>;
  absent: boolean;
  present: boolean;
}

function checkItems(c: CompiledInstrument, raw: unknown, issues: Issue[]): ItemsCheck {
  const result: ItemsCheck = { scores: {}, invalid: new Set(), absent: raw === undefined, present: false };
  if (raw === undefined) return result;
  if (!isPlainObject(raw)) {
    issues.push({ path: ['items'], message: `应为对象，以项目编码为键、得分为值，实际为 ${shown(raw)}` });
    return result;
  }
  result.present = true;
  for (const [code, value] of Object.entries(raw)) {
    const ci = c.itemsByCode.get(code);
    if (!ci) {
      issues.push({ path: ['items', code], message: '未知的项目编码' });
      continue;
    }
    // null is how a form says "not answered yet"; it is then treated as missing.
    if (value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      result.invalid.add(code);
      issues.push({ path: ['items', code], message: `得分应为整数，实际为 ${shown(value)}` });
    } else if (!ci.allowed.has(value)) {
      result.invalid.add(code);
      issues.push({ path: ['items', code], message: `得分 ${value} 不在允许的分值 ${ci.allowedText} 中` });
    } else {
      result.scores[code] = value;
    }
  }
  return result;
}

function checkComa(raw: unknown, issues: Issue[]): boolean {
  if (raw === undefined) return false;
  if (typeof raw !== 'boolean') {
    issues.push({ path: ['coma'], message: `应为 true 或 false，实际为 ${shown(raw)}` });
    return false;
  }
  return raw;
}

function checkDiagnoses(c: CompiledInstrument, raw: unknown, issues: Issue[]): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.push({ path: ['diagnoses'], message: `应为疾病诊断编码的数组，实际为 ${shown(raw)}` });
    return [];
  }
  const codes: string[] = [];
  raw.forEach((code: unknown, i) => {
    if (typeof code !== 'string') {
      issues.push({ path: ['diagnoses', i], message: `应为疾病诊断编码字符串，实际为 ${shown(code)}` });
    } else if (!c.diagnoses.has(code)) {
      const ascii = code.replace(/[～~〜－—–]/g, '-').toUpperCase();
      const hint = ascii !== code && c.diagnoses.has(ascii) ? `，应写作 ${ascii}` : '';
      issues.push({ path: ['diagnoses', i], message: `未知的疾病诊断编码 ${shown(code)}${hint}` });
    } else if (!codes.includes(code)) {
      codes.push(code);
    }
  });
  return codes;
}

function checkRiskEvents(c: CompiledInstrument, raw: unknown, issues: Issue[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of c.riskEvents.keys()) counts[key] = 0;
  if (raw === undefined) return counts;
  if (!isPlainObject(raw)) {
    issues.push({ path: ['riskEvents'], message: `应为对象，以事件类别为键、次数为值，实际为 ${shown(raw)}` });
    return counts;
  }
  for (const [key, value] of Object.entries(raw)) {
    const field = c.riskEvents.get(key);
    if (!field) {
      issues.push({ path: ['riskEvents', key], message: `未知的照护风险事件类别（可用：${[...c.riskEvents.keys()].join('、')}）` });
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      issues.push({ path: ['riskEvents', key], message: `${field.label}的次数应为非负整数，实际为 ${shown(value)}` });
    } else {
      counts[key] = value;
    }
  }
  return counts;
}
