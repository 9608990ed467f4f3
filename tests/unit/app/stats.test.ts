import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/index';
import { GBT42195_2022 } from '../../../shared/instruments';
import { localToday, minusMonths } from '../../../shared/policy/dates';
import { makeIdNumber } from '../../../shared/validation';
import { fakeIO } from '../../helpers/fake-io';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './helpers';

/** Statistics through the contract and the command line: who may see them, and the 特困 indicator. */

let app: TestApp;
let admin: string;
let manager: string;
let assessor: string;
let a1: string;
let a2: string;
let seq = 0;
const today = localToday();

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.login('admin', ADMIN_PASSWORD);
  a1 = (await app.call('session.current', {}, admin)).userId;
  a2 = (await app.call('users.create', { username: 'pg', displayName: '评估员丙', role: 'assessor', password: 'assessor-pass-9' }, admin)).id;
  await app.call('users.create', { username: 'mgr', displayName: '统计员', role: 'manager', password: 'manager-pass-9' }, admin);
  manager = await app.login('mgr', 'manager-pass-9');
  assessor = await app.login('pg', 'assessor-pass-9');
});
afterAll(() => app.dispose());

async function person(extra: Record<string, unknown>) {
  return app.call('persons.create', { name: '许阿公', sex: '男', birthDate: '1940-01-02', idNumber: makeIdNumber('350503', '1940-01-02', ++seq * 2 + 1), county: '丰泽区', ...extra } as never, admin);
}
async function assess(personId: string, instrumentId: string, items: Record<string, number>, date = today) {
  const d = await app.call('assessments.createDraft', { personId, header: { instrumentId, reason: 'first', assessmentDate: date, assessor1Id: a1, assessor2Id: a2 } }, admin);
  const s = await app.call('assessments.saveDraft', { id: d.id, revision: d.revision, answers: { basic: {}, scoring: { items } } }, admin);
  return app.call('assessments.finalize', { id: d.id, revision: s.revision }, admin);
}
const gbt = (score: number) => Object.fromEntries(GBT42195_2022.indicators.flatMap((i) => i.items.map((it) => [it.code, Math.min(score, it.max)])));
const sc = (failed: number) => Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`SC.${n}`, n <= failed ? 0 : 1]));

describe('the 特困 indicator and the subsidy lists', () => {
  it('counts 特困 persons unable to care for themselves: a self-care check of 2, or GB/T ≥ 3 without a check; and the share in 集中供养', async () => {
    const byCheck = await person({ economic: 'tekun', tekunMode: 'centralized' });
    await assess(byCheck.id, 'gbt42195-2022', gbt(3)); // level 1: the check decides
    await assess(byCheck.id, 'tekun-selfcare', sc(5));
    const byLevel = await person({ economic: 'tekun', tekunMode: 'dispersed' });
    await assess(byLevel.id, 'gbt42195-2022', gbt(1)); // level 4, no check
    const checkSaysPartly = await person({ economic: 'tekun', tekunMode: 'dispersed' });
    await assess(checkSaysPartly.id, 'gbt42195-2022', gbt(1));
    await assess(checkSaysPartly.id, 'tekun-selfcare', sc(2));
    const oldCheck = await person({ economic: 'tekun', tekunMode: 'dispersed' });
    await assess(oldCheck.id, 'gbt42195-2022', gbt(3));
    await assess(oldCheck.id, 'tekun-selfcare', sc(6), minusMonths(today, 13)); // out of date: level 1 decides → not counted
    const s = await app.call('stats.dashboard', { filter: { county: '丰泽区' } }, manager);
    expect(s.tekunUnableSelfCare).toBe(2);
    expect(s.tekunUnableSelfCareCentralized).toBe(1);
    // 特困 persons never count as 消费补贴 candidates; the one 低保 person at level 2 does.
    const dibao = await person({ economic: 'dibao' });
    await assess(dibao.id, 'gbt42195-2022', gbt(2));
    const after = await app.call('stats.dashboard', { filter: { county: '丰泽区' } }, manager);
    expect(after.voucherCandidates).toBe(1);
    expect(after.careSubsidyRecipients).toBe(1);
    expect(after.careSubsidyMonthlyTotal).toBe(300);
  });
});

describe('who may see statistics', () => {
  it('managers and admins through the contract; an assessor is refused', async () => {
    expect(await app.raw('stats.dashboard', { filter: {} }, assessor)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.raw('stats.dashboard', { filter: {} }, admin)).toMatchObject({ ok: true });
    expect(await app.raw('stats.dashboard', { filter: { from: '30/11/2026' } }, admin)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'filter.from' }] } });
  });

  it('yiyang stats prints the same numbers as the dashboard; an assessor exits 4, a wrong password 3, each with one line', async () => {
    const ui = await app.call('stats.dashboard', { filter: { county: '丰泽区' } }, manager);
    const io = fakeIO({ env: { YIYANG_PASSWORD: 'manager-pass-9' } });
    expect(await runCli(['stats', '--data', app.dataDir, '--user', 'mgr', '--district', '丰泽区', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdoutText())).toEqual(ui);
    const refused = fakeIO({ env: { YIYANG_PASSWORD: 'assessor-pass-9' } });
    expect(await runCli(['stats', '--data', app.dataDir, '--user', 'pg', '--json'], refused)).toBe(4);
    expect(refused.stderrText().trim().split('\n')).toHaveLength(1);
    const wrong = fakeIO({ env: { YIYANG_PASSWORD: 'not-it' } });
    expect(await runCli(['stats', '--data', app.dataDir, '--user', 'mgr', '--json'], wrong)).toBe(3);
    expect(wrong.stderrText().trim().split('\n')).toHaveLength(1);
    const badDate = fakeIO({ env: { YIYANG_PASSWORD: 'manager-pass-9' } });
    expect(await runCli(['stats', '--data', app.dataDir, '--user', 'mgr', '--from', '2026-13-01', '--json'], badDate)).toBe(2);
  });
});
