import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FieldError } from '../../../shared/contract/errors';
import { validatePolicyPack, type PolicyPack } from '../../../shared/policy';

export type PackFileResult = { ok: true; file: string; pack: PolicyPack } | { ok: false; file: string; errors: FieldError[] };

/**
 * Reads and validates one pack file. Never throws for a bad file: an administrator
 * loading a pack gets every problem as `{ path, message }`, the path empty for problems
 * with the file as a whole (unreadable, not JSON).
 */
export async function loadPackFile(file: string): Promise<PackFileResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? '文件不存在' : `无法读取文件${code ? `（${code}）` : ''}`;
    return { ok: false, file, errors: [{ path: '', message }] };
  }
  let json: unknown;
  try {
    // A BOM is what Windows Notepad writes; JSON.parse would reject it.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, file, errors: [{ path: '', message: '不是有效的 JSON' }] };
  }
  const r = validatePolicyPack(json);
  return r.ok ? { ok: true, file, pack: r.value } : { ok: false, file, errors: r.errors };
}

export interface PackDirResult {
  /** Valid packs, ordered by id then version. */
  packs: PolicyPack[];
  /** Files that could not be used, in file-name order. */
  failures: { file: string; errors: FieldError[] }[];
}

/**
 * Every `*.json` in a folder. A pack whose id and version repeat one already read is a
 * failure: the version is what a classification records, so it must name one pack.
 */
export async function loadPackDir(dir: string): Promise<PackDirResult> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.toLowerCase().endsWith('.json'))
    .map((d) => d.name)
    .sort();
  const packs: PolicyPack[] = [];
  const failures: PackDirResult['failures'] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const r = await loadPackFile(file);
    if (!r.ok) {
      failures.push({ file, errors: r.errors });
      continue;
    }
    const key = `${r.pack.id}@${r.pack.version}`;
    const earlier = seen.get(key);
    if (earlier) {
      failures.push({ file, errors: [{ path: 'version', message: `政策包 ${r.pack.id} 版本 ${r.pack.version} 与 ${path.basename(earlier)} 重复` }] });
      continue;
    }
    seen.set(key, file);
    packs.push(r.pack);
  }
  packs.sort((a, b) => (a.id === b.id ? compareText(a.version, b.version) : compareText(a.id, b.id)));
  return { packs, failures };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const POLICY_SUBDIR = path.join('resources', 'policies');

/**
 * Where the built-in packs live on disk: `<resources>/policies` in a packaged app
 * (Electron's `process.resourcesPath`), otherwise the nearest `resources/policies`
 * above `start` — the repository when running from source or from `dist-electron/`.
 * Null when none exists; the bundled copies (`builtinPacks`) still work then.
 */
export function builtinPackDir(options: { resourcesPath?: string; start?: string } = {}): string | null {
  const resourcesPath = options.resourcesPath ?? (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) {
    const packaged = path.join(resourcesPath, 'policies');
    if (existsSync(packaged)) return packaged;
  }
  const starts = options.start ? [options.start] : [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()];
  for (const start of starts) {
    if (!start) continue;
    let dir = path.resolve(start);
    for (;;) {
      const candidate = path.join(dir, POLICY_SUBDIR);
      if (existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}
