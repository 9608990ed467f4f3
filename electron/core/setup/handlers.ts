import { ServiceError } from '../../../shared/contract';
import { Store } from '../db';
import type { CoreDeps } from '../app/deps';
import type { NamespaceHandlers } from '../app/dispatcher';
import type { KeyedQueue } from '../app/keyed-queue';
import { initStore } from '../users/accounts';

export function setupHandlers(deps: CoreDeps, queue: KeyedQueue): NamespaceHandlers<'setup'> {
  const { dataDir } = deps;
  return {
    // The institution name is inside the encrypted store: only a signed-in session can read it.
    'setup.status': () => ({ initialized: Store.isInitialized(dataDir), institutionName: null }),
    'setup.init': (input) =>
      // Two set-ups at once (a double click) must not race to create the same store.
      queue.run('\u0000setup', async () => {
        if (Store.isInitialized(dataDir)) throw new ServiceError('CONFLICT', '已完成首次设置');
        return initStore(dataDir, input, deps.logger);
      }),
  };
}
