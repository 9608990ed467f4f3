import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, screenshot, screenshotOnFailure, signIn, startBrowserMode, type BrowserModeServer } from './harness';

/**
 * Issue 12 in the browser mode: a manager signs in on a seeded store, sees the dashboard
 * (numbers beside every chart, equal to `yiyang stats`), filters by district, exports XLSX
 * and reads it back; an assessor has no 统计 and is refused the page.
 */

let server: BrowserModeServer;
let browser: Browser;
let page: Page;

const ADMIN = { username: 'admin', password: 'admin-pass-1', name: '王管理' };
const MANAGER = { username: 'tongji', password: 'manager-pass-1', name: '统计员' };
const ASSESSOR = { username: 'pg', password: 'assessor-pass-1', name: '评估员' };
const ROOT = path.resolve(__dirname, '..', '..');

function cli(args: string[], password: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'yiyang.js'), ...args], { encoding: 'utf8', env: { ...process.env, YIYANG_PASSWORD: password, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dataDir: string;

// The folder is prepared from the command line before the server starts: the writing
// commands refuse a folder that an app or server holds (issue 13, one writer per folder).
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-e2e-manager-'));
  const ok = (r: { status: number | null; stderr: string }) => expect(r.status, r.stderr).toBe(0);
  ok(cli(['init', '--data', dataDir, '--institution', '泉州市社会福利中心', '--admin', ADMIN.username, '--display-name', ADMIN.name], ADMIN.password));
  for (const [u, role] of [
    [MANAGER, 'manager'],
    [ASSESSOR, 'assessor'],
  ] as const) {
    ok(cli(['user', 'add', '--data', dataDir, '--username', u.username, '--display-name', u.name, '--role', role], ADMIN.password, { YIYANG_NEW_PASSWORD: u.password }));
  }
  ok(cli(['seed', '--data', dataDir, '--persons', '200', '--seed', '3'], ADMIN.password));
  server = await startBrowserMode(dataDir);
  browser = await launchChromium();
  page = await newPage(browser);
});

afterEach((ctx) => screenshotOnFailure(page, ctx.task));

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the manager’s dashboard and exports (browser mode)', () => {
  it('shows the dashboard with the same numbers as yiyang stats, a table beside every chart', async () => {
    await page.goto(server.openUrl);
    await signIn(page, MANAGER.username, MANAGER.password);
    await page.getByRole('menuitem', { name: '统计' }).click();
    await page.getByTestId('dashboard').waitFor();
    await page.getByTestId('stat-assessments').waitFor();
    const cliStats = JSON.parse(cli(['stats', '--data', server.dataDir, '--user', MANAGER.username, '--json'], MANAGER.password).stdout) as Record<string, number>;
    await expect(page.getByTestId('stat-assessments').locator('.ant-statistic-content-value').textContent()).resolves.toBe(cliStats['assessments']!.toLocaleString('en-US'));
    await expect(page.getByTestId('stat-persons').locator('.ant-statistic-content-value').textContent()).resolves.toBe(cliStats['persons']!.toLocaleString('en-US'));
    await expect(page.getByTestId('stat-overdue').locator('.ant-statistic-content-value').textContent()).resolves.toBe(String(cliStats['overdue']));
    for (const chart of ['chart-level', 'chart-category', 'chart-district', 'chart-month']) {
      await page.locator(`[data-testid="${chart}"][data-rendered="yes"]`).waitFor();
      expect(await page.getByTestId(`${chart}-table`).locator('tbody tr').count()).toBeGreaterThan(0);
    }
    await screenshot(page, 'manager-dashboard');
  });

  it('a chart saves as PNG', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-level-png').click()]);
    expect(download.suggestedFilename()).toBe('按最终等级.png');
    expect([...readFileSync((await download.path())!).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });

  it('filters by district and exports XLSX, which reads back with its sheets and the district’s rows', async () => {
    await page.getByTestId('stats-county').click();
    await page.locator('.ant-select-dropdown:visible').getByText('晋江市', { exact: true }).click();
    const cliStats = JSON.parse(cli(['stats', '--data', server.dataDir, '--user', MANAGER.username, '--district', '晋江市', '--json'], MANAGER.password).stdout) as { assessments: number };
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="stat-assessments"] .ant-statistic-content-value')?.textContent === String(n),
      cliStats.assessments,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-start').click()]);
    expect(download.suggestedFilename()).toMatch(/^评估明细-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await page.locator('[data-testid="job-dialog"][data-state="done"]').waitFor();
    await screenshot(page, 'manager-export');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['明细', '合计', '说明']);
    const sheet = wb.getWorksheet('明细')!;
    expect(sheet.rowCount - 1).toBe(cliStats.assessments);
    const county = (sheet.getRow(1).values as string[]).indexOf('县（市、区）');
    for (let r = 2; r <= sheet.rowCount; r++) expect(sheet.getRow(r).getCell(county).value).toBe('晋江市');
    await page.getByTestId('job-close').click();
  });

  it('从未评估 opens the persons list for those never assessed, in the district chosen', async () => {
    await page.getByTestId('stat-never-list').click();
    await page.getByTestId('person-search').waitFor();
    await expect(page.getByTestId('person-filter-level').textContent()).resolves.toContain('尚未评估');
    await expect(page.getByTestId('person-filter-county').textContent()).resolves.toContain('晋江市');
  });

  it('an assessor has no 统计 in the menu and is refused the page', async () => {
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.getByRole('button', { name: /退\s*出/ }).click();
    await signIn(page, ASSESSOR.username, ASSESSOR.password);
    expect(await page.getByRole('menuitem', { name: '统计' }).count()).toBe(0);
    await page.goto(`${server.url}#/stats`);
    await page.getByText('无权访问').first().waitFor();
    expect(await page.getByTestId('dashboard').count()).toBe(0);
  });
});
