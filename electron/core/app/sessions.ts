import { randomBytes } from 'node:crypto';
import type { AnyRole } from '../../../shared/contract/roles';

export interface SessionUser {
  userId: string;
  username: string;
  displayName: string;
  role: AnyRole;
}

export interface SessionResolver {
  /** The signed-in user behind a session token, or null (unknown, expired or locked). */
  resolve(token: string | undefined): SessionUser | null;
}

export const DEFAULT_IDLE_MS = 15 * 60 * 1000;
const SWEEP_MS = 60 * 1000;

interface Session<T> {
  user: SessionUser;
  data: T;
  lastSeen: number;
}

/**
 * Sessions live in memory only: a restart signs everyone out, and a session idle longer
 * than `idleMs` ends (the UI then shows its lock screen). Each session carries its own
 * data — the signed-in user's open store connection — which `onEnd` releases however the
 * session ends: logout, expiry, or its user being changed by an admin.
 */
export class SessionStore<T = null> implements SessionResolver {
  private readonly sessions = new Map<string, Session<T>>();
  private readonly sweeper: ReturnType<typeof setInterval> | null;

  constructor(
    readonly idleMs = DEFAULT_IDLE_MS,
    private readonly now: () => number = Date.now,
    private readonly onEnd: (data: T) => void = () => {},
  ) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref?.();
  }

  open(user: SessionUser, data: T): string {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { user, data, lastSeen: this.now() });
    return token;
  }

  private live(token: string | undefined): Session<T> | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    if (this.now() - session.lastSeen > this.idleMs) {
      this.end(token, session);
      return null;
    }
    return session;
  }

  resolve(token: string | undefined): SessionUser | null {
    const session = this.live(token);
    if (!session) return null;
    session.lastSeen = this.now();
    return session.user;
  }

  data(token: string | undefined): T | null {
    return this.live(token)?.data ?? null;
  }

  close(token: string | undefined): void {
    const session = token ? this.sessions.get(token) : undefined;
    if (token && session) this.end(token, session);
  }

  /** Ends every session of one user (password or role change, account disabled). */
  closeUser(userId: string, except?: string): void {
    for (const [token, s] of this.sessions) if (s.user.userId === userId && token !== except) this.end(token, s);
  }

  /** Ends every session but one (the database is about to move to a new key). */
  closeAllExcept(keep: string | undefined): void {
    for (const [token, s] of this.sessions) if (token !== keep) this.end(token, s);
  }

  /** The data of any live session (e.g. an open store connection for housekeeping), or null. */
  anyData(): T | null {
    for (const [token, s] of this.sessions) {
      const live = this.live(token);
      if (live) return s.data;
    }
    return null;
  }

  closeAll(): void {
    for (const [token, s] of this.sessions) this.end(token, s);
    if (this.sweeper) clearInterval(this.sweeper);
  }

  private sweep(): void {
    for (const [token, s] of this.sessions) if (this.now() - s.lastSeen > this.idleMs) this.end(token, s);
  }

  private end(token: string, session: Session<T>): void {
    this.sessions.delete(token);
    this.onEnd(session.data);
  }
}
