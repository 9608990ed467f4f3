import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, screenshot, startBrowserMode, type BrowserModeServer } from './harness';

let server: BrowserModeServer;
let browser: Browser;

beforeAll(async () => {
  server = await startBrowserMode();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('home page in the browser mode', () => {
  it('renders its Chinese title and the data from app.info', async () => {
    const page = await newPage(browser);
    await page.goto(server.openUrl);
    // A fresh data folder opens on first-run setup, which already names the app and shows app.info.
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('颐养评估');
    await page.getByTestId('data-dir').waitFor();
    expect(await page.getByTestId('data-dir').textContent()).toBe(server.dataDir);
    expect(await page.getByTestId('instruments').textContent()).toContain('gbt42195-2022');
    // The token left the address bar but stays for a reload.
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await page.getByTestId('data-dir').waitFor();
    expect(existsSync(await screenshot(page, 'home'))).toBe(true);
  });

  it('a page without the launch token cannot call the API', async () => {
    const page = await newPage(browser);
    await page.goto(server.url);
    await page.getByText('无法连接到本机服务').waitFor();
    expect(await page.getByTestId('data-dir').count()).toBe(0);
  });
});
