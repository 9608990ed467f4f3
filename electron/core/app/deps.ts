import type { Store } from '../db';
import type { JobRegistry } from '../jobs/registry';
import type { WarmWorker } from '../jobs/run-task';
import type { CatalogueRegistry } from '../care-plan/catalogues';
import type { PolicyRegistry } from '../policy/registry';
import type { RunMode } from './app-info';
import type { Logger } from './log';
import type { SessionStore } from './sessions';
import type { RekeyGate } from '../users/sole-connection';
import type { FileGrants } from '../files/grants';
import type { StoreHealth } from '../setup/store-health';

/** What the feature handlers are built from: one set per data folder, made by the composition root. */
export interface CoreDeps {
  dataDir: string;
  mode: RunMode;
  /** Signed-in sessions, each holding its user's own store connection. */
  sessions: SessionStore<Store | null>;
  policies: PolicyRegistry;
  /** Care-service catalogues: the care plan derived at finalize. */
  catalogues: CatalogueRegistry;
  logger: Logger;
  /** Long work off the request thread, with progress and cancel. */
  jobs: JobRegistry;
  /** The dashboard's counting, in a worker kept warm between calls. */
  statsWorker: WarmWorker;
  /** Closed while the database moves to a new key (users/sole-connection.ts). */
  rekeyGate: RekeyGate;
  /** Whether the folder's store can be opened (the page shows 无法打开数据库 with a restore when not). */
  health: StoreHealth;
  /** Files chosen in the desktop app's dialogs, by one-time token. */
  grants: FileGrants;
  /** The clock that dates are checked against (birth and assessment dates not after today); tests fix it. */
  now?: () => Date;
}

export const DONE = { ok: true } as const;
