import { existsSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { dbFilePath, type Store } from '../db';
import { runTask, type RunOptions } from '../jobs/run-task';
import { BACKUP_EXT, backupTemporaries, backupsDir, listAutoBackups, parseStamp, stamp, type BackupInfo } from './backup';

/**
 * Backups off the request thread: the snapshot (`VACUUM INTO`, seconds on a large store)
 * and the copy run in a worker thread with its own connection, so the app keeps answering.
 * Progress is a percentage: the snapshot's growth against the database's size, then the copy.
 */
export async function backupInWorker(
  store: Store,
  outFile: string,
  kind: 'manual' | 'auto',
  options: { onProgress?(percent: number, phase: string): void; onTemporary?(paths: string[]): void; signal?: AbortSignal } = {},
): Promise<BackupInfo> {
  const dbBytes = Math.max(1, statSync(dbFilePath(store.dataDir)).size);
  const target = path.resolve(outFile);
  const temporary = backupTemporaries(target);
  const snapshot = temporary.snapshot;
  let copying = false;
  const poll = setInterval(() => {
    if (copying || !existsSync(snapshot)) return;
    // VACUUM compacts, so the snapshot ends a little smaller than the file: never show 100 % early.
    options.onProgress?.(Math.min(69, Math.floor((statSync(snapshot).size / dbBytes) * 70)), '生成数据库快照');
  }, 250);
  poll.unref?.();
  options.onTemporary?.([temporary.snapshot, temporary.partial]);
  // A cancel that lands as the worker renames its file must not leave that file either.
  const removeOnCancel = existsSync(target) ? [temporary.snapshot, temporary.partial] : [temporary.snapshot, temporary.partial, target];
  const run: RunOptions = {
    temporary: removeOnCancel,
    onProgress: (done, total, phase) => {
      copying = true;
      options.onProgress?.(70 + Math.floor((done / Math.max(1, total)) * 30), phase ?? '写入备份文件');
    },
    ...(options.signal ? { signal: options.signal } : {}),
  };
  try {
    options.onProgress?.(0, '生成数据库快照');
    return await runTask('backup', { access: store.workerAccess(), outFile: target, kind, temporary }, run);
  } finally {
    clearInterval(poll);
  }
}

/** A manual backup's file in `<data>/backups`, named by time (automatic ones rotate; these stay). */
export function manualBackupFile(dataDir: string, now = new Date()): string {
  return path.join(backupsDir(dataDir), `yiyang-manual-${stamp(now)}${BACKUP_EXT}`);
}

/**
 * The daily backup in a worker: `<data>/backups/yiyang-YYYYMMDD-HHmmss.yybak` when the newest
 * automatic one is at least 24 hours old, then only the newest `keep` are kept.
 */
export async function autoBackupInWorker(store: Store, opts: { keep?: number; now?: Date } = {}): Promise<{ created: BackupInfo | null; deleted: string[] }> {
  const keep = Math.max(1, opts.keep ?? 7);
  const now = opts.now ?? new Date();
  const dir = backupsDir(store.dataDir);
  const newest = listAutoBackups(store.dataDir)[0];
  const newestAt = newest ? parseStamp(newest) : null;
  let created: BackupInfo | null = null;
  if (!newestAt || now.getTime() - newestAt.getTime() >= 24 * 3600 * 1000) {
    created = await backupInWorker(store, path.join(dir, `yiyang-${stamp(now)}${BACKUP_EXT}`), 'auto');
  }
  const deleted: string[] = [];
  for (const f of listAutoBackups(store.dataDir).slice(keep)) {
    unlinkSync(path.join(dir, f));
    deleted.push(f);
  }
  return { created, deleted };
}
