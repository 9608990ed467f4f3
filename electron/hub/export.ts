import type { Writable } from 'node:stream';
import type pg from 'pg';
import { columnSet } from '../core/exports/columns';
import type { RawExportRow } from '../core/exports/rows';
import { writeXlsx, type WriteResult } from '../core/exports/write';
import { assessmentWhere, type StatsFilter } from '../core/stats/filters';
import { toPositional } from '../core/stats/sql-plan';
import { HUB_INTERVAL_MONTHS } from './stats';

const PAGE = 5000;

/**
 * The district's assessments as export rows, one per assessment, in date order, read page
 * by page (keyset, so page 100 costs what page 1 does) inside one snapshot. The person is the
 * district's (its name and ID number as the hub keeps them); phone, village and the living
 * situation come from the record of the station that assessed; assessors by the names that
 * station sent.
 */
export async function* hubExportRows(client: pg.ClientBase, filter: StatsFilter): AsyncGenerator<RawExportRow> {
  const w = assessmentWhere(filter);
  const texts = new Map<number, string>((await client.query('SELECT id, text FROM fact_texts')).rows.map((r: { id: number; text: string }) => [r.id, r.text]));
  const t = (id: number | null) => (id === null ? null : (texts.get(id) ?? null));
  let after: [string, string, string] | null = null;
  for (;;) {
    const keyset = after ? ' AND (a.assessment_date, a.assessment_no, a.station_id) > (@afterDate, @afterNo, @afterStation)' : '';
    const params = after ? { ...w.params, afterDate: after[0], afterNo: after[1], afterStation: after[2] } : w.params;
    const { text, values } = toPositional(
      `SELECT a.assessment_date, a.assessment_no, a.station_id, p.id AS person_id, p.name, p.sex, p.birth_date, p.id_number,
         sp.record->>'phone' AS phone, sp.record->>'village' AS village, sp.record->>'address' AS address, p.economic, p.tekun_mode,
         coalesce((sp.record->>'living_alone')::int, 0) AS living_alone, coalesce((sp.record->>'empty_nest')::int, 0) AS empty_nest,
         coalesce((sp.record->>'left_behind')::int, 0) AS left_behind, p.last_assessment_date,
         a.county_id, a.township_id, a.instrument_id, a.instrument_version, a.reason, a.status, a.total, a.final_level,
         a.indicators_id, a.preliminary_level_name_id, a.final_level_name_id, a.adjustments_id, a.category_name_id, a.entitlements_id,
         a.pack_title_id, a.pack_version, a.care_plan, u1.display_name AS assessor1, u2.display_name AS assessor2, a.finalized_at, a.signed_at
       FROM assessment_facts a
       JOIN persons p ON p.id = a.person_id
       LEFT JOIN assessments x ON x.id = a.assessment_id
       LEFT JOIN station_persons sp ON sp.station_id = a.station_id AND sp.local_id = x.local_person_id
       LEFT JOIN station_users u1 ON u1.station_id = a.station_id AND u1.user_id = a.assessor1_id
       LEFT JOIN station_users u2 ON u2.station_id = a.station_id AND u2.user_id = a.assessor2_id
       WHERE ${w.sql}${keyset}
       ORDER BY a.assessment_date, a.assessment_no, a.station_id LIMIT ${PAGE}`,
      params,
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row is the SELECT's columns, typed by RawExportRow below
    const rows = (await client.query({ text, values })).rows as Record<string, any>[];
    for (const r of rows) {
      yield {
        personId: r['person_id'], name: r['name'], sex: r['sex'], birthDate: r['birth_date'], idNumber: r['id_number'], phone: r['phone'],
        county: t(r['county_id']), township: t(r['township_id']), village: r['village'], address: r['address'], economic: r['economic'],
        tekunMode: r['tekun_mode'], livingAlone: r['living_alone'], emptyNest: r['empty_nest'], leftBehind: r['left_behind'],
        lastAssessmentDate: r['last_assessment_date'], assessmentNo: r['assessment_no'], instrumentId: r['instrument_id'],
        instrumentVersion: r['instrument_version'], assessmentDate: r['assessment_date'], reason: r['reason'], status: r['status'],
        total: r['total'], finalLevel: r['final_level'], indicators: t(r['indicators_id']), preliminaryLevelName: t(r['preliminary_level_name_id']),
        finalLevelName: t(r['final_level_name_id']), adjustments: t(r['adjustments_id']), categoryName: t(r['category_name_id']),
        entitlements: t(r['entitlements_id']), packTitle: t(r['pack_title_id']), packVersion: r['pack_version'], carePlan: r['care_plan'],
        // The stations' own care-plan edits stay with them (not in the bundle yet).
        carePlanChanges: null, assessor1: r['assessor1'], assessor2: r['assessor2'], finalizedAt: r['finalized_at'], signedAt: r['signed_at'],
      };
    }
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = [String(last['assessment_date']), String(last['assessment_no']), String(last['station_id'])];
  }
}

/** The district's XLSX (明细, 合计, 说明, as a station's), in one REPEATABLE READ snapshot. */
export async function hubExportXlsx(client: pg.ClientBase, filter: StatsFilter, out: Writable, meta: { user: string; filters: [string, string][] }, onRow?: (n: number) => void): Promise<WriteResult> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const cols = columnSet({ deidentify: false, intervalMonths: HUB_INTERVAL_MONTHS, dueDate: false });
    const r = await writeXlsx(
      hubExportRows(client, filter),
      cols,
      { title: '区县评估明细（每次评估一行）', exportedAt: new Date().toISOString(), user: meta.user, institution: '区县数据中心', filters: meta.filters, deidentified: false },
      out,
      onRow ? { onRow } : {},
    );
    await client.query('COMMIT');
    return r;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
