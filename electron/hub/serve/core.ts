import { ServiceError } from '../../../shared/contract';
import { createDispatcher, type Dispatcher } from '../../core/app/dispatcher';
import { createLogger, type Logger } from '../../core/app/log';
import { SessionStore } from '../../core/app/sessions';
import { JobRegistry } from '../../core/jobs/registry';
import { connectionProblem, hubPool } from '../connect';
import { HubError, requireHubSchema } from '../schema';
import { createHubHandlers } from './handlers';
import { SignInThrottle } from './sign-in-throttle';

export const DEFAULT_HUB_NAME = '区县养老服务数据中心';

export interface HubCore {
  dispatcher: Dispatcher;
  hubName: string;
  close(): Promise<void>;
}

/** The database a URL names, for people: host and database, never the user or password. */
export function databaseLabel(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}/${decodeURIComponent(u.pathname.replace(/^\//, ''))}`;
  } catch {
    return 'PostgreSQL';
  }
}

/**
 * The district hub behind the same contract as a station: its own accounts and sessions, the
 * manager's dashboard, lists and exports over every station's data, and its own pages.
 */
export async function createHubCore(options: { pgUrl: string; logger?: Logger; idleMs?: number; now?: () => Date }): Promise<HubCore> {
  const logger = options.logger ?? createLogger();
  const pool = hubPool(options.pgUrl);
  // A connection that drops while idle must not end the server; the next request reconnects.
  pool.on('error', (err) => logger.log('warn', 'hub.pool_error', { error: err.name }));
  let hubName = DEFAULT_HUB_NAME;
  try {
    const c = await pool.connect().catch((err: unknown) => {
      throw connectionProblem(err);
    });
    try {
      await requireHubSchema(c);
      const r = await c.query(`SELECT value #>> '{}' AS name FROM hub_meta WHERE key = 'name'`);
      if (r.rows[0]?.name) hubName = r.rows[0].name as string;
    } finally {
      c.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  const sessions = new SessionStore<null>(options.idleMs);
  const jobs = new JobRegistry(logger);
  const handlers = createHubHandlers({
    pool,
    pgUrl: options.pgUrl,
    hubName,
    databaseLabel: databaseLabel(options.pgUrl),
    sessions,
    jobs,
    throttle: new SignInThrottle(),
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const dispatcher = createDispatcher({
    handlers,
    sessions,
    logger,
    mapError: (err) => (err instanceof HubError ? new ServiceError('CONFLICT', err.message) : err),
  });
  return {
    dispatcher,
    hubName,
    async close() {
      jobs.cancelAll();
      sessions.closeAll();
      await pool.end().catch(() => {});
    },
  };
}
