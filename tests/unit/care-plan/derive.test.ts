import { describe, expect, it } from 'vitest';
import { builtinCatalogueFor } from '../../../electron/core/care-plan/catalogues';
import { carePlanForCase, validateCatalogue, type CareCatalogue } from '../../../shared/care-plan';
import { scoreAssessment } from '../../../shared/scoring';
import { GBT42195_2022 } from '../../../shared/instruments';
import { fullItems, GBT_ITEM_SCORES, itemsWithTotal, prng as mulberry32, RISK_KEYS } from '../../helpers/scoring-cases';

/**
 * The care plan against the catalogue table of issue 11, restated here by hand: every
 * trigger on both sides of its threshold, the degree rule, coma, and seeded random cases.
 */

type Case = { items: Record<string, number>; coma?: boolean; diagnoses?: string[]; riskEvents?: Record<string, number>; livingAlone?: boolean };
type Rule = { item: string; atMost: number } | { event: string } | { diagnosis: string } | { livingAlone: true } | { levelAtLeast: number } | { coma: true };

const TABLE: readonly [string, string, readonly Rule[]][] = [
  ['meal', '助餐', [{ item: 'B.1.1', atMost: 2 }]],
  ['bathing', '助浴', [{ item: 'B.1.3', atMost: 2 }]],
  ['dressing', '穿衣与修饰协助', [{ item: 'B.1.2', atMost: 2 }, { item: 'B.1.4', atMost: 2 }, { item: 'B.1.5', atMost: 2 }]],
  ['continence', '排泄与如厕照护', [{ item: 'B.1.6', atMost: 2 }, { item: 'B.1.7', atMost: 2 }, { item: 'B.1.8', atMost: 2 }]],
  ['transfer', '移位与体位照护', [{ item: 'B.2.1', atMost: 2 }, { item: 'B.2.2', atMost: 2 }]],
  ['pressureCare', '压疮预防（定时翻身）', [{ item: 'B.2.1', atMost: 1 }]],
  ['mobility', '助行与出行陪同', [{ item: 'B.2.3', atMost: 2 }, { item: 'B.2.4', atMost: 1 }, { item: 'B.4.4', atMost: 1 }]],
  ['fallPrevention', '防跌倒与适老化改造', [{ event: 'fall' }, { item: 'B.2.3', atMost: 2 }]],
  ['wandering', '防走失', [{ event: 'wandering' }, { item: 'B.3.2', atMost: 2 }]],
  ['cognitive', '认知照护与用药提醒', [{ item: 'B.3.1', atMost: 2 }, { item: 'B.3.3', atMost: 2 }, { item: 'B.3.4', atMost: 2 }, { diagnosis: 'F00-F03' }]],
  ['mental', '精神慰藉与心理支持', [{ item: 'B.3.8', atMost: 0 }, { event: 'suicideSelfHarm' }, { diagnosis: 'F04-F99' }]],
  ['behaviour', '行为照护', [{ item: 'B.3.7', atMost: 0 }]],
  ['choking', '防噎食与吞咽照护', [{ event: 'choking' }, { item: 'B.1.1', atMost: 1 }]],
  ['sensory', '助视助听辅具适配', [{ item: 'B.4.1', atMost: 1 }, { item: 'B.4.2', atMost: 1 }]],
  ['housework', '助洁与家务', [{ item: 'B.4.3', atMost: 2 }]],
  ['companionship', '探访关爱', [{ item: 'B.4.5', atMost: 2 }, { livingAlone: true }]],
  ['fullTimeCare', '全天候照护（机构或家庭照护床位）', [{ levelAtLeast: 3 }, { coma: true }]],
];
const DEGREE: Record<number, string> = { 0: '完全协助', 1: '大部分协助', 2: '部分协助' };
const max = (code: string) => Math.max(...GBT_ITEM_SCORES[code]!);

const catalogue = builtinCatalogueFor('gbt42195-2022')!;

function finalLevel(c: Case): number {
  const { livingAlone: _, ...answers } = c;
  const r = scoreAssessment(GBT42195_2022, answers);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.result.finalLevel;
}

/** The table applied by hand: ids and degrees in table order. */
function expected(c: Case): { id: string; name: string; degree: string }[] {
  const score = (code: string) => c.items[code] ?? (c.coma ? 0 : Infinity);
  const level = finalLevel(c);
  const out: { id: string; name: string; degree: string }[] = [];
  for (const [id, name, rules] of TABLE) {
    const itemScores: number[] = [];
    let holds = false;
    for (const r of rules) {
      if ('item' in r) {
        if (score(r.item) <= r.atMost) {
          holds = true;
          if (max(r.item) === 4) itemScores.push(score(r.item));
        }
      } else if ('event' in r) holds ||= (c.riskEvents?.[r.event] ?? 0) >= 1;
      else if ('diagnosis' in r) holds ||= (c.diagnoses ?? []).includes(r.diagnosis);
      else if ('livingAlone' in r) holds ||= c.livingAlone === true;
      else if ('levelAtLeast' in r) holds ||= level >= r.levelAtLeast;
      else holds ||= c.coma === true;
    }
    if (holds) out.push({ id, name, degree: itemScores.length ? (DEGREE[Math.min(...itemScores)] ?? '需要') : '需要' });
  }
  return out;
}

function plan(c: Case) {
  const r = carePlanForCase(catalogue, c);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.plan;
}
const brief = (c: Case) => plan(c).services.map(({ id, name, degree }) => ({ id, name, degree }));

describe('the built-in catalogue', () => {
  it('is care-services@2026.1 for GB/T 42195-2022, a proposal marked unverified, with the table’s services in order', () => {
    expect(`${catalogue.id}@${catalogue.version}`).toBe('care-services@2026.1');
    expect(catalogue.verified).toBe(false);
    expect(catalogue.note).toContain('待核实');
    expect(catalogue.services.map((s) => [s.id, s.name])).toEqual(TABLE.map(([id, name]) => [id, name]));
  });

  it('a person who needs nothing gets an empty plan', () => {
    expect(plan({ items: fullItems() })).toMatchObject({ catalogue: 'care-services@2026.1', services: [] });
  });
});

describe('every trigger on both sides of its threshold', () => {
  const cases: [string, Case, Case][] = [];
  for (const [id, , rules] of TABLE) {
    for (const r of rules) {
      if ('item' in r) {
        cases.push([`${id}: ${r.item} = ${r.atMost} holds, ${r.atMost + 1} does not`, { items: { ...fullItems(), [r.item]: r.atMost } }, { items: { ...fullItems(), [r.item]: r.atMost + 1 } }]);
      } else if ('event' in r) {
        cases.push([`${id}: ${r.event} once holds, never does not`, { items: fullItems(), riskEvents: { [r.event]: 1 } }, { items: fullItems(), riskEvents: { [r.event]: 0 } }]);
      } else if ('diagnosis' in r) {
        cases.push([`${id}: diagnosis ${r.diagnosis} holds, another does not`, { items: fullItems(), diagnoses: [r.diagnosis] }, { items: fullItems(), diagnoses: ['I10-I15'] }]);
      } else if ('livingAlone' in r) {
        cases.push([`${id}: living alone holds, not alone does not`, { items: fullItems(), livingAlone: true }, { items: fullItems(), livingAlone: false }]);
      } else if ('levelAtLeast' in r) {
        // Total 45 is 重度失能 (3), 46 中度失能 (2); other services differ too, and are compared with the table as well.
        cases.push([`${id}: level 3 (total 45) holds, level 2 (total 46) does not`, { items: itemsWithTotal(45) }, { items: itemsWithTotal(46) }]);
      } else {
        cases.push([`${id}: coma holds, no coma does not`, { coma: true, items: { 'B.3.9': 0 } }, { items: fullItems() }]);
      }
    }
  }

  it.each(cases)('%s', (_title, holds, fails) => {
    const id = _title.split(':')[0]!;
    expect(brief(holds)).toEqual(expected(holds));
    expect(brief(holds).map((s) => s.id)).toContain(id);
    expect(brief(fails)).toEqual(expected(fails));
    expect(brief(fails).map((s) => s.id)).not.toContain(id);
  });

  it('the level cases really sit on the band edge', () => {
    const c = cases.find(([t]) => t.startsWith('fullTimeCare: level'))!;
    expect(finalLevel(c[1])).toBe(3);
    expect(finalLevel(c[2])).toBe(2);
  });
});

describe('degree and reasons', () => {
  it('the degree follows the lowest triggering score of a 0–4 item', () => {
    for (const [score, degree] of [[0, '完全协助'], [1, '大部分协助'], [2, '部分协助']] as const) {
      expect(brief({ items: { ...fullItems(), 'B.1.2': 2, 'B.1.4': score } }).find((s) => s.id === 'dressing')!.degree).toBe(degree);
    }
  });

  it('items with another maximum, and the other triggers, only say 需要', () => {
    expect(brief({ items: { ...fullItems(), 'B.2.4': 0 } }).find((s) => s.id === 'mobility')!.degree).toBe('需要');
    expect(brief({ items: fullItems(), riskEvents: { fall: 3 } }).find((s) => s.id === 'fallPrevention')!.degree).toBe('需要');
    // Both: the 0–4 item decides.
    expect(brief({ items: { ...fullItems(), 'B.2.3': 1 }, riskEvents: { fall: 1 } }).find((s) => s.id === 'fallPrevention')!.degree).toBe('大部分协助');
  });

  it('reasons quote the item, its score and its criterion, and each other trigger in words', () => {
    const p = plan({ items: { ...fullItems(), 'B.1.1': 2 }, diagnoses: ['F00-F03'], riskEvents: { wandering: 5 }, livingAlone: true });
    const reasons = Object.fromEntries(p.services.map((s) => [s.id, s.reasons]));
    expect(reasons['meal']).toEqual(['B.1.1 进食 2分：进食中需要少量接触式协助，偶尔（每月一次及以上）呛咳']);
    expect(reasons['cognitive']).toEqual(['A.4.1 疾病诊断：痴呆（F00～F03）']);
    expect(reasons['wandering']).toEqual(['A.2.14.2 近30天内走失：发生过3次及以上']);
    expect(reasons['companionship']).toEqual(['独居']);
  });

  it('under coma every unanswered item counts as 0, and the reason says it was not assessed', () => {
    const c: Case = { coma: true, items: { 'B.3.9': 0, 'B.4.1': 2, 'B.4.2': 2 } };
    expect(brief(c)).toEqual(expected(c));
    const p = plan(c);
    expect(p.services.map((s) => s.id)).not.toContain('sensory');
    expect(p.services.find((s) => s.id === 'meal')!.reasons[0]).toBe('B.1.1 进食 0分：完全依赖他人协助进食，或吞咽困难，或留置营养管（昏迷未评，按0分计）');
    expect(p.services.find((s) => s.id === 'fullTimeCare')!.reasons).toEqual(['老年人能力最终等级为能力完全丧失（完全失能）', 'A.5.11 昏迷：有']);
  });

  it('agrees with the table on 2,000 seeded random cases', () => {
    const rnd = mulberry32(2026);
    const codes = Object.keys(GBT_ITEM_SCORES);
    for (let n = 0; n < 2000; n++) {
      const items: Record<string, number> = {};
      // Mostly high scores, so plans differ in a few services rather than all at once.
      for (const code of codes) {
        const scores = GBT_ITEM_SCORES[code]!;
        items[code] = rnd() < 0.7 ? Math.max(...scores) : scores[Math.floor(rnd() * scores.length)]!;
      }
      const riskEvents = Object.fromEntries(RISK_KEYS.map((k) => [k, rnd() < 0.15 ? 1 + Math.floor(rnd() * 3) : 0]));
      const diagnoses = ['F00-F03', 'F04-F99', 'I10-I15'].filter(() => rnd() < 0.1);
      const c: Case = { items, riskEvents, diagnoses, livingAlone: rnd() < 0.3 };
      expect(brief(c), JSON.stringify(c)).toEqual(expected(c));
    }
  });
});

describe('bad input and bad catalogues', () => {
  it('refuses a bad case as yiyang score does, and a livingAlone that is not a boolean', () => {
    const r = carePlanForCase(catalogue, { items: { ...fullItems(), 'B.2.4': 4 } });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['items.B.2.4']);
    const l = carePlanForCase(catalogue, { items: fullItems(), livingAlone: 'yes' });
    expect(l.ok ? [] : l.errors).toEqual([{ path: 'livingAlone', message: '应为 true 或 false' }]);
  });

  it('a catalogue naming an unknown item, an always-true threshold or a duplicate id is refused with the field', () => {
    const edit = (f: (c: { services: Record<string, unknown>[] }) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(catalogue)) as CareCatalogue & { services: Record<string, unknown>[] };
      f(copy);
      return copy;
    };
    const paths = (raw: unknown) => {
      const r = validateCatalogue(raw);
      return r.ok ? [] : r.errors.map((e) => `${e.path}：${e.message}`);
    };
    expect(paths(catalogue)).toEqual([]);
    expect(paths(edit((c) => ((c.services[0]!['triggers'] as { item: string }[])[0]!.item = 'B.9.9')))).toEqual(['services.0.triggers.0.item：老年人能力评估（GB/T 42195-2022）没有项目 B.9.9']);
    expect(paths(edit((c) => ((c.services[0]!['triggers'] as { atMost: number }[])[0]!.atMost = 4)))).toEqual(['services.0.triggers.0.atMost：B.1.1 最高 4 分，此条件总是成立']);
    expect(paths(edit((c) => (c.services[1]!['id'] = 'meal')))).toEqual(['services.1.id：服务编号 meal 重复']);
    expect(paths(edit((c) => (c.services[0]!['triggers'] = [{ kind: 'riskEvent', key: 'flood', atLeast: 1 }])))).toEqual(['services.0.triggers.0.key：老年人能力评估（GB/T 42195-2022）没有照护风险事件 flood']);
  });
});
