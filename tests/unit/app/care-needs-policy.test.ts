import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GBT42195_2022 } from '../../../shared/instruments';
import { makeIdNumber } from '../../../shared/validation';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './helpers';

/**
 * The policy engine reads the latest finalized assessment of each instrument within its
 * validity (the reassessment interval, 12 months): a 晋江市 resident's ltc-2021 level and a
 * 特困 person's self-care check reach the classification of their GB/T 42195 assessment.
 */

let app: TestApp;
let s: string;
let a1: string;
let a2: string;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.login('admin', ADMIN_PASSWORD);
  a1 = (await app.call('session.current', {}, admin)).userId;
  a2 = (await app.call('users.create', { username: 'zhao', displayName: '赵评估', role: 'assessor', password: 'zhao-pass-123' }, admin)).id;
  s = admin;
});
afterAll(() => app.dispose());

async function personIn(extra: Record<string, unknown>) {
  return app.call('persons.create', { name: '黄阿婆', sex: '女', birthDate: '1944-02-03', idNumber: makeIdNumber('350582', '1944-02-03', ++seq * 2), ...extra } as never, s);
}

async function assess(personId: string, instrumentId: string, date: string, items: Record<string, number>) {
  const d = await app.call('assessments.createDraft', { personId, header: { instrumentId, reason: 'first', assessmentDate: date, assessor1Id: a1, assessor2Id: a2 } }, s);
  const saved = await app.call('assessments.saveDraft', { id: d.id, revision: d.revision, answers: { basic: {}, scoring: { items } } }, s);
  return app.call('assessments.finalize', { id: d.id, revision: saved.revision }, s);
}

const GBT_LEVEL_2 = Object.fromEntries(GBT42195_2022.indicators.flatMap((i) => i.items.map((it) => [it.code, Math.min(2, it.max)])));
/** ADL 20 (重度受损) with COG and SEN intact: matrix[3][0] = 3 重度失能Ⅰ级. */
const LTC_LEVEL_3 = {
  'ADL.1': 5, 'ADL.2': 5, 'ADL.3': 0, 'ADL.4': 5, 'ADL.5': 5, 'ADL.6': 0, 'ADL.7': 0, 'ADL.8': 0, 'ADL.9': 0, 'ADL.10': 0,
  'COG.1': 4, 'COG.2': 4, 'COG.3': 4, 'COG.4': 4, 'SEN.1': 4, 'SEN.2': 4, 'SEN.3': 4,
};
const SC_ALL_FAILED = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`SC.${n}`, 0]));

describe('levels of other instruments in the classification', () => {
  it('a 晋江市 resident assessed ltc-2021 level 3 eleven months earlier gets 长期护理保险待遇; thirteen months earlier does not', async () => {
    const recent = await personIn({ county: '晋江市' });
    const ltc = await assess(recent.id, 'ltc-2021', '2026-01-05', LTC_LEVEL_3);
    expect(ltc.result!.finalLevelName).toBe('重度失能Ⅰ级');
    const gbt = await assess(recent.id, 'gbt42195-2022', '2026-11-30', GBT_LEVEL_2);
    expect(gbt.classification!.entitlements.map((e) => e.id)).toContain('ltcInsurance');

    const old = await personIn({ county: '晋江市' });
    await assess(old.id, 'ltc-2021', '2025-10-29', LTC_LEVEL_3);
    const gbtOld = await assess(old.id, 'gbt42195-2022', '2026-11-30', GBT_LEVEL_2);
    expect(gbtOld.classification!.entitlements.map((e) => e.id)).not.toContain('ltcInsurance');
  });

  it('outside 石狮市 and 晋江市 the same level gives no 长期护理保险待遇', async () => {
    const p = await personIn({ county: '丰泽区' });
    await assess(p.id, 'ltc-2021', '2026-06-01', LTC_LEVEL_3);
    const gbt = await assess(p.id, 'gbt42195-2022', '2026-11-30', GBT_LEVEL_2);
    expect(gbt.classification!.entitlements.map((e) => e.id)).not.toContain('ltcInsurance');
  });

  it('a 特困 person’s self-care check sets the 照料护理等级, shown by name', async () => {
    const p = await personIn({ economic: 'tekun', tekunMode: 'dispersed' });
    await assess(p.id, 'gbt42195-2022', '2026-11-01', GBT_LEVEL_2);
    const check = await assess(p.id, 'tekun-selfcare', '2026-11-30', SC_ALL_FAILED);
    expect(check.classification!.entitlements.find((e) => e.id === 'tekunCareTier')).toMatchObject({ name: '特困人员照料护理等级', tier: '全护理' });
  });
});
