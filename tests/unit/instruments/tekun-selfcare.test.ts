import { describe, expect, it } from 'vitest';
import { checkInstrument, getInstrument, instrumentVerified } from '../../../shared/instruments';
import { TEKUN_SELFCARE } from '../../../shared/instruments/tekun-selfcare';
import { scoreAssessment, toCliResult } from '../../../shared/scoring';

/** The 特困 self-care check against its rule restated (policy.md §3.3): every one of the 64 answer sets. */

const CODES = ['SC.1', 'SC.2', 'SC.3', 'SC.4', 'SC.5', 'SC.6'];
const NAMES = ['自主吃饭', '自主穿衣', '自主上下床', '自主如厕', '室内自主行走', '自主洗澡'];
const levelFor = (notAchieved: number) => (notAchieved === 0 ? 0 : notAchieved <= 3 ? 1 : 2);
const LEVEL_NAMES = ['具备生活自理能力', '部分丧失生活自理能力', '完全丧失生活自理能力'];

describe('tekun-selfcare', () => {
  it('is registered, consistent, with the six items achieved (1) or not (0)', () => {
    expect(getInstrument('tekun-selfcare')).toBe(TEKUN_SELFCARE);
    expect(checkInstrument(TEKUN_SELFCARE)).toEqual([]);
    expect(instrumentVerified(TEKUN_SELFCARE)).toBe(true);
    const items = TEKUN_SELFCARE.indicators.flatMap((i) => i.items);
    expect(items.map((i) => [i.code, i.name])).toEqual(CODES.map((c, i) => [c, NAMES[i]]));
    for (const it of items) expect(it.options).toEqual([{ score: 1, criterion: '能达到' }, { score: 0, criterion: '不能达到' }]);
  });

  const sets = Array.from({ length: 64 }, (_, mask) => mask);
  it.each(sets)('answer set %i: level by the count of items not achieved', (mask) => {
    const items = Object.fromEntries(CODES.map((c, i) => [c, (mask >> i) & 1]));
    const achieved = Object.values(items).filter((v) => v === 1).length;
    const r = scoreAssessment(TEKUN_SELFCARE, { items });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const level = levelFor(6 - achieved);
    expect(toCliResult(TEKUN_SELFCARE, r.result)).toEqual({
      instrument: 'tekun-selfcare',
      indicators: { SC: achieved },
      grades: {},
      total: null,
      finalLevel: level,
      finalLevelName: LEVEL_NAMES[level],
      adjustments: [],
    });
  });

  it('refuses bad input, naming the field', () => {
    const all = Object.fromEntries(CODES.map((c) => [c, 1]));
    const errors = (value: unknown) => {
      const r = scoreAssessment(TEKUN_SELFCARE, value);
      return r.ok ? [] : r.errors.map((e) => `${e.path}：${e.message}`);
    };
    expect(errors({ items: { ...all, 'SC.3': 2 } })).toEqual(['items.SC.3：得分 2 不在允许的分值 0、1 中']);
    const { 'SC.6': _, ...five } = all;
    expect(errors({ items: five })).toEqual(['items.SC.6：缺少“自主洗澡”的得分']);
    expect(errors({ items: { ...all, 'SC.7': 1 } })[0]).toMatch(/^items\.SC\.7：/);
    expect(errors({ items: all, riskEvents: {} })[0]).toMatch(/^riskEvents：/);
    expect(errors([])[0]).toBeDefined();
  });
});
