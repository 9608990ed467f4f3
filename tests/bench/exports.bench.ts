// Issue 12's targets at 100 000 seeded persons (1–3 assessments each):
//   XLSX export ≤ 10 s and ≤ 300 MB RSS, CSV ≤ 3 s, each beside a bare read of the same rows
//   (the baseline, same run; the ratio is reported); dashboard numbers ≤ 200 ms; other calls
//   answered within 200 ms while an export runs (it runs in a worker).
//   node --import tsx tests/bench/exports.bench.ts
// Each export is measured in a child process of its own, so its peak RSS is its own.
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { createAppCore } from '../../electron/core/app/core';
import { silentLogger } from '../../electron/core/app/log';
import { Store } from '../../electron/core/db';
import { runExport } from '../../electron/core/exports/export';
import { exportRequest } from '../../electron/core/exports/request';
import { EXPORT_CACHE_MIB } from '../../electron/core/jobs/tasks';
import { selectionRows } from '../../electron/core/exports/rows';
import { dashboardStats } from '../../electron/core/stats/dashboard';
import { localToday } from '../../shared/policy/dates';
import { BENCH_PASSWORD, emit, percentile, seededCopy } from './fixture';

const PERSONS = Number(process.env.YIYANG_BENCH_PERSONS ?? 100_000);

/** Child mode: one export (or the bare read) of the whole store, timed, with this process's peak RSS. */
async function child(dataDir: string, what: 'xlsx' | 'csv' | 'bare'): Promise<void> {
  const store = await Store.open(dataDir, 'admin', BENCH_PASSWORD, { client: 'bench' });
  // As the export's worker sets it (tasks.ts scanCache), for the baseline as for the exports.
  store.db.pragma(`cache_size = -${EXPORT_CACHE_MIB * 1024}`);
  const request = exportRequest(store, { filter: {}, format: what === 'bare' ? 'csv' : what }, 'bench');
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  let rows = 0;
  if (what === 'bare') {
    store.db.prepare('BEGIN').run();
    for (const r of selectionRows(store.db, request.selection)) if (r.personId) rows++;
    store.db.prepare('COMMIT').run();
  } else {
    // Bytes are counted and dropped: what is measured is reading, formatting and compressing.
    let bytes = 0;
    const sink = new Writable({ write: (c: Buffer, _e, done) => ((bytes += c.length), done()) });
    rows = (await runExport(store.db, request, sink, () => {})).rows;
    process.stderr.write(`${what}: ${(bytes / 1048576).toFixed(1)} MiB\n`);
  }
  const ms = performance.now() - t0;
  store.close();
  process.stdout.write(JSON.stringify({ ms, rows, maxRssMB: process.resourceUsage().maxRSS / 1024, rssBeforeMB: rssBefore / 1048576 }) + '\n');
}

function measure(dataDir: string, what: 'xlsx' | 'csv' | 'bare'): { ms: number; rows: number; maxRssMB: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', dataDir, what], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${what} child failed`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const copy = await seededCopy(PERSONS);
  try {
    const bare = measure(copy.dataDir, 'bare');
    const csv = measure(copy.dataDir, 'csv');
    const xlsx = measure(copy.dataDir, 'xlsx');
    emit(`export.${PERSONS}.rows`, bare.rows, 'rows');
    emit(`export.${PERSONS}.bareQuery`, bare.ms, 'ms');
    emit(`export.${PERSONS}.csv`, csv.ms, 'ms');
    emit(`export.${PERSONS}.csv.ratioToBareQuery`, csv.ms / bare.ms, 'x');
    emit(`export.${PERSONS}.xlsx`, xlsx.ms, 'ms');
    emit(`export.${PERSONS}.xlsx.ratioToBareQuery`, xlsx.ms / bare.ms, 'x');
    emit(`export.${PERSONS}.xlsx.peakRss`, xlsx.maxRssMB, 'MB');
    emit(`export.${PERSONS}.csv.peakRss`, csv.maxRssMB, 'MB');
    emit(`export.${PERSONS}.bareQuery.peakRss`, bare.maxRssMB, 'MB');

    // The dashboard's queries as its worker runs them (with the scan cache), with and without filters.
    const store = await Store.open(copy.dataDir, 'admin', BENCH_PASSWORD, { client: 'bench' });
    store.db.pragma('cache_size = -262144');
    for (const [label, filter] of [['all', {}], ['district', { county: '晋江市' }], ['year', { from: '2026-01-01', to: '2026-12-31' }]] as const) {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t = performance.now();
        dashboardStats(store.db, filter, localToday(), 12);
        times.push(performance.now() - t);
      }
      emit(`dashboard.${PERSONS}.${label}.median`, percentile(times, 50), 'ms');
      emit(`dashboard.${PERSONS}.${label}.max`, Math.max(...times), 'ms');
    }
    store.close();

    // Other calls while the app's export runs in its worker.
    const core = createAppCore({ dataDir: copy.dataDir, mode: 'cli', logger: silentLogger, autoBackup: { keep: 7, checkEveryMs: 3_600_000, afterLoginMs: 3_600_000 } });
    try {
      const login = await core.dispatcher.call('session.login', { input: { username: 'admin', password: BENCH_PASSWORD } }, 'test');
      if (!login.ok) throw new Error(login.error.message);
      const session = (login.value as { session: string }).session;
      // The dashboard through the contract: in its worker, end to end.
      const dash: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const r = await core.dispatcher.call('stats.dashboard', { input: { filter: {} }, session }, 'test');
        if (!r.ok) throw new Error(r.error.message);
        dash.push(performance.now() - t);
      }
      emit(`dashboard.${PERSONS}.contract.median`, percentile(dash, 50), 'ms');
      const started = await core.dispatcher.call('exports.start', { input: { format: 'xlsx' }, session }, 'test');
      if (!started.ok) throw new Error(started.error.message);
      const id = (started.value as { id: string }).id;
      let worst = 0;
      let calls = 0;
      const t0 = performance.now();
      for (;;) {
        const t = performance.now();
        const job = await core.dispatcher.call('jobs.get', { input: { id }, session }, 'test');
        await core.dispatcher.call('app.info', { input: {} }, 'test');
        worst = Math.max(worst, performance.now() - t);
        calls++;
        if (!job.ok || (job.value as { state: string }).state !== 'running') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      emit(`export.${PERSONS}.app.duration`, performance.now() - t0, 'ms');
      emit(`export.${PERSONS}.app.otherCallsMaxWait`, worst, 'ms');
      emit(`export.${PERSONS}.app.callsAnswered`, calls, 'calls');
    } finally {
      core.close();
    }
  } finally {
    copy.cleanup();
  }
}

if (process.argv[2] === '--child') void child(process.argv[3]!, process.argv[4] as 'xlsx' | 'csv' | 'bare');
else
  void main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
