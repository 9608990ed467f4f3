import { ServiceError } from '../../../shared/contract';
import type { CoreDeps } from '../app/deps';
import { DONE } from '../app/deps';
import type { NamespaceHandlers } from '../app/dispatcher';
import type { KeyedQueue } from '../app/keyed-queue';
import { changeOwnPassword, signIn } from './accounts';
import { alone } from './sole-connection';

/** Sign-in gives each session its own store connection, opened with that user's password. */
export function sessionHandlers(deps: CoreDeps, queue: KeyedQueue): NamespaceHandlers<'session'> {
  const { sessions } = deps;
  return {
    'session.login': (input) =>
      queue.run(input.username.normalize('NFC'), async () => {
        const { store, user } = await signIn(deps.dataDir, input.username, input.password, deps.logger).catch((err: unknown) => {
          // The password was right but the database would not open: the page then offers a restore.
          deps.health.noteSignInFailure(err);
          throw err;
        });
        const session = sessions.open(user, store);
        return { session, user, idleMinutes: Math.round(sessions.idleMs / 60_000) };
      }),
    'session.logout': (_input, ctx) => {
      sessions.close(ctx.sessionToken);
      return DONE;
    },
    'session.current': (_input, ctx) => {
      if (!ctx.user) throw new ServiceError('UNAUTHENTICATED', '请先登录');
      return ctx.user;
    },
    'session.changePassword': async (input, ctx) => {
      await changeOwnPassword(ctx.store, sessions, input, ctx.sessionToken, (fn) => alone(deps, ctx.sessionToken, fn), deps.logger);
      return DONE;
    },
  };
}
