import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateHubKeyPair, readBundle } from '../../electron/core/exchange/bundle-file';
import { launchChromium, newPage, screenshot, screenshotOnFailure, signIn, startBrowserMode, type BrowserModeServer } from './harness';

/**
 * Issue 15 #1 in the browser mode: the administrator loads the district hub's public key
 * from its file on 数据交换, exports a bundle (saved as a download here; the desktop app asks
 * where in its save dialog), and the page shows the export as the last one.
 */

const ADMIN = { username: 'admin', password: 'admin-pass-1' };
const ROOT = path.resolve(__dirname, '..', '..');
let server: BrowserModeServer;
let browser: Browser;
let page: Page;
let dataDir: string;
let work: string;
const hub = generateHubKeyPair();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-e2e-exchange-'));
  work = mkdtempSync(path.join(os.tmpdir(), 'yiyang-e2e-hubkey-'));
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'yiyang.js'), ...args], { encoding: 'utf8', env: { ...process.env, YIYANG_PASSWORD: ADMIN.password } });
  expect(cli(['init', '--data', dataDir, '--institution', '东海街道综合养老服务中心', '--admin', ADMIN.username]).status).toBe(0);
  expect(cli(['seed', '--data', dataDir, '--persons', '20', '--seed', '5']).status).toBe(0);
  writeFileSync(path.join(work, 'hub.pem'), hub.publicKeyPem);
  writeFileSync(path.join(work, 'not-a-key.pem'), 'hello');
  server = await startBrowserMode(dataDir);
  browser = await launchChromium();
  page = await newPage(browser);
});

afterEach((ctx) => screenshotOnFailure(page, ctx.task));

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('数据交换 (browser mode)', () => {
  it('a wrong file is refused in Chinese; the hub key loads once; export is then enabled', async () => {
    await page.goto(server.openUrl);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.getByRole('menuitem', { name: '数据交换' }).click();
    await page.getByTestId('exchange-page').waitFor();
    expect(await page.getByTestId('exchange-hub-key').textContent()).toBe('未载入');
    expect(await page.getByTestId('exchange-export').isDisabled()).toBe(true);
    await page.locator('[data-testid="exchange-page"] input[type=file]').setInputFiles(path.join(work, 'not-a-key.pem'));
    await page.getByTestId('exchange-error').waitFor();
    expect(await page.getByTestId('exchange-error').textContent()).toContain('不是有效的区县数据中心公钥文件');
    await page.locator('[data-testid="exchange-page"] input[type=file]').setInputFiles(path.join(work, 'hub.pem'));
    await page.getByText('已载入（SHA-256').waitFor();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="exchange-export"]') as HTMLButtonElement | null)?.disabled);
  });

  it('exports a bundle the hub can open, and shows it as the last export', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('exchange-export').click()]);
    expect(download.suggestedFilename()).toBe('交换数据包-东海街道综合养老服务中心-第1号.yyxb');
    const file = path.join(work, 'bundle.yyxb');
    await download.saveAs(file);
    const b = readBundle(readFileSync(file));
    b.verifySignature(b.header.stationCertPem);
    expect((b.decrypt(hub.privateKeyPem) as { persons: unknown[] }).persons).toHaveLength(20);
    await page.getByTestId('job-close').click();
    await page.getByText(/^第 1 号，/).waitFor();
    await screenshot(page, 'exchange');
  });
});
