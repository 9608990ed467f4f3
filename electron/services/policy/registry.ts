import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FieldError } from '../../../shared/contract/errors';
import { validatePolicyPack, type PolicyPack } from '../../../shared/policy';
import { writeFileAtomic } from '../store/keys';
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
      if (!current || current.builtin || current.pack.version < pack.version) byId.set(pack.id, { pack, builtin: false });
    }
    return [...byId.values()];
  }

  get(id: string): PolicyPack | undefined {
    return this.all().find((p) => p.pack.id === id)?.pack;
  }

  /** The pack the settings name, else the default built-in one. */
  active(activeId: string | null): PolicyPack {
    const pack = (activeId && this.get(activeId)) || this.get(DEFAULT_PACK_ID);
    if (!pack) throw new Error('no policy pack available');
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
    mkdirSync(this.dir, { recursive: true });
    const safe = `${r.value.id}@${r.value.version}`.replace(/[^A-Za-z0-9._@-]/g, '_');
    writeFileAtomic(path.join(this.dir, `${safe}.json`), JSON.stringify(json, null, 2));
    return { ok: true, pack: r.value };
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
