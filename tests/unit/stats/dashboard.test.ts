import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStore } from '../../../electron/core/seed/seed';
import type { Store } from '../../../electron/core/db';
import { dashboardStats, REASONS } from '../../../electron/core/stats/dashboard';
import { firstLastDateReaching } from '../../../electron/core/stats/filters';
import { minusMonths, plusMonths } from '../../../shared/policy/dates';
import { cleanupTempDirs, newStore } from '../store/helpers';

/**
 * The dashboard's numbers against a plain restatement over every row of a seeded store,
 * for several filters: nothing here uses the dashboard's SQL.
 */

const TODAY = '2026-11-30';
let store: Store;

interface A {
  person_id: string;
  instrument_id: string;
  status: string;
  assessment_date: string;
  reason: string;
  final_level: number;
  classification: string | null;
  assessor1_id: string;
  assessor2_id: string;
}
interface P {
  id: string;
  county: string | null;
  township: string | null;
  last_level: number | null;
  last_assessment_date: string | null;
  last_assessment_id: string | null;
  economic: string;
  tekun_mode: string | null;
  central_care_allowance: number;
}

beforeAll(async () => {
  store = (await newStore()).store;
  seedStore(store, { persons: 400, seed: 7, today: TODAY });
});
afterAll(cleanupTempDirs);

function expected(filter: { from?: string; to?: string; county?: string; township?: string }, interval = 12) {
  const persons = store.db.prepare('SELECT * FROM persons').all() as P[];
  const byId = new Map(persons.map((p) => [p.id, p]));
  const inArea = (p: P) => (!filter.county || p.county === filter.county) && (!filter.township || p.township === filter.township);
  const all = store.db.prepare('SELECT * FROM assessments').all() as (A & { id: string })[];
  const rows = all.filter(
    (a) =>
      a.status !== 'draft' &&
      (!filter.from || a.assessment_date >= filter.from) &&
      (!filter.to || a.assessment_date <= filter.to) &&
      inArea(byId.get(a.person_id)!),
  );
  const tally = (keys: (string | null)[]) => keys.reduce<Record<string, number>>((m, k) => ((m[k ?? '未填写'] = (m[k ?? '未填写'] ?? 0) + 1), m), {});
  const byLevel: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, ...tally(rows.filter((a) => a.instrument_id === 'gbt42195-2022').map((a) => String(a.final_level))) };
  const byCategory = tally(rows.filter((a) => a.classification).map((a) => String(JSON.parse(a.classification!).category)));
  const categoryNames = Object.fromEntries(rows.filter((a) => a.classification).map((a) => JSON.parse(a.classification!)).map((c: { category: number; categoryName: string }) => [String(c.category), c.categoryName]));
  const byDistrict = tally(rows.map((a) => byId.get(a.person_id)!.county));
  const byMonth: Record<string, Record<string, number>> = {};
  for (const a of rows) {
    const m = a.assessment_date.slice(0, 7);
    byMonth[m] ??= Object.fromEntries(REASONS.map((r) => [r, 0]));
    byMonth[m]![a.reason]! += 1;
  }
  const area = persons.filter(inArea);
  const next = (p: P) => plusMonths(p.last_assessment_date!, interval);
  const in30 = new Date(`${TODAY}T00:00:00Z`);
  in30.setUTCDate(in30.getUTCDate() + 30);
  const day30 = in30.toISOString().slice(0, 10);
  const level = (p: P, min: number) => p.last_level !== null && p.last_level >= min;
  const disabled: Record<string, { level1: number; level2: number }> = {};
  for (const p of area.filter((x) => level(x, 1))) {
    const d = (disabled[p.county ?? '未填写'] ??= { level1: 0, level2: 0 });
    d.level1++;
    if (level(p, 2)) d.level2++;
  }
  const subsidy = area.filter((p) => {
    const a = all.find((x) => x.id === p.last_assessment_id);
    return a?.classification && (JSON.parse(a.classification).entitlements as { id: string }[]).some((e) => e.id === 'careSubsidy');
  }).length;
  const voucher = area.filter(
    (p) =>
      p.economic !== 'tekun' &&
      p.central_care_allowance === 0 &&
      all.some((a) => a.person_id === p.id && a.instrument_id === 'gbt42195-2022' && a.status !== 'draft' && a.final_level >= 2 && a.assessment_date >= minusMonths(TODAY, 12) && a.assessment_date <= TODAY),
  ).length;
  // Seeded stores hold no self-care checks: 生活不能自理 特困 persons are those at GB/T level ≥ 3.
  const unable = area.filter((p) => p.economic === 'tekun' && level(p, 3));
  return {
    instrument: 'gbt42195-2022',
    assessments: rows.length,
    persons: new Set(rows.map((a) => a.person_id)).size,
    byLevel,
    byCategory,
    categoryNames,
    byDistrict,
    byMonth,
    due30: area.filter((p) => p.last_assessment_date && next(p) >= TODAY && next(p) <= day30).length,
    overdue: area.filter((p) => p.last_assessment_date && next(p) < TODAY).length,
    neverAssessed: area.filter((p) => !p.last_assessment_date).length,
    disabledByDistrict: disabled,
    tekunUnableSelfCare: unable.length,
    tekunUnableSelfCareCentralized: unable.filter((p) => p.tekun_mode === 'centralized').length,
    careSubsidyRecipients: subsidy,
    careSubsidyMonthlyTotal: subsidy * 300,
    voucherCandidates: voucher,
  };
}

describe('dashboard numbers', () => {
  const filters = [{}, { from: '2026-01-01', to: '2026-06-30' }, { county: '晋江市' }, { county: '丰泽区', from: '2025-12-01' }];
  it.each(filters)('match a plain count over the store for %o', (filter) => {
    const got = dashboardStats(store.db, filter, TODAY, 12);
    const want = expected(filter);
    // Key order is not part of the comparison.
    expect(got).toEqual(want);
    expect(got.assessments).toBeGreaterThan(0);
  });

  it('a six-month interval moves persons from due to overdue exactly as the person list dates them', () => {
    expect(dashboardStats(store.db, {}, TODAY, 6)).toMatchObject({ due30: expected({}, 6).due30, overdue: expected({}, 6).overdue });
  });

  // Last: it moves persons. Their assessments count where they live now, as before the facts kept their own copy of the area.
  it('a person who moves district or township takes their assessments along, in counts and filters', () => {
    const movers = store.db.prepare("SELECT id FROM persons WHERE county = '晋江市' AND last_assessment_date IS NOT NULL LIMIT 3").pluck().all() as string[];
    expect(movers).toHaveLength(3);
    store.persons.update(movers[0]!, { county: '德化县', township: '浔中镇' }, store.actor);
    store.persons.update(movers[1]!, { county: '丰泽区' }, store.actor);
    store.persons.update(movers[2]!, { county: '' }, store.actor);
    for (const filter of [{}, { county: '晋江市' }, { county: '德化县' }, { county: '德化县', township: '浔中镇' }, { county: '丰泽区' }]) expect(dashboardStats(store.db, filter, TODAY, 12)).toEqual(expected(filter));
    expect(dashboardStats(store.db, { county: '德化县' }, TODAY, 12).assessments).toBeGreaterThan(0);
  });

  it('the due window is exact at month ends: the first last-assessment date whose reassessment reaches the day', () => {
    for (const [day, months] of [['2026-03-31', 1], ['2026-02-28', 1], ['2028-02-29', 12], ['2026-12-31', 6], ['2026-11-30', 12]] as const) {
      const d = firstLastDateReaching(day, months);
      expect(plusMonths(d, months) >= day).toBe(true);
      const before = new Date(`${d}T00:00:00Z`);
      before.setUTCDate(before.getUTCDate() - 1);
      expect(plusMonths(before.toISOString().slice(0, 10), months) < day).toBe(true);
    }
  });
});
