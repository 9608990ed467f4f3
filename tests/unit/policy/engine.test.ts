import { describe, expect, it } from 'vitest';
import {
  checkCondition,
  classificationSchema,
  classify,
  describeCondition,
  evaluateCondition,
  formatEntitlementAmount,
  validatePolicyPack,
  type Condition,
  type FactValues,
  type PolicyPack,
} from '../../../shared/policy';
import { person } from './person';

/**
 * A pack for an imaginary county with rules unlike Quanzhou's: the engine must follow
 * whatever the data says.
 */
const OTHER_PACK = {
  format: 1,
  id: 'test-county-2030',
  version: '2030.2',
  title: '测试县分类',
  region: '测试省测试县',
  effectiveFrom: '2030-01-01',
  effectiveTo: '2030-12-31',
  sources: [{ id: 'doc', citation: '测政〔2030〕1号' }],
  predicates: {
    veryOld: { label: '九十周岁以上', when: { fact: 'age', gte: 90 } },
    poor: { label: '困难', when: { fact: 'economic', in: ['tekun', 'dibao'] } },
  },
  categories: [
    {
      category: 10,
      name: '甲类',
      rules: [
        { id: 'a.veryOld', reason: '九十周岁以上', when: { predicate: 'veryOld' }, source: 'doc', verified: true },
        { id: 'a.poorDisabled', reason: '困难且重度失能', when: { all: [{ predicate: 'poor' }, { fact: 'level', gte: 3 }] }, source: 'doc', verified: false },
      ],
    },
    {
      category: 20,
      name: '乙类',
      rules: [{ id: 'b.notPoor', reason: '非困难的独居老人', when: { all: [{ not: { predicate: 'poor' } }, { fact: 'livingAlone' }] }, source: 'doc', verified: true }],
    },
    { category: 30, name: '其他', rules: [{ id: 'c.rest', reason: '其他', source: 'doc', verified: true }] },
  ],
  entitlements: [
    { id: 'cake', name: '生日蛋糕', amount: '1 个/年', reason: '九十周岁以上', when: { predicate: 'veryOld' }, source: 'doc', verified: true },
    { id: 'call', name: '电话问候', reason: '独居或残疾', when: { any: [{ fact: 'livingAlone' }, { fact: 'disabilityGrade', ne: 0 }] }, source: 'doc', verified: false },
  ],
};

function other(): PolicyPack {
  const r = validatePolicyPack(OTHER_PACK);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('the engine follows the pack, not Quanzhou', () => {
  it.each([
    [{ age: 90 }, 10, ['a.veryOld'], ['cake']],
    [{ age: 89, economic: 'dibao' as const, level: 3 }, 10, ['a.poorDisabled'], []],
    [{ age: 95, economic: 'tekun' as const, level: 4 }, 10, ['a.veryOld', 'a.poorDisabled'], ['cake']],
    [{ alone: true }, 20, ['b.notPoor'], ['call']],
    [{ alone: true, economic: 'dibao' as const }, 30, ['c.rest'], ['call']],
    [{ disability: 4 }, 30, ['c.rest'], ['call']],
    [{}, 30, ['c.rest'], []],
  ])('%j → %i', (spec, category, rules, entitlements) => {
    const c = classify(other(), person(spec));
    expect(c.packId).toBe('test-county-2030');
    expect(c.packVersion).toBe('2030.2');
    expect(c.category).toBe(category);
    expect(c.trail.filter((t) => !t.rule.startsWith('entitlement.')).map((t) => t.rule)).toEqual(rules);
    expect(c.entitlements.map((e) => e.id)).toEqual(entitlements);
    expect(c.trail.every((t) => t.source === '测政〔2030〕1号')).toBe(true);
  });

  it('explains a negated predicate', () => {
    const c = classify(other(), person({ alone: true }));
    expect(c.trail[0]).toEqual({ rule: 'b.notPoor', title: expect.any(String), reason: '非困难的独居老人：不满足（困难）；独居', source: '测政〔2030〕1号', verified: true });
    expect(c.trail[1]).toEqual({ rule: 'entitlement.call', title: expect.any(String), reason: '独居或残疾：独居', source: '测政〔2030〕1号', verified: false });
  });
});

const FACTS: FactValues = {
  levels: {},
  county: null,
  centralCareAllowance: false,
  age: 81,
  level: 2,
  economic: 'dibaoEdge',
  familyPlanningSpecial: false,
  disabilityGrade: 3,
  livingAlone: true,
  emptyNest: false,
  leftBehind: false,
};

describe('evaluateCondition', () => {
  it.each<[Condition, boolean, string[]]>([
    [{ fact: 'age', gte: 81 }, true, ['年龄 81 周岁，不低于 81 周岁']],
    [{ fact: 'age', gte: 82 }, false, []],
    [{ fact: 'age', gt: 80 }, true, ['年龄 81 周岁，高于 80 周岁']],
    [{ fact: 'age', gt: 81 }, false, []],
    [{ fact: 'age', lt: 82 }, true, ['年龄 81 周岁，低于 82 周岁']],
    [{ fact: 'age', lt: 81 }, false, []],
    [{ fact: 'age', lte: 81 }, true, ['年龄 81 周岁，不高于 81 周岁']],
    [{ fact: 'age', lte: 80 }, false, []],
    [{ fact: 'level', eq: 2 }, true, ['能力等级 2 级（中度失能）']],
    [{ fact: 'level', ne: 2 }, false, []],
    [{ fact: 'level', in: [2, 3] }, true, ['能力等级 2 级（中度失能），为 2 级（中度失能）、3 级（重度失能）之一']],
    [{ fact: 'level', notIn: [2] }, false, []],
    [{ fact: 'disabilityGrade', notIn: [0, 1, 2] }, true, ['残疾等级 3 级，不为 无、1 级、2 级之一']],
    [{ fact: 'economic', eq: 'dibaoEdge' }, true, ['经济状况为低保边缘']],
    [{ fact: 'economic', in: ['tekun', 'dibao'] }, false, []],
    [{ fact: 'economic', notIn: ['tekun', 'dibao'] }, true, ['经济状况为低保边缘']],
    [{ fact: 'livingAlone' }, true, ['独居']],
    [{ fact: 'livingAlone', eq: false }, false, []],
    [{ fact: 'emptyNest', eq: false }, true, ['非空巢']],
    [{ fact: 'familyPlanningSpecial', ne: true }, true, ['非计划生育特殊家庭']],
    [{ not: { fact: 'emptyNest' } }, true, ['不满足（空巢）']],
    [{ not: { fact: 'livingAlone' } }, false, []],
    [{ all: [{ fact: 'livingAlone' }, { fact: 'age', gte: 80 }] }, true, ['独居', '年龄 81 周岁，不低于 80 周岁']],
    [{ all: [{ fact: 'livingAlone' }, { fact: 'age', gte: 90 }] }, false, []],
    [{ any: [{ fact: 'emptyNest' }, { fact: 'livingAlone' }, { fact: 'level', gte: 2 }] }, true, ['独居', '能力等级 2 级（中度失能），不低于 2 级（中度失能）']],
    [{ any: [{ fact: 'emptyNest' }, { fact: 'leftBehind' }] }, false, []],
    [{ predicate: 'old' }, true, ['高龄（年龄 81 周岁，不低于 80 周岁）']],
    [{ predicate: 'oldAndAlone' }, true, ['高龄独居（高龄（年龄 81 周岁，不低于 80 周岁）；独居）']],
  ])('%j', (condition, holds, witness) => {
    const predicates = {
      old: { label: '高龄', when: { fact: 'age', gte: 80 } as Condition },
      oldAndAlone: { label: '高龄独居', when: { all: [{ predicate: 'old' }, { fact: 'livingAlone' }] } as Condition },
    };
    expect(checkCondition(condition)).toEqual([]);
    expect(evaluateCondition(condition, FACTS, predicates)).toEqual({ holds, witness });
  });
});

describe('describeCondition', () => {
  it('reads a tree as plain Chinese', () => {
    const predicates = { poor: { label: '经济困难', when: { fact: 'economic', in: ['dibao'] } as Condition } };
    expect(
      describeCondition(
        {
          all: [
            { any: [{ predicate: 'poor' }, { fact: 'familyPlanningSpecial' }] },
            { any: [{ fact: 'level', gte: 1 }, { fact: 'age', gte: 80 }, { fact: 'livingAlone' }] },
            { not: { fact: 'economic', in: ['tekun', 'none'] } },
          ],
        },
        predicates,
      ),
    ).toBe('（经济困难或计划生育特殊家庭）且（能力等级不低于 1 级（轻度失能）或年龄不低于 80 周岁或独居）且不满足（经济状况为特困、一般之一）');
  });
});

describe('formatEntitlementAmount', () => {
  it.each([
    [{ amount: '300 元/月', verified: true }, '300 元/月'],
    [{ amount: '300 元/月', verified: false }, '300 元/月（待核实）'],
    [{ amount: '待核实', verified: false }, '待核实'],
    [{ verified: false }, ''],
    [{ verified: true }, ''],
  ])('%j → %s', (e, text) => {
    expect(formatEntitlementAmount(e)).toBe(text);
  });
});

describe('classificationSchema', () => {
  it('describes what classify returns', () => {
    const c = classify(other(), person({ age: 95, alone: true }));
    expect(classificationSchema.parse(c)).toEqual(c);
  });
});
