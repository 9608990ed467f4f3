import { randomBytes } from 'node:crypto';
import type { SessionResolver, SessionUser } from '../dispatcher';

export const DEFAULT_IDLE_MS = 15 * 60 * 1000;

interface Session {
  user: SessionUser;
  lastSeen: number;
}

/**
 * Sessions live in memory only: a restart signs everyone out, and a session that has
 * been idle longer than `idleMs` is gone (the UI then shows its lock screen).
 */
export class SessionStore implements SessionResolver {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly idleMs = DEFAULT_IDLE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  open(user: SessionUser): string {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { user, lastSeen: this.now() });
    return token;
  }

  resolve(token: string | undefined): SessionUser | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    if (this.now() - session.lastSeen > this.idleMs) {
      this.sessions.delete(token);
      return null;
    }
    session.lastSeen = this.now();
    return session.user;
  }

  close(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  /** Ends every session of one user (password change, account disabled). */
  closeUser(userId: string): void {
    for (const [token, s] of this.sessions) if (s.user.userId === userId) this.sessions.delete(token);
  }
}
