import { describe, expect, it } from 'vitest';
import quanzhou from '../../../resources/policies/quanzhou-2022.json';
import type { FieldError } from '../../../shared/contract/errors';
import { classify, packCoversDate, validatePolicyPack } from '../../../shared/policy';
import { person } from './person';

type Obj = Record<string, unknown>;
type Json = Obj & { categories: Obj[]; entitlements: Obj[]; predicates: Record<string, Obj>; sources: Obj[] };

function base(): Json {
  return structuredClone(quanzhou) as unknown as Json;
}

function at(obj: unknown, path: (string | number)[]): Obj {
  let cur = obj;
  for (const key of path) cur = (cur as Record<string | number, unknown>)[key];
  return cur as Obj;
}

function errorsOf(pack: unknown): FieldError[] {
  const r = validatePolicyPack(pack);
  if (r.ok) throw new Error('expected the pack to be rejected');
  return r.errors;
}

describe('the built-in pack file', () => {
  it('validates', () => {
    const r = validatePolicyPack(quanzhou);
    expect(r.ok).toBe(true);
  });

  it('has the fields the brief asks for', () => {
    const r = validatePolicyPack(quanzhou);
    if (!r.ok) throw new Error('invalid');
    const p = r.value;
    expect(p).toMatchObject({ id: 'quanzhou-2022', version: '2022.2', region: '福建省泉州市', effectiveFrom: '2022-01-01', effectiveTo: null });
    expect(p.sources.map((s) => s.citation)).toEqual(
      expect.arrayContaining(['泉政办〔2022〕57号', '民发〔2021〕43号', expect.stringContaining('中度以上失能老年人发放养老服务消费补贴')]),
    );
    expect(p.entitlements.map((e) => e.id)).toEqual([
      'careSubsidy',
      'centralizedCare',
      'careVoucher',
      'seniorAllowance',
      'homeCareService',
      'visitCare',
      'homeAdaptation',
      'ltcInsurance',
      'tekunCareTier',
    ]);
    for (const rule of [...p.categories.flatMap((c) => c.rules), ...p.entitlements]) expect(/^[\x20-\x7e]+$/.test(rule.id)).toBe(true);
  });

  it('covers dates from effectiveFrom on, with no end', () => {
    const r = validatePolicyPack(quanzhou);
    if (!r.ok) throw new Error('invalid');
    expect(packCoversDate(r.value, '2021-12-31')).toBe(false);
    expect(packCoversDate(r.value, '2022-01-01')).toBe(true);
    expect(packCoversDate(r.value, '2099-12-31')).toBe(true);
    expect(packCoversDate({ effectiveFrom: '2022-01-01', effectiveTo: '2022-12-31' }, '2022-12-31')).toBe(true);
    expect(packCoversDate({ effectiveFrom: '2022-01-01', effectiveTo: '2022-12-31' }, '2023-01-01')).toBe(false);
  });
});

/** Each row: a change to a valid pack, the field path the error must name, and words the message must contain. */
const BAD_PACKS: [string, (p: Json) => void, string, string][] = [
  ['an unknown fact', (p) => (at(p, ['categories', 1, 'rules', 0])['when'] = { any: [{ fact: 'income', lt: 1000 }] }), 'categories.1.rules.0.when.any.0.fact', '未知的事实“income”'],
  ['an undefined predicate', (p) => (at(p, ['categories', 2, 'rules', 0])['when'] = { all: [{ predicate: 'veryOld' }, { fact: 'level', gte: 1 }] }), 'categories.2.rules.0.when.all.0.predicate', '未定义的谓词“veryOld”'],
  ['an undefined predicate inside a predicate', (p) => (p.predicates['advancedAge']!['when'] = { predicate: 'nope' }), 'predicates.advancedAge.when.predicate', '未定义的谓词“nope”'],
  ['a predicate that refers to itself', (p) => (p.predicates['advancedAge']!['when'] = { any: [{ fact: 'age', gte: 80 }, { predicate: 'advancedAge' }] }), 'predicates.advancedAge.when', '谓词循环引用：advancedAge → advancedAge'],
  [
    'predicates that refer to each other',
    (p) => {
      p.predicates['a'] = { label: 'A', when: { predicate: 'b' } };
      p.predicates['b'] = { label: 'B', when: { not: { predicate: 'a' } } };
    },
    'predicates.a.when',
    '谓词循环引用：a → b → a',
  ],
  ['a duplicate rule id in one category', (p) => (at(p, ['categories', 0, 'rules', 1])['id'] = 'category1.tekun'), 'categories.0.rules.1.id', '规则编号“category1.tekun”重复（已用于 categories.0.rules.0.id）'],
  ['a duplicate rule id across categories', (p) => (at(p, ['categories', 2, 'rules', 0])['id'] = 'category2.severeDisability'), 'categories.2.rules.0.id', '重复'],
  ['a duplicate entitlement id', (p) => (at(p, ['entitlements', 3])['id'] = 'careSubsidy'), 'entitlements.3.id', '权益编号“careSubsidy”重复（已用于 entitlements.0.id）'],
  ['a category rule id that looks like an entitlement', (p) => (at(p, ['categories', 0, 'rules', 0])['id'] = 'entitlement.careSubsidy'), 'categories.0.rules.0.id', '不能以 entitlement. 开头'],
  ['a non-ASCII rule id', (p) => (at(p, ['categories', 0, 'rules', 0])['id'] = '一类.特困'), 'categories.0.rules.0.id', '格式不对'],
  ['a duplicate category number', (p) => (at(p, ['categories', 2])['category'] = 2), 'categories.2.category', '类别编号 2 重复'],
  ['no catch-all category', (p) => (at(p, ['categories', 3, 'rules', 0])['when'] = { fact: 'age', gte: 60 }), 'categories.3', '缺少兜底类别'],
  ['the catch-all category removed', (p) => p.categories.pop(), 'categories.2', '缺少兜底类别'],
  ['a catch-all rule before the last category', (p) => delete at(p, ['categories', 1, 'rules', 2])['when'], 'categories.1.rules.2.when', '只有最后一个类别'],
  ['an entitlement without a condition', (p) => delete at(p, ['entitlements', 0])['when'], 'entitlements.0.when', '必填'],
  ['effectiveTo before effectiveFrom', (p) => (p['effectiveTo'] = '2021-12-31'), 'effectiveTo', '失效日期不能早于生效日期'],
  ['an impossible date', (p) => (p['effectiveFrom'] = '2022-02-30'), 'effectiveFrom', '不是有效的日期'],
  ['a missing title', (p) => delete p['title'], 'title', '必填'],
  ['an empty region', (p) => (p['region'] = ''), 'region', '不能为空'],
  ['a missing version', (p) => delete p['version'], 'version', '必填'],
  ['an unknown top-level key', (p) => (p['author'] = 'x'), 'author', '未知字段'],
  ['an unknown rule key', (p) => (at(p, ['entitlements', 0])['amountVerified'] = true), 'entitlements.0.amountVerified', '未知字段'],
  ['a rule without verified', (p) => delete at(p, ['entitlements', 2])['verified'], 'entitlements.2.verified', '必填'],
  ['verified as text', (p) => (at(p, ['categories', 0, 'rules', 0])['verified'] = 'yes'), 'categories.0.rules.0.verified', '应为 true 或 false'],
  ['an undefined source', (p) => (at(p, ['entitlements', 2])['source'] = 'mca2024'), 'entitlements.2.source', '未定义的来源“mca2024”'],
  ['a duplicate source id', (p) => (at(p, ['sources', 2])['id'] = 'qz2022'), 'sources.2.id', '来源编号“qz2022”重复'],
  ['no sources', (p) => (p.sources = []), 'sources', '至少需要一个来源文件'],
  ['a bad pack id', (p) => (p['id'] = 'Quanzhou 2022'), 'id', '格式不对'],
  ['another format', (p) => (p['format'] = 2), 'format', '应为 1'],
  ['a category without rules', (p) => (at(p, ['categories', 1])['rules'] = []), 'categories.1.rules', '至少需要一条规则'],
  ['a category number that is not a positive integer', (p) => (at(p, ['categories', 0])['category'] = 0), 'categories.0.category', '应为正整数'],
  ['an operator a boolean fact does not take', (p) => (p.predicates['specialHardship']!['when'] = { any: [{ fact: 'livingAlone', gte: 1 }] }), 'predicates.specialHardship.when.any.0.gte', '不能用运算符 gte'],
  ['an unknown operator', (p) => (p.predicates['advancedAge']!['when'] = { fact: 'age', atLeast: 80 }), 'predicates.advancedAge.when.atLeast', '未知字段'],
  ['a comparison with two operators', (p) => (p.predicates['advancedAge']!['when'] = { fact: 'age', gte: 80, lt: 90 }), 'predicates.advancedAge.when', '只能有一个运算符'],
  ['a numeric comparison without an operator', (p) => (p.predicates['advancedAge']!['when'] = { fact: 'age' }), 'predicates.advancedAge.when', '缺少运算符'],
  ['a number given as text', (p) => (at(p, ['categories', 2, 'rules', 2])['when'] = { fact: 'level', gte: '2' }), 'categories.2.rules.2.when.gte', '应为数字'],
  ['a level out of range', (p) => (at(p, ['categories', 2, 'rules', 2])['when'] = { fact: 'level', gte: 5 }), 'categories.2.rules.2.when.gte', '超出范围'],
  ['an unknown economic status', (p) => (p.predicates['economicHardship']!['when'] = { fact: 'economic', in: ['tekun', 'poor'] }), 'predicates.economicHardship.when.in.1', '无效的值，economic 应为 tekun、dibao、dibaoEdge、lowIncome、none 之一'],
  ['an empty in-list', (p) => (p.predicates['severeDisability']!['when'] = { fact: 'disabilityGrade', in: [] }), 'predicates.severeDisability.when.in', '应为非空数组'],
  ['an empty any', (p) => (at(p, ['entitlements', 5])['when'] = { any: [] }), 'entitlements.5.when.any', '条件数组不能为空'],
  ['a node with two kinds', (p) => (at(p, ['entitlements', 5])['when'] = { any: [{ fact: 'emptyNest' }], all: [{ fact: 'livingAlone' }] }), 'entitlements.5.when', '只能有一种类型'],
  ['a node of no kind', (p) => (at(p, ['entitlements', 5])['when'] = { some: [] }), 'entitlements.5.when', '条件缺少类型'],
  ['a condition that is not an object', (p) => (at(p, ['entitlements', 5])['when'] = 'emptyNest'), 'entitlements.5.when', '条件应为对象'],
  ['an extra key on a not', (p) => (at(p, ['entitlements', 5])['when'] = { not: { fact: 'emptyNest' }, note: 'x' }), 'entitlements.5.when.note', '未知字段'],
  ['a bad predicate name', (p) => (p.predicates['高龄'] = { label: '高龄', when: { fact: 'age', gte: 80 } }), 'predicates.高龄', ''],
];

describe('validatePolicyPack rejects', () => {
  it.each(BAD_PACKS)('%s', (_what, change, path, words) => {
    const pack = base();
    change(pack);
    const errors = errorsOf(pack);
    const hit = errors.find((e) => e.path === path);
    expect(hit, `errors: ${JSON.stringify(errors)}`).toBeDefined();
    expect(hit?.message).toContain(words);
  });

  it('anything that is not an object', () => {
    expect(errorsOf(null)).toEqual([{ path: '', message: '政策包应为 JSON 对象' }]);
    expect(errorsOf([])).toEqual([{ path: '', message: '政策包应为 JSON 对象' }]);
  });

  it('reports every problem of the same stage at once', () => {
    const pack = base();
    at(pack, ['categories', 1, 'rules', 0])['when'] = { fact: 'income', lt: 1 };
    at(pack, ['entitlements', 0])['verified'] = 'no';
    delete pack['title'];
    expect(errorsOf(pack).map((e) => e.path)).toEqual(['title', 'categories.1.rules.0.when.fact', 'entitlements.0.verified']);
  });

  it('gives every message in Chinese', () => {
    for (const [, change] of BAD_PACKS) {
      const pack = base();
      change(pack);
      for (const e of errorsOf(pack)) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('validatePolicyPack accepts', () => {
  it('the forms of the condition language', () => {
    const pack = base();
    pack.predicates['notAlone'] = { label: '非独居', when: { not: { fact: 'livingAlone' } } };
    pack.predicates['nested'] = { label: '嵌套', when: { all: [{ predicate: 'notAlone' }, { any: [{ fact: 'level', lt: 1 }, { fact: 'age', lte: 70 }] }] } };
    pack.entitlements.push({
      id: 'extraCheck',
      name: '测试',
      reason: '测试',
      when: {
        all: [
          { predicate: 'nested' },
          { fact: 'economic', ne: 'tekun' },
          { fact: 'economic', notIn: ['dibao'] },
          { fact: 'disabilityGrade', eq: 0 },
          { fact: 'age', gt: 60 },
          { fact: 'level', ne: 4 },
          { fact: 'emptyNest', eq: false },
          { fact: 'leftBehind', ne: true },
        ],
      },
      source: 'qz2022',
      verified: true,
    });
    const r = validatePolicyPack(pack);
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok) return;
    const c = classify(r.value, person({ age: 65 }));
    expect(c.entitlements.map((e) => e.id)).toEqual(['extraCheck']);
    expect(c.trail.at(-1)?.reason).toBe(
      '测试：嵌套（非独居（不满足（独居））；能力等级 0 级（能力完好），低于 1 级（轻度失能）；年龄 65 周岁，不高于 70 周岁）；经济状况为一般；经济状况为一般；残疾等级 无；年龄 65 周岁，高于 60 周岁；能力等级 0 级（能力完好），不为 4 级（完全失能）；非空巢；非留守',
    );
  });
});
