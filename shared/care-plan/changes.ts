import type { CarePlan, CarePlanChange, DerivedCarePlanRecord } from '../contract/records';

/**
 * The plan as it now reads: the derived services with the assessor's changes applied in
 * order (an `exclude` unticks a service with its reason, an `include` ticks it again, the
 * latest `note` stands). The derived plan itself is never rewritten.
 */
export function applyCarePlanChanges(derived: DerivedCarePlanRecord, changes: readonly CarePlanChange[]): CarePlan {
  const excluded = new Map<string, { text: string; byName: string | null; at: string }>();
  let note: CarePlan['note'] = null;
  for (const c of changes) {
    if (c.kind === 'note') note = c.text.trim() === '' ? null : { text: c.text, byName: c.byName, at: c.at };
    else if (c.kind === 'exclude' && c.serviceId) excluded.set(c.serviceId, { text: c.text, byName: c.byName, at: c.at });
    else if (c.kind === 'include' && c.serviceId) excluded.delete(c.serviceId);
  }
  return {
    ...derived,
    services: derived.services.map((s) => ({ ...s, excluded: excluded.get(s.id) ?? null })),
    note,
    changes: [...changes],
  };
}
