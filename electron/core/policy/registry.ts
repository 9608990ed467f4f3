import { ServiceError, type FieldError } from '../../../shared/contract/errors';
import { validatePolicyPack, type PolicyPack } from '../../../shared/policy';
import { VersionedFiles } from '../app/versioned-files';
import { builtinPacks, DEFAULT_PACK_ID } from './builtin';

export { compareVersions } from '../app/versioned-files';

export interface PackSummary {
  id: string;
  version: string;
  title: string;
  region: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  builtin: boolean;
}

export type LoadResult = { ok: true; pack: PolicyPack } | { ok: false; errors: FieldError[] };

/**
 * The packs one data folder can use: the built-in ones plus those an admin loaded
 * (`<data>/policies/`, see VersionedFiles). A classification records id and version, so
 * old results stay traceable after a corrected pack replaces the built-in one.
 */
export class PolicyRegistry {
  private readonly files: VersionedFiles<PolicyPack>;

  constructor(dataDir: string) {
    this.files = new VersionedFiles(dataDir, 'policies', builtinPacks, validatePolicyPack, '政策包');
  }

  all(): { pack: PolicyPack; builtin: boolean }[] {
    return this.files.all().map(({ value, builtin }) => ({ pack: value, builtin }));
  }

  get(id: string): PolicyPack | undefined {
    return this.files.get(id);
  }

  /**
   * The pack the settings name, else the default built-in one. A named pack that can no
   * longer be read is an error, never a silent fallback: classifying under another
   * pack than the one in force would be wrong without anyone noticing.
   */
  active(activeId: string | null): PolicyPack {
    const pack = this.get(activeId ?? DEFAULT_PACK_ID);
    if (!pack) {
      throw new ServiceError('CONFLICT', `当前使用的政策包 ${activeId ?? DEFAULT_PACK_ID} 无法读取，请管理员在“机构设置”中重新载入或改选其他政策包`);
    }
    return pack;
  }

  load(text: string): LoadResult {
    const r = this.files.load(text);
    return r.ok ? { ok: true, pack: r.value } : r;
  }
}

export function summarize(pack: PolicyPack, builtin: boolean): PackSummary {
  return {
    id: pack.id,
    version: pack.version,
    title: pack.title,
    region: pack.region,
    effectiveFrom: pack.effectiveFrom,
    effectiveTo: pack.effectiveTo ?? null,
    builtin,
  };
}
