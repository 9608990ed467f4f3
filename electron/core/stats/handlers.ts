import { localToday } from '../../../shared/policy/dates';
import type { NamespaceHandlers } from '../app/dispatcher';
import { dashboardStats } from './dashboard';
import { filterDetail } from './filters';

export function statsHandlers(): NamespaceHandlers<'stats'> {
  return {
    'stats.dashboard': (input, { store }) => {
      const stats = dashboardStats(store.db, input.filter, localToday(), store.settings.getReassessmentIntervalMonths());
      // What was looked at, not what it showed: no personal data in the audit trail.
      store.audit.append(store.actor, { action: 'stats.view', entity: 'stats', detail: filterDetail(input.filter) });
      return stats;
    },
  };
}
