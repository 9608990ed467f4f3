import { capabilityInstrument, getInstrument } from '../../../shared/instruments';
import { minusMonths } from '../../../shared/policy/dates';
import type { Db } from '../db/database';
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
  return db.transaction(() => {
    const instrument = filter.instrumentId ?? capabilityInstrument().id;
    const aw = assessmentWhere(filter);
    const from = `FROM assessment_facts a JOIN persons p ON p.id = a.person_id WHERE ${aw.sql}`;
    const totals = db.prepare(`SELECT count(*) AS n, count(DISTINCT a.person_id) AS persons ${from}`).get(aw.params) as { n: number; persons: number };

    const def = getInstrument(instrument);
    const byLevel: Record<string, number> = Object.fromEntries((def?.levels ?? []).map((l) => [String(l.level), 0]));
    for (const r of db.prepare(`SELECT a.final_level AS level, count(*) AS n ${from} AND a.instrument_id = @lvInstrument GROUP BY a.final_level`).all({ ...aw.params, lvInstrument: instrument }) as { level: number; n: number }[])
      byLevel[String(r.level)] = r.n;

    const byCategory: Record<string, number> = {};
    const categoryNames: Record<string, string> = {};
    for (const r of db
      .prepare(
        `SELECT a.category AS category, max(a.category_name) AS name, count(*) AS n ${from} AND a.category IS NOT NULL GROUP BY 1 ORDER BY 1`,
      )
      .all(aw.params) as { category: number; name: string; n: number }[]) {
      byCategory[String(r.category)] = r.n;
      categoryNames[String(r.category)] = r.name;
    }

    const byDistrict: Record<string, number> = {};
    for (const r of db.prepare(`SELECT p.county AS county, count(*) AS n ${from} GROUP BY p.county ORDER BY n DESC, p.county`).all(aw.params) as { county: string | null; n: number }[])
      byDistrict[r.county ?? UNKNOWN_DISTRICT] = r.n;

    const byMonth: DashboardStats['byMonth'] = {};
    for (const r of db.prepare(`SELECT substr(a.assessment_date, 1, 7) AS month, a.reason AS reason, count(*) AS n ${from} GROUP BY 1, 2 ORDER BY 1`).all(aw.params) as {
      month: string;
      reason: (typeof REASONS)[number];
      n: number;
    }[]) {
      byMonth[r.month] ??= Object.fromEntries(REASONS.map((x) => [x, 0])) as Record<(typeof REASONS)[number], number>;
      byMonth[r.month]![r.reason] = r.n;
    }

    // Persons of the area, as they stand.
    const pw = personWhere(filter, 'p');
    const areaAnd = pw.sql ? ` AND ${pw.sql}` : '';
    const dueFrom = firstLastDateReaching(today, intervalMonths);
    const dueTo = firstLastDateReaching(plusDays(today, 31), intervalMonths);
    const due = db
      .prepare(
        `SELECT
           sum(CASE WHEN p.last_assessment_date IS NULL THEN 1 ELSE 0 END) AS never,
           sum(CASE WHEN p.last_assessment_date < @dueFrom THEN 1 ELSE 0 END) AS overdue,
           sum(CASE WHEN p.last_assessment_date >= @dueFrom AND p.last_assessment_date < @dueTo THEN 1 ELSE 0 END) AS due30
         FROM persons p WHERE 1 = 1${areaAnd}`,
      )
      .get({ ...pw.params, dueFrom, dueTo }) as { never: number | null; overdue: number | null; due30: number | null };

    const disabledByDistrict: DashboardStats['disabledByDistrict'] = {};
    for (const r of db
      .prepare(
        `SELECT p.county AS county, sum(CASE WHEN p.last_level >= 1 THEN 1 ELSE 0 END) AS level1, sum(CASE WHEN p.last_level >= 2 THEN 1 ELSE 0 END) AS level2
         FROM persons p WHERE p.last_level >= 1${areaAnd} GROUP BY p.county ORDER BY level1 DESC, p.county`,
      )
      .all(pw.params) as { county: string | null; level1: number; level2: number }[])
      disabledByDistrict[r.county ?? UNKNOWN_DISTRICT] = { level1: r.level1, level2: r.level2 };

    // 生活不能自理的特困人员: the latest self-care check within its validity says 完全丧失 (2),
    // or, with no check in time, the capability level is 重度 or worse (≥ 3).
    const validFrom = minusMonths(today, intervalMonths);
    const tekun = db
      .prepare(
        `WITH checks AS (
           SELECT a.person_id, a.final_level, row_number() OVER (PARTITION BY a.person_id ORDER BY a.assessment_date DESC, a.finalized_at DESC) AS k
           FROM assessment_facts a
           WHERE a.instrument_id = 'tekun-selfcare' AND a.status IN ('finalized', 'signed') AND a.assessment_date >= @validFrom AND a.assessment_date <= @today
         )
         SELECT count(*) AS n, sum(CASE WHEN p.tekun_mode = 'centralized' THEN 1 ELSE 0 END) AS centralized
         FROM persons p LEFT JOIN checks c ON c.person_id = p.id AND c.k = 1
         WHERE p.economic = 'tekun'${areaAnd}
           AND ((c.final_level IS NOT NULL AND c.final_level = 2) OR (c.final_level IS NULL AND p.last_level >= 3))`,
      )
      .get({ ...pw.params, validFrom, today }) as { n: number; centralized: number | null };

    // 护理补贴: the latest capability assessment's classification grants it.
    const subsidy = db
      .prepare(
        `SELECT count(*) AS n FROM persons p JOIN assessment_facts a ON a.assessment_id = p.last_assessment_id
         WHERE a.entitlement_ids LIKE '%,careSubsidy,%'${areaAnd}`,
      )
      .get(pw.params) as { n: number };

    // 养老服务消费补贴 candidates: 中度 or worse by the capability instrument within the last 12
    // months, not in 特困供养 and not receiving a 集中照护补助.
    const voucher = db
      .prepare(
        `SELECT count(*) AS n FROM persons p
         WHERE p.economic <> 'tekun' AND p.central_care_allowance = 0${areaAnd}
           AND EXISTS (SELECT 1 FROM assessment_facts a WHERE a.person_id = p.id AND a.instrument_id = @capability
                       AND a.status IN ('finalized', 'signed') AND a.final_level >= 2 AND a.assessment_date >= @yearAgo AND a.assessment_date <= @today)`,
      )
      .get({ ...pw.params, capability: capabilityInstrument().id, yearAgo: minusMonths(today, 12), today }) as { n: number };

    return {
      instrument,
      assessments: totals.n,
      persons: totals.persons,
      byLevel,
      byCategory,
      categoryNames,
      byDistrict,
      byMonth,
      due30: due.due30 ?? 0,
      overdue: due.overdue ?? 0,
      neverAssessed: due.never ?? 0,
      disabledByDistrict,
      tekunUnableSelfCare: tekun.n,
      tekunUnableSelfCareCentralized: tekun.centralized ?? 0,
      careSubsidyRecipients: subsidy.n,
      careSubsidyMonthlyTotal: subsidy.n * CARE_SUBSIDY_PER_MONTH,
      voucherCandidates: voucher.n,
    };
  })();
}
