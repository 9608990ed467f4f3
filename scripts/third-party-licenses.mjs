// Writes build/licenses/THIRD-PARTY-LICENSES.txt: every package the packaged app ships
// (the production dependencies, followed through node_modules), with its licence text.
// Run by `npm run package` before electron-builder, which ships the file (electron-builder.yml).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);

function findPackage(name, from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'node_modules', name, 'package.json');
    if (existsSync(p)) return p;
    if (dir === root || dir === path.dirname(dir)) return null;
  }
}

/** The package's licence field, its old `licenses` list, or the name its LICENSE file starts with (png-js has only the file). */
function licenceName(pkg, dir) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license?.type) return pkg.license.type;
  if (Array.isArray(pkg.licenses) && pkg.licenses.length) return pkg.licenses.map((l) => l.type ?? l).join(' OR ');
  const first = licenceText(dir).split('\n')[0] ?? '';
  const known = /\b(MIT|ISC|Apache|BSD|MPL|LGPL|GPL)\b/.exec(first);
  return known ? `${known[1]} (from its licence file)` : 'UNKNOWN';
}

export function productionPackages() {
  const seen = new Map();
  const visit = (pkgJson) => {
    const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
    const key = `${pkg.name}@${pkg.version}`;
    if (seen.has(key)) return;
    seen.set(key, { name: pkg.name, version: pkg.version, license: licenceName(pkg, path.dirname(pkgJson)), dir: path.dirname(pkgJson) });
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const found = findPackage(dep, path.dirname(pkgJson));
      if (found) visit(found);
    }
  };
  const app = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const dep of Object.keys(app.dependencies ?? {})) {
    const found = findPackage(dep, root);
    if (!found) throw new Error(`dependency ${dep} is not installed: run npm install`);
    visit(found);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function licenceText(dir) {
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  return file ? readFileSync(path.join(dir, file), 'utf8').trim() : '(no licence file in the package; see its licence field)';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pkgs = productionPackages();
  const out = pkgs.map((p) => `${'='.repeat(78)}\n${p.name} ${p.version} (${p.license})\n${'='.repeat(78)}\n${licenceText(p.dir)}\n`).join('\n');
  mkdirSync(path.join(root, 'build', 'licenses'), { recursive: true });
  writeFileSync(path.join(root, 'build', 'licenses', 'THIRD-PARTY-LICENSES.txt'), `颐养评估 ships these packages.\n\n${out}`);
  process.stdout.write(`third-party licences: ${pkgs.length} packages\n`);
}
