import { localToday } from '../../../shared/policy/dates';
import { maskIdNumber, validateIdNumber } from '../../../shared/validation';
import type { NamespaceHandlers } from '../app/dispatcher';

export function personsHandlers(deps: { now?: () => Date } = {}): NamespaceHandlers<'persons'> {
  const today = () => localToday(deps.now?.() ?? new Date());
  return {
    // Lists travel masked: a list is for telling people apart; the record view shows the full number.
    'persons.search': (input, { store }) => {
      const r = store.persons.search({ ...input, lastLevel: input.lastLevel ?? undefined, today: today() });
      return { rows: r.rows.map((p) => ({ ...p, idNumber: p.idNumber ? maskIdNumber(p.idNumber) : null })), total: r.total };
    },
    'persons.get': (input, { store }) => store.persons.get(input.id, store.actor),
    'persons.findByIdNumber': (input, { store }) => {
      const r = validateIdNumber(input.idNumber);
      if (!r.ok) return null;
      const hit = store.persons.findDuplicates({ idNumber: r.idNumber })[0];
      return hit ? { id: hit.id, name: hit.name } : null;
    },
    'persons.create': (input, { store }) => store.persons.create(input, store.actor, { today: today() }),
    // The form's revision: a change saved by someone else since it was read is refused, never undone.
    'persons.update': (input, { store }) => store.persons.update(input.id, input.patch, store.actor, { revision: input.revision, today: today() }),
  };
}
