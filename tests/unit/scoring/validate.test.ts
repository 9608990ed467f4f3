import { describe, expect, it } from 'vitest';
import { GBT42195_2022 as GBT } from '../../../shared/instruments';
import { answersSchema, answersSchemaFor, errorsOneLine, validateAnswers, type FieldError } from '../../../shared/scoring';
import { fullItems } from '../../helpers/scoring-cases';

function errors(raw: unknown): FieldError[] {
  const v = validateAnswers(GBT, raw);
  if (v.ok) throw new Error('expected validation errors');
  return v.errors;
}

const withItems = (patch: Record<string, unknown>, extra: object = {}) => ({ items: { ...fullItems(), ...patch }, ...extra });

describe('validateAnswers: accepted input', () => {
  it('normalizes defaults: coma false, no diagnoses, every risk kind 0', () => {
    const v = validateAnswers(GBT, { items: fullItems() });
    expect(v).toEqual({
      ok: true,
      answers: {
        items: fullItems(),
        coma: false,
        diagnoses: [],
        riskEvents: { fall: 0, wandering: 0, choking: 0, suicideSelfHarm: 0, other: 0 },
      },
    });
  });

  it('keeps risk counts as given (above 3 too) and fills only the missing kinds', () => {
    const v = validateAnswers(GBT, { items: fullItems(), riskEvents: { choking: 12 } });
    expect(v.ok && v.answers.riskEvents).toEqual({ fall: 0, wandering: 0, choking: 12, suicideSelfHarm: 0, other: 0 });
  });

  it('drops repeated diagnosis codes', () => {
    const v = validateAnswers(GBT, { items: fullItems(), diagnoses: ['I63', 'F00-F03', 'I63'] });
    expect(v.ok && v.answers.diagnoses).toEqual(['I63', 'F00-F03']);
  });
});

describe('validateAnswers: each error names its field', () => {
  it('unknown item code', () => {
    expect(errors(withItems({ 'B.5.1': 1 }))).toEqual([{ path: 'items.B.5.1', message: '未知的项目编码' }]);
  });

  it('a score the item does not allow (4 for B.2.4)', () => {
    expect(errors(withItems({ 'B.2.4': 4 }))).toEqual([{ path: 'items.B.2.4', message: '得分 4 不在允许的分值 0、1、2、3 中' }]);
  });

  it('a score for a two-option item', () => {
    expect(errors(withItems({ 'B.3.7': 2 }))).toEqual([{ path: 'items.B.3.7', message: '得分 2 不在允许的分值 0、1 中' }]);
  });

  it.each([[1.5], ['4'], [true], [[4]], [{}]])('a score that is not an integer: %j', (value) => {
    const [e] = errors(withItems({ 'B.1.1': value }));
    expect(e!.path).toBe('items.B.1.1');
    expect(e!.message).toMatch(/^得分应为整数，实际为 /);
  });

  it('a missing item', () => {
    const items = fullItems();
    delete items['B.3.4'];
    expect(errors({ items })).toEqual([{ path: 'items.B.3.4', message: '缺少“记忆”的得分' }]);
  });

  it('a null score counts as missing', () => {
    expect(errors(withItems({ 'B.4.2': null }))).toEqual([{ path: 'items.B.4.2', message: '缺少“听力”的得分' }]);
  });

  it('every missing item is reported, in form order', () => {
    expect(errors({ items: { 'B.4.5': 4 } }).map((e) => e.path)).toEqual(
      Object.keys(fullItems())
        .filter((c) => c !== 'B.4.5')
        .map((c) => `items.${c}`),
    );
  });

  it('no items field without coma', () => {
    expect(errors({ coma: false })).toEqual([{ path: 'items', message: '缺少字段：应为对象，以项目编码为键、得分为值' }]);
  });

  it('items that are not an object', () => {
    expect(errors({ items: [4, 4] })[0]).toEqual({ path: 'items', message: '应为对象，以项目编码为键、得分为值，实际为 [4,4]' });
  });

  it.each([0, 1, 2])('coma with B.3.9 = %i ≠ 0', (b39) => {
    if (b39 === 0) {
      expect(validateAnswers(GBT, withItems({ 'B.3.9': 0 }, { coma: true })).ok).toBe(true);
      return;
    }
    expect(errors(withItems({ 'B.3.9': b39 }, { coma: true }))).toEqual([
      { path: 'items.B.3.9', message: `昏迷（A.5.11 为“有”）时意识水平应为 0 分，实际为 ${b39} 分` },
    ]);
  });

  it('coma with B.3.9 ≠ 0 and other items missing reports only B.3.9', () => {
    expect(errors({ coma: true, items: { 'B.3.9': 2 } }).map((e) => e.path)).toEqual(['items.B.3.9']);
  });

  it.each([
    [-1, '跌倒的次数应为非负整数，实际为 -1'],
    [1.5, '跌倒的次数应为非负整数，实际为 1.5'],
    ['2', '跌倒的次数应为非负整数，实际为 "2"'],
    [null, '跌倒的次数应为非负整数，实际为 null'],
  ])('risk event count %j', (value, message) => {
    expect(errors(withItems({}, { riskEvents: { fall: value } }))).toEqual([{ path: 'riskEvents.fall', message }]);
  });

  it('an unknown risk event kind', () => {
    expect(errors(withItems({}, { riskEvents: { falls: 2 } }))).toEqual([
      { path: 'riskEvents.falls', message: '未知的照护风险事件类别（可用：fall、wandering、choking、suicideSelfHarm、other）' },
    ]);
  });

  it('risk events that are not an object', () => {
    expect(errors(withItems({}, { riskEvents: 2 }))[0]!.path).toBe('riskEvents');
  });

  it('an unknown diagnosis code, with a hint for the printed form of a known one', () => {
    expect(errors(withItems({}, { diagnoses: ['I63', 'X99'] }))).toEqual([{ path: 'diagnoses.1', message: '未知的疾病诊断编码 "X99"' }]);
    expect(errors(withItems({}, { diagnoses: ['F00～F03'] }))).toEqual([
      { path: 'diagnoses.0', message: '未知的疾病诊断编码 "F00～F03"，应写作 F00-F03' },
    ]);
    expect(errors(withItems({}, { diagnoses: ['f04-f99'] }))[0]!.message).toContain('应写作 F04-F99');
  });

  it('diagnoses that are not an array of strings', () => {
    expect(errors(withItems({}, { diagnoses: 'F00-F03' }))[0]!.path).toBe('diagnoses');
    expect(errors(withItems({}, { diagnoses: [3] }))).toEqual([{ path: 'diagnoses.0', message: '应为疾病诊断编码字符串，实际为 3' }]);
  });

  it.each([['yes'], [1], [null]])('coma that is not a boolean: %j', (coma) => {
    const [e] = errors(withItems({}, { coma }));
    expect(e!.path).toBe('coma');
    expect(e!.message).toMatch(/^应为 true 或 false，实际为 /);
  });

  it('a non-boolean coma does not excuse missing items', () => {
    expect(errors({ coma: 'true', items: {} }).length).toBe(27);
  });

  it('an unknown top-level field', () => {
    expect(errors(withItems({}, { comma: true }))).toEqual([
      { path: 'comma', message: '未知字段（可用字段：items、coma、diagnoses、riskEvents）' },
    ]);
  });

  it.each([[null], [[]], [42], ['{}']])('input that is not an object: %j', (raw) => {
    const [e] = errors(raw);
    expect(e!.path).toBe('');
    expect(e!.message).toMatch(/^应为 JSON 对象，实际为 /);
  });

  it('reports several problems at once', () => {
    const errs = errors({ items: { ...fullItems(), 'B.2.4': 4, 'X.1': 1 }, x: 1, riskEvents: { fall: -1 } });
    expect(errs.map((e) => e.path)).toEqual(['x', 'items.B.2.4', 'items.X.1', 'riskEvents.fall']);
  });

  it('does not trip over keys named like Object.prototype members', () => {
    const raw = JSON.parse(`{"items":${JSON.stringify(fullItems()).replace('{', '{"__proto__":4,"constructor":1,')},"riskEvents":{"__proto__":1}}`);
    expect(errors(raw).map((e) => e.path)).toEqual(['items.__proto__', 'items.constructor', 'riskEvents.__proto__']);
  });
});

describe('errorsOneLine', () => {
  it('gives the first error and counts the rest', () => {
    expect(errorsOneLine([{ path: 'items.B.2.4', message: '得分 4 不在允许的分值 0、1、2、3 中' }])).toBe('items.B.2.4：得分 4 不在允许的分值 0、1、2、3 中');
    expect(errorsOneLine([{ path: '', message: 'a' }, { path: 'b', message: 'c' }, { path: 'd', message: 'e' }])).toBe('a（另有 2 处错误）');
    expect(errorsOneLine([])).toBe('');
  });
});

describe('zod schemas', () => {
  it('answersSchemaFor parses to normalized answers and reports errors with their paths', () => {
    const schema = answersSchemaFor(GBT);
    const ok = schema.safeParse({ items: fullItems(), coma: false });
    expect(ok.success && ok.data.riskEvents['fall']).toBe(0);
    const bad = schema.safeParse({ items: { ...fullItems(), 'B.2.4': 4 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path, i.message])).toEqual([[['items', 'B.2.4'], '得分 4 不在允许的分值 0、1、2、3 中']]);
  });

  it('answersSchema checks the shape only, in Chinese', () => {
    expect(answersSchema.safeParse({ items: { 'B.1.1': 4, 'B.1.2': null }, coma: true, diagnoses: ['x'], riskEvents: { fall: 9 } }).success).toBe(true);
    const bad = answersSchema.safeParse({ items: { 'B.1.1': 1.5 }, riskEvents: { fall: -1 }, extra: 1 });
    const issues = bad.error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ['items.B.1.1', '得分应为整数'],
        ['riskEvents.fall', '次数应为非负整数'],
        ['', '未知字段：extra'],
      ]),
    );
  });
});
