import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceError, type FieldError } from '../../../shared/contract/errors';
import { validatePolicyPack, type PolicyPack } from '../../../shared/policy';
import { writeFileAtomic } from '../db/keys';
import { builtinPacks, DEFAULT_PACK_ID } from './builtin';

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
 * The packs one data folder can use: the built-in ones plus those an admin loaded,
 * kept as validated JSON under `<data>/policies/`. A loaded pack with the id of a
 * built-in one replaces it (that is how a corrected Quanzhou pack is rolled out);
 * a classification records id and version, so old results stay traceable.
 */
export class PolicyRegistry {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'policies');
  }

  private loaded(): PolicyPack[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return [];
    }
    const packs: PolicyPack[] = [];
    for (const name of names) {
      try {
        const r = validatePolicyPack(JSON.parse(readFileSync(path.join(this.dir, name), 'utf8')));
        if (r.ok) packs.push(r.value);
      } catch {
        /* a damaged file is skipped; it was valid when loaded, so this is disk trouble */
      }
    }
    return packs;
  }

  /** Every usable pack; for one id the loaded pack with the highest version wins over the built-in. */
  all(): { pack: PolicyPack; builtin: boolean }[] {
    const byId = new Map<string, { pack: PolicyPack; builtin: boolean }>();
    for (const pack of builtinPacks()) byId.set(pack.id, { pack, builtin: true });
    for (const pack of this.loaded()) {
      const current = byId.get(pack.id);
      if (!current || compareVersions(current.pack.version, pack.version) < 0) byId.set(pack.id, { pack, builtin: false });
    }
    return [...byId.values()];
  }

  get(id: string): PolicyPack | undefined {
    return this.all().find((p) => p.pack.id === id)?.pack;
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

  /** Validates pack JSON text and keeps it; every problem comes back with its field path. */
  load(text: string): LoadResult {
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      return { ok: false, errors: [{ path: '', message: '不是有效的 JSON' }] };
    }
    const r = validatePolicyPack(json);
    if (!r.ok) return { ok: false, errors: r.errors };
    // A classification names its pack by id and version, so one id@version must always mean one rule set.
    const clash = [...builtinPacks(), ...this.loaded()].some((p) => p.id === r.value.id && p.version === r.value.version);
    if (clash) return { ok: false, errors: [{ path: 'version', message: `政策包 ${r.value.id} 版本 ${r.value.version} 已存在，修改后的政策包须使用新的版本号` }] };
    mkdirSync(this.dir, { recursive: true });
    const safe = `${r.value.id}@${r.value.version}`.replace(/[^A-Za-z0-9._@-]/g, '_');
    writeFileAtomic(path.join(this.dir, `${safe}.json`), JSON.stringify(json, null, 2));
    return { ok: true, pack: r.value };
  }
}

/** Compares dotted versions numerically segment by segment ("2022.10" is after "2022.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
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
