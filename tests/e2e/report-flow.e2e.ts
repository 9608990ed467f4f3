import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PRINT_REPORT_EVENT } from '../../shared/desktop/events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyPdfSignatures } from '../../electron/core/signing';
import { GBT42195_2022 } from '../../shared/instruments';
import { makeIdNumber } from '../../shared/validation';
import { apiClient } from './api';
import { launchChromium, newPage, screenshot, startBrowserMode, type BrowserModeServer, signIn as signInAs, screenshotOnFailure, waitAtRest } from './harness';

/**
 * Issue 7 in the browser mode: a finalized assessment (set up through the API) is signed in
 * the UI by both assessors — three signature pads drawn with the mouse, two passwords, one
 * wrong at first — then the signed PDF is saved and checked, and the verify page accepts it.
 */

let server: BrowserModeServer;
let browser: Browser;
let page: Page;
let assessmentId: string;
let personId: string;
let downloaded: string;
let shownSha: string;

const ADMIN = { username: 'admin', password: 'admin-pass-1', name: '王管理' };
const ASSESSOR = { username: 'lisi', password: 'assessor-pass-1', name: '李四' };
const PERSON = '陈阿福';

beforeAll(async () => {
  server = await startBrowserMode();
  const call = apiClient(server);
  await call('setup.init', { institutionName: '泉州市丰泽区社区卫生服务中心', adminUsername: ADMIN.username, adminDisplayName: ADMIN.name, password: ADMIN.password });
  const admin = (await call('session.login', { username: ADMIN.username, password: ADMIN.password })).session;
  const adminId = (await call('session.current', {}, admin)).userId;
  const assessor = await call('users.create', { username: ASSESSOR.username, displayName: ASSESSOR.name, role: 'assessor', password: ASSESSOR.password }, admin);
  const person = await call('persons.create', { name: PERSON, sex: '男', birthDate: '1940-05-06', idNumber: makeIdNumber('350503', '1940-05-06', 123), economic: 'dibao' }, admin);
  personId = person.id;
  const draft = await call(
    'assessments.createDraft',
    { personId, header: { reason: 'first', assessmentDate: '2026-11-30', assessor1Id: assessor.id, assessor2Id: adminId, place: '丰泽区东海街道社区卫生服务站', informantName: '陈小明', informantRelation: 'child' } },
    admin,
  );
  const items = Object.fromEntries(GBT42195_2022.indicators.flatMap((i) => i.items.map((it) => [it.code, Math.min(2, it.max)])));
  const saved = await call('assessments.saveDraft', { id: draft.id, revision: draft.revision, answers: { basic: {}, scoring: { items, riskEvents: { fall: 2 } } } }, admin);
  assessmentId = (await call('assessments.finalize', { id: draft.id, revision: saved.revision }, admin)).id;
  await call('session.logout', {}, admin);

  browser = await launchChromium();
  page = await newPage(browser);
});

afterEach((ctx) => screenshotOnFailure(page, ctx.task));

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (username: string, password: string) => signInAs(page, username, password);

/** A few strokes with the mouse across a signature pad, as a hand would. */
async function draw(testId: string, seed: number) {
  const pad = page.getByTestId(testId);
  await pad.scrollIntoViewIfNeeded();
  await waitAtRest(page, testId);
  const box = (await pad.boundingBox())!;
  for (let stroke = 0; stroke < 3; stroke++) {
    const x0 = box.x + 20 + stroke * (box.width / 3.4);
    await page.mouse.move(x0, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let k = 1; k <= 6; k++) {
      await page.mouse.move(x0 + k * 9, box.y + box.height * (0.3 + (((k + seed + stroke) % 3) * 0.2)), { steps: 3 });
    }
    await page.mouse.up();
  }
  await expect(pad.getAttribute('data-signed')).resolves.toBe('yes');
}

describe('signing and verifying a report (browser mode)', () => {
  it('the assessor opens the finished assessment and previews the unsigned report', async () => {
    await page.goto(server.openUrl);
    await signIn(ASSESSOR.username, ASSESSOR.password);
    await page.goto(`${server.url}#/assessments/${assessmentId}`);
    await page.getByTestId('result-page').waitFor();
    await expect(page.getByTestId('result-status').textContent()).resolves.toContain('已完成');
    await page.getByTestId('report-preview').click();
    await page.getByTestId('report-preview-frame').waitFor();
    expect(await page.getByTestId('report-preview-frame').getAttribute('src')).toMatch(/^blob:/);
    await page.getByTestId('report-preview-close').click();
    await page.getByTestId('report-preview-frame').waitFor({ state: 'hidden' });
    // 文件 › 打印报告 in the desktop menu (the main process dispatches this event): the report's PDF is printed, not the page.
    // Headless Chromium has no printer (a real print() there crashes the page), so the frame's print is counted instead.
    const original = await page.evaluate(() => {
      const w = window as unknown as { __printed: string[] };
      w.__printed = [];
      const desc = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!;
      Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
        configurable: true,
        get(this: HTMLIFrameElement) {
          return { focus() {}, print: () => w.__printed.push(this.src) };
        },
      });
      return desc !== undefined;
    });
    expect(original).toBe(true);
    await page.evaluate((name) => window.dispatchEvent(new Event(name)), PRINT_REPORT_EVENT);
    await page.waitForFunction(() => (window as unknown as { __printed: string[] }).__printed.length > 0);
    expect(await page.evaluate(() => (window as unknown as { __printed: string[] }).__printed)).toEqual([expect.stringMatching(/^blob:/)]);
    await page.reload();
  });

  it('打印报告 from the menu with no report on screen says where to find one', async () => {
    await page.goto(`${server.url}#/persons`);
    await page.getByTestId('user-menu').waitFor();
    await page.evaluate((name) => window.dispatchEvent(new Event(name)), PRINT_REPORT_EVENT);
    await page.getByText('请先打开一份已完成的评估，再打印报告').waitFor();
    expect(await page.getByTestId('print-frame').count()).toBe(0);
    // Back where the next step starts.
    await page.goto(`${server.url}#/assessments/${assessmentId}`);
    await page.getByTestId('result-page').waitFor();
  });

  it('the assessor unticks a care service: a reason is required, then it is kept and shown', async () => {
    const plan = page.getByTestId('care-plan');
    await plan.scrollIntoViewIfNeeded();
    await expect(plan.textContent()).resolves.toContain('待核实');
    await page.getByTestId('care-service-bathing').click();
    await waitAtRest(page, 'care-exclude-reason');
    await page.getByRole('button', { name: '确认取消该服务' }).click();
    await expect(page.locator('.ant-modal .ant-form-item-explain').textContent()).resolves.toContain('请填写取消该服务的理由');
    await page.getByTestId('care-exclude-reason').fill('家属每日协助洗澡');
    await page.getByRole('button', { name: '确认取消该服务' }).click();
    await expect(page.getByTestId('care-excluded-bathing').textContent()).resolves.toContain('取消理由：家属每日协助洗澡（李四');
    expect(await page.getByTestId('care-service-bathing').isChecked()).toBe(false);
    await page.getByTestId('care-note').fill('建议家属参加照护培训');
    await page.getByTestId('care-note-save').click();
    await page.getByTestId('care-note-save').and(page.locator('[disabled]')).waitFor();
  });

  it('both assessors sign on the pads; a wrong password is shown next to its field and nothing is signed', async () => {
    await page.getByTestId('report-sign').click();
    await waitAtRest(page, 'sign-dialog');
    await draw('pad-assessor1', 1);
    await draw('pad-assessor2', 2);
    await draw('pad-informant', 3);
    // 清除 empties a pad; it is drawn again.
    await page.getByTestId('pad-informant-clear').click();
    await expect(page.getByTestId('pad-informant').getAttribute('data-signed')).resolves.toBe('no');
    await draw('pad-informant', 4);
    await page.getByTestId('sign-assessor1-secret').fill(ASSESSOR.password);
    await page.getByTestId('sign-assessor2-secret').fill('not-the-password');
    await page.getByTestId('sign-submit').click();
    await expect(page.getByTestId('sign-error').textContent()).resolves.toContain('评估员2');
    await expect(page.locator('[data-field="assessor2Secret"] .ant-form-item-explain').textContent()).resolves.toContain('密码不正确');
    expect(await page.getByTestId('result-status').textContent()).toContain('已完成');

    await page.getByTestId('sign-assessor2-secret').fill(ADMIN.password);
    await screenshot(page, 'report-sign');
    await page.getByTestId('sign-submit').click();
    await page.getByTestId('report-sha256').waitFor();
    await expect(page.getByTestId('result-status').textContent()).resolves.toContain('已签名');
    shownSha = (await page.getByTestId('report-sha256').textContent())!.trim();
    // One date format everywhere: 2026-12-01 20:06, like every other date on screen.
    await expect(page.getByTestId('signed-at').textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(shownSha).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByTestId('report-sign').count()).toBe(0);
    // Signed: the care plan reads as it was signed, and can no longer change.
    expect(await page.getByTestId('care-service-bathing').isDisabled()).toBe(true);
    await expect(page.getByTestId('care-plan').textContent()).resolves.toContain('评估员备注：建议家属参加照护培训');
  });

  it('saves the signed PDF under its Chinese name; both signatures are valid and it is the stored file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-save').click()]);
    expect(download.suggestedFilename()).toBe(`评估报告-${PERSON}-2026-11-30.pdf`);
    downloaded = (await download.path())!;
    const pdf = readFileSync(downloaded);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(shownSha);
    const report = verifyPdfSignatures(pdf);
    expect(report.ok).toBe(true);
    expect(report.signatures).toHaveLength(2);
    expect(report.signatures[0]!.signerCommonName).toMatch(/^Li Si \(/);
    expect(report.signatures[1]!.signerCommonName).toMatch(/^Wang Guanli \(/);
  });

  it('the verify page accepts that file and shows both signatures valid', async () => {
    await page.getByRole('menuitem', { name: '验证报告' }).click();
    await page.locator('[data-testid="verify-drop"] input[type="file"]').setInputFiles(downloaded);
    await page.getByTestId('verify-result').waitFor();
    await expect(page.getByTestId('verify-summary').textContent()).resolves.toContain('全部签名有效');
    for (const i of [1, 2]) await expect(page.getByTestId(`verify-sig-${i}`).textContent()).resolves.toContain('有效');
    await expect(page.getByTestId('verify-sig-2').textContent()).resolves.toContain('之后未被修改');
    // People read names: the assessors who hold these certificates here, not the certificates' ids.
    await expect(page.getByTestId('verify-sig-1').textContent()).resolves.toContain(ASSESSOR.name);
    await expect(page.getByTestId('verify-sig-2').textContent()).resolves.toContain(ADMIN.name);
    expect(await page.getByTestId('verify-result').textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await expect(page.getByTestId('verify-summary').textContent()).resolves.toContain('完全一致');
    await screenshot(page, 'verify');
  });

  it('the admin exports the institution CA certificate, which makes both signatures trusted', async () => {
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.getByRole('button', { name: /退\s*出/ }).click();
    await page.getByTestId('login-username').waitFor();
    await signIn(ADMIN.username, ADMIN.password);
    await page.getByRole('menuitem', { name: '签名证书' }).click();
    await page.getByTestId('signing-page').waitFor();
    await expect(page.getByTestId('signing-page').textContent()).resolves.toContain('Li Si (');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ca').click()]);
    expect(download.suggestedFilename()).toMatch(/^机构CA证书-.*\.pem$/);
    const caPem = readFileSync((await download.path())!, 'utf8');
    const report = verifyPdfSignatures(readFileSync(downloaded), { caPem });
    expect(report.ok).toBe(true);
    expect(report.signatures.map((x) => x.trusted)).toEqual([true, true]);
    await screenshot(page, 'signing-certificates');
  });

  it('the person page saves the signed reports in one go', async () => {
    await page.goto(`${server.url}#/persons/${personId}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-save').click()]);
    expect(download.suggestedFilename()).toBe(`评估报告-${PERSON}-2026-11-30.pdf`);
    expect(createHash('sha256').update(readFileSync((await download.path())!)).digest('hex')).toBe(shownSha);
  });
});
