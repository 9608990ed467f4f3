// `npm run bench`: runs every benchmark file under tests/bench/ (after building what
// they need) and passes on their output: one JSON object per line,
// {"name":…,"value":…,"unit":…}. Anything else a benchmark prints goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2];

if (!existsSync(path.join(root, 'dist-electron', 'cli.js')) || !existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'inherit', 'inherit'], cwd: root });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const dir = path.join(root, 'tests', 'bench');
const files = readdirSync(dir)
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f))
  .filter((f) => !filter || f.includes(filter))
  .sort();

let failed = 0;
for (const file of files) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of run.stdout.split('\n')) {
    if (!line.trim()) continue;
    try {
      const obj = JSON.parse(line);
      if (typeof obj.name === 'string' && typeof obj.value === 'number' && typeof obj.unit === 'string') {
        process.stdout.write(JSON.stringify(obj) + '\n');
        continue;
      }
    } catch {
      /* not a figure */
    }
    process.stderr.write(`${file}: ${line}\n`);
  }
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`bench ${file} exited with ${run.status}\n`);
  }
}
process.exit(failed ? 1 : 0);
