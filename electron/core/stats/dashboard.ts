import { capabilityInstrument, getInstrument } from '../../../shared/instruments';
import { minusMonths } from '../../../shared/policy/dates';
import type { Db } from '../db/database';
import { indexHint, runOnSqlite, type Dialect, type Plan, type SingleQuery } from './sql-plan';
import { assessmentWhere, firstLastDateReaching, personWhere, plusDays, type StatsFilter } from './filters';

/** The reasons the monthly chart stacks, in the order of the form (A.1.3). */
export const REASONS = ['first', 'routine', 'immediate', 'review', 'other'] as const;

/** The 护理补贴 amount per month (¥), from the pack's figure "300 元/月". */
export const CARE_SUBSIDY_PER_MONTH = 300;

export interface DashboardStats {
  /** The instrument whose levels `byLevel` counts. */
  instrument: string;
  assessments: number;
  persons: number;
  byLevel: Record<string, number>;
  byCategory: Record<string, number>;
  /** The category names the classifications carry, for people. */
  categoryNames: Record<string, string>;
  byDistrict: Record<string, number>;
  byMonth: Record<string, Record<(typeof REASONS)[number], number>>;
  due30: number;
  overdue: number;
  neverAssessed: number;
  /** The plan's indicators (泉政办〔2022〕57号), over the persons of the area, as they stand now. */
  disabledByDistrict: Record<string, { level1: number; level2: number }>;
  tekunUnableSelfCare: number;
  tekunUnableSelfCareCentralized: number;
  careSubsidyRecipients: number;
  careSubsidyMonthlyTotal: number;
  voucherCandidates: number;
}

const UNKNOWN_DISTRICT = '未填写';

/**
 * The dashboard's numbers in one read transaction, so they describe one moment. Counts of
 * assessments follow every filter; the reassessment and indicator counts describe the
 * persons of the chosen area as they are today.
 */
export function dashboardStats(db: Db, filter: StatsFilter, today: string, intervalMonths: number): DashboardStats {
  return runOnSqlite(db, (dialect) => dashboardPlan(dialect, filter, today, intervalMonths));
}

type Group = [number | null, string, number | null, number | null, number | null, (typeof REASONS)[number], string, number | string];
type Count = number | string | null;

/**
 * The same numbers as queries for either database (the district hub runs this on
 * PostgreSQL over the same tables: stats/sql-plan.ts). The queries do not depend on one
 * another, so they go as one batch: SQLite answers them in turn, the hub's PostgreSQL
 * on several connections sharing one snapshot.
 */
export function* dashboardPlan(dialect: Dialect, filter: StatsFilter, today: string, intervalMonths: number): Plan<DashboardStats> {
  const instrument = filter.instrumentId ?? capabilityInstrument().id;
  const aw = assessmentWhere(filter);
  // Persons of the area, as they stand.
  const pw = personWhere(filter, 'p');
  const areaAnd = pw.sql ? ` AND ${pw.sql}` : '';
  const dueFrom = firstLastDateReaching(today, intervalMonths);
  const dueTo = firstLastDateReaching(plusDays(today, 31), intervalMonths);
  // A 特困 self-care check still valid today: its reassessment falls due today or later (the date the lists show).
  const validFrom = firstLastDateReaching(today, intervalMonths);
  // The area as the facts hold it, for counts that start from them.
  const factArea = assessmentWhere({ ...(filter.county ? { county: filter.county } : {}), ...(filter.township ? { township: filter.township } : {}) });

  const queries: SingleQuery[] = [
    // Every assessment count in one ordered pass over the counts index: the groups come out
    // in index order, so there is no sort, and the totals, levels, categories, districts
    // and months are summed from the few thousand groups here.
    {
      kind: 'rows',
      sql: `SELECT a.county_id, a.instrument_id, a.final_level, a.category, a.category_name_id, a.reason, a.month, count(*)
         FROM assessment_facts a WHERE ${aw.sql}
         GROUP BY a.county_id, a.instrument_id, a.final_level, a.category, a.category_name_id, a.reason, a.month`,
      params: aw.params,
    },
    // Each person once: a pass over the person index, in person order. PostgreSQL is asked
    // for the groups in that order too: left to choose, it hashes the ~300 000 persons of a
    // year instead, which spills to disk at the default work_mem (500 against 200 ms at
    // 600 000 assessments); the order makes the index's pass the cheaper plan there as well.
    {
      kind: 'value',
      sql:
        dialect === 'sqlite'
          ? `SELECT count(*) FROM (SELECT 1 AS one FROM assessment_facts a${indexHint(dialect, 'assessment_facts_person')} WHERE ${aw.sql} GROUP BY a.person_id) q`
          : `SELECT count(*) FROM (SELECT a.person_id FROM assessment_facts a WHERE ${aw.sql} GROUP BY a.person_id ORDER BY a.person_id) q`,
      params: aw.params,
    },
    {
      kind: 'get',
      sql: `SELECT
           sum(CASE WHEN p.last_assessment_date IS NULL THEN 1 ELSE 0 END) AS never,
           sum(CASE WHEN p.last_assessment_date < @dueFrom THEN 1 ELSE 0 END) AS overdue,
           sum(CASE WHEN p.last_assessment_date >= @dueFrom AND p.last_assessment_date < @dueTo THEN 1 ELSE 0 END) AS due30
         FROM persons p WHERE 1 = 1${areaAnd}`,
      params: { ...pw.params, dueFrom, dueTo },
    },
    {
      kind: 'all',
      sql: `SELECT p.county AS county, sum(CASE WHEN p.last_level >= 1 THEN 1 ELSE 0 END) AS level1, sum(CASE WHEN p.last_level >= 2 THEN 1 ELSE 0 END) AS level2
         FROM persons p WHERE p.last_level >= 1${areaAnd} GROUP BY p.county ORDER BY level1 DESC, p.county`,
      params: pw.params,
    },
    // 生活不能自理的特困人员: the latest self-care check within its validity says 完全丧失 (2),
    // or, with no check in time, the capability level is 重度 or worse (≥ 3).
    {
      kind: 'get',
      sql: `WITH checks AS (
           SELECT a.person_id, a.final_level, row_number() OVER (PARTITION BY a.person_id ORDER BY a.assessment_date DESC, a.finalized_at DESC) AS k
           FROM assessment_facts a
           WHERE a.instrument_id = 'tekun-selfcare' AND a.status IN ('finalized', 'signed') AND a.assessment_date >= @validFrom AND a.assessment_date <= @today
         )
         SELECT count(*) AS n, sum(CASE WHEN p.tekun_mode = 'centralized' THEN 1 ELSE 0 END) AS centralized
         FROM persons p LEFT JOIN checks c ON c.person_id = p.id AND c.k = 1
         WHERE p.economic = 'tekun'${areaAnd}
           AND ((c.final_level IS NOT NULL AND c.final_level = 2) OR (c.final_level IS NULL AND p.last_level >= 3))`,
      params: { ...pw.params, validFrom, today },
    },
    // 护理补贴: the person's latest assessment's classification grants it.
    { kind: 'value', sql: `SELECT count(*) FROM assessment_facts a WHERE a.latest = 1 AND a.care_subsidy = 1 AND ${factArea.sql}`, params: factArea.params },
    // 养老服务消费补贴 candidates: 中度 or worse by the capability instrument within the last 12
    // months, not in 特困供养 and not receiving a 集中照护补助, each once. The one question
    // the two databases are asked in different words, because their planners differ:
    // SQLite streams the person index (which, the facts being WITHOUT ROWID, carries the date
    // too) and groups as it goes; PostgreSQL does best with a semi-join (126 against 430 ms
    // at 600 000 assessments), which on SQLite is 10–35 % slower with a district or a year chosen.
    {
      kind: 'value',
      sql:
        dialect === 'sqlite'
          ? `SELECT count(*) FROM (
           SELECT a.person_id FROM assessment_facts a${indexHint(dialect, 'assessment_facts_person')}
           WHERE a.assessment_date >= @yearAgo AND a.assessment_date <= @today AND a.instrument_id = @capability AND a.final_level >= 2 AND ${factArea.sql}
           GROUP BY a.person_id) q
         JOIN persons p ON p.id = q.person_id
         WHERE p.economic <> 'tekun' AND p.central_care_allowance = 0`
          : `SELECT count(*) FROM persons p
         WHERE p.economic <> 'tekun' AND p.central_care_allowance = 0
           AND EXISTS (SELECT 1 FROM assessment_facts a
             WHERE a.person_id = p.id AND a.instrument_id = @capability AND a.final_level >= 2
               AND a.assessment_date >= @yearAgo AND a.assessment_date <= @today AND ${factArea.sql})`,
      params: { ...factArea.params, capability: capabilityInstrument().id, yearAgo: minusMonths(today, 12), today },
    },
  ];
  const texts = (yield { kind: 'texts' }) as ReadonlyMap<number, string>;
  const [groups, personCount, due, disabled, tekun, subsidyCount, voucherCount] = (yield { kind: 'batch', queries }) as [
    Group[],
    Count,
    { never: Count; overdue: Count; due30: Count },
    { county: string | null; level1: number | string; level2: number | string }[],
    { n: Count; centralized: Count },
    Count,
    Count,
  ];

  const def = getInstrument(instrument);
  const byLevel: Record<string, number> = Object.fromEntries((def?.levels ?? []).map((l) => [String(l.level), 0]));
  const byCategory: Record<string, number> = {};
  const categoryNames: Record<string, string> = {};
  const districts = new Map<string, number>();
  const months = new Map<string, Record<(typeof REASONS)[number], number>>();
  let assessments = 0;
  for (const [countyId, instrumentId, level, category, categoryNameId, reason, month, count] of groups) {
    // PostgreSQL's count is a bigint, which its client may give as text.
    const n = Number(count);
    assessments += n;
    if (instrumentId === instrument && level !== null) byLevel[String(level)] = (byLevel[String(level)] ?? 0) + n;
    if (category !== null) {
      byCategory[String(category)] = (byCategory[String(category)] ?? 0) + n;
      const name = categoryNameId === null ? undefined : texts.get(categoryNameId);
      // The latest wording (by binary order, as before) when packs named a category differently.
      if (name !== undefined && !(categoryNames[String(category)]! >= name)) categoryNames[String(category)] = name;
    }
    const county = countyId === null ? UNKNOWN_DISTRICT : texts.get(countyId) ?? UNKNOWN_DISTRICT;
    districts.set(county, (districts.get(county) ?? 0) + n);
    let m = months.get(month);
    if (!m) months.set(month, (m = Object.fromEntries(REASONS.map((x) => [x, 0])) as Record<(typeof REASONS)[number], number>));
    m[reason] = (m[reason] ?? 0) + n;
  }
  const byDistrict = Object.fromEntries([...districts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
  const byMonth: DashboardStats['byMonth'] = Object.fromEntries([...months].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
  const sortedCategories = Object.fromEntries(Object.entries(byCategory).sort((x, y) => Number(x[0]) - Number(y[0])));
  const disabledByDistrict: DashboardStats['disabledByDistrict'] = {};
  for (const r of disabled) disabledByDistrict[r.county ?? UNKNOWN_DISTRICT] = { level1: Number(r.level1), level2: Number(r.level2) };
  const subsidy = Number(subsidyCount);

  return {
    instrument,
    assessments,
    persons: Number(personCount),
    byLevel,
    byCategory: sortedCategories,
    categoryNames,
    byDistrict,
    byMonth,
    due30: Number(due.due30 ?? 0),
    overdue: Number(due.overdue ?? 0),
    neverAssessed: Number(due.never ?? 0),
    disabledByDistrict,
    tekunUnableSelfCare: Number(tekun.n),
    tekunUnableSelfCareCentralized: Number(tekun.centralized ?? 0),
    careSubsidyRecipients: subsidy,
    careSubsidyMonthlyTotal: subsidy * CARE_SUBSIDY_PER_MONTH,
    voucherCandidates: Number(voucherCount),
  };
}
