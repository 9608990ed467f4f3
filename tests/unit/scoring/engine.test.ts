import { describe, expect, it } from 'vitest';
import { GBT42195_2022 as GBT, type InstrumentDefinition } from '../../../shared/instruments';
import { scoreAssessment, toCliResult, type ScoreResult } from '../../../shared/scoring';
import { fullItems, GBT_ITEM_CODES, GBT_ITEM_SCORES, itemsWithTotal } from '../../helpers/scoring-cases';

function score(raw: unknown, def: InstrumentDefinition = GBT): ScoreResult {
  const outcome = scoreAssessment(def, raw);
  if (!outcome.ok) throw new Error(`unexpected errors: ${JSON.stringify(outcome.errors)}`);
  return outcome.result;
}

const ids = (r: ScoreResult) => r.adjustments.map((a) => a.id);

describe('scoreAssessment: sums', () => {
  it('scores the full-marks case exactly like the CLI example', () => {
    const r = score({ items: fullItems(), coma: false, diagnoses: [], riskEvents: { fall: 0, wandering: 0, choking: 0, suicideSelfHarm: 0, other: 0 } });
    expect(JSON.stringify(toCliResult(GBT, r))).toBe(
      '{"instrument":"gbt42195-2022","indicators":{"B.1":32,"B.2":15,"B.3":28,"B.4":15},"total":90,"preliminaryLevel":0,"finalLevel":0,"finalLevelName":"能力完好","adjustments":[]}',
    );
    expect(r).toMatchObject({ instrumentVersion: GBT.version, maxTotal: 90, complete: true, missing: [], preliminaryLevelName: '能力完好' });
    expect(r.indicators['B.3']).toEqual({ code: 'B.3', name: '精神状态', score: 28, max: 28 });
  });

  it('sums each indicator from its own items only', () => {
    const items = fullItems();
    items['B.1.1'] = 0; // -4 in B.1
    items['B.2.4'] = 1; // -2 in B.2
    items['B.3.7'] = 0; // -1 in B.3
    items['B.4.1'] = 1; // -1 in B.4
    const r = score({ items });
    expect(toCliResult(GBT, r).indicators).toEqual({ 'B.1': 28, 'B.2': 13, 'B.3': 27, 'B.4': 14 });
    expect(r.total).toBe(82);
  });

  it('scores all zeros as 0, level 4', () => {
    const items = Object.fromEntries(GBT_ITEM_CODES.map((c) => [c, 0]));
    const r = score({ items });
    expect([r.total, r.preliminaryLevel, r.finalLevel]).toEqual([0, 4, 4]);
  });

  describe.each(Object.entries(GBT_ITEM_SCORES))('item %s', (code, allowed) => {
    it.each(allowed.map((s) => [s]))('accepts %i and counts it', (s) => {
      const items = fullItems();
      const max = items[code]!;
      items[code] = s;
      expect(score({ items }).total).toBe(90 - (max - s));
    });
    it('rejects every other integer from -1 to 5', () => {
      for (let s = -1; s <= 5; s++) {
        if (allowed.includes(s)) continue;
        const outcome = scoreAssessment(GBT, { items: { ...fullItems(), [code]: s } });
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.errors.map((e) => e.path)).toEqual([`items.${code}`]);
      }
    });
  });
});

describe('scoreAssessment: band edges', () => {
  it.each([
    [90, 0, '能力完好'],
    [89, 1, '能力轻度受损（轻度失能）'],
    [66, 1, '能力轻度受损（轻度失能）'],
    [65, 2, '能力中度受损（中度失能）'],
    [46, 2, '能力中度受损（中度失能）'],
    [45, 3, '能力重度受损（重度失能）'],
    [30, 3, '能力重度受损（重度失能）'],
    [29, 4, '能力完全丧失（完全失能）'],
    [0, 4, '能力完全丧失（完全失能）'],
  ])('total %i → level %i', (total, level, name) => {
    const r = score({ items: itemsWithTotal(total) });
    expect(r.total).toBe(total);
    expect(r.preliminaryLevel).toBe(level);
    expect(r.finalLevel).toBe(level);
    expect(r.finalLevelName).toBe(name);
    expect(r.adjustments).toEqual([]);
  });
});

describe('scoreAssessment: adjustments', () => {
  const atTotal = (total: number, extra: object = {}) => score({ items: itemsWithTotal(total), ...extra });

  it('dementia F00-F03 alone raises one level', () => {
    const r = atTotal(70, { diagnoses: ['F00-F03'] });
    expect([r.preliminaryLevel, r.finalLevel, ids(r)]).toEqual([1, 2, ['mental']]);
    const [a] = r.adjustments;
    expect(a).toMatchObject({ id: 'mental', kind: 'raise', title: '痴呆或其他精神和行为障碍' });
    expect(a!.explanation).toContain('痴呆（F00～F03）');
    expect(a!.effect).toEqual({
      from: 1,
      to: 2,
      changed: true,
      description: '由1级“能力轻度受损（轻度失能）”提高为2级“能力中度受损（中度失能）”',
    });
  });

  it('other mental and behavioural disorders F04-F99 alone raises one level', () => {
    const r = atTotal(90, { diagnoses: ['I10-I15', 'F04-F99'] });
    expect([r.preliminaryLevel, r.finalLevel, ids(r)]).toEqual([0, 1, ['mental']]);
    expect(r.adjustments[0]!.explanation).toContain('其他精神和行为障碍（F04～F99）');
  });

  it('both F codes still raise once', () => {
    const r = atTotal(50, { diagnoses: ['F00-F03', 'F04-F99'] });
    expect([r.finalLevel, ids(r)]).toEqual([3, ['mental']]);
    expect(r.adjustments[0]!.explanation).toContain('痴呆（F00～F03）、其他精神和行为障碍（F04～F99）');
  });

  it('diagnoses outside F00–F99 change nothing', () => {
    const r = atTotal(50, { diagnoses: ['I10-I15', 'I63', 'UTI-30D', 'OTHER', 'M84'] });
    expect([r.finalLevel, ids(r)]).toEqual([2, []]);
  });

  it.each([
    [{ fall: 2 }, 2],
    [{ fall: 1, choking: 1 }, 2],
    [{ wandering: 1, suicideSelfHarm: 1 }, 2],
    [{ other: 2 }, 2],
    [{ other: 1, fall: 1 }, 2],
    [{ suicideSelfHarm: 3 }, 3],
    [{ fall: 1, wandering: 1, choking: 1, suicideSelfHarm: 1, other: 1 }, 5],
  ])('risk events %j (counted %i) alone raise one level', (riskEvents, counted) => {
    const r = atTotal(40, { riskEvents });
    expect([r.preliminaryLevel, r.finalLevel, ids(r)]).toEqual([3, 4, ['riskEvents']]);
    expect(r.adjustments[0]!.explanation).toMatch(new RegExp(`共(至少)?${counted}次（`));
  });

  it.each([[{}], [{ fall: 1 }], [{ other: 1 }], [{ fall: 0, wandering: 0, choking: 1 }]])('risk events %j (fewer than 2) change nothing', (riskEvents) => {
    const r = atTotal(40, { riskEvents });
    expect([r.finalLevel, ids(r)]).toEqual([3, []]);
  });

  it('counts above 3 are accepted and counted as the top option "3次及以上"', () => {
    const r = atTotal(60, { riskEvents: { fall: 7 } });
    expect([r.finalLevel, ids(r)]).toEqual([3, ['riskEvents']]);
    expect(r.adjustments[0]!.explanation).toContain('共至少3次（跌倒3次及以上）');
  });

  it('diagnosis and risk events together raise once, both listed', () => {
    const r = atTotal(60, { diagnoses: ['F00-F03'], riskEvents: { fall: 1, choking: 1 } });
    expect([r.preliminaryLevel, r.finalLevel, ids(r)]).toEqual([2, 3, ['mental', 'riskEvents']]);
    for (const a of r.adjustments) {
      expect(a.effect).toMatchObject({ from: 2, to: 3, changed: true });
      expect(a.effect.description).toContain('合计只提高1级');
    }
  });

  it('never goes past level 4: raise at level 4 is listed but changes nothing', () => {
    for (const extra of [{ diagnoses: ['F00-F03'] }, { riskEvents: { fall: 2 } }, { diagnoses: ['F04-F99'], riskEvents: { other: 3 } }]) {
      const r = atTotal(29, extra);
      expect([r.preliminaryLevel, r.finalLevel]).toEqual([4, 4]);
      expect(r.adjustments.length).toBeGreaterThan(0);
      for (const a of r.adjustments) expect(a.effect).toMatchObject({ from: 4, to: 4, changed: false, description: '已是4级“能力完全丧失（完全失能）”，等级不再提高' });
    }
  });

  it('both together from level 3 stop at 4', () => {
    const r = atTotal(30, { diagnoses: ['F00-F03'], riskEvents: { fall: 3 } });
    expect([r.preliminaryLevel, r.finalLevel]).toEqual([3, 4]);
  });

  it('coma alone with all items: total and preliminary level computed, final 4', () => {
    const items = fullItems();
    items['B.3.9'] = 0;
    const r = score({ items, coma: true });
    expect([r.total, r.preliminaryLevel, r.finalLevel, ids(r)]).toEqual([88, 1, 4, ['coma']]);
    expect(r.adjustments[0]).toMatchObject({
      kind: 'override',
      title: '昏迷',
      effect: { from: 1, to: 4, changed: true },
    });
    expect(r.adjustments[0]!.explanation).toContain('直接评定为能力完全丧失（完全失能）');
  });

  it('coma at preliminary level 4 is still listed', () => {
    const items = itemsWithTotal(10);
    items['B.3.9'] = 0;
    const r = score({ items, coma: true });
    expect([r.preliminaryLevel, r.finalLevel, ids(r)]).toEqual([4, 4, ['coma']]);
    expect(r.adjustments[0]!.effect.changed).toBe(false);
  });

  it('coma with dementia and risk events lists all three; only coma sets the level', () => {
    const items = fullItems();
    items['B.3.9'] = 0;
    const r = score({ items, coma: true, diagnoses: ['F00-F03'], riskEvents: { fall: 2 } });
    expect([r.finalLevel, ids(r)]).toEqual([4, ['coma', 'mental', 'riskEvents']]);
    expect(r.adjustments[1]!.effect).toEqual({ from: 4, to: 4, changed: false, description: '已因“昏迷”直接评定，本项不再改变等级' });
  });

  it('coma false and coma absent behave the same', () => {
    expect(toCliResult(GBT, score({ items: fullItems(), coma: false }))).toEqual(toCliResult(GBT, score({ items: fullItems() })));
  });
});

describe('scoreAssessment: coma with unanswered items', () => {
  it('reports the indicators with a gap as null, the total and preliminary level as null, final 4', () => {
    const items = fullItems();
    delete items['B.1.3'];
    delete items['B.4.5'];
    items['B.3.9'] = 0;
    const r = score({ items, coma: true });
    expect(toCliResult(GBT, r)).toEqual({
      instrument: 'gbt42195-2022',
      indicators: { 'B.1': null, 'B.2': 15, 'B.3': 26, 'B.4': null },
      total: null,
      preliminaryLevel: null,
      finalLevel: 4,
      finalLevelName: '能力完全丧失（完全失能）',
      adjustments: ['coma'],
    });
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual(['B.1.3', 'B.4.5']);
    expect(r.preliminaryLevelName).toBeNull();
    expect(r.adjustments[0]!.effect).toMatchObject({ from: null, to: 4, changed: true });
  });

  it('accepts no items at all, an empty items object, or null scores', () => {
    for (const raw of [{ coma: true }, { coma: true, items: {} }, { coma: true, items: { 'B.1.1': null, 'B.3.9': null } }]) {
      const r = score(raw);
      expect([r.total, r.finalLevel, r.missing.length]).toEqual([null, 4, 26]);
    }
  });

  it('with a diagnosis too: coma then mental, level 4', () => {
    const r = score({ coma: true, items: { 'B.3.9': 0 }, diagnoses: ['F04-F99'] });
    expect([r.finalLevel, ids(r)]).toEqual([4, ['coma', 'mental']]);
  });
});

describe('the engine holds no GB/T-specific logic', () => {
  // A made-up instrument with other codes, bands and rules: the same engine must follow it.
  const toy: InstrumentDefinition = {
    id: 'toy',
    title: 'toy',
    version: '0.0.1',
    standard: { number: 'TOY-1', title: 'toy' },
    forms: [
      {
        code: 'F',
        title: 'facts',
        fields: [
          { kind: 'single', code: 'F.1', label: 'coma', options: [{ code: 'no', label: '无' }, { code: 'yes', label: '有' }] },
          { kind: 'multi', code: 'F.2', label: 'dx', options: [{ code: 'X1', label: '甲' }, { code: 'X2', label: '乙' }] },
          {
            kind: 'group',
            code: 'F.3',
            label: 'events',
            fields: [
              { kind: 'count', code: 'F.3.1', label: '摔', key: 'a', options: [] },
              { kind: 'count', code: 'F.3.2', label: '丢', key: 'b', options: [] },
            ],
          },
        ],
      },
    ],
    indicators: [
      {
        code: 'Q',
        name: 'q',
        tableTitle: 'q',
        max: 6,
        items: [
          { code: 'Q.1', name: 'q1', max: 3, options: [3, 1, 0].map((score) => ({ score, criterion: `${score}` })) },
          { code: 'Q.2', name: 'q2', max: 3, options: [3, 2].map((score) => ({ score, criterion: `${score}` })) },
        ],
      },
    ],
    maxTotal: 6,
    headerTitle: '评估信息',
    provenance: { verified: true },
    report: { ...GBT.report, summary: [], clauses: ['dx', 'ev', 'c'].map((id) => ({ id, text: id })) },
    levels: [0, 1, 2].map((level) => ({ level, name: `L${level}`, shortName: `L${level}` })),
    leveling: {
      kind: 'totalBands',
      bands: [
        { level: 0, min: 5, max: 6 },
        { level: 1, min: 3, max: 4 },
        { level: 2, min: 0, max: 2 },
      ],
    },
    facts: { coma: { field: 'F.1', label: 'coma' }, diagnoses: { field: 'F.2', label: 'dx' }, riskEvents: { field: 'F.3', label: 'ev' } },
    adjustments: [
      {
        kind: 'raise',
        id: 'twice',
        by: 2,
        cap: 2,
        triggers: [
          { id: 'dx', title: 'dx', explanation: '诊断{matched}', when: { kind: 'anyCode', fact: 'diagnoses', codes: ['X2'] } },
          { id: 'ev', title: 'ev', explanation: '事件{total}：{detail}', when: { kind: 'countSum', fact: 'riskEvents', keys: ['b'], atLeast: 1 } },
        ],
      },
      { kind: 'override', level: 1, final: false, allowsIncomplete: false, trigger: { id: 'c', title: 'c', explanation: 'c', when: { kind: 'flag', fact: 'coma' } } },
    ],
  };

  it('uses its items, bands and rules', () => {
    expect(score({ items: { 'Q.1': 3, 'Q.2': 3 } }, toy)).toMatchObject({ total: 6, preliminaryLevel: 0, finalLevel: 0 });
    expect(score({ items: { 'Q.1': 1, 'Q.2': 2 } }, toy)).toMatchObject({ total: 3, preliminaryLevel: 1, finalLevel: 1 });
    const raised = score({ items: { 'Q.1': 3, 'Q.2': 3 }, diagnoses: ['X2'], riskEvents: { a: 5, b: 4 } }, toy);
    expect([raised.finalLevel, ids(raised)]).toEqual([2, ['dx', 'ev']]);
    expect(raised.adjustments.map((a) => a.explanation)).toEqual(['诊断乙', '事件4次：丢4次']);
    expect(scoreAssessment(toy, { items: { 'Q.1': 2, 'Q.2': 3 } })).toMatchObject({ ok: false, errors: [{ path: 'items.Q.1' }] });
    expect(scoreAssessment(toy, { items: { 'Q.1': 3, 'Q.2': 3, 'B.1.1': 4 } })).toMatchObject({ ok: false, errors: [{ path: 'items.B.1.1' }] });
  });

  it('applies a non-final override in order: later rules are not locked, earlier ones are overwritten', () => {
    const r = score({ items: { 'Q.1': 3, 'Q.2': 3 }, coma: true, diagnoses: ['X2'] }, toy);
    expect([r.finalLevel, ids(r)]).toEqual([1, ['dx', 'c']]);
    expect(scoreAssessment(toy, { coma: true, items: {} }).ok).toBe(false);
  });
});
