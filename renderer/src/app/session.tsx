import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { ApiCallError } from '../api/client';
import { useApi } from '../api/context';
import { homePath } from './nav';
import { navigate } from './router';

export type SessionUser = MethodOutput<'session.current'>;

interface SessionState {
  user: SessionUser | null;
  /** The user who was signed in when the idle lock or an expired session struck. */
  lockedUser: SessionUser | null;
  idleMinutes: number;
  /** A stored session is being checked after a reload: show neither the login page nor the app yet. */
  restoring: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Called by screens when the server says the session is gone. */
  lock(): void;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('SessionContext missing');
  return s;
}

const ACTIVITY_EVENTS = ['mousedown', 'keydown', 'touchstart', 'wheel'] as const;

/**
 * The session token survives a reload of the same tab (sessionStorage is per tab and dies
 * with it); the server still ends it after the idle timeout, whatever the tab remembers.
 */
const SESSION_KEY = 'yiyang.session';

/**
 * Holds who is signed in. After `idleMinutes` without input the screen locks: the page
 * underneath stays mounted, so unsaved form state survives, and signing in again as the
 * same user unlocks it (drafts also autosave, so a lock never loses work).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [user, setUser] = useState<SessionUser | null>(null);
  const [lockedUser, setLockedUser] = useState<SessionUser | null>(null);
  const [idleMinutes, setIdleMinutes] = useState(15);
  const lastActivity = useRef(Date.now());

  const [restoring, setRestoring] = useState(() => !!window.sessionStorage.getItem(SESSION_KEY));

  const forget = useCallback(() => {
    api.session = undefined;
    window.sessionStorage.removeItem(SESSION_KEY);
  }, [api]);

  const lock = useCallback(() => {
    setUser((current) => {
      if (current) setLockedUser(current);
      return null;
    });
    forget();
  }, [forget]);

  // After a reload: the tab's session, if the server still knows it.
  useEffect(() => {
    const token = window.sessionStorage.getItem(SESSION_KEY);
    if (!token) return;
    api.session = token;
    api.call('session.current', {}).then(
      (u) => {
        lastActivity.current = Date.now();
        setUser(u);
        setRestoring(false);
      },
      () => {
        forget();
        setRestoring(false);
      },
    );
  }, [api, forget]);

  useEffect(() => {
    if (!user) return;
    const touch = () => (lastActivity.current = Date.now());
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current > idleMinutes * 60_000) {
        void api.call('session.logout', {}).catch(() => {});
        lock();
      }
    }, 15_000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, touch);
      window.clearInterval(timer);
    };
  }, [api, user, idleMinutes, lock]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const r = await api.call('session.login', { username, password });
      api.session = r.session;
      window.sessionStorage.setItem(SESSION_KEY, r.session);
      lastActivity.current = Date.now();
      setIdleMinutes(r.idleMinutes);
      // Unlocking as the same person keeps the page underneath; anyone else starts at their home.
      if (lockedUser?.userId !== r.user.userId) navigate(homePath(r.user.role), { replace: true });
      setUser(r.user);
      setLockedUser((prev) => (prev && prev.userId !== r.user.userId ? null : prev));
    },
    [api, lockedUser],
  );

  const signOut = useCallback(async () => {
    await api.call('session.logout', {}).catch(() => {});
    forget();
    setUser(null);
    setLockedUser(null);
    navigate('/', { replace: true });
  }, [api, forget]);

  const value = useMemo(
    () => ({ user, lockedUser, idleMinutes, restoring, signIn, signOut, lock }),
    [user, lockedUser, idleMinutes, restoring, signIn, signOut, lock],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Runs an API call; an expired session locks the screen instead of showing an error. */
export function isSessionGone(err: unknown): boolean {
  return err instanceof ApiCallError && err.error.code === 'UNAUTHENTICATED';
}
