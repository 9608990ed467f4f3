import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.YIYANG_CHROMIUM ?? '/usr/bin/chromium';

// Flags from ../shared/design/stack-notes.md §6: without the background-networking
// ones Chromium keeps dialling hosts this machine cannot reach.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface BrowserModeServer {
  url: string;
  openUrl: string;
  dataDir: string;
  startedAt: number;
  stop(): Promise<void>;
}

/** A server process of ours, started in its own process group, with the URL its one line printed. */
export interface ServerProcess {
  url: string;
  openUrl: string;
  stop(): Promise<void>;
}

/** Starts `node …argv` in its own process group and waits for the loopback URL (token included) it prints. */
export async function startServerProcess(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, argv, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  return {
    url: openUrl.split('#')[0]!,
    openUrl,
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(-child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      }
    },
  };
}

/** Starts `dist-electron/server.js` (the browser mode) and waits for its URL line. */
export async function startBrowserMode(dataDir?: string): Promise<BrowserModeServer> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'yiyang-e2e-'));
  const startedAt = performance.now();
  const server = await startServerProcess([path.join(ROOT, 'dist-electron', 'server.js'), '--data', dir]);
  return {
    url: server.url,
    openUrl: server.openUrl,
    dataDir: dir,
    startedAt,
    async stop() {
      await server.stop();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export async function newPage(browser: Browser): Promise<Page> {
  // Reduced motion turns the UI's animations off: tests never race a dialog that is still zooming in.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Waits until an element stops moving (same box over two animation frames): what a person
 * waits for before drawing on a pad or clicking into a dialog that just opened.
 */
export async function waitAtRest(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).waitFor();
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (!el) return false;
    const w = window as unknown as { __restBoxes?: Record<string, string> };
    const r = el.getBoundingClientRect();
    const box = `${r.x},${r.y},${r.width},${r.height}`;
    const boxes = (w.__restBoxes ??= {});
    const same = boxes[id] === box;
    boxes[id] = box;
    return same && getComputedStyle(el).opacity === '1';
  }, testId, { polling: 'raf' });
}

/** Signs in on the login screen and waits for the app shell. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

/** Saves a screenshot named after a failed test, to see what the page showed. */
export async function screenshotOnFailure(page: Page | undefined, task: { name: string; result?: { state?: string } }): Promise<void> {
  if (page && task.result?.state === 'fail') await screenshot(page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
}
