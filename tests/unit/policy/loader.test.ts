import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import quanzhou from '../../../resources/policies/quanzhou-2022.json';
import { builtinPack, builtinPacks, DEFAULT_PACK_ID, defaultPack } from '../../../electron/core/policy/builtin';
import { builtinPackDir, loadPackDir, loadPackFile } from '../../../electron/core/policy/loader';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'yiyang-policy-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function variant(change: Record<string, unknown>): unknown {
  return { ...structuredClone(quanzhou), ...change };
}

describe('built-in packs', () => {
  it('bundles quanzhou-2022 as the default', () => {
    expect(DEFAULT_PACK_ID).toBe('quanzhou-2022');
    expect(defaultPack().id).toBe('quanzhou-2022');
    expect(builtinPacks().map((p) => p.id)).toEqual(['quanzhou-2022']);
    expect(builtinPack('nowhere-1999')).toBeUndefined();
  });

  it('are the same data as resources/policies on disk', async () => {
    const found = builtinPackDir();
    expect(found).not.toBeNull();
    const r = await loadPackDir(found!);
    expect(r.failures).toEqual([]);
    expect(r.packs).toEqual([...builtinPacks()]);
  });
});

describe('loadPackFile', () => {
  it('returns the validated pack', async () => {
    const r = await loadPackFile(write('a.json', quanzhou));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.pack).toEqual(defaultPack());
  });

  it('accepts a file that starts with a byte-order mark', async () => {
    const r = await loadPackFile(write('bom.json', `\uFEFF${JSON.stringify(quanzhou)}`));
    expect(r.ok).toBe(true);
  });

  it('lists every bad field with its path, in Chinese', async () => {
    const r = await loadPackFile(write('bad.json', variant({ effectiveFrom: '2022-13-01', title: 7, extra: true })));
    expect(r).toEqual({
      ok: false,
      file: path.join(dir, 'bad.json'),
      errors: [
        { path: 'title', message: '应为字符串' },
        { path: 'effectiveFrom', message: '不是有效的日期，应为 YYYY-MM-DD 格式的真实日期' },
        { path: 'extra', message: '未知字段' },
      ],
    });
  });

  it('reports a file that is not JSON', async () => {
    const r = await loadPackFile(write('broken.json', '{ "id": '));
    expect(r).toMatchObject({ ok: false, errors: [{ path: '', message: '不是有效的 JSON' }] });
  });

  it('reports a missing file', async () => {
    const r = await loadPackFile(path.join(dir, 'none.json'));
    expect(r).toMatchObject({ ok: false, errors: [{ path: '', message: '文件不存在' }] });
  });

  it('reports a folder given as a file', async () => {
    mkdirSync(path.join(dir, 'sub.json'));
    const r = await loadPackFile(path.join(dir, 'sub.json'));
    expect(r).toMatchObject({ ok: false, errors: [{ path: '' }] });
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/^无法读取文件/);
  });
});

describe('loadPackDir', () => {
  it('loads the good packs, sorted, and lists the bad files', async () => {
    write('z-newer.json', variant({ version: '2024.1' }));
    write('a-base.json', quanzhou);
    write('other.json', variant({ id: 'xiamen-2023', title: '厦门' }));
    write('copy.json', quanzhou);
    write('broken.json', '[');
    write('invalid.json', variant({ effectiveTo: '2021-01-01' }));
    write('notes.txt', 'not a pack');
    mkdirSync(path.join(dir, 'folder.json'));

    const r = await loadPackDir(dir);
    expect(r.packs.map((p) => `${p.id}@${p.version}`)).toEqual(['quanzhou-2022@2022.2', 'quanzhou-2022@2024.1', 'xiamen-2023@2022.2']);
    expect(r.failures).toEqual([
      { file: path.join(dir, 'broken.json'), errors: [{ path: '', message: '不是有效的 JSON' }] },
      { file: path.join(dir, 'copy.json'), errors: [{ path: 'version', message: '政策包 quanzhou-2022 版本 2022.2 与 a-base.json 重复' }] },
      { file: path.join(dir, 'invalid.json'), errors: [{ path: 'effectiveTo', message: '失效日期不能早于生效日期（effectiveFrom）' }] },
    ]);
  });

  it('returns nothing for an empty folder', async () => {
    expect(await loadPackDir(dir)).toEqual({ packs: [], failures: [] });
  });
});

describe('builtinPackDir', () => {
  it('prefers the packaged resources folder', () => {
    mkdirSync(path.join(dir, 'policies'));
    expect(builtinPackDir({ resourcesPath: dir, start: '/' })).toBe(path.join(dir, 'policies'));
  });

  it('finds resources/policies above the start folder', () => {
    mkdirSync(path.join(dir, 'resources', 'policies'), { recursive: true });
    mkdirSync(path.join(dir, 'dist-electron'));
    expect(builtinPackDir({ start: path.join(dir, 'dist-electron') })).toBe(path.join(dir, 'resources', 'policies'));
  });

  it('falls back past a resources folder without policies', () => {
    mkdirSync(path.join(dir, 'resources', 'policies'), { recursive: true });
    mkdirSync(path.join(dir, 'app', 'resources'), { recursive: true });
    expect(builtinPackDir({ resourcesPath: path.join(dir, 'app', 'resources'), start: path.join(dir, 'app') })).toBe(
      path.join(dir, 'resources', 'policies'),
    );
  });
});
