import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './api';
import { launchChromium, newPage, screenshot, signIn, startBrowserMode, waitAtRest, type BrowserModeServer } from './harness';

/**
 * Issue 14 #3: a database that cannot be opened is never a blank screen. The sign-in finds
 * it damaged, the page says so with 重试 / 从备份恢复 / 退出, and a backup from the data
 * folder puts it right.
 */

const ADMIN = { username: 'admin', password: 'admin-pass-1' };
let dataDir: string;
let server: BrowserModeServer | undefined;
let browser: Browser;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-e2e-damaged-'));
  const first = await startBrowserMode(dataDir);
  const call = apiClient(first);
  await call('setup.init', { institutionName: '测试养老服务中心', adminUsername: ADMIN.username, adminDisplayName: '管理员', password: ADMIN.password });
  const session = (await call('session.login', ADMIN)).session;
  await call('persons.create', { name: '吴阿婆', sex: '女', birthDate: '1936-07-08' }, session);
  const job = await call('backup.create', {}, session);
  while ((await call('jobs.get', { id: job.id }, session)).state === 'running') await new Promise((r) => setTimeout(r, 50));
  await call('session.logout', {}, session);
  await first.stop();
  // The first page of the database overwritten: the key is right, the bytes are not.
  const fd = openSync(path.join(dataDir, 'yiyang.db'), 'r+');
  writeSync(fd, Buffer.alloc(4000, 0x5a), 0, 4000, 96);
  closeSync(fd);
  server = await startBrowserMode(dataDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a damaged database', () => {
  it('the sign-in shows 无法打开数据库; 从备份恢复 with the admin password brings the data back', async () => {
    const page = await newPage(browser);
    await page.goto(server!.openUrl);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('store-problem').waitFor();
    expect(await page.getByTestId('store-problem-message').textContent()).toContain('无法用此密钥解密数据库');
    expect(await page.getByTestId('store-problem-retry').isEnabled()).toBe(true);
    // The browser mode neither quits nor opens a system dialog: the tab is closed by hand, and only the folder's own backups are offered.
    expect(await page.getByTestId('store-problem-quit').count()).toBe(0);
    await page.getByTestId('store-problem-restore').click();
    await page.getByTestId('restore-panel').waitFor();
    expect(await page.getByTestId('restore-choose-file').count()).toBe(0);
    expect(await page.getByTestId('restore-backup').textContent()).toContain('手动');

    await page.getByTestId('restore-username').fill(ADMIN.username);
    await page.getByTestId('restore-password').fill('wrong-pass-1');
    await page.getByTestId('restore-submit').click();
    await page.getByTestId('restore-error').waitFor();
    expect(await page.getByTestId('restore-error').textContent()).toContain('用户名或密码错误');

    await page.getByTestId('restore-password').fill(ADMIN.password);
    await waitAtRest(page, 'restore-submit');
    await screenshot(page, 'store-problem');
    await page.getByTestId('restore-submit').click();
    await page.getByTestId('login-submit').waitFor();
    expect(readdirSync(dataDir).filter((f) => f.startsWith('damaged-'))).toHaveLength(1);

    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto(`${server!.url}#/persons`);
    await page.getByText('吴阿婆').first().waitFor();
    expect(existsSync(path.join(dataDir, 'yiyang.db'))).toBe(true);
  });
});
