import { runTask } from '../jobs/run-task';
import type { NamespaceHandlers } from '../app/dispatcher';

export function auditHandlers(): NamespaceHandlers<'audit'> {
  return {
    // Newest first, a page at a time; the contract's view drops the chain's hashes.
    'audit.list': (input, { store }) => {
      const total = store.audit.count();
      const before = input.beforeSeq ?? total + 1;
      const afterSeq = Math.max(0, before - 1 - input.limit);
      return store.audit
        .list({ afterSeq, limit: input.limit })
        .filter((r) => r.seq < before)
        .reverse();
    },
    // Every row's hash is recomputed: seconds on a large store, so in a worker thread.
    'audit.verify': async (_input, { store }) => {
      const v = await runTask('auditChain', { access: store.workerAccess() });
      return v.ok ? { ok: true, rows: v.rows, brokenAt: null, reason: null } : { ok: false, rows: v.brokenAt - 1, brokenAt: v.brokenAt, reason: v.reason };
    },
  };
}
