import type pg from 'pg';
import { ServiceError, type MethodOutput } from '../../shared/contract';
import { getInstrument } from '../../shared/instruments';
import { ASSESSMENT_REASON_LABELS } from '../../shared/validation/assessment';
import { certificateInfo } from '../core/signing/certs';
import { checkUploadedReport } from '../core/reports/uploaded-report';
import { checkReport, type ReportVerdict } from '../core/signing/check-report';

/**
 * What the hub's pages read: the stations, the district's persons with every station's
 * history, the facts that disagree, and the signed reports as the stations sent them.
 */
export type HubStation = MethodOutput<'hub.stations'>[number];
export type HubPersonRow = MethodOutput<'hub.persons'>['rows'][number];
export type HubConflict = MethodOutput<'hub.conflicts'>[number];

const FIELD_NAMES: Record<string, string> = { name: '姓名', sex: '性别', birth_date: '出生日期' };

/** 350503********1234: enough to tell people apart in a list, not enough to use. */
export function maskIdNumber(n: string | null): string | null {
  if (!n) return null;
  return n.length > 10 ? `${n.slice(0, 6)}${'*'.repeat(n.length - 10)}${n.slice(-4)}` : n;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** Runs of numbers as ranges: [2,3,5] → 2–3, 5. */
function ranges(ns: number[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const n of ns) {
    const last = out[out.length - 1];
    if (last && last.to === n - 1) last.to = n;
    else out.push({ from: n, to: n });
  }
  return out;
}

export async function hubStations(client: pg.ClientBase): Promise<HubStation[]> {
  const r = await client.query(
    `SELECT s.name, s.station_id, s.cert_sha256, s.enrolled_at, s.last_sequence, s.last_bundle_at,
       (SELECT count(*) FROM bundles b WHERE b.station_cert = s.cert_sha256) AS bundles,
       (SELECT coalesce(array_agg(g ORDER BY g), '{}') FROM generate_series(1, s.last_sequence - 1) g
          WHERE NOT EXISTS (SELECT 1 FROM bundles b WHERE b.station_cert = s.cert_sha256 AND b.sequence = g)) AS missing,
       (SELECT count(*) FROM station_persons sp WHERE sp.station_id = s.station_id) AS persons,
       (SELECT count(*) FROM assessment_facts f WHERE f.station_id = s.station_id) AS assessments
     FROM stations s ORDER BY s.name, s.cert_sha256`,
  );
  return r.rows.map((x) => ({
    name: x.name,
    stationId: x.station_id,
    certSha256: x.cert_sha256,
    enrolledAt: iso(x.enrolled_at)!,
    lastSequence: Number(x.last_sequence),
    lastBundleAt: iso(x.last_bundle_at),
    bundles: Number(x.bundles),
    missing: ranges((x.missing as number[]).map(Number)),
    persons: Number(x.persons),
    assessments: Number(x.assessments),
  }));
}

const PERSON_COLUMNS = `p.id, p.name, p.sex, p.birth_date, p.id_number, p.county, p.township, p.economic, p.last_level, p.last_assessment_date,
  (SELECT coalesce(array_agg(DISTINCT s.name), '{}') FROM station_persons sp JOIN stations s ON s.station_id = sp.station_id WHERE sp.person_id = p.id) AS stations,
  (SELECT count(*) FROM assessment_facts f WHERE f.person_id = p.id) AS assessments,
  (SELECT count(*) FROM person_conflicts c WHERE c.person_id = p.id AND c.resolved_at IS NULL) AS conflicts`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row is PERSON_COLUMNS
function personRow(x: Record<string, any>, mask: boolean): HubPersonRow {
  return {
    id: x['id'],
    name: x['name'],
    sex: x['sex'],
    birthDate: x['birth_date'],
    idNumber: mask ? maskIdNumber(x['id_number']) : x['id_number'],
    county: x['county'],
    township: x['township'],
    lastLevel: x['last_level'] ?? null,
    lastAssessmentDate: x['last_assessment_date'],
    stations: [...(x['stations'] as string[])].sort(),
    assessments: Number(x['assessments']),
    conflicts: Number(x['conflicts']),
  };
}

/** Escapes LIKE's wildcards, so a typed % or _ matches itself. */
const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Persons by name prefix or ID-number prefix (digits, with X), optionally in one county; one
 * row per district person however many stations assessed them.
 */
export async function searchHubPersons(client: pg.ClientBase, q: { query?: string | undefined; county?: string | undefined; limit: number; offset: number }): Promise<{ rows: HubPersonRow[]; total: number }> {
  const where: string[] = [];
  const values: unknown[] = [];
  const text = q.query?.trim();
  if (text) {
    // Digits (and X) are the start of an ID number, anything else the start of a name.
    const idNumber = /^[0-9Xx]+$/.test(text);
    values.push(likePrefix(idNumber ? text.toUpperCase() : text));
    where.push(`${idNumber ? 'p.id_number' : 'p.name'} LIKE $${values.length}`);
  }
  if (q.county) {
    values.push(q.county);
    where.push(`p.county = $${values.length}`);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = Number((await client.query(`SELECT count(*) AS n FROM persons p ${cond}`, values)).rows[0].n);
  const r = await client.query(`SELECT ${PERSON_COLUMNS} FROM persons p ${cond} ORDER BY p.name, p.id LIMIT ${q.limit} OFFSET ${q.offset}`, values);
  return { rows: r.rows.map((x) => personRow(x, true)), total };
}

export async function hubConflicts(client: pg.ClientBase, personId?: string): Promise<HubConflict[]> {
  const r = await client.query(
    `SELECT c.person_id, p.name AS person_name, p.id_number, c.field, c.hub_value, c.station_value, coalesce(s.name, c.station_id) AS station, c.noted_at
     FROM person_conflicts c JOIN persons p ON p.id = c.person_id LEFT JOIN stations s ON s.station_id = c.station_id
     WHERE c.resolved_at IS NULL ${personId ? 'AND c.person_id = $1' : ''} ORDER BY p.id_number, c.field, s.name`,
    personId ? [personId] : [],
  );
  return r.rows.map((x) => ({
    personId: x.person_id,
    personName: x.person_name,
    idNumber: x.id_number,
    field: FIELD_NAMES[x.field] ?? x.field,
    hubValue: x.hub_value,
    stationValue: x.station_value,
    station: x.station,
    notedAt: iso(x.noted_at)!,
  }));
}

/** A person with every station's assessments, newest first, by names (stations, tools, levels, assessors). */
export async function hubPerson(client: pg.ClientBase, id: string): Promise<MethodOutput<'hub.person'>> {
  const p = (await client.query(`SELECT ${PERSON_COLUMNS} FROM persons p WHERE p.id = $1`, [id])).rows[0];
  if (!p) throw new ServiceError('NOT_FOUND', '数据中心没有这位老人');
  const a = await client.query(
    `SELECT f.assessment_id, coalesce(s.name, f.station_id) AS station, f.assessment_no, f.assessment_date, f.instrument_id, f.reason, f.status, f.total,
       lv.text AS level, cat.text AS category, u1.display_name AS assessor1, u2.display_name AS assessor2,
       EXISTS (SELECT 1 FROM reports r WHERE r.assessment_id = f.assessment_id) AS signed
     FROM assessment_facts f
     LEFT JOIN stations s ON s.station_id = f.station_id
     LEFT JOIN fact_texts lv ON lv.id = f.final_level_name_id
     LEFT JOIN fact_texts cat ON cat.id = f.category_name_id
     LEFT JOIN station_users u1 ON u1.station_id = f.station_id AND u1.user_id = f.assessor1_id
     LEFT JOIN station_users u2 ON u2.station_id = f.station_id AND u2.user_id = f.assessor2_id
     WHERE f.person_id = $1 ORDER BY f.assessment_date DESC, f.finalized_at DESC`,
    [id],
  );
  return {
    person: { ...personRow(p, false), economic: p.economic },
    assessments: a.rows.map((x) => ({
      id: x.assessment_id,
      station: x.station,
      assessmentNo: x.assessment_no,
      assessmentDate: x.assessment_date,
      instrument: getInstrument(x.instrument_id)?.title ?? x.instrument_id,
      reason: (ASSESSMENT_REASON_LABELS as Record<string, string>)[x.reason] ?? x.reason,
      status: x.status,
      total: x.total,
      level: x.level,
      category: x.category,
      assessors: [x.assessor1, x.assessor2].filter(Boolean).join('、') || null,
      signed: Boolean(x.signed),
    })),
    conflicts: await hubConflicts(client, id),
  };
}

/** A signed report as the station sent it, checked with that station's enrolled institution certificate (the same checkReport as `yiyang verify`). */
export async function hubReport(client: pg.ClientBase, assessmentId: string): Promise<MethodOutput<'hub.report'> & { verdict: ReportVerdict }> {
  const r = await client.query(
    `SELECT r.pdf, r.sha256, s.cert_pem, s.name, f.assessment_no FROM reports r
     JOIN assessments a ON a.id = r.assessment_id JOIN stations s ON s.station_id = a.station_id
     LEFT JOIN assessment_facts f ON f.assessment_id = r.assessment_id WHERE r.assessment_id = $1`,
    [assessmentId],
  );
  const row = r.rows[0] as { pdf: Buffer; sha256: string; cert_pem: string; name: string; assessment_no: string | null } | undefined;
  if (!row) throw new ServiceError('NOT_FOUND', '数据中心没有这份评估的签名报告');
  const checked = checkReport(row.pdf, { caPem: row.cert_pem });
  return {
    pdfBase64: row.pdf.toString('base64'),
    fileName: `评估报告-${row.assessment_no ?? assessmentId}-已签名.pdf`,
    sha256: row.sha256,
    station: row.name,
    ok: checked.ok,
    signatures: checked.signatures,
    summary: checked.summary,
    verdict: checked.verdict,
  };
}

/**
 * Any report PDF brought to the hub: checked with the enrolled certificate of the station
 * whose CA issued its signers' certificates (none: 'unchecked'); `storedAssessmentNo` when the
 * very file was sent by a station.
 */
export async function verifyAtHub(client: pg.ClientBase, pdf: Buffer, sha256: string): Promise<MethodOutput<'reports.verify'>> {
  const first = checkUploadedReport(pdf, {});
  const issuers = new Set(first.signatures.map((s) => s.issuer).filter((s): s is string => Boolean(s)));
  let checked = first;
  for (const st of (await client.query('SELECT cert_pem FROM stations')).rows as { cert_pem: string }[]) {
    let subject: string;
    try {
      subject = certificateInfo(st.cert_pem).subject;
    } catch {
      continue;
    }
    if (!issuers.has(subject)) continue;
    checked = checkUploadedReport(pdf, { caPem: st.cert_pem });
    if (checked.ok) break;
  }
  const stored = await client.query('SELECT f.assessment_no FROM reports r JOIN assessment_facts f ON f.assessment_id = r.assessment_id WHERE r.sha256 = $1 LIMIT 1', [sha256]);
  return { ok: checked.ok, signatures: checked.signatures, summary: checked.summary, storedAssessmentNo: stored.rows[0]?.assessment_no ?? null };
}
