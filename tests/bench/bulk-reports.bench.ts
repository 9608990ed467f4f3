// Bulk report rendering: 500 finalized reports rendered by the worker pool with one worker,
// then with one per core, in the same run (the ratio is the figure the machine can give).
//   node --import tsx tests/bench/bulk-reports.bench.ts
import { availableParallelism } from 'node:os';
import { Store } from '../../electron/core/db';
import { bulkReports } from '../../electron/core/reports/bulk-export';
import { BENCH_PASSWORD, emit, seededCopy } from './fixture';

const REPORTS = 500;

async function run(store: Store, workers: number): Promise<{ ms: number; count: number }> {
  const abort = new AbortController();
  let count = 0;
  const t = performance.now();
  try {
    for await (const _r of bulkReports(store, { via: 'bench', includeUnsigned: true, workers, signal: abort.signal })) {
      if (++count >= REPORTS) abort.abort();
    }
  } catch (err) {
    if (!(err instanceof Error && err.name === 'CancelledError')) throw err;
  }
  return { ms: performance.now() - t, count };
}

async function main(): Promise<void> {
  // ~2 assessments a person: 300 persons give more than 500 reports.
  const copy = await seededCopy(300);
  const store = await Store.open(copy.dataDir, 'admin', BENCH_PASSWORD, { client: 'bench' });
  try {
    const cores = availableParallelism();
    const one = await run(store, 1);
    const all = await run(store, cores);
    if (one.count < REPORTS || all.count < REPORTS) throw new Error(`only ${one.count}/${all.count} reports`);
    emit('reports.bulk500.oneWorker', one.ms / 1000, 's');
    emit(`reports.bulk500.allCores`, all.ms / 1000, 's');
    emit('reports.bulk500.cores', cores, 'cores');
    emit('reports.bulk500.speedup', one.ms / all.ms, 'x');
    emit('reports.bulk500.perReportAllCores', all.ms / REPORTS, 'ms');
  } finally {
    store.close();
    copy.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bulk-reports.bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
