import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { readBundle, BundleError, certificateSha256 } from '../core/exchange/bundle-file';
import type { BundlePayload } from '../core/exchange/station-export';
import { appendHubAudit } from './audit';
import { openHubKey } from './hub-key';
import { HubError } from './schema';

export interface ImportOutcome {
  bundleId: string;
  station: string;
  sequence: number;
  /** 'imported', or 'replay' for a bundle already in (nothing changed). */
  status: 'imported' | 'replay';
  /** Sequence numbers missing before this one (bundles not yet imported), if any. */
  gap: { from: number; to: number } | null;
  counts: { persons: number; assessments: number; reports: number; audit: number; conflicts: number };
}

const CHUNK = 2000;

/** Rows into a table in chunks, through one jsonb parameter per chunk (one round trip for thousands of rows). */
async function bulk(client: pg.ClientBase, rows: unknown[], sql: string): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await client.query(sql, [JSON.stringify(rows.slice(i, i + CHUNK))]);
}

/**
 * Imports one bundle: the station must be enrolled and its signature good before anything is
 * decrypted; then everything goes in one transaction, idempotently (a bundle imported twice
 * changes nothing; one that overlaps another upserts the same rows). Persons are matched
 * across stations by ID number; a name, sex or birth date that disagrees is listed in
 * person_conflicts and the hub's value kept.
 */
export async function importBundle(client: pg.ClientBase, bytes: Buffer, password: string, actor: string | null): Promise<ImportOutcome> {
  let opened;
  try {
    opened = readBundle(bytes);
  } catch (err) {
    throw new HubError(err instanceof Error ? err.message : String(err));
  }
  const h = opened.header;
  let certSha: string;
  try {
    certSha = certificateSha256(h.stationCertPem);
  } catch {
    throw new HubError('数据包中的站点证书无效');
  }
  const st = await client.query('SELECT cert_sha256, name, cert_pem, station_id, last_sequence FROM stations WHERE cert_sha256 = $1', [certSha]);
  const station = st.rows[0] as { cert_sha256: string; name: string; cert_pem: string; station_id: string | null; last_sequence: number } | undefined;
  if (!station) throw new HubError(`数据包来自未登记的站点（证书 SHA-256 ${certSha.slice(0, 16)}…），请先用 yiyang hub station add 登记`);
  try {
    opened.verifySignature(station.cert_pem);
  } catch (err) {
    throw new HubError(err instanceof BundleError ? err.message : '数据包签名无效');
  }
  if (station.station_id && station.station_id !== h.stationId) throw new HubError(`数据包的站点编号与登记的不符（${station.name}）`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const base = { bundleId: h.bundleId, station: station.name, sequence: h.sequence };
  const seen = await client.query('SELECT sha256 FROM bundles WHERE bundle_id = $1', [h.bundleId]);
  if (seen.rows[0]) return { ...base, status: 'replay', gap: null, counts: { persons: 0, assessments: 0, reports: 0, audit: 0, conflicts: 0 } };
  const taken = await client.query('SELECT bundle_id FROM bundles WHERE station_cert = $1 AND sequence = $2', [certSha, h.sequence]);
  if (taken.rows[0]) throw new HubError(`${station.name} 的第 ${h.sequence} 号数据包已导入过另一份（${taken.rows[0].bundle_id}），请核实`);

  const payload = opened.decrypt(await openHubKey(client, h.hubKeySha256, password)) as BundlePayload;
  const sid = h.stationId;

  await client.query('BEGIN');
  try {
    // Imports of one station never interleave (sequence bookkeeping); other stations go on.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [certSha]);
    const { conflicts, touched } = await upsertPersons(client, sid, payload.persons);
    const personIds = await hubPersonIds(client, sid, [...new Set(payload.assessments.map((a) => String(a['person_id'])))]);
    await bulk(
      client,
      payload.assessments.map((a) => ({ id: a['id'], station_id: sid, person_id: personIds.get(String(a['person_id'])), local_person_id: a['person_id'], status: a['status'], assessment_date: a['assessment_date'], record: a })),
      `INSERT INTO assessments (id, station_id, person_id, local_person_id, status, assessment_date, record)
       SELECT id, station_id, person_id, local_person_id, status, assessment_date, record FROM jsonb_to_recordset($1::jsonb)
         AS x(id text, station_id text, person_id text, local_person_id text, status text, assessment_date text, record jsonb)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`,
    );
    await bulk(
      client,
      payload.reports,
      `INSERT INTO reports (assessment_id, sha256, pdf)
       SELECT "assessmentId", sha256, decode("pdfBase64", 'base64') FROM jsonb_to_recordset($1::jsonb) AS x("assessmentId" text, sha256 text, "pdfBase64" text)
       ON CONFLICT (assessment_id) DO NOTHING`,
    );
    await upsertFacts(client, sid, payload, personIds);
    await bulk(
      client,
      payload.audit.map((r) => ({ station_id: sid, seq: r['seq'], row: r })),
      `INSERT INTO station_audit (station_id, seq, row) SELECT station_id, seq, row FROM jsonb_to_recordset($1::jsonb) AS x(station_id text, seq bigint, row jsonb)
       ON CONFLICT DO NOTHING`,
    );
    await bulk(
      client,
      (payload.users ?? []).map((u) => ({ station_id: sid, ...u })),
      `INSERT INTO station_users (station_id, user_id, display_name, role)
       SELECT station_id, id, "displayName", role FROM jsonb_to_recordset($1::jsonb) AS x(station_id text, id text, "displayName" text, role text)
       ON CONFLICT (station_id, user_id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role`,
    );
    await bulk(
      client,
      (payload.carePlanChanges ?? []).map((c) => ({ ...c, station_id: sid })),
      `INSERT INTO station_care_plan_changes (station_id, seq, assessment_id, kind, service_id, text, user_id, at)
       SELECT station_id, seq, assessment_id, kind, service_id, text, user_id, at FROM jsonb_to_recordset($1::jsonb)
         AS x(station_id text, seq bigint, assessment_id text, kind text, service_id text, text text, user_id text, at text)
       ON CONFLICT DO NOTHING`,
    );
    // Everyone this bundle touched: a person's latest can change without a new assessment (one superseded at the station).
    await refreshLatest(client, [...new Set([...touched, ...personIds.values()])]);
    await client.query('INSERT INTO bundles (bundle_id, station_cert, sequence, range, counts, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      h.bundleId,
      certSha,
      h.sequence,
      JSON.stringify(h.range),
      JSON.stringify(h.counts),
      sha256,
      h.createdAt,
    ]);
    await client.query('UPDATE stations SET station_id = $2, last_sequence = greatest(last_sequence, $3), last_bundle_at = now() WHERE cert_sha256 = $1', [certSha, sid, h.sequence]);
    const counts = { persons: payload.persons.length, assessments: payload.assessments.length, reports: payload.reports.length, audit: payload.audit.length, conflicts };
    await appendHubAudit(client, actor, { action: 'bundle.import', entity: 'station', entityId: sid, detail: { bundleId: h.bundleId, sequence: h.sequence, sha256, ...counts } });
    await client.query('COMMIT');
    // Every number before this one that the hub has not seen.
    const missing = await client.query(
      `SELECT s AS n FROM generate_series(1, $2::int - 1) s WHERE NOT EXISTS (SELECT 1 FROM bundles b WHERE b.station_cert = $1 AND b.sequence = s) ORDER BY s`,
      [certSha, h.sequence],
    );
    const gaps = missing.rows.map((r) => Number(r.n));
    return { ...base, status: 'imported', gap: gaps.length ? { from: gaps[0]!, to: gaps[gaps.length - 1]! } : null, counts };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

interface HubPerson {
  id: string;
  id_number: string | null;
  name: string;
  sex: string;
  birth_date: string;
}

const IDENTITY_FIELDS = [
  ['name', 'name'],
  ['sex', 'sex'],
  ['birth_date', 'birth_date'],
] as const;

/** Links each station person to a district person (by mapping, then ID number, else a new one); returns the conflicts listed and the district persons touched. */
async function upsertPersons(client: pg.ClientBase, sid: string, persons: Record<string, unknown>[]): Promise<{ conflicts: number; touched: string[] }> {
  if (persons.length === 0) return { conflicts: 0, touched: [] };
  const mapped = await hubPersonIds(client, sid, persons.map((p) => String(p['id'])));
  const numbers = persons.map((p) => p['id_number']).filter((n): n is string => typeof n === 'string' && n !== '');
  const byNumber = new Map<string, HubPerson>();
  for (let i = 0; i < numbers.length; i += CHUNK) {
    const r = await client.query('SELECT id, id_number, name, sex, birth_date FROM persons WHERE id_number = ANY($1)', [numbers.slice(i, i + CHUNK)]);
    for (const row of r.rows as HubPerson[]) byNumber.set(row.id_number!, row);
  }
  const fresh: Record<string, unknown>[] = [];
  const links: { station_id: string; local_id: string; person_id: string; record: unknown; updated_at: unknown }[] = [];
  const conflicts: Record<string, unknown>[] = [];
  for (const p of persons) {
    const localId = String(p['id']);
    const idNumber = typeof p['id_number'] === 'string' && p['id_number'] ? p['id_number'] : null;
    let personId = mapped.get(localId);
    const known = idNumber ? byNumber.get(idNumber) : undefined;
    if (!personId && known) personId = known.id;
    if (!personId) {
      personId = randomUUID();
      const row = { id: personId, id_number: idNumber, name: p['name'], sex: p['sex'], birth_date: p['birth_date'] };
      fresh.push(row);
      if (idNumber) byNumber.set(idNumber, row as HubPerson);
    } else if (known) {
      for (const [hubField, stationField] of IDENTITY_FIELDS) {
        if (String(known[hubField]) !== String(p[stationField]))
          conflicts.push({ person_id: known.id, station_id: sid, local_id: localId, field: hubField, hub_value: known[hubField], station_value: p[stationField] });
      }
    }
    links.push({ station_id: sid, local_id: localId, person_id: personId, record: p, updated_at: p['updated_at'] });
  }
  await bulk(
    client,
    fresh.map((r) => ({ ...r, updated_at: '' })),
    `INSERT INTO persons (id, id_number, name, sex, birth_date, updated_at)
     SELECT id, id_number, name, sex, birth_date, updated_at FROM jsonb_to_recordset($1::jsonb) AS x(id text, id_number text, name text, sex text, birth_date text, updated_at text)`,
  );
  await bulk(
    client,
    links,
    `INSERT INTO station_persons (station_id, local_id, person_id, record, updated_at)
     SELECT station_id, local_id, person_id, record, updated_at FROM jsonb_to_recordset($1::jsonb) AS x(station_id text, local_id text, person_id text, record jsonb, updated_at text)
     ON CONFLICT (station_id, local_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at
       WHERE station_persons.updated_at <= excluded.updated_at`,
  );
  await bulk(
    client,
    conflicts,
    `INSERT INTO person_conflicts (person_id, station_id, local_id, field, hub_value, station_value)
     SELECT person_id, station_id, local_id, field, hub_value, station_value FROM jsonb_to_recordset($1::jsonb)
       AS x(person_id text, station_id text, local_id text, field text, hub_value text, station_value text)
     ON CONFLICT DO NOTHING`,
  );
  // Where a person lives and what support they have: the most recently changed station record says.
  await client.query(
    `UPDATE persons p SET county = r.county, township = r.township, economic = r.economic, tekun_mode = r.tekun_mode,
       central_care_allowance = r.central_care_allowance, updated_at = r.updated_at
     FROM (
       SELECT DISTINCT ON (sp.person_id) sp.person_id, sp.record->>'county' AS county, sp.record->>'township' AS township,
         coalesce(sp.record->>'economic', 'none') AS economic, sp.record->>'tekun_mode' AS tekun_mode,
         coalesce((sp.record->>'central_care_allowance')::int, 0) AS central_care_allowance, sp.updated_at
       FROM station_persons sp WHERE sp.person_id = ANY($1)
       ORDER BY sp.person_id, sp.updated_at DESC, sp.station_id
     ) r WHERE p.id = r.person_id`,
    [[...new Set(links.map((l) => l.person_id))]],
  );
  return { conflicts: conflicts.length, touched: [...new Set(links.map((l) => l.person_id))] };
}

async function hubPersonIds(client: pg.ClientBase, sid: string, localIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < localIds.length; i += CHUNK) {
    const r = await client.query('SELECT local_id, person_id FROM station_persons WHERE station_id = $1 AND local_id = ANY($2)', [sid, localIds.slice(i, i + CHUNK)]);
    for (const row of r.rows as { local_id: string; person_id: string }[]) out.set(row.local_id, row.person_id);
  }
  return out;
}

const TEXT_COLUMNS = ['preliminary_level_name_id', 'final_level_name_id', 'indicators_id', 'adjustments_id', 'category_name_id', 'entitlements_id', 'pack_title_id', 'county_id', 'township_id'];

/** The facts with the hub's own text numbers and person ids. */
async function upsertFacts(client: pg.ClientBase, sid: string, payload: BundlePayload, personIds: Map<string, string>): Promise<void> {
  if (payload.facts.length === 0) return;
  const texts = payload.texts.map(([, t]) => t);
  await client.query('INSERT INTO fact_texts (text) SELECT unnest($1::text[]) ON CONFLICT (text) DO NOTHING', [texts]);
  const hubIds = new Map<string, number>();
  for (const row of (await client.query('SELECT id, text FROM fact_texts WHERE text = ANY($1)', [texts])).rows as { id: number; text: string }[]) hubIds.set(row.text, row.id);
  const local = new Map(payload.texts);
  const rows = payload.facts.map((f) => {
    const out: Record<string, unknown> = { ...f, station_id: sid, person_id: personIds.get(String(f['person_id'])), latest: 0 };
    for (const c of TEXT_COLUMNS) out[c] = typeof f[c] === 'number' ? (hubIds.get(local.get(f[c] as number)!) ?? null) : null;
    return out;
  });
  await bulk(
    client,
    rows,
    `INSERT INTO assessment_facts
     SELECT assessment_date, assessment_no, assessment_id, station_id, person_id, month, instrument_id, instrument_version, reason, status, total, final_level,
       category, care_subsidy, latest, pack_version, care_plan, assessor1_id, assessor2_id, finalized_at, signed_at, preliminary_level_name_id,
       final_level_name_id, indicators_id, adjustments_id, category_name_id, entitlements_id, pack_title_id, county_id, township_id
     FROM jsonb_to_recordset($1::jsonb) AS x(assessment_date text, assessment_no text, assessment_id text, station_id text, person_id text, month text,
       instrument_id text, instrument_version text, reason text, status text, total integer, final_level integer, category integer, care_subsidy integer,
       latest integer, pack_version text, care_plan text, assessor1_id text, assessor2_id text, finalized_at text, signed_at text,
       preliminary_level_name_id integer, final_level_name_id integer, indicators_id integer, adjustments_id integer, category_name_id integer,
       entitlements_id integer, pack_title_id integer, county_id integer, township_id integer)
     ON CONFLICT (assessment_id) DO UPDATE SET status = excluded.status, signed_at = excluded.signed_at, county_id = excluded.county_id, township_id = excluded.township_id`,
  );
}

/** A person's latest assessment across every station: their level, its date, and the facts' `latest` mark. */
async function refreshLatest(client: pg.ClientBase, personIds: string[]): Promise<void> {
  for (let i = 0; i < personIds.length; i += CHUNK) {
    const ids = personIds.slice(i, i + CHUNK);
    await client.query(
      `UPDATE persons p SET last_level = r.level, last_assessment_date = r.date, last_assessment_id = r.id
       FROM (
         SELECT DISTINCT ON (sp.person_id) sp.person_id, (sp.record->>'last_level')::int AS level, sp.record->>'last_assessment_date' AS date,
           sp.record->>'last_assessment_id' AS id
         FROM station_persons sp WHERE sp.person_id = ANY($1) AND sp.record->>'last_assessment_date' IS NOT NULL
         ORDER BY sp.person_id, sp.record->>'last_assessment_date' DESC, sp.updated_at DESC
       ) r WHERE p.id = r.person_id`,
      [ids],
    );
    await client.query(
      `UPDATE assessment_facts f SET latest = CASE WHEN f.assessment_id = p.last_assessment_id THEN 1 ELSE 0 END
       FROM persons p WHERE f.person_id = p.id AND p.id = ANY($1)`,
      [ids],
    );
  }
}
