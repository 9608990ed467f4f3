import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres';
import { launchChromium, newPage, ROOT, screenshot, screenshotOnFailure, signIn, startServerProcess, type ServerProcess } from './harness';

/**
 * Issue 15 "done means", from the README's commands: a station's bundle reaches a running hub
 * (`yiyang hub serve`) and shows in its dashboard; 站点 lists the station with its last bundle
 * and counts; 人员 finds a person and opens their history; a district manager made in 用户管理
 * signs in and sees the district but not its users.
 */

const STATION_ADMIN = { username: 'admin', password: 'admin-pass-1' };
const HUB_ADMIN = { username: 'admin', password: 'hub-admin-pass-1' };
const STATION = '东海街道综合养老服务中心';
let pgServer: TestPostgres;
let hub: ServerProcess;
let browser: Browser;
let page: Page;
let dataDir: string;
let work: string;
let expected: { assessments: number; persons: number };

function yiyang(args: string[], password: string): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'yiyang.js'), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, YIYANG_PASSWORD: password } });
  if (r.status !== 0) throw new Error(`yiyang ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  pgServer = await startTestPostgres();
  const pgUrl = await pgServer.createDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-e2e-station-'));
  work = mkdtempSync(path.join(os.tmpdir(), 'yiyang-e2e-hub-'));
  // The README's steps: a station, the hub, the station enrolled, its bundle imported.
  yiyang(['init', '--data', dataDir, '--institution', STATION, '--admin', STATION_ADMIN.username], STATION_ADMIN.password);
  yiyang(['seed', '--data', dataDir, '--persons', '30', '--seed', '7'], STATION_ADMIN.password);
  yiyang(['hub', 'init', '--pg', pgUrl, '--key-out', 'hub.pem', '--name', '丰泽区养老服务数据中心'], HUB_ADMIN.password);
  yiyang(['exchange', 'cert', '--data', dataDir, '--user', STATION_ADMIN.username, '--out', 'station.pem'], STATION_ADMIN.password);
  yiyang(['hub', 'station', 'add', '--pg', pgUrl, '--cert', 'station.pem', '--name', STATION], HUB_ADMIN.password);
  yiyang(['exchange', 'export', '--data', dataDir, '--user', STATION_ADMIN.username, '--to', 'hub.pem', '--out', 'bundle.yyxb'], STATION_ADMIN.password);
  yiyang(['hub', 'import', '--pg', pgUrl, 'bundle.yyxb'], HUB_ADMIN.password);
  expected = JSON.parse(yiyang(['hub', 'stats', '--pg', pgUrl, '--json'], HUB_ADMIN.password));
  // The station's next bundle, brought to the hub on a USB stick and imported on 站点.
  yiyang(['seed', '--data', dataDir, '--persons', '5', '--seed', '8'], STATION_ADMIN.password);
  yiyang(['exchange', 'export', '--data', dataDir, '--user', STATION_ADMIN.username, '--to', 'hub.pem', '--out', 'bundle-2.yyxb'], STATION_ADMIN.password);
  hub = await startServerProcess([path.join(ROOT, 'bin', 'yiyang.js'), 'hub', 'serve', '--pg', pgUrl]);
  browser = await launchChromium();
  page = await newPage(browser);
});

afterEach((ctx) => screenshotOnFailure(page, ctx.task));

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await pgServer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('the district hub (yiyang hub serve)', () => {
  it('the district admin signs in and sees the station’s numbers on the district dashboard', async () => {
    expect(expected.assessments).toBeGreaterThan(0);
    await page.goto(hub.openUrl);
    await page.getByText('丰泽区养老服务数据中心').first().waitFor();
    await signIn(page, HUB_ADMIN.username, HUB_ADMIN.password);
    await page.getByTestId('dashboard').waitFor();
    await page.getByTestId('stat-assessments').getByText(String(expected.assessments), { exact: true }).waitFor();
    expect(await page.getByTestId('stat-persons').textContent()).toContain(String(expected.persons));
    // A station's pages are not offered at the hub.
    const menu = await page.getByRole('menu').first().textContent();
    expect(menu).toContain('站点');
    expect(menu).not.toContain('老年人');
    expect(menu).not.toContain('数据交换');
    await screenshot(page, 'hub-dashboard');
  });

  it('站点 shows the station with its last bundle and counts', async () => {
    await page.getByRole('menuitem', { name: '站点' }).click();
    const row = page.getByTestId(`station-${STATION}`);
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('第 1 号');
    expect(text).toContain(String(expected.assessments));
    await screenshot(page, 'hub-stations');
  });

  it('the admin imports the next bundle on 站点: a wrong key password is refused at its field; then it shows as 第 2 号', async () => {
    await page.locator('[data-testid="hub-stations"] input[type=file][accept=".yyxb"]').setInputFiles(path.join(work, 'bundle-2.yyxb'));
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByTestId('hub-import-password').fill('wrong-password-1');
    await dialog.getByRole('button', { name: /导\s*入/ }).click();
    await dialog.getByText('区县数据中心管理员密码错误').waitFor();
    await dialog.getByTestId('hub-import-password').fill(HUB_ADMIN.password);
    await dialog.getByRole('button', { name: /导\s*入/ }).click();
    await page.getByTestId('hub-import-result').getByText(`已导入 ${STATION} 第 2 号数据包`, { exact: false }).waitFor();
    await page.getByTestId(`station-${STATION}`).getByText('第 2 号').waitFor();
    await screenshot(page, 'hub-import');
  });

  it('人员 lists the district’s persons; a person’s page shows the station’s history', async () => {
    await page.getByRole('menuitem', { name: '人员' }).click();
    await page.getByTestId('hub-persons').waitFor();
    await page.getByText(/共 \d+ 人/).waitFor();
    const first = page.locator('[data-testid="hub-persons"] tbody tr[data-testid^="hub-person-"]').first();
    await first.click();
    await page.getByTestId('hub-person-history').waitFor();
    expect(await page.getByTestId('hub-person-history').textContent()).toContain(STATION);
  });

  it('a district manager added in 用户管理 signs in and may not manage users', async () => {
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByRole('button', { name: /新建用户/ }).click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.locator('input').nth(0).fill('li.manager');
    await dialog.locator('input').nth(1).fill('李主任');
    await dialog.locator('input[type="password"]').fill('manager-pass-1');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByRole('cell', { name: '李主任' }).waitFor();
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.getByRole('button', { name: /退\s*出/ }).click();
    await page.getByTestId('login-username').waitFor();
    await signIn(page, 'li.manager', 'manager-pass-1');
    await page.getByTestId('dashboard').waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toContain('区县管理人员');
    expect(await page.getByRole('menu').first().textContent()).not.toContain('用户管理');
  });
});
