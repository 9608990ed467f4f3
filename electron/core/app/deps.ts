import type { Store } from '../db';
import type { PolicyRegistry } from '../policy/registry';
import type { RunMode } from './app-info';
import type { Logger } from './log';
import type { SessionStore } from './sessions';

/** What the feature handlers are built from: one set per data folder, made by the composition root. */
export interface CoreDeps {
  dataDir: string;
  mode: RunMode;
  /** Signed-in sessions, each holding its user's own store connection. */
  sessions: SessionStore<Store | null>;
  policies: PolicyRegistry;
  logger: Logger;
}

export const DONE = { ok: true } as const;
