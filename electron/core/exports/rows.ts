import type { Db } from '../db/database';
import { capabilityInstrument } from '../../../shared/instruments';
import { minusMonths } from '../../../shared/policy/dates';
import { assessmentWhere, firstLastDateReaching, personWhere, plusDays, type StatsFilter } from '../stats/filters';

/** The preset lists the programmes ask for. */
export const EXPORT_LISTS = ['due', 'careSubsidy', 'voucher'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];

export const LIST_TITLES: Record<ExportList, string> = {
  due: '复评到期名单',
  careSubsidy: '护理补贴名单',
  voucher: '养老服务消费补贴申报名单',
};

export interface ExportSelection {
  filter: StatsFilter;
  /** The latest matching assessment per person instead of every one. */
  latest?: boolean;
  list?: ExportList;
  today: string;
  intervalMonths: number;
}

/** One row as read: the assessment and its person, JSON columns still text. */
export interface RawExportRow {
  personId: string;
  name: string;
  sex: string;
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  county: string | null;
  township: string | null;
  village: string | null;
  address: string | null;
  economic: string;
  tekunMode: string | null;
  livingAlone: number;
  emptyNest: number;
  leftBehind: number;
  lastAssessmentDate: string | null;
  assessmentNo: string;
  instrumentId: string;
  instrumentVersion: string;
  assessmentDate: string;
  reason: string;
  status: string;
  total: number | null;
  finalLevel: number | null;
  /** Pieces of the stored result and classification, extracted by SQLite (no JSON parsing per row here). */
  indicators: string | null;
  preliminaryLevelName: string | null;
  finalLevelName: string | null;
  adjustments: string | null;
  categoryName: string | null;
  entitlements: string | null;
  packTitle: string | null;
  packVersion: string | null;
  carePlan: string | null;
  carePlanChanges: string | null;
  assessor1: string | null;
  assessor2: string | null;
  finalizedAt: string | null;
  signedAt: string | null;
}

const COLUMNS = `p.id AS personId, p.name, p.sex, p.birth_date AS birthDate, p.id_number AS idNumber, p.phone, p.county, p.township,
  p.village, p.address, p.economic, p.tekun_mode AS tekunMode, p.living_alone AS livingAlone, p.empty_nest AS emptyNest,
  p.left_behind AS leftBehind, p.last_assessment_date AS lastAssessmentDate,
  a.assessment_no AS assessmentNo, a.instrument_id AS instrumentId, a.instrument_version AS instrumentVersion,
  a.assessment_date AS assessmentDate, a.reason, a.status, a.total, a.final_level AS finalLevel,
  a.indicators_text AS indicators, a.preliminary_level_name AS preliminaryLevelName, a.final_level_name AS finalLevelName,
  a.adjustments_text AS adjustments, a.category_name AS categoryName, a.entitlements_text AS entitlements,
  a.pack_title AS packTitle, a.pack_version AS packVersion, a.care_plan AS carePlan,
  CASE WHEN a.care_plan IS NULL THEN NULL ELSE
    (SELECT json_group_array(json_array(c.kind, c.service_id)) FROM care_plan_changes c WHERE c.assessment_id = a.assessment_id) END AS carePlanChanges,
  u1.display_name AS assessor1, u2.display_name AS assessor2, a.finalized_at AS finalizedAt, a.signed_at AS signedAt`;

const JOINS = `LEFT JOIN users u1 ON u1.id = a.assessor1_id LEFT JOIN users u2 ON u2.id = a.assessor2_id`;

/** The SQL of a selection: every assessment matching the filters, the latest per person, or a preset list. */
export function selectionSql(sel: ExportSelection, columns = COLUMNS): { sql: string; params: Record<string, unknown> } {
  if (sel.list) return listSql(sel, columns);
  const w = assessmentWhere(sel.filter);
  if (!sel.latest) {
    return {
      sql: `SELECT ${columns} FROM assessment_facts a JOIN persons p ON p.id = a.person_id ${JOINS} WHERE ${w.sql} ORDER BY a.assessment_date, a.assessment_no`,
      params: w.params,
    };
  }
  return {
    sql: `WITH chosen AS (
            SELECT a.assessment_id AS id, row_number() OVER (PARTITION BY a.person_id ORDER BY a.assessment_date DESC, a.finalized_at DESC) AS k
            FROM assessment_facts a JOIN persons p ON p.id = a.person_id WHERE ${w.sql})
          SELECT ${columns} FROM chosen ch JOIN assessment_facts a ON a.assessment_id = ch.id JOIN persons p ON p.id = a.person_id ${JOINS}
          WHERE ch.k = 1 ORDER BY p.county, p.township, p.name, p.id`,
    params: w.params,
  };
}

function listSql(sel: ExportSelection, columns: string): { sql: string; params: Record<string, unknown> } {
  const pw = personWhere(sel.filter, 'p');
  const area = pw.sql ? ` AND ${pw.sql}` : '';
  const base = `SELECT ${columns} FROM persons p JOIN assessment_facts a ON a.assessment_id = p.last_assessment_id ${JOINS}`;
  switch (sel.list!) {
    case 'due':
      // Overdue, or due within the next 30 days: the round's work list, longest due first.
      return {
        sql: `${base} WHERE p.last_assessment_date < @dueTo${area} ORDER BY p.last_assessment_date, p.name, p.id`,
        params: { ...pw.params, dueTo: firstLastDateReaching(plusDays(sel.today, 31), sel.intervalMonths) },
      };
    case 'careSubsidy':
      return {
        sql: `${base} WHERE a.entitlement_ids LIKE '%,careSubsidy,%'${area}
              ORDER BY p.county, p.township, p.name, p.id`,
        params: pw.params,
      };
    case 'voucher':
      // The latest qualifying assessment of each candidate (see the dashboard's count).
      return {
        sql: `WITH q AS (
                SELECT a.assessment_id AS id, a.person_id, row_number() OVER (PARTITION BY a.person_id ORDER BY a.assessment_date DESC, a.finalized_at DESC) AS k
                FROM assessment_facts a WHERE a.instrument_id = @capability AND a.status IN ('finalized', 'signed') AND a.final_level >= 2
                  AND a.assessment_date >= @yearAgo AND a.assessment_date <= @today)
              SELECT ${columns} FROM q JOIN assessment_facts a ON a.assessment_id = q.id JOIN persons p ON p.id = q.person_id ${JOINS}
              WHERE q.k = 1 AND p.economic <> 'tekun' AND p.central_care_allowance = 0${area} ORDER BY p.county, p.township, p.name, p.id`,
        params: { ...pw.params, capability: capabilityInstrument().id, yearAgo: minusMonths(sel.today, 12), today: sel.today },
      };
  }
}

export function countSelection(db: Db, sel: ExportSelection): number {
  const { sql, params } = selectionSql(sel, 'a.assessment_id');
  return (db.prepare(`SELECT count(*) AS n FROM (${sql})`).get(params) as { n: number }).n;
}

/** The rows one at a time: a large export is never held whole. */
export function* selectionRows(db: Db, sel: ExportSelection): Generator<RawExportRow> {
  const { sql, params } = selectionSql(sel);
  yield* db.prepare(sql).iterate(params) as IterableIterator<RawExportRow>;
}
