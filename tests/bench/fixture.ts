// A seeded store shared by the benchmarks: seeding 100 000 persons takes half a minute, so
// the first bench that needs it builds it once under the temp folder (keyed by size, seed and
// schema version) and every bench works on its own copy.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION, Store } from '../../electron/core/db';
import { seedStore } from '../../electron/core/seed/seed';

export const BENCH_PASSWORD = 'bench-password-1';

export function emit(name: string, value: number, unit: string): void {
  process.stdout.write(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit }) + '\n');
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A fresh copy of a store seeded with `persons` people (1–3 finalized assessments each); remove it with `cleanup`. */
export async function seededCopy(persons: number): Promise<{ dataDir: string; cleanup(): void }> {
  const base = path.join(os.tmpdir(), `yiyang-bench-seeded-${persons}-v${LATEST_SCHEMA_VERSION}`);
  if (!existsSync(path.join(base, 'keys.json'))) {
    rmSync(base, { recursive: true, force: true });
    const { store } = await Store.init(base, { institutionName: '基准测试机构', institutionCode: 'BENCH', adminUsername: 'admin', adminPassword: BENCH_PASSWORD });
    seedStore(store, {
      persons,
      seed: 20240601,
      onProgress: (done, total) => {
        if (done % 20_000 === 0 || done === total) process.stderr.write(`seeded ${done}/${total}\n`);
      },
    });
    store.close();
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-bench-copy-'));
  const dataDir = path.join(dir, 'data');
  cpSync(base, dataDir, { recursive: true });
  return { dataDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
