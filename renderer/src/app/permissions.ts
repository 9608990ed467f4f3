import { canCall, type MethodName } from '../../../shared/contract';
import { useSession } from './session';

/**
 * `can('persons.create')`: what the contract's role table says about the person at the
 * keyboard (also while the screen is locked, so the page underneath keeps its buttons).
 */
export function useCan(): (method: MethodName) => boolean {
  const { user, lockedUser } = useSession();
  const role = (user ?? lockedUser)?.role;
  return (method) => canCall(role, method);
}
