import { localToday } from '../../../shared/policy/dates';
import type { NamespaceHandlers } from '../app/dispatcher';
import type { CoreDeps } from '../app/deps';
import { filterDetail } from './filters';

export function statsHandlers({ statsWorker, now }: Pick<CoreDeps, 'statsWorker' | 'now'>): NamespaceHandlers<'stats'> {
  return {
    // In a worker: at 100 000 persons the numbers take a quarter of a second to count, and
    // every other caller must still be answered meanwhile.
    'stats.dashboard': async (input, { store }) => {
      const stats = await statsWorker.run('dashboard', { access: store.workerAccess(), filter: input.filter, today: localToday(now?.() ?? new Date()), intervalMonths: store.settings.getReassessmentIntervalMonths() });
      // What was looked at, not what it showed: no personal data in the audit trail.
      store.audit.append(store.actor, { action: 'stats.view', entity: 'stats', detail: filterDetail(input.filter) });
      return stats;
    },
  };
}
