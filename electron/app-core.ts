import { createDispatcher, type Dispatcher } from './dispatcher';
import { createHandlers } from './handlers';
import type { RunMode } from './services/app-info';
import { createLogger, type Logger } from './services/log';
import { PolicyRegistry } from './services/policy/registry';
import { SessionStore } from './services/sessions';
import type { Store } from './services/store';

export interface AppCoreOptions {
  dataDir: string;
  mode: RunMode;
  logger?: Logger;
  idleMs?: number;
}

export interface AppCore {
  dispatcher: Dispatcher;
  sessions: SessionStore<Store | null>;
  dataDir: string;
  close(): void;
}

/**
 * The composition root shared by Electron, the browser mode and tests: it builds the
 * services for one data folder and binds every contract method to them.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const logger = options.logger ?? createLogger();
  // A session's store connection is closed (its key forgotten) however the session ends.
  const sessions = new SessionStore<Store | null>(options.idleMs, Date.now, (store) => store?.close());
  const handlers = createHandlers({
    dataDir: options.dataDir,
    mode: options.mode,
    sessions,
    policies: new PolicyRegistry(options.dataDir),
    logger,
  });
  return {
    dispatcher: createDispatcher({ handlers, sessions, logger }),
    sessions,
    dataDir: options.dataDir,
    close: () => sessions.closeAll(),
  };
}
