// Builds the three parts: main-side bundles (Electron main, command line, browser-mode
// server) and the sandboxed preload with esbuild, the renderer with Vite.
//   node scripts/build.mjs [--only=node|renderer]
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

// Native modules and Electron stay outside the bundles; everything else is inlined so
// the packaged app needs no node_modules for pure-JS code.
const external = ['electron', 'better-sqlite3-multiple-ciphers', 'pdfkit', 'fontkit', 'exceljs'];

export async function buildNode() {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
    external,
  };
  await Promise.all([
    esbuild({ ...common, entryPoints: { main: 'electron/shell/main.ts', cli: 'electron/cli/index.ts', server: 'electron/server/index.ts', 'core-host': 'electron/core-host/index.ts', worker: 'electron/core/jobs/worker-entry.ts' }, outdir: 'dist-electron' }),
    // A sandboxed preload must be one CommonJS file that requires nothing but electron.
    esbuild({ ...common, entryPoints: { preload: 'electron/shell/preload.ts' }, outdir: 'dist-electron', external: ['electron'], platform: 'browser' }),
  ]);
}

export async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  if (only !== 'renderer') await buildNode();
  if (only !== 'node') await buildRenderer();
  console.log(`yiyang: build done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
