import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FieldError } from '../../../shared/contract/errors';
import { writeFileAtomic } from '../db/keys';

export interface Versioned {
  readonly id: string;
  readonly version: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Rule files one data folder can use (policy packs, care-service catalogues): the
 * built-in ones plus those an admin loaded, kept as validated JSON under `<data>/<folder>/`.
 * A loaded file with the id of a built-in one replaces it when its version is higher
 * (that is how a correction is rolled out); results record id and version, so one
 * id@version must always mean one rule set and a reused version is refused.
 */
export class VersionedFiles<T extends Versioned> {
  private readonly dir: string;

  constructor(
    dataDir: string,
    folder: string,
    private readonly builtin: () => readonly T[],
    private readonly validate: (raw: unknown) => Validated<T>,
    /** For messages: 政策包, 服务目录. */
    private readonly noun: string,
  ) {
    this.dir = path.join(dataDir, folder);
  }

  private loaded(): T[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return [];
    }
    const out: T[] = [];
    for (const name of names) {
      try {
        const r = this.validate(JSON.parse(readFileSync(path.join(this.dir, name), 'utf8')));
        if (r.ok) out.push(r.value);
      } catch {
        /* a damaged file is skipped; it was valid when loaded, so this is disk trouble */
      }
    }
    return out;
  }

  /** Every usable file; for one id the loaded one with the highest version wins over the built-in. */
  all(): { value: T; builtin: boolean }[] {
    const byId = new Map<string, { value: T; builtin: boolean }>();
    for (const value of this.builtin()) byId.set(value.id, { value, builtin: true });
    for (const value of this.loaded()) {
      const current = byId.get(value.id);
      if (!current || compareVersions(current.value.version, value.version) < 0) byId.set(value.id, { value, builtin: false });
    }
    return [...byId.values()];
  }

  get(id: string): T | undefined {
    return this.all().find((p) => p.value.id === id)?.value;
  }

  /** One exact id@version, built-in or loaded, also one a newer version has replaced. */
  exact(id: string, version: string): T | undefined {
    return [...this.builtin(), ...this.loaded()].find((v) => v.id === id && v.version === version);
  }

  /** Validates JSON text and keeps it; every problem comes back with its field path. */
  load(text: string): Validated<T> {
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      return { ok: false, errors: [{ path: '', message: '不是有效的 JSON' }] };
    }
    const r = this.validate(json);
    if (!r.ok) return r;
    if (this.exact(r.value.id, r.value.version)) {
      return { ok: false, errors: [{ path: 'version', message: `${this.noun} ${r.value.id} 版本 ${r.value.version} 已存在，修改后的${this.noun}须使用新的版本号` }] };
    }
    mkdirSync(this.dir, { recursive: true });
    const safe = `${r.value.id}@${r.value.version}`.replace(/[^A-Za-z0-9._@-]/g, '_');
    writeFileAtomic(path.join(this.dir, `${safe}.json`), JSON.stringify(json, null, 2));
    return r;
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
