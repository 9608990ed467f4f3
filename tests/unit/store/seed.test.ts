import { afterAll, describe, expect, it } from 'vitest';
import { QUANZHOU, seedStore } from '../../../electron/core/seed/seed';
import { GBT42195_2022 } from '../../../shared/instruments';
import { scoreAssessment } from '../../../shared/scoring';
import { personInputSchema, validateIdNumber } from '../../../shared/validation';
import { cleanupTempDirs, newStore } from './helpers';

afterAll(cleanupTempDirs);

describe('seed', () => {
  it('makes valid, unique, deterministic people with 1–3 finalized, engine-scored, classified assessments', async () => {
    const a = (await newStore()).store;
    const b = (await newStore()).store;
    const ra = seedStore(a, { persons: 300, seed: 99, today: '2026-06-30' });
    seedStore(b, { persons: 300, seed: 99, today: '2026-06-30', classify: null });
    expect(ra.persons).toBe(300);
    expect(ra.assessments).toBeGreaterThanOrEqual(300);
    expect(ra.assessments).toBeLessThanOrEqual(900);

    const people = a.db.prepare('SELECT id FROM persons ORDER BY rowid').all() as { id: string }[];
    const codes = new Map(QUANZHOU.map((q) => [q.county, q]));
    const ids = new Set<string>();
    for (const { id } of people) {
      const p = a.persons.peek(id)!;
      const { id: _i, nameInitials: _n, lastLevel: _l, lastAssessmentDate: _d, lastAssessmentId: _a, nextReassessmentDate: _nd, revision: _r, createdAt: _c, updatedAt: _u, ...data } = p;
      expect(personInputSchema.safeParse(data).success, p.id).toBe(true);
      const idn = validateIdNumber(p.idNumber!);
      expect(idn.ok).toBe(true);
      if (idn.ok) {
        expect(idn.regionCode).toBe(codes.get(p.county!)!.code);
        expect(codes.get(p.county!)!.townships).toContain(p.township);
      }
      ids.add(p.idNumber!);
      const age = 2026 - Number(p.birthDate.slice(0, 4));
      expect(age).toBeGreaterThanOrEqual(60);
      expect(age).toBeLessThanOrEqual(101);
      const list = a.assessments.listByPerson(id);
      expect(list.length).toBeGreaterThanOrEqual(1);
      expect(list.length).toBeLessThanOrEqual(3);
      expect(list.every((x) => x.status === 'finalized')).toBe(true);
      expect(p.lastAssessmentId).toBe(list[0]!.id);
      expect(p.lastLevel).toBe(list[0]!.finalLevel);
    }
    expect(ids.size).toBe(300);

    for (const row of a.db.prepare('SELECT id FROM assessments ORDER BY random() LIMIT 40').all() as { id: string }[]) {
      const x = a.assessments.get(row.id)!;
      const again = scoreAssessment(GBT42195_2022, x.answers.scoring);
      expect(again.ok && again.result).toEqual(x.result);
      expect(x.classification!.packId).toBe('quanzhou-2022');
      expect(x.classification!.category).toBeGreaterThan(0);
      expect(x.header.assessor1Id).not.toBe(x.header.assessor2Id);
    }
    const levels = a.db.prepare('SELECT DISTINCT final_level AS l FROM assessments ORDER BY 1').all() as { l: number }[];
    expect(levels.length).toBeGreaterThanOrEqual(4);

    const names = (s: typeof a) => (s.db.prepare('SELECT name, id_number FROM persons ORDER BY rowid').all() as object[]).map((r) => JSON.stringify(r));
    expect(names(b)).toEqual(names(a));
    expect(b.db.prepare('SELECT count(*) AS n FROM assessments WHERE classification IS NOT NULL').get()).toEqual({ n: 0 });
    expect(a.check().ok).toBe(true);
    a.close();
    b.close();
  });
});
