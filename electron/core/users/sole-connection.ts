import { ServiceError } from '../../../shared/contract';
import type { CoreDeps } from '../app/deps';
import { runTask } from '../jobs/run-task';

/** Set while the database moves to a new key: the core answers every other call with REKEY_BUSY meanwhile. */
export class RekeyGate {
  busy = false;
  /** Work of the core's own with a connection of its own (the automatic backup): a rekey waits for it. */
  housekeeping = 0;
}

export const REKEY_BUSY = '正在更换数据库密钥（停用用户或更改密码之后），请稍候再试';

/**
 * Runs `rekeying` (a disable, reset or password change: each moves the database to a new
 * key) as this process's only connection. Every other session ends (its user signs in
 * again, under the new key), the dashboard worker lets go of its connection, and until it
 * is done every other call is refused (the core checks the gate), since a write made while
 * the copy is being written would be missing from it. The copy itself is written by a
 * worker thread, so the app stays responsive however large the store. Long work in
 * progress holds connections of its own: a rekey waits for it rather than cut it off.
 */
export async function alone<T>(deps: Pick<CoreDeps, 'sessions' | 'statsWorker' | 'jobs' | 'rekeyGate'>, keep: string | undefined, rekeying: () => Promise<T>): Promise<T> {
  if (deps.rekeyGate.busy) throw new ServiceError('CONFLICT', REKEY_BUSY);
  if (deps.jobs.running() > 0 || deps.rekeyGate.housekeeping > 0) throw new ServiceError('CONFLICT', '有任务正在进行（备份、导出或批量报告），请等它完成或取消后再试');
  deps.rekeyGate.busy = true;
  try {
    deps.sessions.closeAllExcept(keep);
    await deps.statsWorker.close();
    const store = deps.sessions.data(keep);
    store?.useRekeyCopier(async (_db, target, _oldKey, newKey) => {
      await runTask('rekeyCopy', { access: store.workerAccess(), target, newKeyHex: newKey.toString('hex') });
    });
    return await rekeying();
  } finally {
    deps.rekeyGate.busy = false;
  }
}
