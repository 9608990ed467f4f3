import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPack } from '../../../electron/core/policy/builtin';
import { classify, parsePolicyFacts, validatePolicyPack, type PolicyFacts, type PolicyPack } from '../../../shared/policy';
import { ECONOMIC_STATUSES } from '../../../shared/policy/facts';
import { mulberry32 } from '../../../shared/util/prng';
import { person } from './person';

/**
 * Issue 11's additions to the Quanzhou pack: 长期护理保险待遇 (石狮市 or 晋江市 residents with
 * ltc-2021 level ≥ 3) and 特困人员照料护理等级 (tekun-selfcare 0/1/2 → 全自理/半护理/全护理),
 * both reading other instruments' levels; the 消费补贴 exclusion (issue 12); and the
 * guarantee that nothing else changed from the released 2022.1.
 */

const pack = defaultPack();
const NEW = ['ltcInsurance', 'tekunCareTier'];

function facts(base: PolicyFacts, extra: { county?: string; levels?: Record<string, number> }): PolicyFacts {
  const r = parsePolicyFacts({ ...base, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}
const granted = (f: PolicyFacts) => classify(pack, f).entitlements;

describe('长期护理保险待遇 (ltcInsurance)', () => {
  const cases: [string | undefined, number | undefined, boolean][] = [
    ['石狮市', 3, true],
    ['晋江市', 5, true],
    ['晋江市', 2, false],
    ['石狮市', 0, false],
    ['丰泽区', 5, false],
    [undefined, 5, false],
    ['晋江市', undefined, false],
  ];
  it.each(cases)('county %s, ltc-2021 level %s → %s', (county, level, expected) => {
    const f = facts(person({ level: 1 }), { ...(county ? { county } : {}), ...(level !== undefined ? { levels: { 'ltc-2021': level } } : {}) });
    expect(granted(f).some((e) => e.id === 'ltcInsurance')).toBe(expected);
  });

  it('its trail names the district and the level by name, marked unverified', () => {
    const c = classify(pack, facts(person({ level: 2 }), { county: '晋江市', levels: { 'ltc-2021': 4 } }));
    const t = c.trail.find((x) => x.rule === 'entitlement.ltcInsurance')!;
    expect(t.reason).toBe('石狮市、晋江市居民中经长期护理失能等级评估为重度失能（3 级及以上）的人员：所在县（市、区）为晋江市；长期护理失能等级 4 级（重度Ⅱ级），不低于 3 级（重度Ⅰ级）');
    expect(t.verified).toBe(false);
    expect(t.source).toBe('医保办发〔2021〕37号');
  });
});

describe('特困人员照料护理等级 (tekunCareTier)', () => {
  it.each([
    [0, '全自理'],
    [1, '半护理'],
    [2, '全护理'],
  ])('a 特困 person with self-care level %i gets the tier %s', (level, tier) => {
    const e = granted(facts(person({ economic: 'tekun' }), { levels: { 'tekun-selfcare': level } })).find((x) => x.id === 'tekunCareTier');
    expect(e).toEqual({ id: 'tekunCareTier', name: '特困人员照料护理等级', tier, verified: false });
  });

  it('not without a self-care check in time, and never for anyone not 特困', () => {
    expect(granted(facts(person({ economic: 'tekun', level: 4 }), {})).map((e) => e.id)).not.toContain('tekunCareTier');
    for (const economic of ECONOMIC_STATUSES.filter((e) => e !== 'tekun')) {
      expect(granted(facts(person({ economic }), { levels: { 'tekun-selfcare': 2 } })).map((e) => e.id)).not.toContain('tekunCareTier');
    }
  });

  it('the trail gives the tier and why', () => {
    const c = classify(pack, facts(person({ economic: 'tekun' }), { levels: { 'tekun-selfcare': 1 } }));
    expect(c.trail.find((x) => x.rule === 'entitlement.tekunCareTier')!.reason).toBe(
      '特困人员按生活自理能力评估结果确定照料护理等级：经济状况为特困；半护理（生活自理能力 1 级（部分丧失））',
    );
  });
});

describe('existing classifications are unchanged', () => {
  // The released 2022.1 pack, kept as a fixture, against the built-in 2022.2.
  const before: PolicyPack = (() => {
    const r = validatePolicyPack(JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/policies/quanzhou-2022.1.json'), 'utf8')));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.value;
  })();

  it('on 3,000 seeded cases only the two new entitlements differ, and the 消费补贴 for 特困 or 集中照护补助', () => {
    expect(before.version).toBe('2022.1');
    const rnd = mulberry32(2022);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    let excluded = 0;
    for (let n = 0; n < 3000; n++) {
      const base = person({ age: 60 + Math.floor(rnd() * 45), level: Math.floor(rnd() * 5), economic: pick(ECONOMIC_STATUSES), fps: rnd() < 0.2, disability: Math.floor(rnd() * 5), alone: rnd() < 0.3, emptyNest: rnd() < 0.3, leftBehind: rnd() < 0.1 });
      const extra = {
        ...(rnd() < 0.5 ? { county: pick(['石狮市', '晋江市', '丰泽区', '南安市']) } : {}),
        ...(rnd() < 0.5 ? { levels: { 'ltc-2021': Math.floor(rnd() * 6), 'tekun-selfcare': Math.floor(rnd() * 3) } } : {}),
        ...(rnd() < 0.1 ? { centralCareAllowance: true } : {}),
      };
      const f = facts(base, extra);
      const now = classify(pack, f);
      const then = classify(before, f);
      const exclusion = f.economic === 'tekun' || f.centralCareAllowance === true;
      const changed = (id: string) => NEW.includes(id) || (id === 'careVoucher' && exclusion);
      if (exclusion && then.entitlements.some((e) => e.id === 'careVoucher')) {
        excluded++;
        expect(now.entitlements.map((e) => e.id)).not.toContain('careVoucher');
      }
      const strip = (c: typeof now) => ({
        ...c,
        packVersion: '',
        // careVoucher's wording and source changed with the exclusion; which persons get it is what matters.
        entitlements: c.entitlements.filter((e) => !changed(e.id)).map((e) => (e.id === 'careVoucher' ? { id: e.id } : e)),
        trail: c.trail.filter((t) => !changed(t.rule.replace('entitlement.', ''))).map((t) => (t.rule === 'entitlement.careVoucher' ? { rule: t.rule } : t)),
      });
      expect(strip(now)).toEqual(strip(then));
    }
    expect(excluded).toBeGreaterThan(50);
  });
});

describe('conditions on other instruments and on the district', () => {
  const withRule = (when: unknown) => {
    const raw = JSON.parse(JSON.stringify(pack)) as { entitlements: Record<string, unknown>[] };
    raw.entitlements[0] = { ...raw.entitlements[0], when };
    const r = validatePolicyPack(raw);
    return r.ok ? [] : r.errors.map((e) => `${e.path}：${e.message}`);
  };
  it('refuses an instrument on a fact other than level, an unknown or the capability instrument, and a level the instrument lacks', () => {
    expect(withRule({ fact: 'age', instrument: 'ltc-2021', gte: 3 })).toEqual(['entitlements.0.when.instrument：只有 level 可以指定评估工具（instrument）']);
    expect(withRule({ fact: 'level', instrument: 'mzt-039', gte: 3 })[0]).toMatch(/^entitlements\.0\.when\.instrument：未知的评估工具“mzt-039”/);
    expect(withRule({ fact: 'level', instrument: 'gbt42195-2022', gte: 3 })).toEqual(['entitlements.0.when.instrument：gbt42195-2022 的等级就是 level 本身，不必指定 instrument']);
    expect(withRule({ fact: 'level', instrument: 'tekun-selfcare', gte: 3 })).toEqual(['entitlements.0.when.gte：超出范围：生活自理能力应在 0 到 2 之间']);
    expect(withRule({ fact: 'level', instrument: 'ltc-2021', gte: 5 })).toEqual([]);
    expect(withRule({ fact: 'county', in: ['晋江市', ''] })).toEqual(['entitlements.0.when.in.1：应为非空字符串（所在县（市、区））']);
    expect(withRule({ fact: 'county', gte: 3 })[0]).toMatch(/^entitlements\.0\.when\.gte：事实 county 不能用运算符 gte/);
  });

  it('a person’s county must be a non-empty string', () => {
    const r = parsePolicyFacts({ ...person(), county: '' });
    expect(r.ok ? [] : r.errors).toEqual([{ path: 'county', message: '不能为空' }]);
  });
});
