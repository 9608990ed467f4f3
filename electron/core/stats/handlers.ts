import { localToday } from '../../../shared/policy/dates';
import type { NamespaceHandlers } from '../app/dispatcher';
import { runTask } from '../jobs/run-task';
import { filterDetail } from './filters';

export function statsHandlers(): NamespaceHandlers<'stats'> {
  return {
    // In a worker: at 100 000 persons the numbers take over a second to count, and every
    // other caller must still be answered meanwhile.
    'stats.dashboard': async (input, { store }) => {
      const stats = await runTask('dashboard', { access: store.workerAccess(), filter: input.filter, today: localToday(), intervalMonths: store.settings.getReassessmentIntervalMonths() });
      // What was looked at, not what it showed: no personal data in the audit trail.
      store.audit.append(store.actor, { action: 'stats.view', entity: 'stats', detail: filterDetail(input.filter) });
      return stats;
    },
  };
}
