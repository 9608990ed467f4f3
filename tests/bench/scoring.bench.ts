// Scoring throughput, in-process and through `yiyang score --jsonl`.
//   node --import tsx tests/bench/scoring.bench.ts        (from the repo root, after npm run build)
// Prints one JSON object per figure on stdout and nothing else; notes go to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GBT42195_2022 } from '../../shared/instruments';
import { scoreAssessment } from '../../shared/scoring';
import { prng, randomCase } from '../helpers/scoring-cases';

const root = process.cwd();

function report(name: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ name, value, unit })}\n`);
}

function makeCases(n: number, seed: number): unknown[] {
  const random = prng(seed);
  // Through JSON, so the engine sees the plain objects a parser produces.
  return Array.from({ length: n }, () => JSON.parse(JSON.stringify(randomCase(random))) as unknown);
}

function inProcess(): void {
  const cases = makeCases(20_000, 1);
  let sink = 0;
  const pass = (): void => {
    for (const c of cases) {
      const r = scoreAssessment(GBT42195_2022, c);
      if (!r.ok) throw new Error(`benchmark case rejected: ${JSON.stringify(r.errors[0])}`);
      sink += r.result.finalLevel;
    }
  };
  pass(); // warm-up: lets the JIT settle before timing
  let scored = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 2000) {
    pass();
    scored += cases.length;
    elapsed = performance.now() - start;
  }
  if (sink < 0) process.stderr.write('unreachable\n');
  report('scoring.inProcess.casesPerSecond', Math.round((scored / elapsed) * 1000), 'cases/s');
}

function cli(): void {
  if (!existsSync(path.join(root, 'dist-electron', 'cli.js'))) {
    process.stderr.write('scoring.cli.jsonl10k skipped: dist-electron/cli.js not found (run npm run build)\n');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'yiyang-bench-'));
  try {
    const file = path.join(dir, 'cases.jsonl');
    const n = 10_000;
    writeFileSync(file, `${makeCases(n, 2).map((c) => JSON.stringify(c)).join('\n')}\n`);
    const start = performance.now();
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'yiyang.js'), 'score', '--jsonl', file], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const seconds = (performance.now() - start) / 1000;
    const lines = run.stdout ? run.stdout.split('\n').filter((l) => l !== '').length : 0;
    if (run.status !== 0 || lines !== n) {
      process.stderr.write(`scoring.cli.jsonl10k failed: exit ${run.status}, ${lines} of ${n} results\n${run.stderr ?? ''}\n`);
      process.exitCode = 1;
      return;
    }
    report('scoring.cli.jsonl10k', Number(seconds.toFixed(3)), 's');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

inProcess();
cli();
