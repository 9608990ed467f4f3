// How long the app keeps a caller waiting while the daily backup runs, at 30 000 and 100 000
// persons: the largest gap between `app.info` answers, asked every 20 ms, while the backup
// runs in its worker thread; the baseline is the same backup run on the request thread.
//   node --import tsx tests/bench/backup-latency.bench.ts
import { createAppCore } from '../../electron/core/app/core';
import { silentLogger } from '../../electron/core/app/log';
import { createBackup } from '../../electron/core/backup/backup';
import { BENCH_PASSWORD, emit, seededCopy } from './fixture';
import path from 'node:path';

async function probe(persons: number): Promise<void> {
  const copy = await seededCopy(persons);
  const core = createAppCore({ dataDir: copy.dataDir, mode: 'cli', logger: silentLogger, autoBackup: { keep: 7, checkEveryMs: 3_600_000, afterLoginMs: 3_600_000 } });
  try {
    const login = await core.dispatcher.call('session.login', { input: { username: 'admin', password: BENCH_PASSWORD } }, 'test');
    if (!login.ok) throw new Error(login.error.message);
    const session = (login.value as { session: string }).session;

    // Worker: app.info every 20 ms while the backup runs; the worst wait is what a click would feel.
    let worst = 0;
    let calls = 0;
    let running = true;
    const asking = (async () => {
      while (running) {
        const t = performance.now();
        await core.dispatcher.call('app.info', { input: {} }, 'test');
        worst = Math.max(worst, performance.now() - t);
        calls++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t0 = performance.now();
    await core.autoBackupNow();
    const took = performance.now() - t0;
    running = false;
    await asking;
    emit(`backup.worker.${persons}.appInfoMaxWait`, worst, 'ms');
    emit(`backup.worker.${persons}.duration`, took, 'ms');
    emit(`backup.worker.${persons}.callsAnswered`, calls, 'calls');

    // Baseline: the same backup on the request thread blocks every caller for its whole length.
    const store = core.sessions.data(session)!;
    const t1 = performance.now();
    let blocked = 0;
    const timer = setTimeout(() => (blocked = performance.now() - t1), 0);
    createBackup(store, path.join(copy.dataDir, 'backups', 'baseline.yybak'));
    await new Promise((r) => setImmediate(r));
    clearTimeout(timer);
    emit(`backup.requestThread.${persons}.appInfoMaxWait`, blocked || performance.now() - t1, 'ms');
  } finally {
    core.close();
    copy.cleanup();
  }
}

async function main(): Promise<void> {
  await probe(30_000);
  await probe(Number(process.env.YIYANG_BENCH_PERSONS ?? 100_000));
}

main().catch((err: unknown) => {
  process.stderr.write(`backup-latency.bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
