import { createDispatcher, type Dispatcher, type Handlers } from './dispatcher';
import { appInfo, type RunMode } from './services/app-info';
import { createLogger, type Logger } from './services/log';
import { SessionStore } from './services/sessions';
import { ServiceError } from '../shared/contract';

export interface AppCoreOptions {
  dataDir: string;
  mode: RunMode;
  logger?: Logger;
  idleMs?: number;
}

export interface AppCore {
  dispatcher: Dispatcher;
  sessions: SessionStore;
  dataDir: string;
  close(): void;
}

/**
 * The composition root shared by Electron, the browser mode and tests: it builds the
 * services for one data folder and binds every contract method to them.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const logger = options.logger ?? createLogger();
  const sessions = new SessionStore(options.idleMs);

  const handlers: Handlers = {
    'app.info': () => appInfo(options.dataDir, options.mode),
    'session.current': (_input, ctx) => {
      if (!ctx.user) throw new ServiceError('UNAUTHENTICATED', '请先登录');
      return ctx.user;
    },
  };

  return {
    dispatcher: createDispatcher({ handlers, sessions, logger }),
    sessions,
    dataDir: options.dataDir,
    close() {},
  };
}
