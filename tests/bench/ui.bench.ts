// Assessment screen timings in headless Chromium against the browser mode:
//  - opening an assessment (in-app navigation) until its first item takes key presses;
//  - finalize click until the result page is shown (measured inside the page).
import { GBT42195_2022 } from '../../shared/instruments';
import { makeIdNumber } from '../../shared/validation';
import { launchChromium, newPage, startBrowserMode } from '../e2e/harness';

const RUNS = 7;
const PASSWORD = 'bench-pass-1';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main() {
  const server = await startBrowserMode();
  const [base, token] = server.openUrl.split('#token=') as [string, string];
  const api = async (method: string, input: unknown, session?: string) => {
    const res = await fetch(`${base}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yiyang-token': token },
      body: JSON.stringify({ input, session }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a benchmark reads a few known fields
    const body = (await res.json()) as { ok: boolean; value?: any; error?: { message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
    return body.value;
  };
  const browser = await launchChromium();
  try {
    await api('setup.init', { institutionName: '基准测试机构', adminUsername: 'admin', adminDisplayName: '管理员', password: PASSWORD });
    const admin = (await api('session.login', { username: 'admin', password: PASSWORD })).session as string;
    const second = await api('users.create', { username: 'second', displayName: '评估员二', role: 'assessor', password: PASSWORD }, admin);
    const me = await api('session.current', {}, admin);
    const full = Object.fromEntries(GBT42195_2022.indicators.flatMap((i) => i.items.map((it) => [it.code, it.max])));

    const drafts: string[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      const person = await api('persons.create', { name: `测试${i}`, sex: '男', birthDate: '1940-01-01', idNumber: makeIdNumber('350503', '1940-01-01', 100 + i * 2 + 1) }, admin);
      const draft = await api('assessments.createDraft', { personId: person.id, header: { reason: 'first', assessmentDate: '2026-11-30', assessor1Id: me.userId, assessor2Id: second.id } }, admin);
      await api('assessments.saveDraft', { id: draft.id, revision: draft.revision, answers: { basic: {}, scoring: { items: full } } }, admin);
      drafts.push(draft.id);
    }

    const page = await newPage(browser);
    await page.goto(server.openUrl);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();

    const openTimes: number[] = [];
    for (const id of drafts.slice(0, RUNS)) {
      await page.evaluate(() => (location.hash = '#/persons'));
      await page.getByTestId('person-search').waitFor();
      // Start the clock inside the page, then poll from here: tsx's name-keeping helper
      // must not end up inside functions that run in the browser.
      await page.evaluate((draftId) => {
        (window as unknown as { __t0: number }).__t0 = performance.now();
        location.hash = `#/assessments/${draftId}?step=B.1&item=B.1.1`;
      }, id);
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="item-B.1.1"]');
        return Boolean(el) && document.activeElement === el;
      }, undefined, { polling: 'raf' });
      const ms = await page.evaluate(() => performance.now() - (window as unknown as { __t0: number }).__t0);
      openTimes.push(ms);
    }

    const finalizeTimes: number[] = [];
    for (const id of drafts.slice(RUNS)) {
      await page.evaluate((draftId) => (location.hash = `#/assessments/${draftId}?step=review`), id);
      await page.getByTestId('finalize').click();
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      await page.getByTestId('result-page').waitFor();
      const ms = await page.evaluate(() => (window as unknown as { __resultShownMs?: number }).__resultShownMs ?? NaN);
      finalizeTimes.push(ms);
      await page.locator('.ant-modal-confirm').waitFor({ state: 'hidden' });
    }

    const out = (name: string, value: number, unit: string) => process.stdout.write(JSON.stringify({ name, value: Math.round(value * 10) / 10, unit }) + '\n');
    out('ui.assessment.openToFirstInteraction.median', median(openTimes), 'ms');
    out('ui.assessment.openToFirstInteraction.max', Math.max(...openTimes), 'ms');
    out('ui.assessment.finalizeToResult.median', median(finalizeTimes), 'ms');
    out('ui.assessment.finalizeToResult.max', Math.max(...finalizeTimes), 'ms');
  } finally {
    await browser.close();
    await server.stop();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`ui bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
