// Filtered person lists at 100 000 persons (district, township, level, due, district + level):
// p95 with the schema's covering indexes, against the same store without them at the default
// 16 MiB page cache and with a 256 MiB one (the two remedies the review proposed).
//   node --import tsx tests/bench/person-lists.bench.ts
import { Store } from '../../electron/core/db';
import { mulberry32 } from '../../shared/util/prng';
import { BENCH_PASSWORD, emit, percentile, seededCopy } from './fixture';

const PERSONS = Number(process.env.YIYANG_BENCH_PERSONS ?? 100_000);
const RUNS = 200;

async function measure(variant: 'covering' | 'plain16' | 'plain256'): Promise<void> {
  const copy = await seededCopy(PERSONS);
  const store = await Store.open(copy.dataDir, 'admin', BENCH_PASSWORD, { client: 'bench' });
  try {
    if (variant !== 'covering') {
      for (const i of ['persons_county_name', 'persons_township_name', 'persons_level_name', 'persons_county_level_name', 'persons_township_level_name']) store.db.exec(`DROP INDEX ${i}`);
      store.db.exec('CREATE INDEX persons_area ON persons (county, township); CREATE INDEX persons_last_level ON persons (last_level);');
    }
    if (variant === 'plain256') store.db.pragma('cache_size = -262144');
    const counties = (store.db.prepare('SELECT DISTINCT county FROM persons').all() as { county: string }[]).map((r) => r.county);
    const towns = (store.db.prepare('SELECT DISTINCT township FROM persons').all() as { township: string }[]).map((r) => r.township);
    const rnd = mulberry32(11);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const cases: Record<string, () => Record<string, unknown>> = {
      county: () => ({ county: pick(counties) }),
      township: () => ({ township: pick(towns) }),
      level: () => ({ lastLevel: Math.floor(rnd() * 5) }),
      due: () => ({ reassessmentDue: true }),
      countyLevel: () => ({ county: pick(counties), lastLevel: Math.floor(rnd() * 5) }),
    };
    for (const [name, make] of Object.entries(cases)) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const query = { ...make(), limit: 20, offset: Math.floor(rnd() * 5) * 20 };
        const t = performance.now();
        store.persons.search(query);
        times.push(performance.now() - t);
      }
      emit(`persons.list.${name}.p95.${variant}`, percentile(times, 95), 'ms');
    }
  } finally {
    store.close();
    copy.cleanup();
  }
}

async function main(): Promise<void> {
  await measure('covering');
  await measure('plain16');
  await measure('plain256');
}

main().catch((err: unknown) => {
  process.stderr.write(`person-lists.bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
