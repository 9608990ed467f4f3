// Store at 100 000 persons: seeding throughput, open + migrate, prefix searches.
// Run from the repo root: node --import tsx tests/bench/store.bench.ts
// stdout carries only {"name","value","unit"} lines; progress goes to stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../../electron/core/db';
import { seedStore } from '../../electron/core/seed/seed';
import { mulberry32 } from '../../shared/util/prng';

const PERSONS = Number(process.env.YIYANG_BENCH_PERSONS ?? 100_000);
const SEARCHES = 500;
const PASSWORD = 'bench-password-1';

function emit(name: string, value: number, unit: string): void {
  process.stdout.write(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit }) + '\n');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}



async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-bench-store-'));
  const dataDir = path.join(dir, 'data');
  try {
    const { store } = await Store.init(dataDir, { institutionName: '基准测试机构', institutionCode: 'BENCH', adminUsername: 'admin', adminPassword: PASSWORD });
    const seeded = seedStore(store, {
      persons: PERSONS,
      seed: 20240601,
      batchSize: 1000,
      onProgress: (done, total) => {
        if (done % 10_000 === 0 || done === total) process.stderr.write(`seeded ${done}/${total}\n`);
      },
    });
    store.close();
    emit('store.seed.personsPerSecond', Math.round((seeded.persons / seeded.ms) * 1000), 'persons/s');

    const opens: number[] = [];
    let s: Store | undefined;
    for (let i = 0; i < 3; i++) {
      s?.close();
      const t = performance.now();
      s = await Store.open(dataDir, 'admin', PASSWORD, { client: 'bench' });
      opens.push(performance.now() - t);
    }
    opens.sort((a, b) => a - b);
    emit('store.openAndMigrate100k', percentile(opens, 50), 'ms');
    const store2 = s!;

    const rand = mulberry32(7);
    const sample = store2.db.prepare('SELECT name, name_initials AS ini, id_number AS idn FROM persons ORDER BY random() LIMIT ?').all(SEARCHES * 3) as {
      name: string;
      ini: string;
      idn: string;
    }[];
    const queries = {
      namePrefix: sample.slice(0, SEARCHES).map((p) => [...p.name].slice(0, 1 + Math.floor(rand() * 2)).join('')),
      idPrefix: sample.slice(SEARCHES, 2 * SEARCHES).map((p) => p.idn.slice(0, 6 + Math.floor(rand() * 7))),
      initials: sample.slice(2 * SEARCHES).map((p) => p.ini.slice(0, 1 + Math.floor(rand() * 3))),
    };
    // Warm the page cache the way a running app would have it.
    for (const q of queries.namePrefix.slice(0, 20)) store2.persons.search({ query: q, limit: 20 });
    const timings: Record<string, number[]> = {};
    for (const [kind, list] of Object.entries(queries)) {
      const times: number[] = [];
      for (const query of list) {
        const t = performance.now();
        store2.persons.search({ query, limit: 20 });
        times.push(performance.now() - t);
      }
      timings[kind] = times.sort((a, b) => a - b);
    }
    store2.close();
    emit('store.search.namePrefix.p50', percentile(timings['namePrefix']!, 50), 'ms');
    emit('store.search.namePrefix.p95', percentile(timings['namePrefix']!, 95), 'ms');
    emit('store.search.idPrefix.p50', percentile(timings['idPrefix']!, 50), 'ms');
    emit('store.search.idPrefix.p95', percentile(timings['idPrefix']!, 95), 'ms');
    emit('store.search.initials.p95', percentile(timings['initials']!, 95), 'ms');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`store.bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
