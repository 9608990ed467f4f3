import { createDispatcher, type Dispatcher } from './dispatcher';
import { createHandlers } from './handlers';
import { REKEY_BUSY, RekeyGate } from '../users/sole-connection';
import type { RunMode } from './app-info';
import { createLogger, type Logger } from './log';
import { CatalogueRegistry } from '../care-plan/catalogues';
import { PolicyRegistry } from '../policy/registry';
import { SessionStore } from './sessions';
import { toServiceError, type Store } from '../db';
import { autoBackupInWorker } from '../backup/in-worker';
import { JobRegistry } from '../jobs/registry';
import { WarmWorker } from '../jobs/run-task';
import { FileGrants } from '../files/grants';
import { StoreHealth } from '../setup/store-health';

export interface AppCoreOptions {
  dataDir: string;
  mode: RunMode;
  logger?: Logger;
  idleMs?: number;
  /** Daily encrypted backups into `<data>/backups` while someone is signed in (default on). */
  autoBackup?: { keep: number; checkEveryMs: number; afterLoginMs: number } | false;
  /** What "today" is when dates are checked (tests). */
  now?: () => Date;
}

export interface AppCore {
  dispatcher: Dispatcher;
  sessions: SessionStore<Store | null>;
  dataDir: string;
  /** Files chosen in the desktop app's dialogs; only the main process grants them (over the port). */
  grants: FileGrants;
  /** Makes the daily backup now if the newest one is a day old (in a worker thread); what the timers call. */
  autoBackupNow(): Promise<void>;
  jobs: JobRegistry;
  close(): void;
}

/** A manager looking at the dashboard comes back within minutes; then the worker's memory is given back. */
const STATS_WORKER_IDLE_MS = 3 * 60 * 1000;

const DEFAULT_AUTO_BACKUP = { keep: 7, checkEveryMs: 60 * 60 * 1000, afterLoginMs: 10 * 1000 };

/**
 * The composition root shared by Electron, the browser mode and tests: it builds the
 * services for one data folder and binds every contract method to them.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const logger = options.logger ?? createLogger();
  const statsWorker = new WarmWorker(STATS_WORKER_IDLE_MS);
  // A session's store connection is closed (its key forgotten) however the session ends; so
  // is the dashboard worker's, which may hold the same key.
  const sessions = new SessionStore<Store | null>(options.idleMs, Date.now, (store) => {
    store?.close();
    void statsWorker.close();
  });
  const jobs = new JobRegistry(logger);
  const rekeyGate = new RekeyGate();
  const health = new StoreHealth(options.dataDir);
  const grants = new FileGrants();
  const handlers = createHandlers({
    dataDir: options.dataDir,
    mode: options.mode,
    sessions,
    policies: new PolicyRegistry(options.dataDir),
    catalogues: new CatalogueRegistry(options.dataDir),
    logger,
    jobs,
    statsWorker,
    rekeyGate,
    health,
    grants,
    ...(options.now ? { now: options.now } : {}),
  });
  const inner = createDispatcher({ handlers, sessions, logger, storeFor: (token) => sessions.data(token), mapError: toServiceError });
  const backup = options.autoBackup === false ? null : (options.autoBackup ?? DEFAULT_AUTO_BACKUP);

  // The database key exists only inside a signed-in connection, so backups ride on one; the
  // work itself runs in a worker thread, so nobody waits for it. One at a time.
  let running: Promise<void> | null = null;
  function autoBackupNow(): Promise<void> {
    if (!backup) return Promise.resolve();
    const store = sessions.anyData();
    // Not while the database moves to a new key: the backup's own connection would miss the switch.
    if (!store?.isOpen || rekeyGate.busy) return Promise.resolve();
    if (!running) rekeyGate.housekeeping++;
    running ??= autoBackupInWorker(store, { keep: backup.keep })
      .then((r) => {
        if (r.created) logger.log('info', 'backup.auto', { bytes: r.created.bytes, rotated: r.deleted.length });
      })
      .catch((err: unknown) => logger.log('warn', 'backup.auto.failed', { error: err instanceof Error ? err.name : 'unknown' }))
      .finally(() => {
        running = null;
        rekeyGate.housekeeping--;
      });
    return running;
  }
  const timers: ReturnType<typeof setTimeout>[] = [];
  if (backup) {
    const every = setInterval(() => void autoBackupNow(), backup.checkEveryMs);
    every.unref?.();
    timers.push(every);
  }

  const dispatcher: Dispatcher = {
    methods: inner.methods,
    async call(method, request, transport) {
      // A write now would be missing from the copy under the new key; a sign-in would open a second connection.
      if (rekeyGate.busy) return { ok: false, error: { code: 'CONFLICT', message: REKEY_BUSY } };
      const result = await inner.call(method, request, transport);
      if (backup && method === 'session.login' && result.ok) {
        // Soon after the first sign-in of the day, not inside it: a sign-in stays quick.
        const t = setTimeout(() => void autoBackupNow(), backup.afterLoginMs);
        t.unref?.();
      }
      return result;
    },
  };

  return {
    dispatcher,
    sessions,
    dataDir: options.dataDir,
    grants,
    autoBackupNow,
    jobs,
    close: () => {
      for (const t of timers) clearInterval(t);
      jobs.cancelAll();
      void statsWorker.close();
      sessions.closeAll();
    },
  };
}
