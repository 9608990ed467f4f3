// Electron's own postinstall downloads its binary from GitHub and fails the whole
// `npm install` where that host is unreachable, so package.json denies it
// (allowScripts). This runs the same download as a best effort instead: a machine
// with network gets a working Electron, an offline one gets a one-line note and the
// browser mode (`npm start` falls back to it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = path.dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // production install without devDependencies
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || existsSync(path.join(electronDir, 'path.txt'))) process.exit(0);

const result = spawnSync(process.execPath, ['install.js'], {
  cwd: electronDir,
  stdio: 'ignore',
  timeout: 120_000,
});
if (result.status === 0 && existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('yiyang: Electron binary installed.');
} else {
  console.log('yiyang: Electron binary could not be downloaded here; `npm start` will use the browser mode.');
}
