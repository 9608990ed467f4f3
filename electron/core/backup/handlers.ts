import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ServiceError, type MethodOutput } from '../../../shared/contract';
import type { FileGrants } from '../files/grants';
import { formatBytes } from '../../../shared/util/bytes';
import type { NamespaceHandlers } from '../app/dispatcher';
import type { JobRegistry } from '../jobs/registry';
import { BACKUP_EXT, backupsDir, parseStamp } from './backup';
import { backupInWorker, manualBackupFile } from './in-worker';

const MANUAL = /^yiyang-manual-(\d{8}-\d{6})\.yybak$/;

/** The backups in `<data>/backups`, newest first: automatic and manual ones, by name, time and size. */
export function listBackupFiles(dataDir: string): MethodOutput<'backup.list'> {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(BACKUP_EXT))
    .flatMap((fileName) => {
      const manual = MANUAL.exec(fileName);
      const at = manual ? parseStamp(`yiyang-${manual[1]}${BACKUP_EXT}`) : parseStamp(fileName);
      if (!at) return [];
      return [{ fileName, kind: manual ? ('manual' as const) : ('auto' as const), createdAt: at.toISOString(), bytes: statSync(path.join(dir, fileName)).size }];
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function backupHandlers(jobs: JobRegistry, grants: FileGrants): NamespaceHandlers<'backup'> {
  return {
    'backup.create': (input, ctx) => {
      const store = ctx.store;
      if (!ctx.user) throw new ServiceError('UNAUTHENTICATED', '请先登录');
      // A place outside the data folder only as chosen in the desktop app's save dialog.
      const target = input.target ? grants.take(input.target, 'backup-save') : manualBackupFile(store.dataDir);
      const where = input.target ? target : `数据目录 backups/${path.basename(target)}`;
      return jobs.start('backup', '数据备份', ctx.user.userId, async (job) => {
        const info = await backupInWorker(store, target, 'manual', {
          onProgress: (percent, phase) => job.progress(percent, 100, phase),
          signal: job.signal,
        });
        return { summary: `已备份到${where}（${formatBytes(statSync(info.file).size)}）` };
      });
    },
    'backup.list': (_input, { store }) => listBackupFiles(store.dataDir),
  };
}
