import { createBackup, type BackupInfo } from '../backup/backup';
import { Store, verifyAuditChain, writeRekeyedCopy, type AuditVerification, type CheckReport, type WorkerAccess } from '../db';
import { exportToFile, MemorySink, runExport, type ExportRequest } from '../exports/export';
import { renderReport } from '../reports/render';
import { dashboardStats } from '../stats/dashboard';
import type { StatsFilter } from '../stats/filters';
import { reportDataFromStore } from '../reports/report-data';
import { seedStore, type SeedResult } from '../seed/seed';
import { prepareBundle, type PreparedBundle, type Since } from '../exchange/station-export';
import { runHubExport, type HubExportRequest } from '../../hub/export';
import { connectHub } from '../../hub/connect';

/**
 * The work that runs in worker threads, by name. Each task gets plain, cloneable input
 * (a worker opens its own store connection from WorkerAccess) and reports progress; the
 * main thread stays free to answer the window while it runs. Cancelling terminates the
 * worker: a task must leave nothing half-done under a final name when that happens (the
 * caller chooses its temporary names beforehand and removes them).
 */
export interface TaskContext {
  progress(done: number, total: number, phase?: string): void;
}

export interface BackupTaskInput {
  access: WorkerAccess;
  outFile: string;
  kind: 'manual' | 'auto';
  temporary: { snapshot: string; partial: string };
}

export interface SeedTaskInput {
  access: WorkerAccess;
  persons: number;
  seed?: number;
  batchSize?: number;
  today?: string;
}

export interface ExchangeTaskInput {
  access: WorkerAccess;
  since: Since;
  hubPublicKeyPem: string;
  stationCertPem: string;
  now: string;
}

export const TASKS = {
  /** Collects and encrypts an exchange bundle; the station's signature is added on the main thread, where its key is. */
  exchangeBundle(input: ExchangeTaskInput, ctx: TaskContext): PreparedBundle {
    const store = Store.attach(input.access);
    try {
      ctx.progress(0, 1, '正在汇总与加密');
      return prepareBundle(store, { since: input.since, hubPublicKeyPem: input.hubPublicKeyPem, stationCertPem: input.stationCertPem, now: new Date(input.now) });
    } finally {
      store.close();
    }
  },

  backup(input: BackupTaskInput, ctx: TaskContext): BackupInfo {
    const store = Store.attach(input.access);
    try {
      return createBackup(store, input.outFile, { kind: input.kind, temporary: input.temporary, onProgress: (d, t, p) => ctx.progress(d, t, p) });
    } finally {
      store.close();
    }
  },

  check(input: { access: WorkerAccess }): CheckReport {
    const store = Store.attach(input.access);
    try {
      return store.check();
    } finally {
      store.close();
    }
  },

  auditChain(input: { access: WorkerAccess }): AuditVerification {
    const store = Store.attach(input.access);
    try {
      return verifyAuditChain(store.db);
    } finally {
      store.close();
    }
  },

  /** The long part of a rekey (Store.rekey): a copy of the database under the new key, written and synced. */
  rekeyCopy(input: { access: WorkerAccess; target: string; newKeyHex: string }): { ok: true } {
    const store = Store.attach(input.access);
    const oldKey = Buffer.from(input.access.keyHex, 'hex');
    const newKey = Buffer.from(input.newKeyHex, 'hex');
    try {
      writeRekeyedCopy(store.db, input.target, oldKey, newKey);
      return { ok: true };
    } finally {
      store.close();
      oldKey.fill(0);
      newKey.fill(0);
    }
  },

  seed(input: SeedTaskInput, ctx: TaskContext): SeedResult {
    const store = Store.attach(input.access);
    try {
      return seedStore(store, { ...input, onProgress: (done, total) => ctx.progress(done, total, '生成模拟数据') });
    } finally {
      store.close();
    }
  },

  /**
   * An export (XLSX or CSV) read and written here. With `files` it goes to disk (the command
   * line: a partial name renamed when complete); without, its bytes come back to the caller,
   * so the app's export never sits on disk.
   */
  async exportTable(input: { access: WorkerAccess; request: ExportRequest; files?: { partial: string; final: string } }, ctx: TaskContext) {
    const store = Store.attach(input.access);
    try {
      // Smaller for an export, whose writer needs memory of its own (issue 12's RSS bound).
      scanCache(store, EXPORT_CACHE_MIB);
      const progress = (done: number, total: number) => ctx.progress(done, total, '正在导出');
      if (input.files) return { ...(await exportToFile(store.db, input.request, input.files, progress)), bytes: null };
      const sink = new MemorySink();
      const r = await runExport(store.db, input.request, sink, progress);
      return { ...r, bytes: new Uint8Array(sink.bytes()) };
    } finally {
      store.close();
    }
  },

  /** The district hub's export, read from PostgreSQL on this worker's own connection and written here; the bytes come back. */
  async hubExport(input: { pgUrl: string; request: HubExportRequest }, ctx: TaskContext) {
    const client = await connectHub(input.pgUrl);
    try {
      const sink = new MemorySink();
      const r = await runHubExport(client, input.request, sink, (done, total) => ctx.progress(done, total, '正在导出'));
      return { ...r, bytes: new Uint8Array(sink.bytes()) };
    } finally {
      await client.end().catch(() => {});
    }
  },

  /**
   * The dashboard's numbers, counted on this worker's kept connection: the dashboard's
   * worker stays between calls (WarmWorker), and so does the page cache it filled.
   */
  dashboard(input: { access: WorkerAccess; filter: StatsFilter; today: string; intervalMonths: number }) {
    const store = attached(input.access);
    scanCache(store);
    return dashboardStats(store.db, input.filter, input.today, input.intervalMonths);
  },

  /** A stored assessment's unsigned report, read and rendered here: the thread that asked only collects it. */
  async renderStored(input: { access: WorkerAccess; assessmentId: string }): Promise<{ pdf: Uint8Array; missingGlyphs: string[] }> {
    const r = await renderReport(reportDataFromStore(attached(input.access), input.assessmentId));
    return { pdf: r.pdf, missingGlyphs: r.missingGlyphs };
  },
} as const;

/**
 * Page caches, in MiB. An export reads its tables front to back once, where a large cache
 * buys nothing and costs memory beside the writer's (issue 12's RSS bound); the dashboard
 * counts from a few indexes again and again, and keeps them (up to what it reads).
 */
export const EXPORT_CACHE_MIB = 16;
const DASHBOARD_CACHE_MIB = 128;

function scanCache(store: Store, mib = DASHBOARD_CACHE_MIB): void {
  store.db.pragma(`cache_size = -${mib * 1024}`);
}

export type TaskName = keyof typeof TASKS;
export type TaskInput<N extends TaskName> = Parameters<(typeof TASKS)[N]>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<(typeof TASKS)[N]>>;

/**
 * One read connection per worker for tasks that come many at a time (a pool rendering
 * reports); it lives as long as the worker, which the pool ends when the batch is done.
 */
const connections = new Map<string, Store>();
function attached(access: WorkerAccess): Store {
  const key = `${access.dataDir}\u0000${access.user?.id ?? ''}`;
  let store = connections.get(key);
  if (!store?.isOpen) connections.set(key, (store = Store.attach(access)));
  return store;
}
