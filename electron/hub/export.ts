import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { writeSelection, type ExportRequest } from '../core/exports/export';
import { selectionSql, type ExportSelection, type RawExportRow } from '../core/exports/rows';
import type { WriteResult } from '../core/exports/write';
import { assessmentWhere, type StatsFilter } from '../core/stats/filters';
import { toPositional } from '../core/stats/sql-plan';
import { HUB_INTERVAL_MONTHS } from './stats';

const PAGE = 5000;

/** One export at the hub: a station's request (selection, format, de-identification, 说明), read from PostgreSQL. */
export type HubExportRequest = ExportRequest;

/**
 * An export row's columns at the hub. The person is the district's (its name and ID number as
 * the hub keeps them); phone, village and the living situation come from the record of the
 * station that assessed; assessors by the names that station sent.
 */
const DETAIL = `SELECT a.assessment_date, a.assessment_no, a.station_id, a.assessment_id, p.id AS person_id, p.name, p.sex, p.birth_date, p.id_number,
    sp.record->>'phone' AS phone, sp.record->>'village' AS village, sp.record->>'address' AS address, p.economic, p.tekun_mode,
    coalesce((sp.record->>'living_alone')::int, 0) AS living_alone, coalesce((sp.record->>'empty_nest')::int, 0) AS empty_nest,
    coalesce((sp.record->>'left_behind')::int, 0) AS left_behind, p.last_assessment_date,
    a.county_id, a.township_id, a.instrument_id, a.instrument_version, a.reason, a.status, a.total, a.final_level,
    a.indicators_id, a.preliminary_level_name_id, a.final_level_name_id, a.adjustments_id, a.category_name_id, a.entitlements_id,
    a.pack_title_id, a.pack_version, a.care_plan,
    CASE WHEN a.care_plan IS NULL THEN NULL ELSE
      (SELECT coalesce(json_agg(json_build_array(c.kind, c.service_id) ORDER BY c.seq), '[]')::text FROM station_care_plan_changes c
        WHERE c.station_id = a.station_id AND c.assessment_id = a.assessment_id) END AS care_plan_changes,
    u1.display_name AS assessor1, u2.display_name AS assessor2, a.finalized_at, a.signed_at, st.name AS station_name
  FROM assessment_facts a
  JOIN persons p ON p.id = a.person_id
  LEFT JOIN stations st ON st.station_id = a.station_id
  LEFT JOIN assessments x ON x.id = a.assessment_id
  LEFT JOIN station_persons sp ON sp.station_id = a.station_id AND sp.local_id = x.local_person_id
  LEFT JOIN station_users u1 ON u1.station_id = a.station_id AND u1.user_id = a.assessor1_id
  LEFT JOIN station_users u2 ON u2.station_id = a.station_id AND u2.user_id = a.assessor2_id`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row is DETAIL's columns, typed by RawExportRow below
type DetailRow = Record<string, any>;

function toExportRow(r: DetailRow, t: (id: number | null) => string | null): RawExportRow {
  return {
    personId: r['person_id'], name: r['name'], sex: r['sex'], birthDate: r['birth_date'], idNumber: r['id_number'], phone: r['phone'],
    county: t(r['county_id']), township: t(r['township_id']), village: r['village'], address: r['address'], economic: r['economic'],
    tekunMode: r['tekun_mode'], livingAlone: r['living_alone'], emptyNest: r['empty_nest'], leftBehind: r['left_behind'],
    lastAssessmentDate: r['last_assessment_date'], assessmentNo: r['assessment_no'], instrumentId: r['instrument_id'],
    instrumentVersion: r['instrument_version'], assessmentDate: r['assessment_date'], reason: r['reason'], status: r['status'],
    total: r['total'], finalLevel: r['final_level'], indicators: t(r['indicators_id']), preliminaryLevelName: t(r['preliminary_level_name_id']),
    finalLevelName: t(r['final_level_name_id']), adjustments: t(r['adjustments_id']), categoryName: t(r['category_name_id']),
    entitlements: t(r['entitlements_id']), packTitle: t(r['pack_title_id']), packVersion: r['pack_version'], carePlan: r['care_plan'],
    carePlanChanges: r['care_plan_changes'], assessor1: r['assessor1'], assessor2: r['assessor2'], finalizedAt: r['finalized_at'], signedAt: r['signed_at'],
    station: r['station_name'],
  };
}

/**
 * The district's rows of a selection, read page by page inside the caller's snapshot: every
 * assessment in date order by keyset (page 100 costs what page 1 does), or, for the latest per
 * person and the preset lists, the station's own selection SQL (rows.ts) choosing the
 * assessments in order and the details read 5000 at a time.
 */
export async function* hubExportRows(client: pg.ClientBase, selection: ExportSelection): AsyncGenerator<RawExportRow> {
  const texts = new Map<number, string>((await client.query('SELECT id, text FROM fact_texts')).rows.map((r: { id: number; text: string }) => [r.id, r.text]));
  const t = (id: number | null) => (id === null ? null : (texts.get(id) ?? null));
  if (selection.list || selection.latest) {
    const chosen = selectionSql(selection, 'a.assessment_id AS id');
    const ids = (await client.query(toPositional(chosen.sql, chosen.params))).rows.map((r: { id: string }) => r.id);
    for (let i = 0; i < ids.length; i += PAGE) {
      const page = ids.slice(i, i + PAGE);
      const rows = (await client.query(`${DETAIL} WHERE a.assessment_id = ANY($1)`, [page])).rows as DetailRow[];
      const byId = new Map(rows.map((r) => [r['assessment_id'] as string, r]));
      for (const id of page) {
        const r = byId.get(id);
        if (r) yield toExportRow(r, t);
      }
    }
    return;
  }
  const w = assessmentWhere(selection.filter);
  let after: [string, string, string] | null = null;
  for (;;) {
    const keyset = after ? ' AND (a.assessment_date, a.assessment_no, a.station_id) > (@afterDate, @afterNo, @afterStation)' : '';
    const params = after ? { ...w.params, afterDate: after[0], afterNo: after[1], afterStation: after[2] } : w.params;
    const q = toPositional(`${DETAIL} WHERE ${w.sql}${keyset} ORDER BY a.assessment_date, a.assessment_no, a.station_id LIMIT ${PAGE}`, params);
    const rows = (await client.query(q)).rows as DetailRow[];
    for (const r of rows) yield toExportRow(r, t);
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = [String(last['assessment_date']), String(last['assessment_no']), String(last['station_id'])];
  }
}

/** How many rows a selection has (the progress bar's total). */
export async function hubCountSelection(client: pg.ClientBase, sel: ExportSelection): Promise<number> {
  if (!sel.list && !sel.latest) {
    const w = assessmentWhere(sel.filter);
    return Number((await client.query(toPositional(`SELECT count(*) AS n FROM assessment_facts a WHERE ${w.sql}`, w.params))).rows[0].n);
  }
  const { sql, params } = selectionSql(sel, 'a.assessment_id');
  return Number((await client.query(toPositional(`SELECT count(*) AS n FROM (${sql}) s`, params))).rows[0].n);
}

/** The hub's pseudonym key, made on first use: the same person gets the same pseudonym in every export of this hub. */
export async function hubPseudonymKey(client: pg.ClientBase): Promise<Buffer> {
  await client.query(`INSERT INTO hub_meta (key, value) VALUES ('pseudonymKey', to_jsonb($1::text)) ON CONFLICT (key) DO NOTHING`, [randomBytes(32).toString('base64')]);
  const r = await client.query(`SELECT value #>> '{}' AS v FROM hub_meta WHERE key = 'pseudonymKey'`);
  return Buffer.from(r.rows[0].v as string, 'base64');
}

/** Writes a selection as XLSX (明细, 合计, 说明, as a station's) or CSV, in one REPEATABLE READ snapshot. */
export async function runHubExport(client: pg.ClientBase, req: HubExportRequest, out: Writable, onProgress: (done: number, total: number) => void = () => {}): Promise<WriteResult> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const total = await hubCountSelection(client, req.selection);
    onProgress(0, total);
    const r = await writeSelection(hubExportRows(client, req.selection), req, out, total, onProgress, { station: true, titlePrefix: '区县' });
    await client.query('COMMIT');
    return r;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** Every assessment of the district as XLSX (the command line and the benchmark). */
export const everyAssessment = (filter: StatsFilter): ExportSelection => ({ filter, today: '', intervalMonths: HUB_INTERVAL_MONTHS });

export function hubExportXlsx(client: pg.ClientBase, filter: StatsFilter, out: Writable, meta: { user: string; filters: [string, string][] }, onRow?: (n: number) => void): Promise<WriteResult> {
  return runHubExport(
    client,
    { selection: everyAssessment(filter), format: 'xlsx', deidentify: false, meta: { exportedAt: new Date().toISOString(), user: meta.user, institution: '区县数据中心', filters: meta.filters } },
    out,
    onRow ? (n) => onRow(n) : undefined,
  );
}
