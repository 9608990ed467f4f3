// Issue 15's figures, on a real PostgreSQL (a throw-away cluster, as the tests start, unless
// YIYANG_TEST_PG names a server):
//   - import rate: a station's bundle of ~10 000 assessments (5 000 seeded persons), in
//     assessments per second, with the export that made it;
//   - a synthetic district of 300 000 persons and 600 000 assessments across 100 stations:
//     the dashboard's numbers (target ≤ 500 ms), beside a bare scan of the same rows.
//   node --import tsx tests/bench/hub.bench.ts
import pg from 'pg';
import { Store } from '../../electron/core/db';
import { exportBundle } from '../../electron/core/exchange/station-export';
import { createHubKey } from '../../electron/hub/hub-key';
import { importBundle } from '../../electron/hub/import';
import { migrateHub } from '../../electron/hub/schema';
import { hubStats } from '../../electron/hub/stats';
import { everyAssessment, hubExportRows, hubExportXlsx } from '../../electron/hub/export';
import { Writable } from 'node:stream';
import { localToday } from '../../shared/policy/dates';
import { certificateSha256 } from '../../electron/core/exchange/bundle-file';
import { institutionCaCertificate } from '../../electron/core/signing/user-certificates';
import { startTestPostgres } from '../helpers/postgres';
import { BENCH_PASSWORD, emit, percentile, seededCopy } from './fixture';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

pg.types.setTypeParser(20, (v) => Number(v));

const STATION_PERSONS = Number(process.env.YIYANG_BENCH_STATION_PERSONS ?? 5_000);
const DISTRICT_PERSONS = Number(process.env.YIYANG_BENCH_DISTRICT_PERSONS ?? 300_000);
const HUB_PASSWORD = 'hub-bench-pass-1';

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

async function importRate(server: Awaited<ReturnType<typeof startTestPostgres>>): Promise<void> {
  const copy = await seededCopy(STATION_PERSONS);
  const work = mkdtempSync(path.join(os.tmpdir(), 'yiyang-bench-hub-'));
  const c = await connect(await server.createDatabase());
  try {
    await migrateHub(c);
    // The hub key with the cheap KDF the tests use would flatter nothing here: the real one, once.
    const { publicKeyPem } = await createHubKey(c, HUB_PASSWORD);
    const store = await Store.open(copy.dataDir, 'admin', BENCH_PASSWORD, { client: 'bench' });
    const file = path.join(work, 'station.yyxb');
    const t0 = performance.now();
    const out = exportBundle(store, file, publicKeyPem, 'last');
    const exportMs = performance.now() - t0;
    const cert = institutionCaCertificate(store)!;
    store.close();
    await c.query('INSERT INTO stations (cert_sha256, name, cert_pem) VALUES ($1, $2, $3)', [certificateSha256(cert), '基准站点', cert]);
    const bytes = readFileSync(file);
    const t1 = performance.now();
    const r = await importBundle(c, bytes, HUB_PASSWORD, 'bench');
    const importMs = performance.now() - t1;
    emit('hub.bundle.assessments', out.header.counts.assessments, 'assessments');
    emit('hub.bundle.persons', out.header.counts.persons, 'persons');
    emit('hub.bundle.bytes', statSync(file).size / 1048576, 'MiB');
    emit('hub.bundle.export', exportMs, 'ms');
    emit('hub.import', importMs, 'ms');
    emit('hub.import.rate', r.counts.assessments / (importMs / 1000), 'assessments/s');
    const t2 = performance.now();
    await importBundle(c, bytes, HUB_PASSWORD, 'bench');
    emit('hub.import.replay', performance.now() - t2, 'ms');
  } finally {
    await c.end();
    copy.cleanup();
    rmSync(work, { recursive: true, force: true });
  }
}

const DISTRICTS = ['丰泽区', '鲤城区', '洛江区', '泉港区', '石狮市', '晋江市', '南安市', '惠安县', '安溪县', '永春县', '德化县', '金门县'];

/** The district's tables filled by SQL: 12 districts, 120 townships, 100 stations, 2 assessments per person. */
export async function syntheticDistrict(c: pg.Client, persons: number): Promise<void> {
  await migrateHub(c);
  await c.query(`INSERT INTO fact_texts (text) SELECT unnest($1::text[])`, [DISTRICTS]);
  await c.query(`INSERT INTO fact_texts (text) SELECT '乡镇' || i FROM generate_series(1, 120) i`);
  await c.query(`INSERT INTO fact_texts (text) VALUES ('能力完好'), ('轻度失能'), ('中度失能'), ('重度失能'), ('完全失能'), ('普通老年人'), ('特困人员')`);
  // Persons: the second assessment is the latest; 2 % 特困 (half of them 集中供养), 10 % 低保.
  await c.query(
    `INSERT INTO persons (id, id_number, name, sex, birth_date, county, township, economic, tekun_mode, central_care_allowance, last_level, last_assessment_date, last_assessment_id, updated_at)
     SELECT 'p' || i, NULL, '某' || i, CASE WHEN i % 2 = 0 THEN '女' ELSE '男' END, '1945-01-01', d.text, t.text,
       CASE WHEN i % 50 = 0 THEN 'tekun' WHEN i % 10 = 0 THEN 'dibao' ELSE 'none' END,
       CASE WHEN i % 50 = 0 THEN CASE WHEN i % 100 = 0 THEN 'centralized' ELSE 'dispersed' END END, 0,
       (i * 7) % 5, to_char(date '2025-06-01' + (i % 540), 'YYYY-MM-DD'), 'a' || i || '-2', ''
     FROM generate_series(1, $1::int) i JOIN fact_texts d ON d.id = 1 + i % 12 JOIN fact_texts t ON t.id = 13 + i % 120`,
    [persons],
  );
  await c.query(
    `INSERT INTO assessment_facts (assessment_date, assessment_no, assessment_id, station_id, person_id, month, instrument_id, instrument_version, reason, status,
       total, final_level, category, care_subsidy, latest, pack_version, care_plan, assessor1_id, assessor2_id, finalized_at, signed_at,
       final_level_name_id, category_name_id, county_id, township_id)
     SELECT x.d, 'N' || i || '-' || k, 'a' || i || '-' || k, 's' || (i % 100), 'p' || i, substr(x.d, 1, 7),
       CASE WHEN i % 50 = 0 AND k = 1 THEN 'tekun-selfcare' ELSE 'gbt42195-2022' END, '2022', CASE WHEN k = 1 THEN 'first' ELSE 'routine' END,
       CASE WHEN i % 3 = 0 THEN 'signed' ELSE 'finalized' END, 40 + (i % 50), CASE WHEN i % 50 = 0 AND k = 1 THEN i % 3 ELSE (i * 7 + k) % 5 END,
       CASE WHEN i % 50 = 0 THEN 1 ELSE 5 END, CASE WHEN (i * 7) % 5 >= 2 THEN 1 ELSE 0 END, CASE WHEN k = 2 THEN 1 ELSE 0 END, '2022.2', NULL,
       'u' || (i % 300), 'u' || ((i + 1) % 300), x.d || 'T10:00:00.000Z', NULL,
       133 + (i * 7 + k) % 5, CASE WHEN i % 50 = 0 THEN 139 ELSE 138 END, 1 + i % 12, 13 + i % 120
     FROM generate_series(1, $1::int) i, generate_series(1, 2) k,
       LATERAL (SELECT to_char(date '2025-06-01' + (i % 540) - CASE WHEN k = 1 THEN 365 ELSE 0 END, 'YYYY-MM-DD') AS d) x`,
    [persons],
  );
  // What the export joins: each station's record of the person (phone, village, living situation) and the assessment rows.
  await c.query(
    `INSERT INTO station_persons (station_id, local_id, person_id, record, updated_at)
     SELECT 's' || (i % 100), 'l' || i, 'p' || i,
       jsonb_build_object('phone', '1390595' || lpad((i % 10000)::text, 4, '0'), 'village', '村' || (i % 500), 'address', '某路' || i || '号',
         'living_alone', (i % 7 = 0)::int, 'empty_nest', (i % 5 = 0)::int, 'left_behind', 0), ''
     FROM generate_series(1, $1::int) i`,
    [persons],
  );
  await c.query(
    `INSERT INTO assessments (id, station_id, person_id, local_person_id, status, assessment_date, record)
     SELECT f.assessment_id, f.station_id, f.person_id, 'l' || substr(f.person_id, 2), f.status, f.assessment_date, '{}'::jsonb FROM assessment_facts f`,
  );
  await c.query(`INSERT INTO station_users (station_id, user_id, display_name, role) SELECT 's' || (u % 100), 'u' || u, '评估员' || u, 'assessor' FROM generate_series(0, 299) u`);
  await c.query(`INSERT INTO stations (cert_sha256, name, cert_pem, station_id, last_sequence) SELECT md5('s' || s), '站点' || s, '', 's' || s, 1 FROM generate_series(0, 99) s`);
  await c.query('VACUUM ANALYZE');
}

async function district(server: Awaited<ReturnType<typeof startTestPostgres>>): Promise<void> {
  const url = await server.createDatabase();
  const c = await connect(url);
  try {
    const t0 = performance.now();
    await syntheticDistrict(c, DISTRICT_PERSONS);
    emit('hub.district.build', performance.now() - t0, 'ms');
    const rows = Number((await c.query('SELECT count(*) AS n FROM assessment_facts')).rows[0].n);
    emit('hub.district.assessments', rows, 'assessments');
    const today = localToday();
    const time = async (fn: () => Promise<unknown>, runs = 7) => {
      await fn();
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await fn();
        ms.push(performance.now() - t);
      }
      return percentile(ms, 50);
    };
    // The baseline: every fact row read once, nothing grouped.
    emit('hub.district.bareScan', await time(() => c.query('SELECT count(*), sum(final_level), max(month) FROM assessment_facts')), 'ms');
    const all = await hubStats(c, {}, today);
    if (all.assessments !== rows) throw new Error(`dashboard counted ${all.assessments} of ${rows}`);
    // As `hub stats` runs it: two connections on one snapshot; and on one, for comparison.
    const helper = await connect(url);
    const filters = { all: {}, district: { county: '晋江市' }, year: { from: '2025-01-01', to: '2025-12-31' } };
    for (const [name, f] of Object.entries(filters)) {
      emit(`hub.district.dashboard.${name}`, await time(() => hubStats(c, f, today, { helpers: [helper] })), 'ms');
      emit(`hub.district.dashboard.${name}.oneConnection`, await time(() => hubStats(c, f, today)), 'ms');
    }
    await helper.end();

    // The full XLSX export beside a bare read of the same rows (the same pages, no formatting), one run each.
    const tb = performance.now();
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let bare = 0;
    for await (const r of hubExportRows(c, everyAssessment({}))) if (r.personId) bare++;
    await c.query('COMMIT');
    const bareMs = performance.now() - tb;
    emit('hub.district.export.bareRead', bareMs, 'ms');
    let bytes = 0;
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((bytes += chunk.length), done()) });
    const rssBefore = process.memoryUsage().rss;
    const tx = performance.now();
    const written = await hubExportXlsx(c, {}, sink, { user: 'bench', filters: [] });
    const xlsxMs = performance.now() - tx;
    if (written.rows !== bare || bare !== rows) throw new Error(`export wrote ${written.rows}, read ${bare}, of ${rows}`);
    emit('hub.district.export.xlsx', xlsxMs, 'ms');
    emit('hub.district.export.xlsx.ratio', xlsxMs / bareMs, 'x');
    emit('hub.district.export.xlsx.size', bytes / 1048576, 'MiB');
    emit('hub.district.export.rssGrowth', (process.memoryUsage().rss - rssBefore) / 1048576, 'MiB');
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const server = await startTestPostgres();
  try {
    // YIYANG_BENCH_HUB=import or =district runs one half.
    const part = process.env['YIYANG_BENCH_HUB'];
    if (part !== 'district') await importRate(server);
    if (part !== 'import') await district(server);
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === __filename)
  void main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
