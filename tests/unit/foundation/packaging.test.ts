import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

/**
 * Issue 14 #4–#5: electron-builder cannot run here (it downloads Electron), so its
 * configuration is checked by reading it: targets, installer, fuses, unpack rules and the
 * files it ships, each of which must exist.
 */

const ROOT = path.resolve(__dirname, '../../..');
type Target = { target: string; arch: string[] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a YAML document read for its shape
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('builds a per-user Chinese NSIS installer for Windows x64 with desktop and start-menu shortcuts', () => {
    expect(config['win'].target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config['nsis']).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      installerLanguages: ['zh_CN'],
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      shortcutName: '颐养评估',
    });
  });

  it('builds an AppImage and a deb for Linux x64', () => {
    expect((config['linux'].target as Target[]).map((t) => `${t.target}/${t.arch.join(',')}`)).toEqual(['AppImage/x64', 'deb/x64']);
  });

  it('has an icon, and every resource and licence it ships exists', () => {
    const iconDir = path.join(ROOT, config['directories'].buildResources);
    for (const platform of ['win', 'linux']) {
      const icon = path.join(iconDir, config[platform].icon);
      expect(existsSync(icon), icon).toBe(true);
      const png = readFileSync(icon);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256); // electron-builder makes the .ico from ≥ 256 px
    }
    const sources = (config['extraResources'] as { from: string; to: string }[]).map((r) => r.from);
    for (const from of sources.filter((f) => !f.startsWith('build/'))) expect(existsSync(path.join(ROOT, from)), from).toBe(true);
    expect(sources).toContain('resources/fonts/OFL.txt');
    // Made at packaging time by this script (npm run package runs it first).
    expect(sources).toContain('build/licenses/THIRD-PARTY-LICENSES.txt');
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.package).toContain('scripts/third-party-licenses.mjs');
  });

  it('ships only the built app, and keeps the native SQLite driver outside the asar, rebuilt for Electron', () => {
    expect(config['files']).toEqual(expect.arrayContaining(['dist-electron/**', 'dist/renderer/**', 'package.json', '!**/*.map']));
    expect(config['files'].some((f: string) => /^(electron|renderer|shared|tests)\//.test(f))).toBe(false);
    expect(config['asarUnpack']).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3-multiple-ciphers/**']));
    expect(config['npmRebuild']).toBe(true);
  });

  it('sets the fuses: no running as Node, no inspector, the app only from a checked asar', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('the main process starts the core host that the build writes', () => {
    const main = readFileSync(path.join(ROOT, 'electron/shell/main.ts'), 'utf8');
    expect(main).toContain("utilityProcess.fork(path.join(__dirname, 'core-host.js')");
    expect(readFileSync(path.join(ROOT, 'scripts/build.mjs'), 'utf8')).toContain("'core-host': 'electron/core-host/index.ts'");
  });
});

describe('the third-party licence list', () => {
  it('covers every production dependency, each with a licence', async () => {
    const { productionPackages } = (await import(path.join(ROOT, 'scripts/third-party-licenses.mjs'))) as {
      productionPackages(): { name: string; license: string }[];
    };
    const pkgs = productionPackages();
    const deps = Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies);
    for (const d of deps) expect(pkgs.map((p) => p.name), d).toContain(d);
    expect(pkgs.filter((p) => !p.license || p.license === 'UNKNOWN').map((p) => p.name)).toEqual([]);
  });
});
