// Browser-mode start-up: from spawning the process to the first successful app.info.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const RUNS = 7;

async function once(): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-bench-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist-electron', 'server.js'), '--data', dataDir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const openUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)/.exec(out);
        if (m) resolve(m[0]);
      });
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const [base, token] = openUrl.split('#token=') as [string, string];
    const res = await fetch(`${base}api/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yiyang-token': token },
      body: '{"input":{}}',
    });
    const body = (await res.json()) as { ok: boolean };
    if (!body.ok) throw new Error('app.info failed');
    return performance.now() - started;
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  process.stdout.write(JSON.stringify({ name: 'browserMode.startupToFirstAppInfo.median', value: Math.round(median), unit: 'ms' }) + '\n');
  process.stdout.write(JSON.stringify({ name: 'browserMode.startupToFirstAppInfo.max', value: Math.round(times.at(-1)!), unit: 'ms' }) + '\n');
}

void main();
