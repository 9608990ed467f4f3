import { describe, expect, it } from 'vitest';
import { ECONOMIC_STATUSES, factValues, formatFieldErrors, parsePolicyFacts, policyFactsSchema } from '../../../shared/policy';

const VALID = {
  birthDate: '1941-03-02',
  assessmentDate: '2026-11-30',
  finalLevel: 2,
  economic: 'dibao',
  familyPlanningSpecial: false,
  disabilityGrade: 0,
  living: { alone: false, emptyNest: true, leftBehind: false },
};

type Json = Record<string, unknown>;

function without(obj: Json, key: string): Json {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

function oneLine(input: unknown): string {
  const r = parsePolicyFacts(input);
  if (r.ok) throw new Error('expected an error');
  return formatFieldErrors(r.errors);
}

describe('policyFactsSchema', () => {
  it('accepts the example case and every economic status', () => {
    expect(parsePolicyFacts(VALID)).toEqual({ ok: true, value: VALID });
    for (const economic of ECONOMIC_STATUSES) expect(parsePolicyFacts({ ...VALID, economic }).ok).toBe(true);
  });

  it('accepts an assessment on the birth date itself and every grade 0–4', () => {
    expect(parsePolicyFacts({ ...VALID, assessmentDate: VALID.birthDate }).ok).toBe(true);
    for (const g of [0, 1, 2, 3, 4]) {
      expect(parsePolicyFacts({ ...VALID, finalLevel: g, disabilityGrade: g }).ok).toBe(true);
    }
  });

  it('is the schema the parse helper uses', () => {
    expect(policyFactsSchema.safeParse(VALID).success).toBe(true);
  });

  it.each(['birthDate', 'assessmentDate', 'finalLevel', 'economic', 'familyPlanningSpecial', 'disabilityGrade', 'living'])(
    'requires %s',
    (key) => {
      expect(oneLine(without(VALID, key))).toBe(`${key}：必填`);
    },
  );

  it.each(['alone', 'emptyNest', 'leftBehind'])('requires living.%s', (key) => {
    expect(oneLine({ ...VALID, living: without(VALID.living, key) })).toBe(`living.${key}：必填`);
  });

  it.each<[string, Json, string]>([
    ['economic outside the list', { economic: 'rich' }, 'economic：无效的值，应为 tekun、dibao、dibaoEdge、lowIncome、none 之一'],
    ['economic in Chinese', { economic: '低保' }, 'economic：无效的值，应为 tekun、dibao、dibaoEdge、lowIncome、none 之一'],
    ['30 February', { birthDate: '2023-02-30' }, 'birthDate：不是有效的日期，应为 YYYY-MM-DD 格式的真实日期'],
    ['29 February of a common year', { birthDate: '1943-02-29' }, 'birthDate：不是有效的日期，应为 YYYY-MM-DD 格式的真实日期'],
    ['a date without leading zeros', { assessmentDate: '2026-1-5' }, 'assessmentDate：不是有效的日期，应为 YYYY-MM-DD 格式的真实日期'],
    ['a date with a time', { assessmentDate: '2026-11-30T08:00:00Z' }, 'assessmentDate：不是有效的日期，应为 YYYY-MM-DD 格式的真实日期'],
    ['a date as a number', { birthDate: 19410302 }, 'birthDate：应为 YYYY-MM-DD 格式的日期字符串'],
    ['assessment before birth', { assessmentDate: '1941-03-01' }, 'assessmentDate：评估日期不能早于出生日期'],
    ['level 5', { finalLevel: 5 }, 'finalLevel：应为 0 到 4 的整数（能力等级：0 能力完好 … 4 完全失能）'],
    ['level -1', { finalLevel: -1 }, 'finalLevel：应为 0 到 4 的整数（能力等级：0 能力完好 … 4 完全失能）'],
    ['level 1.5', { finalLevel: 1.5 }, 'finalLevel：应为 0 到 4 的整数（能力等级：0 能力完好 … 4 完全失能）'],
    ['level as text', { finalLevel: '2' }, 'finalLevel：应为 0 到 4 的整数（能力等级：0 能力完好 … 4 完全失能）'],
    ['disability grade 5', { disabilityGrade: 5 }, 'disabilityGrade：应为 0 到 4 的整数（残疾等级：0 无，1–4 为一至四级）'],
    ['disability grade null', { disabilityGrade: null }, 'disabilityGrade：应为 0 到 4 的整数（残疾等级：0 无，1–4 为一至四级）'],
    ['family planning as text', { familyPlanningSpecial: 'no' }, 'familyPlanningSpecial：应为 true 或 false'],
    ['living flag as 0/1', { living: { alone: 0, emptyNest: true, leftBehind: false } }, 'living.alone：应为 true 或 false'],
    ['living as an array', { living: [] }, 'living：应为对象，包含 alone、emptyNest、leftBehind'],
    ['an unknown key', { name: '张三' }, 'name：未知字段'],
    ['an unknown living key', { living: { ...VALID.living, withSpouse: true } }, 'living.withSpouse：未知字段'],
  ])('rejects %s', (_what, change, message) => {
    expect(oneLine({ ...VALID, ...change })).toBe(message);
  });

  it.each([[[]], [null], ['text'], [42]])('rejects %j as a whole', (input) => {
    expect(oneLine(input)).toBe('输入应为 JSON 对象');
  });

  it('names every bad field, in schema order, on one line', () => {
    expect(oneLine({ ...VALID, economic: 'x', finalLevel: 9 })).toBe(
      'finalLevel：应为 0 到 4 的整数（能力等级：0 能力完好 … 4 完全失能）；economic：无效的值，应为 tekun、dibao、dibaoEdge、lowIncome、none 之一',
    );
  });
});

describe('factValues', () => {
  it('flattens the facts and computes the age on the assessment date', () => {
    expect(factValues(VALID as never)).toEqual({
      age: 85,
      level: 2,
      economic: 'dibao',
      familyPlanningSpecial: false,
      disabilityGrade: 0,
      livingAlone: false,
      emptyNest: true,
      leftBehind: false,
      levels: {},
      county: null,
      centralCareAllowance: false,
    });
  });

  it('carries other instruments\' levels keyed by instrument id, each checked against that instrument', () => {
    const r = parsePolicyFacts({ ...VALID, levels: { 'gbt42195-2022': 3 } });
    expect(r.ok && factValues(r.value).levels).toEqual({ 'gbt42195-2022': 3 });
    const unknown = parsePolicyFacts({ ...VALID, levels: { 'no-such-scale': 1 } });
    expect(unknown).toMatchObject({ ok: false, errors: [{ path: 'levels.no-such-scale', message: expect.stringContaining('未知的评估工具') }] });
    const outOfRange = parsePolicyFacts({ ...VALID, levels: { 'gbt42195-2022': 7 } });
    expect(outOfRange).toMatchObject({ ok: false, errors: [{ path: 'levels.gbt42195-2022', message: expect.stringContaining('没有 7 级') }] });
  });
});
