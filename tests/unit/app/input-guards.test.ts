import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/core/db';
import type { ApiResult, FieldError } from '../../../shared/contract';
import { GBT42195_2022 } from '../../../shared/instruments';
import { lineTextProblem, makeIdNumber } from '../../../shared/validation';
import { ADMIN_PASSWORD, finalizedAssessment, startTestApp, type TestApp } from './helpers';

/**
 * Issue 13 items 7, 8 and 10 through the contract, on a clock the test sets: what the
 * forms, IPC and HTTP all reach.
 */

let app: TestApp;
let admin: string;
let assessor: string;
let assessorId: string;
let adminId: string;
/** The app's today; moved by the tests that need another one. */
let clock = new Date(2026, 11, 2, 12, 0, 0);

const fullMarks = Object.fromEntries(GBT42195_2022.indicators.flatMap((i) => i.items.map((it) => [it.code, it.max])));
let seq = 0;

beforeAll(async () => {
  app = await startTestApp({ now: () => clock });
  admin = await app.login('admin', ADMIN_PASSWORD);
  assessorId = (await app.call('users.create', { username: 'zhang', displayName: '张评估', role: 'assessor', password: 'assessor-pass-1' }, admin)).id;
  adminId = (await app.call('session.current', {}, admin)).userId;
  assessor = await app.login('zhang', 'assessor-pass-1');
});
afterAll(() => app.dispose());

const storeOf = (session: string): Store => app.core.sessions.data(session)!;

function person(over: Record<string, unknown> = {}) {
  const birthDate = (over['birthDate'] as string | undefined) ?? '1944-05-06';
  return { name: '陈阿婆', sex: '女' as const, birthDate, idNumber: makeIdNumber('350503', birthDate, (++seq * 2) % 1000), ...over };
}

const header = (over: Record<string, unknown> = {}) => ({ reason: 'first' as const, assessmentDate: '2026-11-30', assessor1Id: assessorId, assessor2Id: adminId, ...over });

/** The failure a call answers with (fails the test when it succeeds). */
async function refused(method: string, input: unknown, session = assessor): Promise<{ code: string; message: string; fields: FieldError[] }> {
  const r: ApiResult<unknown> = await app.raw(method, input, session);
  if (r.ok) throw new Error(`${method} was accepted`);
  return { code: r.error.code, message: r.error.message, fields: r.error.fields ?? [] };
}

describe('item 7: what names, notes, dates and drafts may hold', () => {
  it.each([
    ['a bidi override in the name', { name: '张\u202Efdp.exe' }, 'name', '姓名不能包含文字方向控制符（U+202E）'],
    ['ESC in the name', { name: '张\u001B[31m三' }, 'name', '姓名不能包含控制字符（U+001B）'],
    ['NUL in the name', { name: '张\u0000三' }, 'name', '姓名不能包含控制字符（U+0000）'],
    ['a line break in the address', { address: '丰泽区\r\n东海街道' }, 'address', '详细地址不能包含换行符（U+000D）'],
    ['a first-strong isolate in the village', { village: '东梅\u2068社区' }, 'village', '村（居）不能包含文字方向控制符（U+2068）'],
    ['a zero-width space in the township', { township: '东海\u200B街道' }, 'township', '乡镇（街道）不能包含不可见字符（U+200B）'],
    ['a lone surrogate in the name (IPC keeps it; SQLite would store U+FFFD)', { name: '张\uD800' }, 'name', '姓名不能包含不完整的字符编码（孤立代理项）'],
    ['a lone low surrogate in the address', { address: '\uDC00东海' }, 'address', '详细地址不能包含不完整的字符编码（孤立代理项）'],
  ])('persons.create refuses %s, on that field, in Chinese', async (_what, over, path, message) => {
    const e = await refused('persons.create', person(over));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.fields).toContainEqual({ path, message });
  });

  it('a name outside the basic plane, or with a zero-width joiner, is still a name', async () => {
    const p = await app.call('persons.create', person({ name: '𠮷野\u200D家' }), assessor);
    expect(p.name).toBe('𠮷野\u200D家');
  });

  it('a birth date after today is refused at create and update; today itself is accepted', async () => {
    for (const birthDate of ['2026-12-03', '2099-01-01']) {
      const e = await refused('persons.create', { name: '未来', sex: '男', birthDate });
      expect(e.fields).toContainEqual({ path: 'birthDate', message: '出生日期不能晚于今天（2026-12-02）' });
    }
    const p = await app.call('persons.create', { name: '今天', sex: '男', birthDate: '2026-12-02' }, assessor);
    const e = await refused('persons.update', { id: p.id, revision: p.revision, patch: { birthDate: '2099-01-01' } });
    expect(e.fields).toContainEqual({ path: 'birthDate', message: '出生日期不能晚于今天（2026-12-02）' });
  });

  it('an assessment date after today or before the birth date is refused; today is accepted', async () => {
    const p = await app.call('persons.create', person({ birthDate: '1944-05-06' }), assessor);
    for (const [assessmentDate, message] of [
      ['9999-12-31', '评估日期不能晚于今天（2026-12-02）'],
      ['2026-12-03', '评估日期不能晚于今天（2026-12-02）'],
      ['1944-05-05', '评估日期不能早于老年人的出生日期（1944-05-06）'],
    ]) {
      const e = await refused('assessments.createDraft', { personId: p.id, header: header({ assessmentDate }) });
      expect(e.code).toBe('BAD_INPUT');
      expect(e.fields).toContainEqual({ path: 'assessmentDate', message });
    }
    const d = await app.call('assessments.createDraft', { personId: p.id, header: header({ assessmentDate: '2026-12-02' }) }, assessor);
    const e = await refused('assessments.saveDraft', { id: d.id, revision: d.revision, header: { assessmentDate: '9999-12-31' } });
    expect(e.fields).toContainEqual({ path: 'header.assessmentDate', message: '评估日期不能晚于今天（2026-12-02）' });
    await app.call('assessments.discardDraft', { id: d.id }, assessor);
  });

  it('finalize refuses a birth date in the future that reached the store before these checks', async () => {
    const p = await app.call('persons.create', person(), assessor);
    const d = await app.call('assessments.createDraft', { personId: p.id, header: header() }, assessor);
    const s = await app.call('assessments.saveDraft', { id: d.id, revision: d.revision, answers: { basic: {}, scoring: { items: fullMarks } } }, assessor);
    storeOf(assessor).db.prepare("UPDATE persons SET birth_date = '2099-01-01', id_number = NULL WHERE id = ?").run(p.id);
    const e = await refused('assessments.finalize', { id: d.id, revision: s.revision });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.fields).toContainEqual({ path: 'person.birthDate', message: '出生日期不能晚于今天（2026-12-02），请先修改老年人信息' });
    expect(e.fields).toContainEqual({ path: 'header.assessmentDate', message: '评估日期不能早于老年人的出生日期（2099-01-01）' });
    expect((await app.call('assessments.get', { id: d.id }, assessor)).status).toBe('draft');
    await app.call('assessments.discardDraft', { id: d.id }, assessor);
  });

  it('a draft save is capped at 256 KB of answers; a long but real note saves', async () => {
    const p = await app.call('persons.create', person(), assessor);
    const d = await app.call('assessments.createDraft', { personId: p.id, header: header() }, assessor);
    const huge = await refused('assessments.saveDraft', { id: d.id, revision: d.revision, answers: { basic: { 'N.1': '很'.repeat(Math.floor((10 * 1024 * 1024) / 3)) }, scoring: { items: {} } } });
    expect(huge.code).toBe('BAD_INPUT');
    expect(huge.fields).toEqual([{ path: 'answers', message: expect.stringMatching(/^评估内容过大（\d+ KB，上限 256 KB）/) }]);
    // 257 KB: just over.
    const over = await refused('assessments.saveDraft', { id: d.id, revision: d.revision, answers: { basic: { 'N.1': 'x'.repeat(257 * 1024) }, scoring: { items: {} } } });
    expect(over.fields[0]!.path).toBe('answers');
    const note = `第一行\n${'记录'.repeat(2000)}\r\n末行`;
    const saved = await app.call('assessments.saveDraft', { id: d.id, revision: d.revision, answers: { basic: { 'N.1': note }, scoring: { items: {} } } }, assessor);
    expect(saved.answers.basic['N.1']).toBe(note);
    await app.call('assessments.discardDraft', { id: d.id }, assessor);
  });

  it('answers keep line breaks but refuse control and bidi characters and lone surrogates, with the path of the answer', async () => {
    const p = await app.call('persons.create', person(), assessor);
    const d = await app.call('assessments.createDraft', { personId: p.id, header: header() }, assessor);
    const save = (basic: Record<string, unknown>) => refused('assessments.saveDraft', { id: d.id, revision: d.revision, answers: { basic, scoring: { items: {} } } });
    expect((await save({ 'N.1': 'a\u0000b' })).fields).toContainEqual({ path: 'answers.basic.N.1', message: '填写内容不能包含控制字符（U+0000）' });
    expect((await save({ 'A.4.2': [{ name: '药\u202E品' }] })).fields).toContainEqual({ path: 'answers.basic.A.4.2.0.name', message: '填写内容不能包含文字方向控制符（U+202E）' });
    expect((await save({ 'A.3.3': '\uD83D' })).fields).toContainEqual({ path: 'answers.basic.A.3.3', message: '填写内容不能包含不完整的字符编码（孤立代理项）' });
    expect((await refused('assessments.saveDraft', { id: d.id, revision: d.revision, header: { place: '社区\n站' } })).fields).toContainEqual({
      path: 'header.place',
      message: '评估地点不能包含换行符（U+000A）',
    });
    await app.call('assessments.discardDraft', { id: d.id }, assessor);
  });

  it('a care plan note keeps its line breaks and refuses a bidi override', async () => {
    const { assessment } = await finalizedAssessment(app, assessor, { assessor1Id: assessorId, assessor2Id: adminId });
    const e = await refused('assessments.changeCarePlan', { id: assessment.id, change: { kind: 'note', text: '每周\u202E两次' } });
    expect(e.fields).toContainEqual({ path: 'change.text', message: '备注不能包含文字方向控制符（U+202E）' });
    expect(assessment.carePlan).not.toBeNull();
    const r = await app.call('assessments.changeCarePlan', { id: assessment.id, change: { kind: 'note', text: '每周两次\n周三上门' } }, assessor);
    expect(r.carePlan!.note!.text).toBe('每周两次\n周三上门');
  });

  it('a report of a name stored before these checks is saved under a file name without its bidi override or control characters', async () => {
    const { person: p, assessment } = await finalizedAssessment(app, assessor, { assessor1Id: assessorId, assessor2Id: adminId });
    storeOf(assessor).db.prepare('UPDATE persons SET name = ? WHERE id = ?').run('张\u202Efdp.exe\u0007', p.id);
    const preview = await app.call('reports.preview', { assessmentId: assessment.id }, assessor);
    expect(preview.fileName).toBe('评估报告-张_fdp.exe_-2026-11-30-未签名.pdf');
    expect(lineTextProblem(preview.fileName, '文件名')).toBeNull();
  });
});

describe('item 8: stale forms and a second draft', () => {
  it('persons.update carries the revision: a stale form gets a conflict in Chinese and undoes nothing', async () => {
    const p = await app.call('persons.create', person({ county: '丰泽区' }), assessor);
    // Two forms read revision 1; the first saves.
    const first = await app.call('persons.update', { id: p.id, revision: p.revision, patch: { county: '鲤城区' } }, admin);
    expect(first.revision).toBe(p.revision + 1);
    const e = await refused('persons.update', { id: p.id, revision: p.revision, patch: { county: '丰泽区', phone: '13905951234' } });
    expect(e).toMatchObject({ code: 'CONFLICT', message: '此人的资料已被他人修改，请刷新后再改' });
    expect(await app.call('persons.get', { id: p.id }, assessor)).toMatchObject({ county: '鲤城区', phone: null, revision: first.revision });
    // With the fresh revision the change goes through.
    expect((await app.call('persons.update', { id: p.id, revision: first.revision, patch: { phone: '13905951234' } }, assessor)).county).toBe('鲤城区');
  });

  it('persons.update without a revision is refused: no caller can skip the check', async () => {
    const p = await app.call('persons.create', person(), assessor);
    const e = await refused('persons.update', { id: p.id, patch: { county: '鲤城区' } });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.fields.map((f) => f.path)).toContain('revision');
  });

  it('a second draft for one person is refused and the open one is there to continue', async () => {
    const p = await app.call('persons.create', person(), assessor);
    const firstDraft = await app.call('assessments.createDraft', { personId: p.id, header: header() }, assessor);
    const e = await refused('assessments.createDraft', { personId: p.id, header: header({ instrumentId: 'tekun-selfcare' }) }, admin);
    expect(e).toMatchObject({ code: 'CONFLICT', message: '此人已有一份未完成的评估草稿，请继续该草稿，或先放弃它再重新开始' });
    expect((await app.call('assessments.draftForPerson', { personId: p.id }, admin))!.id).toBe(firstDraft.id);
    expect((await app.call('assessments.listByPerson', { personId: p.id }, admin)).filter((a) => a.status === 'draft')).toHaveLength(1);
    // Once it is finished, the next one may begin.
    const s = await app.call('assessments.saveDraft', { id: firstDraft.id, revision: firstDraft.revision, answers: { basic: {}, scoring: { items: fullMarks } } }, assessor);
    await app.call('assessments.finalize', { id: firstDraft.id, revision: s.revision }, assessor);
    const next = await app.call('assessments.createDraft', { personId: p.id, header: header({ reason: 'routine' }) }, assessor);
    await app.call('assessments.discardDraft', { id: next.id }, assessor);
  });
});

describe('item 10: due dates at month ends, and the pack in force', () => {
  it('the reassessment-due filter lists exactly the persons whose shown date has come (08-31 + 6 months)', async () => {
    const before = clock;
    try {
      await app.call('settings.update', { reassessmentIntervalMonths: 6 }, admin);
      clock = new Date(2027, 1, 28, 9, 0, 0);
      const lasts = ['2026-08-27', '2026-08-28', '2026-08-29', '2026-08-31', '2026-09-01'];
      const ids = new Map<string, string>();
      for (const last of lasts) {
        const p = await app.call('persons.create', person({ name: `复评${last.slice(5)}`, county: '德化县' }), assessor);
        storeOf(assessor).db.prepare('UPDATE persons SET last_assessment_date = ?, last_level = 1 WHERE id = ?').run(last, p.id);
        ids.set(p.id, last);
      }
      const shown = await app.call('persons.search', { county: '德化县', limit: 200 }, assessor);
      const dueByDate = shown.rows.filter((r) => ids.has(r.id) && r.nextReassessmentDate! <= '2027-02-28').map((r) => r.id).sort();
      expect(shown.rows.find((r) => ids.get(r.id) === '2026-08-31')!.nextReassessmentDate).toBe('2027-02-28');
      const filtered = await app.call('persons.search', { county: '德化县', reassessmentDue: true, limit: 200 }, assessor);
      expect(filtered.rows.map((r) => r.id).filter((id) => ids.has(id)).sort()).toEqual(dueByDate);
      expect(dueByDate.map((id) => ids.get(id)).sort()).toEqual(['2026-08-27', '2026-08-28', '2026-08-29', '2026-08-31']);
      // The dashboard counts from the same dates: 08-27 fell due yesterday (overdue); 08-28…08-31 fall due today and
      // 09-01 tomorrow (due within 30 days).
      const stats = await app.call('stats.dashboard', { filter: { county: '德化县' } }, admin);
      expect({ overdue: stats.overdue, due30: stats.due30 }).toEqual({ overdue: 1, due30: 4 });
    } finally {
      clock = before;
      await app.call('settings.update', { reassessmentIntervalMonths: 12 }, admin);
    }
  });

  it('finalize refuses a policy pack not in force on the assessment date, naming the pack by its title', async () => {
    const builtin = JSON.parse(readFileSync(path.join(__dirname, '../../../resources/policies/quanzhou-2022.json'), 'utf8')) as Record<string, unknown>;
    const later = { ...builtin, id: 'test-from-2027', version: '2027.1', title: '测试政策包（2027年起施行）', effectiveFrom: '2027-01-01', effectiveTo: null };
    const lapsed = { ...builtin, id: 'test-until-2025', version: '2025.1', title: '测试政策包（2025年底废止）', effectiveFrom: '2022-01-01', effectiveTo: '2025-12-31' };
    await app.call('policy.load', { json: JSON.stringify(later) }, admin);
    await app.call('policy.load', { json: JSON.stringify(lapsed) }, admin);
    try {
      for (const [pack, word] of [
        [later, '尚未生效'],
        [lapsed, '已失效'],
      ] as const) {
        await app.call('policy.activate', { packId: pack.id }, admin);
        const p = await app.call('persons.create', person(), assessor);
        const d = await app.call('assessments.createDraft', { personId: p.id, header: header() }, assessor);
        const s = await app.call('assessments.saveDraft', { id: d.id, revision: d.revision, answers: { basic: {}, scoring: { items: fullMarks } } }, assessor);
        const e = await refused('assessments.finalize', { id: d.id, revision: s.revision });
        expect(e.code).toBe('CONFLICT');
        expect(e.message).toContain(`当前使用的政策包“${pack.title}”的有效期为`);
        expect(e.message).toContain('不适用于评估日期 2026-11-30');
        expect(e.message).not.toContain(pack.id);
        expect(e.fields).toEqual([{ path: 'header.assessmentDate', message: `政策包“${pack.title}”在 2026-11-30 ${word}` }]);
        expect((await app.call('assessments.get', { id: d.id }, assessor)).status).toBe('draft');
        await app.call('assessments.discardDraft', { id: d.id }, assessor);
      }
    } finally {
      await app.call('policy.activate', { packId: 'quanzhou-2022' }, admin);
    }
    // Under the pack in force the same assessment finalizes.
    const { assessment } = await finalizedAssessment(app, assessor, { assessor1Id: assessorId, assessor2Id: adminId });
    expect(assessment.classification?.packId).toBe('quanzhou-2022');
  });
});
