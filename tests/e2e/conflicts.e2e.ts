import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../shared/validation';
import { apiClient } from './api';
import { launchChromium, newPage, screenshot, screenshotOnFailure, signIn, startBrowserMode, type BrowserModeServer } from './harness';

/**
 * Issue 13 #8 in the browser mode: a person form left open while someone else saves that
 * person is refused with a Chinese message and a 刷新 that loads their change; starting an
 * assessment for a person whose draft someone else began meanwhile offers that draft.
 */

let server: BrowserModeServer;
let browser: Browser;
let page: Page;
let call: ReturnType<typeof apiClient>;
let admin: string;
let adminId: string;

const ADMIN = { username: 'admin', password: 'admin-pass-1', name: '王管理' };
const ASSESSOR = { username: 'lisi', password: 'assessor-pass-1', name: '李四' };

beforeAll(async () => {
  server = await startBrowserMode();
  call = apiClient(server);
  await call('setup.init', { institutionName: '泉州市鲤城区社会福利中心', adminUsername: ADMIN.username, adminDisplayName: ADMIN.name, password: ADMIN.password });
  admin = (await call('session.login', { username: ADMIN.username, password: ADMIN.password })).session;
  adminId = (await call('session.current', {}, admin)).userId;
  await call('users.create', { username: ASSESSOR.username, displayName: ASSESSOR.name, role: 'assessor', password: ASSESSOR.password }, admin);
  browser = await launchChromium();
  page = await newPage(browser);
  await page.goto(server.openUrl);
  await signIn(page, ASSESSOR.username, ASSESSOR.password);
});

afterEach((ctx) => screenshotOnFailure(page, ctx.task));

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('conflicts (browser mode)', () => {
  it('a stale person form is refused with 此人的资料已被他人修改 and 刷新 loads the other change', async () => {
    const p = await call('persons.create', { name: '郑阿公', sex: '男', birthDate: '1939-07-08', idNumber: makeIdNumber('350502', '1939-07-08', 135), county: '鲤城区' } as never, admin);
    await page.goto(`${server.url}#/persons/${p.id}/edit`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="person-name"]') as HTMLInputElement | null)?.value === '郑阿公');
    // Someone else saves this person while the form is open.
    await call('persons.update', { id: p.id, revision: p.revision, patch: { phone: '13905951234', township: '开元街道' } }, admin);

    await page.getByTestId('person-name').fill('郑阿伯');
    await page.getByTestId('person-save').click();
    await page.getByTestId('person-form-error').waitFor();
    await expect(page.getByTestId('person-form-error').textContent()).resolves.toContain('此人的资料已被他人修改，请刷新后再改');
    await screenshot(page, 'person-form-conflict');
    // Nothing of the other change was undone.
    expect(await call('persons.get', { id: p.id }, admin)).toMatchObject({ name: '郑阿公', phone: '13905951234', township: '开元街道' });

    await page.getByTestId('person-form-reload').click();
    await page.getByTestId('person-form-error').waitFor({ state: 'detached' });
    await page.waitForFunction(() => [...document.querySelectorAll('input')].some((i) => i.value === '开元街道'));
    await page.getByTestId('person-name').fill('郑阿伯');
    await page.getByTestId('person-save').click();
    await page.getByTestId('person-title').waitFor();
    expect(await call('persons.get', { id: p.id }, admin)).toMatchObject({ name: '郑阿伯', phone: '13905951234', township: '开元街道' });
  });

  it('starting a second draft for one person is refused and the open draft is offered', async () => {
    const p = await call('persons.create', { name: '蔡阿婆', sex: '女', birthDate: '1941-01-20', idNumber: makeIdNumber('350502', '1941-01-20', 246) } as never, admin);
    await page.goto(`${server.url}#/persons/${p.id}/assess`);
    await page.getByTestId('assessment-create').waitFor();
    // Meanwhile, in another window, someone else begins the assessment.
    const other = await call('assessments.createDraft', { personId: p.id, header: { reason: 'first', assessmentDate: '2026-11-30', assessor1Id: adminId, assessor2Id: (await call('users.assessors', {}, admin)).find((u) => u.displayName === ASSESSOR.name)!.id } }, admin);

    await page.getByTestId('header-assessor2').click();
    await page.locator('.ant-select-dropdown:visible').getByText(ADMIN.name, { exact: true }).click();
    await page.getByTestId('assessment-create').click();
    await page.getByTestId('open-draft-resume').waitFor();
    await expect(page.getByTestId('new-assessment-error').textContent()).resolves.toContain('此人已有一份未完成的评估草稿');
    await expect(page.getByTestId('new-assessment-error').textContent()).resolves.toContain('2026-11-30 开始的');
    await screenshot(page, 'second-draft-offer');
    expect((await call('assessments.listByPerson', { personId: p.id }, admin)).filter((a) => a.status === 'draft')).toHaveLength(1);

    await page.getByTestId('open-draft-resume').click();
    await page.waitForURL(new RegExp(`#/assessments/${other.id}`));
    await page.getByTestId('save-state').waitFor();
  });
});
