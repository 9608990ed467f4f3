// `npm start`: build what is missing or stale, then launch Electron when its binary is
// installed, else the browser mode (one line says so, with the URL to open).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function outputTime(files) {
  return Math.min(...files.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
}

const sources = (...dirs) => Math.max(...dirs.map((d) => newestMtime(path.join(root, d))));
const nodeOut = ['main.js', 'preload.js', 'cli.js', 'server.js', 'worker.js'].map((f) => path.join(root, 'dist-electron', f));
const rendererOut = [path.join(root, 'dist', 'renderer', 'index.html')];

const { buildNode, buildRenderer } = await import('./build.mjs');
if (outputTime(nodeOut) < sources('electron', 'shared', 'resources')) await buildNode();
if (outputTime(rendererOut) < sources('renderer', 'shared')) await buildRenderer();

function electronBinary() {
  try {
    const bin = require('electron'); // the package's main returns the binary path, or throws when absent
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
const extra = process.argv.slice(2);
const child = electron
  ? spawn(electron, [root, ...extra], { stdio: 'inherit' })
  : spawn(process.execPath, [path.join(root, 'dist-electron', 'server.js'), '--fallback', '--open', ...extra], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
