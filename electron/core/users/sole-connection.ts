import { ServiceError } from '../../../shared/contract';
import type { CoreDeps } from '../app/deps';

/**
 * Before the database moves to a new key, the caller's connection must be this process's
 * only one: every other session ends (its user signs in again, under the new key) and the
 * dashboard worker lets go of its connection. Long work in progress holds connections of
 * its own, so a rekey waits for it rather than cut it off.
 */
export async function soleConnection(deps: Pick<CoreDeps, 'sessions' | 'statsWorker' | 'jobs'>, keep: string | undefined): Promise<void> {
  if (deps.jobs.running() > 0) throw new ServiceError('CONFLICT', '有任务正在进行（备份、导出或批量报告），请等它完成或取消后再试');
  deps.sessions.closeAllExcept(keep);
  await deps.statsWorker.close();
}
