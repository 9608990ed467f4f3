import { describe, expect, it } from 'vitest';
import { suggestInstruments } from '../../../renderer/src/assessment/suggest';

describe('which care-needs instrument a new assessment suggests', () => {
  const today = '2026-11-30';
  const done = (instrumentId: string, assessmentDate: string, status: 'finalized' | 'draft' = 'finalized') => ({ instrumentId, assessmentDate, status });
  const ids = (person: { economic: 'tekun' | 'dibao' | 'none'; county: string | null }, history = [] as ReturnType<typeof done>[]) =>
    suggestInstruments(person, history, today, 12).map((s) => s.instrumentId);

  it('the self-care check for a 特困 person, the long-term-care scale in 石狮市 and 晋江市, nothing otherwise', () => {
    expect(ids({ economic: 'tekun', county: '丰泽区' })).toEqual(['tekun-selfcare']);
    expect(ids({ economic: 'dibao', county: '晋江市' })).toEqual(['ltc-2021']);
    expect(ids({ economic: 'tekun', county: '石狮市' })).toEqual(['tekun-selfcare', 'ltc-2021']);
    expect(ids({ economic: 'none', county: null })).toEqual([]);
  });

  it('not again while one finalized within the interval stands; a draft or an older one does not count', () => {
    const p = { economic: 'tekun' as const, county: null };
    expect(ids(p, [done('tekun-selfcare', '2025-12-01')])).toEqual([]);
    expect(ids(p, [done('tekun-selfcare', '2025-11-29')])).toEqual(['tekun-selfcare']);
    expect(ids(p, [done('tekun-selfcare', '2026-11-01', 'draft')])).toEqual(['tekun-selfcare']);
    expect(ids(p, [done('gbt42195-2022', '2026-11-01')])).toEqual(['tekun-selfcare']);
  });
});
