import type { MethodOutput } from '../../../shared/contract';
import type { Store } from '../db';
import type { NamespaceHandlers } from '../app/dispatcher';
import { DEFAULT_PACK_ID } from '../policy/builtin';

export function institutionSettings(store: Store): MethodOutput<'settings.get'> {
  const inst = store.settings.getInstitution();
  return {
    institutionName: inst.name,
    institutionCode: inst.code,
    address: inst.address,
    reassessmentIntervalMonths: store.settings.getReassessmentIntervalMonths(),
    // The id as configured, even if unreadable: the settings page is where an admin repairs it.
    activePolicyPack: store.settings.getActivePolicyPack() ?? DEFAULT_PACK_ID,
  };
}

export function settingsHandlers(): NamespaceHandlers<'settings'> {
  return {
    'settings.get': (_input, { store }) => institutionSettings(store),
    'settings.update': (input, { store }) => {
      store.transaction(() => {
        const inst: { name?: string; code?: string | null; address?: string | null } = {};
        if (input.institutionName !== undefined) inst.name = input.institutionName;
        if (input.institutionCode !== undefined) inst.code = input.institutionCode;
        if (input.address !== undefined) inst.address = input.address;
        if (Object.keys(inst).length) store.settings.setInstitution(inst, store.actor);
        if (input.reassessmentIntervalMonths !== undefined) store.settings.setReassessmentIntervalMonths(input.reassessmentIntervalMonths, store.actor);
      });
      return institutionSettings(store);
    },
  };
}
