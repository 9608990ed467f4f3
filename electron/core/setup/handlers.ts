import path from 'node:path';
import { ServiceError } from '../../../shared/contract';
import { Store } from '../db';
import type { CoreDeps } from '../app/deps';
import type { NamespaceHandlers } from '../app/dispatcher';
import type { KeyedQueue } from '../app/keyed-queue';
import { backupsDir } from '../backup/backup';
import { listBackupFiles } from '../backup/handlers';
import { runTask } from '../jobs/run-task';
import { initStore } from '../users/accounts';
import { restoreInPlace } from './restore-in-place';

/** One queue key for everything that creates or replaces the store: set-up and restore never overlap. */
const STORE_CREATION = '\u0000setup';

export function setupHandlers(deps: CoreDeps, queue: KeyedQueue): NamespaceHandlers<'setup' | 'files'> {
  const { dataDir, health, grants } = deps;
  return {
    // The institution name is inside the encrypted store: only a signed-in session can read it.
    'setup.status': () => ({ initialized: Store.isInitialized(dataDir), institutionName: null, problem: health.problem() }),
    'setup.init': (input) =>
      // Two set-ups at once (a double click) must not race to create the same store.
      queue.run(STORE_CREATION, async () => {
        if (Store.isInitialized(dataDir) || health.problem()) throw new ServiceError('CONFLICT', '已完成首次设置');
        return initStore(dataDir, input, deps.logger);
      }),
    'setup.backups': () => listBackupFiles(dataDir),
    'setup.restore': (input) =>
      queue.run(STORE_CREATION, async () => {
        const problem = health.problem();
        if (Store.isInitialized(dataDir) && !problem)
          throw new ServiceError('CONFLICT', '数据库完好，不能在此覆盖恢复；要查看旧数据，请用命令行 yiyang restore 恢复到新的目录');
        if (problem && !problem.restorable) throw new ServiceError('CONFLICT', problem.message);
        if (deps.sessions.anyData()) throw new ServiceError('CONFLICT', '还有人登录着，请先退出登录再恢复');
        const file = backupFileOf(input.source);
        const credentials = 'recoveryKey' in input ? { recoveryKey: input.recoveryKey } : { username: input.username, password: input.password };
        const setAside = await restoreInPlace(file, dataDir, credentials, (s) => runTask('check', { access: s.workerAccess() }));
        health.cleared();
        deps.logger.log('info', 'store.restored', { setAside: setAside ? path.basename(setAside) : null });
        return { ok: true as const, setAside: setAside ? path.basename(setAside) : null };
      }),
    'files.choose': () => {
      // The desktop app answers this in its main process (electron/shell/file-choice.ts).
      throw new ServiceError('CONFLICT', '只有桌面程序可以用系统对话框选择文件；浏览器模式下请用数据目录 backups 中的备份');
    },
  };

  function backupFileOf(source: { fileName: string } | { grant: string }): string {
    if ('grant' in source) return grants.take(source.grant, 'backup-open');
    // Only a name from the list: never a path the page makes up.
    if (!listBackupFiles(dataDir).some((b) => b.fileName === source.fileName)) throw new ServiceError('NOT_FOUND', '数据目录 backups 中没有这个备份文件');
    return path.join(backupsDir(dataDir), source.fileName);
  }
}
