import type { Db } from '../db/database';
import { factTextsOf } from '../stats/fact-texts';
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
  /** The station that assessed, by name (the district hub's rows only). */
  station?: string | null;
}

/**
 * What is read, in order: the person's fields once per person (a person has up to a few
 * assessments), the assessment's per row. Texts the facts store once (fact_texts) come as
 * numbers and assessors as ids, both resolved from maps read once per export: turning the
 * same Chinese names into strings 200 000 times was most of an export's time, and so was
 * looking the person up again for every row.
 */
const PERSON_FIELDS = `p.id, p.name, p.sex, p.birth_date, p.id_number, p.phone, p.village, p.address, p.economic, p.tekun_mode,
  p.living_alone, p.empty_nest, p.left_behind, p.last_assessment_date`;
const FACT_FIELDS = `a.person_id, a.county_id, a.township_id, a.assessment_no, a.instrument_id, a.instrument_version, a.assessment_date,
  a.reason, a.status, a.total, a.final_level, a.indicators_id, a.preliminary_level_name_id, a.final_level_name_id, a.adjustments_id,
  a.category_name_id, a.entitlements_id, a.pack_title_id, a.pack_version, a.care_plan,
  CASE WHEN a.care_plan IS NULL THEN NULL ELSE
    (SELECT json_group_array(json_array(c.kind, c.service_id)) FROM care_plan_changes c WHERE c.assessment_id = a.assessment_id) END,
  a.assessor1_id, a.assessor2_id, a.finalized_at, a.signed_at`;

type PersonFields = Pick<
  RawExportRow,
  'personId' | 'name' | 'sex' | 'birthDate' | 'idNumber' | 'phone' | 'village' | 'address' | 'economic' | 'tekunMode' | 'livingAlone' | 'emptyNest' | 'leftBehind' | 'lastAssessmentDate'
>;

/** The SQL of a selection: every assessment matching the filters, the latest per person, or a preset list. */
export function selectionSql(sel: ExportSelection, columns = FACT_FIELDS): { sql: string; params: Record<string, unknown> } {
  if (sel.list) return listSql(sel, columns);
  const w = assessmentWhere(sel.filter);
  if (!sel.latest) {
    return {
      sql: `SELECT ${columns} FROM assessment_facts a WHERE ${w.sql} ORDER BY a.assessment_date, a.assessment_no`,
      params: w.params,
    };
  }
  return {
    sql: `WITH chosen AS (
            SELECT a.assessment_id AS id, row_number() OVER (PARTITION BY a.person_id ORDER BY a.assessment_date DESC, a.finalized_at DESC) AS k
            FROM assessment_facts a WHERE ${w.sql})
          SELECT ${columns} FROM chosen ch JOIN assessment_facts a ON a.assessment_id = ch.id JOIN persons p ON p.id = a.person_id
          WHERE ch.k = 1 ORDER BY p.county, p.township, p.name, p.id`,
    params: w.params,
  };
}

function listSql(sel: ExportSelection, columns: string): { sql: string; params: Record<string, unknown> } {
  const pw = personWhere(sel.filter, 'p');
  const area = pw.sql ? ` AND ${pw.sql}` : '';
  const base = `SELECT ${columns} FROM persons p JOIN assessment_facts a ON a.assessment_id = p.last_assessment_id `;
  switch (sel.list!) {
    case 'due':
      // Overdue, or due within the next 30 days: the round's work list, longest due first.
      return {
        sql: `${base} WHERE p.last_assessment_date < @dueTo${area} ORDER BY p.last_assessment_date, p.name, p.id`,
        params: { ...pw.params, dueTo: firstLastDateReaching(plusDays(sel.today, 31), sel.intervalMonths) },
      };
    case 'careSubsidy':
      return {
        sql: `${base} WHERE a.care_subsidy = 1${area}
              ORDER BY p.county, p.township, p.name, p.id`,
        params: pw.params,
      };
    case 'voucher':
      // The latest qualifying assessment of each candidate (see the dashboard's count).
      return {
        sql: `WITH q AS (
                SELECT a.assessment_id AS id, a.person_id, row_number() OVER (PARTITION BY a.person_id ORDER BY a.assessment_date DESC, a.finalized_at DESC) AS k
                FROM assessment_facts a WHERE a.instrument_id = @capability AND a.final_level >= 2
                  AND a.assessment_date >= @yearAgo AND a.assessment_date <= @today)
              SELECT ${columns} FROM q JOIN assessment_facts a ON a.assessment_id = q.id JOIN persons p ON p.id = q.person_id
              WHERE q.k = 1 AND p.economic <> 'tekun' AND p.central_care_allowance = 0${area} ORDER BY p.county, p.township, p.name, p.id`,
        params: { ...pw.params, capability: capabilityInstrument().id, yearAgo: minusMonths(sel.today, 12), today: sel.today },
      };
  }
}

export function countSelection(db: Db, sel: ExportSelection): number {
  if (!sel.list && !sel.latest) {
    // Counted over the smallest index rather than the table its rows are read from.
    const w = assessmentWhere(sel.filter);
    return db.prepare(`SELECT count(*) FROM assessment_facts a WHERE ${w.sql}`).pluck().get(w.params) as number;
  }
  const { sql, params } = selectionSql(sel, 'a.assessment_id');
  return (db.prepare(`SELECT count(*) AS n FROM (${sql})`).get(params) as { n: number }).n;
}

/** The rows one at a time: a large export is never held whole (its persons are, once each). */
export function* selectionRows(db: Db, sel: ExportSelection): Generator<RawExportRow> {
  const { sql, params } = selectionSql(sel);
  const texts = factTextsOf(db);
  const users = new Map(db.prepare('SELECT id, display_name FROM users').raw().all() as [string, string][]);
  const t = (id: unknown) => (id === null ? null : texts.get(id as number) ?? null);
  const u = (id: unknown) => (id === null ? null : users.get(id as string) ?? null);
  const persons = new Map<string, PersonFields>();
  const chosen = selectionSql(sel, 'a.person_id AS person_id');
  // Field by field in the SELECT's order: object literals build fast; tests/unit/exports/rows.test.ts holds the order.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row is the SELECT's values in order
  for (const v of db.prepare(`SELECT ${PERSON_FIELDS} FROM persons p WHERE p.id IN (SELECT person_id FROM (${chosen.sql}))`).raw().iterate(chosen.params) as IterableIterator<any[]>) {
    persons.set(v[0], {
      personId: v[0], name: v[1], sex: v[2], birthDate: v[3], idNumber: v[4], phone: v[5], village: v[6], address: v[7],
      economic: v[8], tekunMode: v[9], livingAlone: v[10], emptyNest: v[11], leftBehind: v[12], lastAssessmentDate: v[13],
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  for (const v of db.prepare(sql).raw().iterate(params) as IterableIterator<any[]>) {
    const p = persons.get(v[0])!;
    yield {
      personId: p.personId, name: p.name, sex: p.sex, birthDate: p.birthDate, idNumber: p.idNumber, phone: p.phone, village: p.village,
      address: p.address, economic: p.economic, tekunMode: p.tekunMode, livingAlone: p.livingAlone, emptyNest: p.emptyNest,
      leftBehind: p.leftBehind, lastAssessmentDate: p.lastAssessmentDate,
      county: t(v[1]), township: t(v[2]), assessmentNo: v[3], instrumentId: v[4], instrumentVersion: v[5], assessmentDate: v[6],
      reason: v[7], status: v[8], total: v[9], finalLevel: v[10], indicators: t(v[11]), preliminaryLevelName: t(v[12]),
      finalLevelName: t(v[13]), adjustments: t(v[14]), categoryName: t(v[15]), entitlements: t(v[16]), packTitle: t(v[17]),
      packVersion: v[18], carePlan: v[19], carePlanChanges: v[20], assessor1: u(v[21]), assessor2: u(v[22]), finalizedAt: v[23], signedAt: v[24],
    };
  }
}
