import type { CoreDeps } from '../app/deps';
import { DONE } from '../app/deps';
import type { NamespaceHandlers } from '../app/dispatcher';
import { assessorsOf, createAccount, resetAccountPassword, updateAccount } from './accounts';
import { alone } from './sole-connection';

export function usersHandlers(deps: CoreDeps): NamespaceHandlers<'users'> {
  return {
    'users.list': (_input, { store }) => store.users.list(),
    'users.create': (input, { store }) => createAccount(store, input, deps.logger),
    'users.update': (input, { store, sessionToken }) => updateAccount(store, deps.sessions, input, (fn) => alone(deps, sessionToken, fn), deps.logger),
    'users.resetPassword': async (input, { store, sessionToken }) => {
      await resetAccountPassword(store, deps.sessions, input, (fn) => alone(deps, sessionToken, fn), deps.logger);
      return DONE;
    },
    'users.assessors': (_input, { store }) => assessorsOf(store),
  };
}
