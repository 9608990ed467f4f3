import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalogueFor } from '../../../electron/core/care-plan/catalogues';
import { carePlanForCase } from '../../../shared/care-plan';
import { pdfText } from '../reports/helpers';
import { ADMIN_PASSWORD, finalizedAssessment, startTestApp, type TestApp } from './helpers';

/**
 * The care plan through the contract: derived and stored at finalize, changed by the two
 * assessors only while the report is unsigned, audited without its text, printed on the
 * report, and frozen once signed.
 */

let app: TestApp;
let admin: string;
let zhang: string;
let zhangId: string;
let wangId: string;
let manager: string;

const ZHANG = { username: 'zhang', displayName: '张丽华', password: 'zhang-pass-1' };
const WANG = { username: 'wang', displayName: '王建国', password: 'wang-pass-12' };

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.login('admin', ADMIN_PASSWORD);
  zhangId = (await app.call('users.create', { ...ZHANG, role: 'assessor' }, admin)).id;
  wangId = (await app.call('users.create', { ...WANG, role: 'assessor' }, admin)).id;
  await app.call('users.create', { username: 'mgr', displayName: '管理员乙', role: 'manager', password: 'manager-pass-1' }, admin);
  zhang = await app.login(ZHANG.username, ZHANG.password);
  manager = await app.login('mgr', 'manager-pass-1');
});
afterAll(() => app.dispose());

const compact = (s: string) => s.replace(/\s+/g, '');

describe('the care plan of a GB/T 42195-2022 assessment', () => {
  it('is derived at finalize from the stored answers and the person living alone, as yiyang care-plan derives it', async () => {
    const { assessment, person } = await finalizedAssessment(app, zhang, { assessor1Id: zhangId, assessor2Id: wangId, person: { livingAlone: true, livingArrangements: ['alone'] } });
    expect(person.livingAlone).toBe(true);
    const expected = carePlanForCase(builtinCatalogueFor('gbt42195-2022')!, { ...assessment.answers.scoring, livingAlone: true });
    if (!expected.ok) throw new Error('case');
    const plan = assessment.carePlan!;
    expect(plan.catalogue).toBe('care-services@2026.1');
    expect(plan.catalogueTitle).toBe('照护需求与服务建议目录');
    expect(plan.verified).toBe(false);
    expect(plan.services.map(({ excluded: _, ...s }) => s)).toEqual(expected.plan.services);
    expect(plan.services.every((s) => s.excluded === null)).toBe(true);
    expect(plan.services.find((s) => s.id === 'companionship')!.reasons).toContain('独居');
    expect(plan.note).toBeNull();
    expect(plan.changes).toEqual([]);
  });

  it('an assessor unticks a service only with a reason, ticks it again, and leaves a note; each change is kept and audited without its text', async () => {
    const { assessment } = await finalizedAssessment(app, zhang, { assessor1Id: zhangId, assessor2Id: wangId });
    const id = assessment.id;
    const noReason = await app.raw('assessments.changeCarePlan', { id, change: { kind: 'exclude', serviceId: 'bathing', reason: '  ' } }, zhang);
    expect(noReason).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'reason', message: '请填写取消该服务的理由' }] } });
    const unknown = await app.raw('assessments.changeCarePlan', { id, change: { kind: 'exclude', serviceId: 'spa', reason: 'x' } }, zhang);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'serviceId' }] } });

    const excluded = await app.call('assessments.changeCarePlan', { id, change: { kind: 'exclude', serviceId: 'bathing', reason: '家属每日协助洗澡，暂不需要' } }, zhang);
    expect(excluded.carePlan!.services.find((s) => s.id === 'bathing')!.excluded).toMatchObject({ text: '家属每日协助洗澡，暂不需要', byName: '张丽华' });
    const twice = await app.raw('assessments.changeCarePlan', { id, change: { kind: 'exclude', serviceId: 'bathing', reason: '再次' } }, zhang);
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const noted = await app.call('assessments.changeCarePlan', { id, change: { kind: 'note', text: '建议家属参加照护培训' } }, zhang);
    expect(noted.carePlan!.note).toMatchObject({ text: '建议家属参加照护培训', byName: '张丽华' });

    const report = await app.call('reports.preview', { assessmentId: id }, zhang);
    const text = compact(pdfText(Buffer.from(report.pdfBase64, 'base64'), 'raw'));
    expect(text).toContain('照护需求与服务建议');
    expect(text).toContain(compact('取消理由：家属每日协助洗澡，暂不需要（张丽华'));
    expect(text).toContain(compact('评估员备注：建议家属参加照护培训（张丽华'));
    expect(text).toContain('（待核实）');

    const included = await app.call('assessments.changeCarePlan', { id, change: { kind: 'include', serviceId: 'bathing' } }, zhang);
    expect(included.carePlan!.services.find((s) => s.id === 'bathing')!.excluded).toBeNull();
    expect(included.carePlan!.changes.map((c) => [c.kind, c.serviceId])).toEqual([
      ['exclude', 'bathing'],
      ['note', null],
      ['include', 'bathing'],
    ]);

    const audit = await app.call('audit.list', { limit: 50 }, admin);
    const rows = audit.filter((r) => r.entityId === id && r.action.startsWith('assessment.carePlan.'));
    expect(rows.map((r) => r.action)).toEqual(['assessment.carePlan.include', 'assessment.carePlan.note', 'assessment.carePlan.exclude']);
    expect(JSON.stringify(rows)).not.toContain('家属');
  });

  it('only the two assessors named on it may change it: not another admin, not a manager', async () => {
    const { assessment } = await finalizedAssessment(app, zhang, { assessor1Id: zhangId, assessor2Id: wangId });
    const change = { id: assessment.id, change: { kind: 'note' as const, text: '备注' } };
    expect(await app.raw('assessments.changeCarePlan', change, admin)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.raw('assessments.changeCarePlan', change, manager)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wang = await app.login(WANG.username, WANG.password);
    expect(await app.raw('assessments.changeCarePlan', change, wang)).toMatchObject({ ok: true });
  });

  it('is frozen once the report is signed', async () => {
    const { assessment } = await finalizedAssessment(app, zhang, { assessor1Id: zhangId, assessor2Id: wangId });
    await app.call('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password }, zhang);
    const r = await app.raw('assessments.changeCarePlan', { id: assessment.id, change: { kind: 'exclude', serviceId: assessment.carePlan!.services[0]!.id, reason: '签名之后' } }, zhang);
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '报告已签名，照护计划不能再修改' } });
  });
});

describe('instruments no catalogue reads', () => {
  it('a tekun-selfcare assessment finalizes without a care plan, and its plan cannot be changed', async () => {
    const { person } = await finalizedAssessment(app, zhang, { assessor1Id: zhangId, assessor2Id: wangId });
    const draft = await app.call(
      'assessments.createDraft',
      { personId: person.id, header: { instrumentId: 'tekun-selfcare', reason: 'first', assessmentDate: '2026-11-30', assessor1Id: zhangId, assessor2Id: wangId } },
      zhang,
    );
    const items = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`SC.${n}`, n <= 4 ? 0 : 1]));
    const saved = await app.call('assessments.saveDraft', { id: draft.id, revision: draft.revision, answers: { basic: {}, scoring: { items } } }, zhang);
    const f = await app.call('assessments.finalize', { id: draft.id, revision: saved.revision }, zhang);
    expect(f.result!.finalLevelName).toBe('完全丧失生活自理能力');
    expect(f.carePlan).toBeNull();
    expect(await app.raw('assessments.changeCarePlan', { id: f.id, change: { kind: 'note', text: 'x' } }, zhang)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('catalogues an admin loads', () => {
  it('a corrected catalogue with a new version is used for new plans; old plans keep theirs; a reused version or a bad field is refused', async () => {
    const before = await finalizedAssessment(app, zhang, { assessor1Id: zhangId, assessor2Id: wangId });
    expect(before.assessment.carePlan!.catalogue).toBe('care-services@2026.1');
    const builtin = builtinCatalogueFor('gbt42195-2022')!;
    const corrected = { ...builtin, version: '2026.2', services: builtin.services.filter((s) => s.id !== 'bathing') };

    const same = await app.raw('careServices.load', { json: JSON.stringify({ ...corrected, version: '2026.1' }) }, admin);
    expect(same).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'version' }] } });
    const bad = await app.raw('careServices.load', { json: JSON.stringify({ ...corrected, services: [{ id: 'x', name: '某服务', triggers: [{ kind: 'item', item: 'B.9.1', atMost: 1 }] }] }) }, admin);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'services.0.triggers.0.item' }] } });
    expect(await app.raw('careServices.load', { json: JSON.stringify(corrected) }, zhang)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const loaded = await app.call('careServices.load', { json: JSON.stringify(corrected) }, admin);
    expect(loaded).toMatchObject({ id: 'care-services', version: '2026.2', inUse: true, builtin: false, instrumentTitle: '老年人能力评估（GB/T 42195-2022）' });
    expect((await app.call('careServices.list', {}, zhang)).map((c) => [c.version, c.inUse])).toEqual([['2026.2', true]]);

    const after = await finalizedAssessment(app, zhang, { assessor1Id: zhangId, assessor2Id: wangId });
    expect(after.assessment.carePlan!.catalogue).toBe('care-services@2026.2');
    expect(after.assessment.carePlan!.services.map((s) => s.id)).not.toContain('bathing');
    const old = await app.call('assessments.get', { id: before.assessment.id }, zhang);
    expect(old.carePlan!.catalogue).toBe('care-services@2026.1');
    expect(old.carePlan!.services.map((s) => s.id)).toContain('bathing');
  });
});
