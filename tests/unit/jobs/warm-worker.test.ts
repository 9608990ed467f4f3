import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WarmWorker } from '../../../electron/core/jobs/run-task';
import { cleanupTempDirs, newStore, tempDir } from '../store/helpers';

/** The dashboard's kept worker: it answers call after call, starts again after it ends, and never holds a process open while idle. */

afterAll(cleanupTempDirs);

const ROOT = path.resolve(__dirname, '../../..');

describe('warm worker', () => {
  it('answers repeated calls, and again after it was closed', async () => {
    const { store } = await newStore();
    const w = new WarmWorker(60_000);
    try {
      const input = { access: store.workerAccess(), filter: {}, today: '2026-11-30', intervalMonths: 12 };
      const first = await w.run('dashboard', input);
      expect(await w.run('dashboard', input)).toEqual(first);
      await w.close();
      expect((await w.run('dashboard', input)).assessments).toBe(0);
    } finally {
      await w.close();
      store.close();
    }
  }, 60_000);

  it('lets the process end while idle, without close()', async () => {
    const script = path.join(tempDir(), 'idle.ts');
    writeFileSync(
      script,
      `import { WarmWorker } from ${JSON.stringify(path.join(ROOT, 'electron/core/jobs/run-task'))};
       import { newStore } from ${JSON.stringify(path.join(ROOT, 'tests/unit/store/helpers'))};
       void (async () => {
         const { store } = await newStore();
         const w = new WarmWorker(3_600_000);
         const r = await w.run('dashboard', { access: store.workerAccess(), filter: {}, today: '2026-11-30', intervalMonths: 12 });
         process.stdout.write('counted ' + r.assessments + '\\n');
         store.close();
       })();`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    // An hour's idle timer and a live worker: the process ends only because neither holds it.
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toBe('counted 0\n');
    expect(code).toBe(0);
  }, 60_000);
});
