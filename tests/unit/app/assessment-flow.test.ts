import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GBT42195_2022 } from '../../../shared/instruments';
import { makeIdNumber } from '../../../shared/validation';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './helpers';

let app: TestApp;
let admin: string;
let assessor: string;
let assessorId: string;
let adminId: string;

const fullMarks = Object.fromEntries(GBT42195_2022.indicators.flatMap((i) => i.items.map((it) => [it.code, it.max])));

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.login('admin', ADMIN_PASSWORD);
  const a = await app.call('users.create', { username: 'zhang', displayName: '张评估', role: 'assessor', password: 'assessor-pass-1' }, admin);
  assessorId = a.id;
  adminId = (await app.call('session.current', {}, admin)).userId;
  assessor = await app.login('zhang', 'assessor-pass-1');
});
afterAll(() => app.dispose());

async function assess(personId: string, items: Record<string, number>, extra: object = {}) {
  const draft = await app.call(
    'assessments.createDraft',
    { personId, header: { reason: 'first', assessmentDate: '2026-11-30', assessor1Id: assessorId, assessor2Id: adminId, place: '社区站' } },
    assessor,
  );
  const saved = await app.call('assessments.saveDraft', { id: draft.id, revision: draft.revision, answers: { basic: {}, scoring: { items, ...extra } } }, assessor);
  return app.call('assessments.finalize', { id: draft.id, revision: saved.revision }, assessor);
}

describe('assessment through the contract', () => {
  it('scores, classifies with the active pack, and keeps that pack version after another pack becomes active', async () => {
    const person = await app.call(
      'persons.create',
      { name: '黄阿公', sex: '男', birthDate: '1941-03-02', idNumber: makeIdNumber('350582', '1941-03-02', 211), economic: 'dibao', livingAlone: false, emptyNest: true },
      assessor,
    );
    // 66 points (the lowest 轻度 total) → preliminary 1; two falls raise it to 2.
    const items = { ...fullMarks, 'B.1.1': 0, 'B.1.2': 0, 'B.1.3': 0, 'B.1.4': 0, 'B.1.5': 0, 'B.2.1': 0 };
    const done = await assess(person.id, items, { riskEvents: { fall: 2 } });
    expect(done.status).toBe('finalized');
    expect(done.result?.total).toBe(66);
    expect(done.result?.preliminaryLevel).toBe(1);
    expect(done.result?.finalLevel).toBe(2);
    expect(done.classification).toMatchObject({ packId: 'quanzhou-2022', packVersion: '2022.2', category: 1 });
    expect(done.classification?.entitlements.map((e) => e.id)).toContain('careSubsidy');

    // A newer pack is loaded and made active…
    const pack = JSON.parse(JSON.stringify(await import('../../../resources/policies/quanzhou-2022.json')).replace(/"version":\s*"2022\.2"/, '"version":"2023.1"'));
    delete pack.default;
    const loaded = await app.call('policy.load', { json: JSON.stringify(pack) }, admin);
    expect(loaded.version).toBe('2023.1');
    await app.call('policy.activate', { packId: 'quanzhou-2022' }, admin);
    expect((await app.call('policy.list', {}, admin)).packs.find((p) => p.id === 'quanzhou-2022')?.version).toBe('2023.1');

    // …the finished assessment still says which pack it used, and a new one uses the new pack.
    expect((await app.call('assessments.get', { id: done.id }, assessor)).classification?.packVersion).toBe('2022.2');
    const next = await assess(person.id, fullMarks);
    expect(next.classification?.packVersion).toBe('2023.1');
  });

  it('a loaded pack with a bad field is refused field by field', async () => {
    const r = await app.raw('policy.load', { json: JSON.stringify({ id: 'x' }) }, admin);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.fields?.length).toBeGreaterThan(0);
    }
  });

  it('refuses to finalize incomplete answers, naming the missing item, and keeps the draft', async () => {
    const person = await app.call('persons.create', { name: '吴阿婆', sex: '女', birthDate: '1936-07-08' }, assessor);
    const draft = await app.call(
      'assessments.createDraft',
      { personId: person.id, header: { reason: 'first', assessmentDate: '2026-11-30', assessor1Id: assessorId, assessor2Id: adminId } },
      assessor,
    );
    const { ['B.4.5']: _omit, ...partial } = fullMarks;
    const saved = await app.call('assessments.saveDraft', { id: draft.id, revision: draft.revision, answers: { basic: { 'A.5.12': '备注' }, scoring: { items: partial } } }, assessor);
    const r = await app.raw('assessments.finalize', { id: draft.id, revision: saved.revision }, assessor);
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!r.ok) expect(r.error.fields?.map((f) => f.path)).toContain('answers.scoring.items.B.4.5');
    const still = await app.call('assessments.draftForPerson', { personId: person.id }, assessor);
    expect(still?.answers.basic['A.5.12']).toBe('备注');
    expect(Object.keys(still?.answers.scoring.items ?? {})).toHaveLength(25);
  });

  it('a stale revision is a conflict, not an overwrite', async () => {
    const person = await app.call('persons.create', { name: '郑阿公', sex: '男', birthDate: '1939-01-01' }, assessor);
    const draft = await app.call(
      'assessments.createDraft',
      { personId: person.id, header: { reason: 'first', assessmentDate: '2026-11-30', assessor1Id: assessorId, assessor2Id: adminId } },
      assessor,
    );
    await app.call('assessments.saveDraft', { id: draft.id, revision: draft.revision, answers: { basic: {}, scoring: { items: { 'B.1.1': 4 } } } }, assessor);
    const stale = await app.raw('assessments.saveDraft', { id: draft.id, revision: draft.revision, answers: { basic: {}, scoring: { items: { 'B.1.1': 0 } } } }, assessor);
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('policy pack versions', () => {
  it('orders versions numerically and refuses to load an id@version twice', async () => {
    const { compareVersions } = await import('../../../electron/core/policy/registry');
    expect(compareVersions('2022.10', '2022.9')).toBe(1);
    expect(compareVersions('2022.1', '2022.1')).toBe(0);
    expect(compareVersions('2023', '2022.9')).toBe(1);
    const pack = JSON.parse(JSON.stringify(await import('../../../resources/policies/quanzhou-2022.json')));
    delete pack.default;
    const again = await app.raw('policy.load', { json: JSON.stringify(pack) }, admin);
    expect(again).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [expect.objectContaining({ path: 'version' })] } });
  });
});
