import { ServiceError } from '../../../shared/contract';
import type { NamespaceHandlers } from '../app/dispatcher';
import { DEFAULT_PACK_ID } from './builtin';
import { summarize, type PolicyRegistry } from './registry';

export function policyHandlers(policies: PolicyRegistry): NamespaceHandlers<'policy'> {
  return {
    'policy.list': (_input, { store }) => ({
      active: store.settings.getActivePolicyPack() ?? DEFAULT_PACK_ID,
      packs: policies.all().map((p) => summarize(p.pack, p.builtin)),
    }),
    'policy.load': (input, { store }) => {
      const r = policies.load(input.json);
      if (!r.ok) throw new ServiceError('BAD_INPUT', '政策包无效，请检查标出的字段', r.errors);
      store.audit.append(store.actor, { action: 'policy.load', entity: 'policyPack', entityId: `${r.pack.id}@${r.pack.version}` });
      return summarize(r.pack, false);
    },
    'policy.activate': (input, { store }) => {
      if (!policies.get(input.packId)) throw new ServiceError('NOT_FOUND', `没有政策包 ${input.packId}`);
      store.settings.setActivePolicyPack(input.packId, store.actor);
      return { active: input.packId };
    },
  };
}
