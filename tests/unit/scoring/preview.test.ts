import { describe, expect, it } from 'vitest';
import { GBT42195_2022 } from '../../../shared/instruments';
import { previewAssessment, scoreAssessment } from '../../../shared/scoring';

const full: Record<string, number> = Object.fromEntries(
  GBT42195_2022.indicators.flatMap((ind) => ind.items.map((i) => [i.code, i.max])),
);

describe('previewAssessment (live figures while scoring)', () => {
  it('sums what is answered and leaves the total open until every item is', () => {
    const p = previewAssessment(GBT42195_2022, { items: { 'B.1.1': 3, 'B.1.2': 2, 'B.2.4': 1 } });
    expect(p.answered).toBe(3);
    expect(p.itemCount).toBe(26);
    expect(p.indicators.find((i) => i.code === 'B.1')).toMatchObject({ sum: 5, answered: 2, count: 8, max: 32 });
    expect(p.indicators.find((i) => i.code === 'B.2')).toMatchObject({ sum: 1, answered: 1 });
    expect(p.total).toBeNull();
    expect(p.preliminaryLevel).toBeNull();
    expect(p.result).toBeNull();
  });

  it('ignores a score the item does not allow instead of failing', () => {
    const p = previewAssessment(GBT42195_2022, { items: { 'B.2.4': 4, 'B.3.7': 1 } });
    expect(p.answered).toBe(1);
  });

  it('shows adjustment conditions as soon as their facts are entered', () => {
    const p = previewAssessment(GBT42195_2022, { items: {}, diagnoses: ['F00-F03'], riskEvents: { fall: 1, choking: 1 } });
    expect(p.triggers.map((t) => t.id)).toEqual(['mental', 'riskEvents']);
    expect(p.triggers[0]?.explanation).toContain('痴呆');
  });

  it('agrees with the engine once complete', () => {
    const items = { ...full, 'B.1.1': 0, 'B.3.1': 0 };
    const p = previewAssessment(GBT42195_2022, { items, riskEvents: { fall: 2 } });
    const r = scoreAssessment(GBT42195_2022, { items, riskEvents: { fall: 2 } });
    if (!r.ok) throw new Error('expected valid');
    expect(p.total).toBe(r.result.total);
    expect(p.preliminaryLevel).toBe(r.result.preliminaryLevel);
    expect(p.result?.finalLevel).toBe(r.result.finalLevel);
  });

  it('gives the coma result with items missing', () => {
    const p = previewAssessment(GBT42195_2022, { items: { 'B.3.9': 0 }, coma: true });
    expect(p.total).toBeNull();
    expect(p.result?.finalLevel).toBe(4);
  });
});
