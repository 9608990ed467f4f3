import { describe, expect, it } from 'vitest';
import { GBT42195_2022 as GBT } from '../../../shared/instruments';
import { scoreAssessment, toCliResult } from '../../../shared/scoring';
import { GBT_ITEM_SCORES, pick, prng, randomCase, type RandomCase } from '../../helpers/scoring-cases';

/**
 * The rules of the brief restated as plainly as possible, sharing no code with the
 * engine: the engine must agree with this on every random case.
 */
function reference(c: RandomCase) {
  const groups: Record<string, string[]> = { 'B.1': [], 'B.2': [], 'B.3': [], 'B.4': [] };
  for (const code of Object.keys(GBT_ITEM_SCORES)) groups[code.slice(0, 3)]!.push(code);
  const indicators: Record<string, number | null> = {};
  for (const [ind, codes] of Object.entries(groups)) {
    let sum: number | null = 0;
    for (const code of codes) {
      const s = c.items[code];
      if (s === undefined) sum = null;
      else if (sum !== null) sum += s;
    }
    indicators[ind] = sum;
  }
  const values = Object.values(indicators);
  const total = values.includes(null) ? null : (values as number[]).reduce((a, b) => a + b, 0);

  let preliminaryLevel: number | null = null;
  if (total !== null) {
    if (total === 90) preliminaryLevel = 0;
    else if (total >= 66) preliminaryLevel = 1;
    else if (total >= 46) preliminaryLevel = 2;
    else if (total >= 30) preliminaryLevel = 3;
    else preliminaryLevel = 4;
  }

  const coma = c.coma === true;
  const dx = c.diagnoses ?? [];
  const mental = dx.includes('F00-F03') || dx.includes('F04-F99');
  const ev = c.riskEvents ?? {};
  let events = 0;
  for (const k of ['fall', 'wandering', 'choking', 'suicideSelfHarm', 'other']) events += Math.min(ev[k] ?? 0, 3);
  const risk = events >= 2;

  let finalLevel: number;
  if (coma) finalLevel = 4;
  else finalLevel = Math.min(4, preliminaryLevel! + (mental || risk ? 1 : 0));

  const names = ['能力完好', '能力轻度受损（轻度失能）', '能力中度受损（中度失能）', '能力重度受损（重度失能）', '能力完全丧失（完全失能）'];
  const adjustments: string[] = [];
  if (coma) adjustments.push('coma');
  if (mental) adjustments.push('mental');
  if (risk) adjustments.push('riskEvents');
  return {
    instrument: 'gbt42195-2022',
    indicators,
    total,
    preliminaryLevel,
    finalLevel,
    finalLevelName: names[finalLevel],
    adjustments,
  };
}

describe('property: engine agrees with a plain restatement of the rules', () => {
  it('on 5,000 seeded random cases, key order included', () => {
    const random = prng(20221230);
    const seen = { coma: 0, comaIncomplete: 0, mental: 0, risk: 0, both: 0, raisedAt4: 0, edges: new Set<number>(), finals: new Set<number>() };
    for (let n = 0; n < 5000; n++) {
      const c = randomCase(random);
      const outcome = scoreAssessment(GBT, c);
      if (!outcome.ok) throw new Error(`case ${n} rejected: ${JSON.stringify(outcome.errors)} ${JSON.stringify(c)}`);
      const expected = reference(c);
      const actual = toCliResult(GBT, outcome.result);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        expect({ case: c, result: actual }).toEqual({ case: c, result: expected });
      }
      expect(outcome.result.complete).toBe(expected.total !== null);

      const ids = expected.adjustments;
      if (ids.includes('coma')) seen.coma++;
      if (ids.includes('coma') && expected.total === null) seen.comaIncomplete++;
      if (ids.includes('mental')) seen.mental++;
      if (ids.includes('riskEvents')) seen.risk++;
      if (ids.includes('mental') && ids.includes('riskEvents') && !ids.includes('coma')) seen.both++;
      if (expected.preliminaryLevel === 4 && ids.length > 0 && !ids.includes('coma')) seen.raisedAt4++;
      if (expected.total !== null && [29, 30, 45, 46, 65, 66, 89, 90].includes(expected.total)) seen.edges.add(expected.total);
      seen.finals.add(expected.finalLevel);
    }
    // The generator must actually reach the interesting corners, or agreement proves little.
    expect(seen.coma).toBeGreaterThan(200);
    expect(seen.comaIncomplete).toBeGreaterThan(100);
    expect(seen.mental).toBeGreaterThan(500);
    expect(seen.risk).toBeGreaterThan(500);
    expect(seen.both).toBeGreaterThan(100);
    expect(seen.raisedAt4).toBeGreaterThan(50);
    expect([...seen.edges].sort((a, b) => a - b)).toEqual([29, 30, 45, 46, 65, 66, 89, 90]);
    expect([...seen.finals].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects 1,000 random corruptions, naming the corrupted field', () => {
    const random = prng(42195);
    const codes = Object.keys(GBT_ITEM_SCORES);
    for (let n = 0; n < 1000; n++) {
      const c = randomCase(random);
      const raw: Record<string, unknown> = { ...c, items: { ...c.items } };
      const items = raw['items'] as Record<string, unknown>;
      let path: string;
      switch (Math.floor(random() * 5)) {
        case 0: {
          const code = pick(random, codes);
          const allowed = GBT_ITEM_SCORES[code]!;
          items[code] = pick(random, [-1, Math.max(...allowed) + 1, 7, 0.5, '3']);
          path = `items.${code}`;
          break;
        }
        case 1:
          items['B.9.9'] = 1;
          path = 'items.B.9.9';
          break;
        case 2: {
          const key = pick(random, ['fall', 'wandering', 'choking', 'suicideSelfHarm', 'other']);
          raw['riskEvents'] = { ...c.riskEvents, [key]: pick(random, [-1, 2.5, '1', null]) };
          path = `riskEvents.${key}`;
          break;
        }
        case 3:
          raw['diagnoses'] = [...(c.diagnoses ?? []), pick(random, ['F00', 'X', 'i10-i15', ''])];
          path = `diagnoses.${(c.diagnoses ?? []).length}`;
          break;
        default:
          raw['coma'] = true;
          items['B.3.9'] = pick(random, [1, 2]);
          path = 'items.B.3.9';
      }
      const outcome = scoreAssessment(GBT, raw);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.errors.map((e) => e.path)).toContain(path);
    }
  });
});
