import quanzhou2022 from '../../../resources/policies/quanzhou-2022.json';
import { formatFieldErrors, validatePolicyPack, type PolicyPack } from '../../../shared/policy';

/**
 * Packs that ship inside the bundle. Imported as JSON so the single-file command line
 * works without finding `resources/` at run time; the same files are what
 * `resources/policies/` holds, so the folder loader sees identical data.
 */
const RAW_BUILTIN_PACKS: readonly unknown[] = [quanzhou2022];

export const DEFAULT_PACK_ID = 'quanzhou-2022';

let cache: readonly PolicyPack[] | undefined;

/** Validated once, on first use: an invalid built-in pack is a release bug and fails loudly. */
export function builtinPacks(): readonly PolicyPack[] {
  if (!cache) {
    cache = RAW_BUILTIN_PACKS.map((raw) => {
      const r = validatePolicyPack(raw);
      if (!r.ok) throw new Error(`内置政策包无效：${formatFieldErrors(r.errors)}`);
      return r.value;
    });
  }
  return cache;
}

export function builtinPack(id: string): PolicyPack | undefined {
  return builtinPacks().find((p) => p.id === id);
}

export function defaultPack(): PolicyPack {
  const pack = builtinPack(DEFAULT_PACK_ID);
  if (!pack) throw new Error(`缺少默认政策包 ${DEFAULT_PACK_ID}`);
  return pack;
}
