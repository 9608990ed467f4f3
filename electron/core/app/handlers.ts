import { assessmentsHandlers } from '../assessments/handlers';
import { auditHandlers } from '../audit/handlers';
import { backupHandlers } from '../backup/handlers';
import { exchangeHandlers } from '../exchange/handlers';
import { jobsHandlers } from '../jobs/handlers';
import { personsHandlers } from '../persons/handlers';
import { careServicesHandlers } from '../care-plan/handlers';
import { policyHandlers } from '../policy/handlers';
import { statsHandlers } from '../stats/handlers';
import { exportsHandlers } from '../exports/handlers';
import { reportsHandlers } from '../reports/handlers';
import { settingsHandlers } from '../settings/handlers';
import { setupHandlers } from '../setup/handlers';
import { signingHandlers } from '../signing/handlers';
import { sessionHandlers } from '../users/session-handlers';
import { usersHandlers } from '../users/handlers';
import { appInfo } from './app-info';
import type { CoreDeps } from './deps';
import type { StationHandlers } from './dispatcher';
import { KeyedQueue } from './keyed-queue';

/**
 * Every contract method bound to its feature's handlers. Each signed-in session holds its
 * own store connection (opened with that user's password), so every write is done and
 * audited as the person who asked for it. The `Handlers` type makes a missing method a
 * compile error (the hub's own methods are served by electron/hub/serve).
 */
export function createHandlers(deps: CoreDeps): StationHandlers {
  const queue = new KeyedQueue();
  return {
    'app.info': () => appInfo(deps.dataDir, deps.mode),
    ...setupHandlers(deps, queue),
    ...sessionHandlers(deps, queue),
    ...settingsHandlers(),
    ...usersHandlers(deps),
    ...personsHandlers(deps),
    ...assessmentsHandlers(deps),
    ...policyHandlers(deps.policies),
    ...careServicesHandlers(deps.catalogues),
    ...statsHandlers(deps),
    ...exportsHandlers(deps.jobs),
    ...reportsHandlers(deps.jobs),
    ...jobsHandlers(deps.jobs),
    ...backupHandlers(deps.jobs, deps.grants),
    ...exchangeHandlers(deps.jobs, deps.grants),
    ...signingHandlers(),
    ...auditHandlers(),
  };
}
