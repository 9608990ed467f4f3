import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../shared/validation';
import { launchChromium, newPage, screenshot, startBrowserMode, type BrowserModeServer, signIn as signInAs, screenshotOnFailure } from './harness';

/**
 * The assessor's day in the browser mode, on a fresh data folder: setup, users, a person
 * registered by ID number, an assessment scored from the keyboard with a reload in the
 * middle, finalize, the result for a known case, and role limits.
 */

let server: BrowserModeServer;
let browser: Browser;
let page: Page;

const ADMIN = { username: 'admin', password: 'admin-pass-1', name: '王管理' };
const ASSESSOR = { username: 'lisi', password: 'assessor-pass-1', name: '李四' };
const PERSON_ID = makeIdNumber('350503', '1940-05-06', 123); // 丰泽区, male (odd sequence)

// A known case: B.1 16 + B.2 7 + B.3 22 + B.4 7 = 52 → preliminary 2 (46–65); two falls in
// the last 30 days raise it one level → final 3 能力重度受损（重度失能）.
const SCORES: Record<string, number> = {
  'B.1.1': 2, 'B.1.2': 2, 'B.1.3': 2, 'B.1.4': 2, 'B.1.5': 2, 'B.1.6': 2, 'B.1.7': 2, 'B.1.8': 2,
  'B.2.1': 2, 'B.2.2': 2, 'B.2.3': 2, 'B.2.4': 1,
  'B.3.1': 3, 'B.3.2': 3, 'B.3.3': 3, 'B.3.4': 3, 'B.3.5': 3, 'B.3.6': 3, 'B.3.7': 1, 'B.3.8': 1, 'B.3.9': 2,
  'B.4.1': 1, 'B.4.2': 1, 'B.4.3': 2, 'B.4.4': 1, 'B.4.5': 2,
};
const CODES = Object.keys(SCORES);

beforeAll(async () => {
  server = await startBrowserMode();
  browser = await launchChromium();
  page = await newPage(browser);
});

afterEach((ctx) => screenshotOnFailure(page, ctx.task));

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (username: string, password: string) => signInAs(page, username, password);

async function signOut() {
  await page.getByTestId('user-menu').hover();
  await page.getByText('退出登录').click();
  await page.getByRole('button', { name: /退\s*出/ }).click();
  await page.getByTestId('login-username').waitFor();
}

async function pickSelect(testId: string, optionText: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible').getByText(optionText, { exact: true }).click();
}

async function waitSaved() {
  await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent?.startsWith('已自动保存'));
}

describe('assessor workflow (browser mode)', () => {
  it('first-run setup shows the recovery key once and leads to sign-in', async () => {
    await page.goto(server.openUrl);
    await page.getByTestId('setup-institution').fill('泉州市丰泽区社区卫生服务中心');
    await page.getByTestId('setup-admin-name').fill(ADMIN.name);
    await page.getByTestId('setup-username').fill(ADMIN.username);
    await page.getByTestId('setup-password').fill(ADMIN.password);
    await page.getByTestId('setup-confirm').fill(ADMIN.password);
    await page.getByTestId('setup-submit').click();
    const key = await page.getByTestId('recovery-key').textContent();
    expect(key).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    await screenshot(page, 'setup-recovery-key');
    await expect(page.getByTestId('setup-finish').isDisabled()).resolves.toBe(true);
    await page.getByTestId('recovery-written').click();
    await page.getByTestId('setup-finish').click();
    await page.getByTestId('login-username').waitFor();
  });

  it('a wrong password is refused with a Chinese message', async () => {
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('用户名或密码错误');
  });

  it('the admin adds an assessor', async () => {
    await signIn(ADMIN.username, ADMIN.password);
    await page.goto(`${server.url}#/admin/users`);
    await page.getByRole('button', { name: /新建用户/ }).click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.locator('input').nth(0).fill(ASSESSOR.username);
    await dialog.locator('input').nth(1).fill(ASSESSOR.name);
    await dialog.locator('input[type="password"]').fill(ASSESSOR.password);
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByRole('cell', { name: ASSESSOR.name }).waitFor();
    await screenshot(page, 'users');
  });

  it('the admin backs up from the settings page: progress in the background, then the file is listed', async () => {
    await page.getByRole('menuitem', { name: '机构设置' }).click();
    await page.getByTestId('backup-now').click();
    await page.locator('[data-testid="job-dialog"][data-state="done"]').waitFor();
    await expect(page.getByTestId('job-message').textContent()).resolves.toMatch(/已备份到数据目录 backups\/yiyang-manual-/);
    await screenshot(page, 'backup-done');
    await page.getByTestId('job-close').click();
    await page.getByTestId('backup-card').locator('.ant-tag', { hasText: '手动' }).waitFor();
    // The admin signs out from here; whoever signs in next starts at their own home.
    await signOut();
  });

  it('an assessor cannot reach the user admin page', async () => {
    // The admin signed out on 用户管理: the assessor starts at their own home, not on that page.
    await signIn(ASSESSOR.username, ASSESSOR.password);
    await page.getByTestId('person-search').waitFor();
    expect(await page.getByTestId('forbidden').count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('#/persons');
    expect(await page.getByRole('menuitem', { name: '用户管理' }).count()).toBe(0);
    await page.goto(`${server.url}#/admin/users`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('users-page').count()).toBe(0);
    await page.goto(`${server.url}#/persons`);
  });

  it('registers a person by ID number (birth date and sex filled in) and refuses a duplicate', async () => {
    await page.getByTestId('person-new').click();
    // A wrong check digit is named under the field; the corrected number clears it.
    const wrong = PERSON_ID.slice(0, 17) + (PERSON_ID[17] === '1' ? '2' : '1');
    const idField = page.getByLabel('公民身份号码');
    await idField.fill(wrong);
    await expect(page.locator('[data-field="idNumber"] .ant-form-item-explain').textContent()).resolves.toContain('校验码');
    await idField.fill(PERSON_ID);
    await expect(page.locator('[data-field="birthDate"] input').inputValue()).resolves.toBe('1940-05-06');
    await page.locator('[data-field="idNumber"] .ant-form-item-explain').waitFor({ state: 'detached' });
    await expect(page.locator('[data-field="sex"] input[value="男"]').isChecked()).resolves.toBe(true);
    await page.getByTestId('person-name').fill('陈阿福');
    await screenshot(page, 'person-form');
    await page.getByTestId('person-save').click();
    await expect(page.getByTestId('person-title').textContent()).resolves.toContain('陈阿福');
    const personUrl = page.url();

    await page.goto(`${server.url}#/persons/new`);
    await page.getByTestId('person-id-number').fill(PERSON_ID);
    await page.locator('.ant-modal-confirm-title', { hasText: '此人已登记' }).first().waitFor();
    await page.getByRole('button', { name: /打开档案/ }).click();
    await page.waitForURL(personUrl);
  });

  it('scores all 26 items from the keyboard, survives a reload in the middle, and finalizes', async () => {
    await page.getByTestId('assessment-start').click();
    await pickSelect('header-assessor2', ADMIN.name);
    await page.getByTestId('header-place').fill('丰泽区东海街道社区卫生服务站');
    await page.getByTestId('header-informant').fill('陈小明');
    await page.getByTestId('assessment-create').click();

    // At 1366×768 the step bar stays on one line, every step title unbroken.
    await page.getByTestId('step-title').first().waitFor();
    const titles = await page.getByTestId('step-title').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
    expect(titles).toHaveLength(10);
    expect(new Set(titles.map((r) => Math.round(r.top))).size).toBe(1);
    for (const r of titles) expect(r.height).toBeLessThan(30);
    // A.2: two falls in the last 30 days, found by its label as a screen reader would.
    await page.getByRole('radiogroup', { name: 'A.2.14.1 跌倒' }).getByText('发生过2次').click();
    await page.getByTestId('trigger-riskEvents').waitFor();
    await screenshot(page, 'assessment-basic-info');
    for (let i = 0; i < 3; i++) await page.getByTestId('next-step').click(); // A.3, A.4, A.5
    await page.getByTestId('next-step').click(); // B.1
    await page.getByTestId('item-B.1.1').waitFor();
    // Item names stay on one line in the item list.
    for (const h of await page.locator('[data-testid^="nav-B.1."] span').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))
      expect(h).toBeLessThan(30);

    const half = 13;
    for (const code of CODES.slice(0, half)) {
      await page.getByTestId(`item-${code}`).waitFor();
      await page.keyboard.press(String(SCORES[code]));
    }
    await page.getByTestId(`item-${CODES[half]}`).waitFor();
    await screenshot(page, 'assessment-items');
    await waitSaved();

    // Leave in the middle: a reload must come back to the same item with nothing lost, still
    // signed in (the tab keeps its session within the idle timeout).
    await page.reload();
    await page.getByTestId(`item-${CODES[half]}`).waitFor();
    expect(await page.getByTestId('login-username').count()).toBe(0);
    await expect(page.getByTestId('user-menu').textContent()).resolves.toContain(ASSESSOR.name);
    await expect(page.getByTestId('live-total').textContent()).resolves.toContain(`已评 ${half}/26 项`);
    await expect(page.getByTestId('subtotal-B.1').textContent()).resolves.toContain('16');

    await page.getByTestId(`item-${CODES[half]}`).focus();
    for (const code of CODES.slice(half)) {
      await page.getByTestId(`item-${code}`).waitFor();
      await page.keyboard.press(String(SCORES[code]));
    }
    await page.getByTestId('review').waitFor();
    // Nothing left to do: no empty "暂无数据" box.
    expect(await page.getByTestId('review').locator('.ant-empty').count()).toBe(0);
    await expect(page.getByTestId('live-total').textContent()).resolves.toContain('52');
    await expect(page.getByTestId('live-final').textContent()).resolves.toContain('能力重度受损（重度失能）');
    await screenshot(page, 'assessment-review');
    await waitSaved();

    await page.getByTestId('finalize').click();
    await page.getByRole('button', { name: /完成评估/ }).last().click();
    await page.getByTestId('result-page').waitFor();
    await page.locator('.ant-modal-confirm').waitFor({ state: 'hidden' });
  });

  it('shows the result with the right level for the known case', async () => {
    // The outcome is in the first screenful, and the next step offered is signing.
    await page.evaluate(() => window.scrollTo(0, 0));
    const outcome = (await page.getByTestId('result-final').boundingBox())!;
    expect(outcome.y + outcome.height).toBeLessThanOrEqual(768);
    await expect(page.getByTestId('report-sign').getAttribute('class')).resolves.toContain('ant-btn-primary');
    await expect(page.getByTestId('reassess').getAttribute('class')).resolves.not.toContain('ant-btn-primary');
    await expect(page.getByTestId('result-total').textContent()).resolves.toBe('52');
    await expect(page.getByTestId('result-preliminary').textContent()).resolves.toBe('能力中度受损（中度失能）');
    await expect(page.getByTestId('result-final').textContent()).resolves.toBe('能力重度受损（重度失能）');
    await page.getByTestId('adjustment-riskEvents').waitFor();
    await expect(page.getByTestId('result-category').textContent()).resolves.toMatch(/类/);
    // Rules, packs and instruments by their titles; ids stay in the audit trail and the JSON.
    const shown = (await page.getByTestId('result-page').textContent())!;
    for (const id of ['category1.', 'category2.', 'category3.', 'category4.', 'entitlement.', 'quanzhou-2022', 'gbt42195-2022']) expect(shown).not.toContain(id);
    await expect(page.getByTestId('result-pack').textContent()).resolves.toContain('泉州市基本养老服务重点保障对象分类及服务项目');
    await expect(page.getByTestId('next-reassessment').textContent()).resolves.toContain('间隔 12 个月');
    await screenshot(page, 'result');
  });

  it('the person page lists the assessment and the draft is gone', async () => {
    await page.getByRole('button', { name: /返回档案/ }).click();
    await page.getByTestId('history-chart').waitFor();
    expect(await page.getByTestId('draft-offer').count()).toBe(0);
    await page.getByTestId('large-text').click();
    await screenshot(page, 'person-history-large-text');
  });
});
