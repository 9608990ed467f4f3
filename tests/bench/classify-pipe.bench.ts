// `yiyang classify --jsonl` on 100 000 lines: peak memory when its output goes into a slow
// pipe (a reader taking 64 KB every 5 ms) against the same run into a file (the baseline).
//   node --import tsx tests/bench/classify-pipe.bench.ts     (needs `npm run build`)
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emit } from './fixture';

const LINES = Number(process.env.YIYANG_BENCH_LINES ?? 100_000);
const CLI = path.resolve(__dirname, '..', '..', 'bin', 'yiyang.js');

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function run(input: string, into: 'pipe' | 'file', dir: string): Promise<{ peakMb: number; seconds: number; lines: number }> {
  const stdin = openSync(input, 'r');
  const outFile = path.join(dir, 'out.jsonl');
  const stdout = into === 'file' ? openSync(outFile, 'w') : 'pipe';
  const t = performance.now();
  const child = spawn(process.execPath, [CLI, 'classify', '--jsonl'], { stdio: [stdin, stdout, 'inherit'] });
  let peak = 0;
  const watch = setInterval(() => (peak = Math.max(peak, rssKb(child.pid!))), 20);
  let lines = 0;
  if (into === 'pipe') {
    // A slow consumer: reads a little, then waits, as `less` or a slow disk would.
    const s = child.stdout!;
    s.pause();
    const pump = setInterval(() => {
      let chunk: Buffer | null;
      let taken = 0;
      while (taken < 65536 && (chunk = s.read() as Buffer | null)) {
        taken += chunk.length;
        for (const b of chunk) if (b === 10) lines++;
      }
    }, 5);
    await new Promise((r) => child.once('exit', r));
    clearInterval(pump);
    for (let chunk; (chunk = s.read() as Buffer | null); ) for (const b of chunk) if (b === 10) lines++;
  } else {
    await new Promise((r) => child.once('exit', r));
    closeSync(stdout as number);
    lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean).length;
  }
  clearInterval(watch);
  closeSync(stdin);
  return { peakMb: peak / 1024, seconds: (performance.now() - t) / 1000, lines };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-bench-classify-'));
  try {
    const line = JSON.stringify({ birthDate: '1940-03-02', assessmentDate: '2026-11-30', finalLevel: 2, economic: 'dibao', familyPlanningSpecial: false, disabilityGrade: 0, living: { alone: true, emptyNest: true, leftBehind: false } });
    const input = path.join(dir, 'in.jsonl');
    writeFileSync(input, `${Array.from({ length: LINES }, () => line).join('\n')}\n`);
    const file = await run(input, 'file', dir);
    const pipe = await run(input, 'pipe', dir);
    if (file.lines !== LINES || pipe.lines !== LINES) throw new Error(`lines: file ${file.lines}, pipe ${pipe.lines}`);
    emit('classify.jsonl100k.slowPipe.peakRss', pipe.peakMb, 'MB');
    emit('classify.jsonl100k.file.peakRss', file.peakMb, 'MB');
    emit('classify.jsonl100k.file.seconds', file.seconds, 's');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`classify-pipe.bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
