import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/app/log';
import { type Store } from '../../../electron/core/db';
import { MAX_DRAFT_ANSWERS_BYTES } from '../../../electron/core/db/repositories/assessments';
import { JobRegistry } from '../../../electron/core/jobs/registry';
import { reportFileName, uniqueReportNames } from '../../../electron/core/reports/stored-reports';
import { personInputSchema, safeFileName, safeFileNamePart, lineTextProblem, noteTextProblem, hasLoneSurrogate } from '../../../shared/validation';
import { assessmentHeaderSchema } from '../../../shared/validation/assessment';
import { catchErr, cleanupTempDirs, GBT, newStore, personInput } from './helpers';

/** Issue 13 #7 and #8 at the store and in the shared rules: what every caller, not only the contract, meets. */

let store: Store;
let assessorB: string;

beforeAll(async () => {
  store = (await newStore()).store;
  assessorB = store.users.createUserRow({ username: 'assessor-b', role: 'assessor', displayName: '评估员乙' }, store.actor).id;
});
afterAll(() => {
  store.close();
  cleanupTempDirs();
});

const header = (over: Record<string, unknown> = {}) => ({ reason: 'first' as const, assessmentDate: '2026-03-01', assessor1Id: store.user!.id, assessor2Id: assessorB, ...over });

describe('text rules (shared/validation/text)', () => {
  it.each([
    ['\u0000', '控制字符（U+0000）'],
    ['\u001B', '控制字符（U+001B）'],
    ['\u007F', '控制字符（U+007F）'],
    ['\u0085', '控制字符（U+0085）'],
    ['\t', '制表符（U+0009）'],
    ['\n', '换行符（U+000A）'],
    ['\r', '换行符（U+000D）'],
    ['\u2028', '换行符（U+2028）'],
    ['\u202E', '文字方向控制符（U+202E）'],
    ['\u202A', '文字方向控制符（U+202A）'],
    ['\u2066', '文字方向控制符（U+2066）'],
    ['\u200F', '文字方向控制符（U+200F）'],
    ['\u061C', '文字方向控制符（U+061C）'],
    ['\uFEFF', '不可见字符（U+FEFF）'],
    ['\u200B', '不可见字符（U+200B）'],
    ['\uD800', '不完整的字符编码（孤立代理项）'],
    ['\uDFFF', '不完整的字符编码（孤立代理项）'],
  ])('a one-line field refuses %j', (ch, what) => {
    expect(lineTextProblem(`张${ch}三`, '姓名')).toBe(`姓名不能包含${what}`);
  });

  it('a note allows line breaks, nothing else of the kind', () => {
    expect(noteTextProblem('第一行\r\n第二行\n', '备注')).toBeNull();
    expect(noteTextProblem('a\tb', '备注')).toBe('备注不能包含制表符（U+0009）');
    expect(noteTextProblem('a\u202Eb', '备注')).toBe('备注不能包含文字方向控制符（U+202E）');
  });

  it('names outside the basic plane and with joiners are names; a surrogate pair is not a lone surrogate', () => {
    for (const name of ['𠮷野', '龘', 'Ａｂｃ', '阿依古丽·买买提', 'क्‍ष', '李\u200C四']) expect(lineTextProblem(name, '姓名')).toBeNull();
    expect(hasLoneSurrogate('\uD842\uDFB7')).toBe(false);
    expect(hasLoneSurrogate('\uDFB7\uD842')).toBe(true);
  });

  it('the person and header schemas refuse them field by field; the address keeps its own name', () => {
    const r = personInputSchema.safeParse({ ...personInput({ name: '王\u202E五' }), address: '鲤城区\n开元寺' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual(
      expect.arrayContaining([
        ['name', '姓名不能包含文字方向控制符（U+202E）'],
        ['address', '详细地址不能包含换行符（U+000A）'],
      ]),
    );
    const h = assessmentHeaderSchema.safeParse(header({ informantName: '林\u0000' }));
    expect(h.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['informantName', '信息提供者姓名不能包含控制字符（U+0000）']]);
  });
});

describe('file names the app writes', () => {
  it('a bidi override cannot hide a report file name’s real extension', () => {
    const name = reportFileName('张\u202Efdp.exe', '2026-11-30');
    expect(name).toBe('评估报告-张_fdp.exe-2026-11-30.pdf');
    expect(name.endsWith('.pdf')).toBe(true);
    expect(reportFileName('\u0000../..\\CON', '2026-11-30', { unsigned: true })).toBe('评估报告-_.._.._CON-2026-11-30-未签名.pdf');
    expect(uniqueReportNames([{ id: '1', personName: 'a\u2067b', assessmentDate: '2026-01-01', assessmentNo: 'YY/2026\u202E' }]).get('1')).toBe('评估报告-a_b-2026-01-01.pdf');
  });

  it.each([
    ['评估报告-张\u202Efdp.exe-2026-11-30.pdf', '评估报告-张_fdp.exe-2026-11-30.pdf'],
    ['a/b\\c:d*e?f"g<h>i|j.zip', 'a_b_c_d_e_f_g_h_i_j.zip'],
    ['  .hidden. .xlsx', 'hidden.xlsx'],
    ['CON.pem', '_CON.pem'],
    ['名\uD800单.csv', '名_单.csv'],
    ['\u202E\u202E.pdf', '__.pdf'],
    ['报告\r\n.pdf', '报告__.pdf'],
    ['', '未命名'],
  ])('safeFileName(%j) → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('a part is at most 80 characters and never ends in a dot or space', () => {
    expect([...safeFileNamePart('长'.repeat(200))]).toHaveLength(80);
    expect(safeFileNamePart('名字. ')).toBe('名字');
  });

  it('every file a background job hands out is named safely, whoever made it', async () => {
    const jobs = new JobRegistry(silentLogger);
    const view = jobs.start('test', '测试', 'u1', () => Promise.resolve({ summary: '好', file: { name: '评估报告-张\u202Efdp.exe-3份.zip', mime: 'application/zip', bytes: Buffer.from('x') } }));
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.get(view.id, 'u1').file).toEqual({ name: '评估报告-张_fdp.exe-3份.zip', size: 1 });
    expect(jobs.result(view.id, 'u1', 0).name).toBe('评估报告-张_fdp.exe-3份.zip');
  });
});

describe('the store holds the dates to its clock', () => {
  it('a birth date after the given today is refused at create and at update', () => {
    const e = catchErr(() => store.persons.create(personInput({ birthDate: '2026-03-02', idNumber: null }), store.actor, { today: '2026-03-01' }));
    expect(e.fields).toEqual([{ path: 'birthDate', message: '出生日期不能晚于今天（2026-03-01）' }]);
    const p = store.persons.create(personInput({ birthDate: '2026-03-01', idNumber: null }), store.actor, { today: '2026-03-01' });
    expect(catchErr(() => store.persons.update(p.id, { birthDate: '2099-01-01' }, store.actor, { today: '2026-03-01' })).fields![0]!.path).toBe('birthDate');
  });

  it('an assessment date after today or before birth is refused when a draft begins and when its date changes', () => {
    const p = store.persons.create(personInput({ birthDate: '1950-06-01' }), store.actor);
    expect(catchErr(() => store.assessments.createDraft(p.id, header({ assessmentDate: '9999-12-31' }), GBT, store.actor, { today: '2026-03-01' })).fields).toEqual([
      { path: 'assessmentDate', message: '评估日期不能晚于今天（2026-03-01）' },
    ]);
    expect(catchErr(() => store.assessments.createDraft(p.id, header({ assessmentDate: '1950-05-31' }), GBT, store.actor, { today: '2026-03-01' })).fields).toEqual([
      { path: 'assessmentDate', message: '评估日期不能早于老年人的出生日期（1950-06-01）' },
    ]);
    const d = store.assessments.createDraft(p.id, header(), GBT, store.actor, { today: '2026-03-01' });
    expect(catchErr(() => store.assessments.saveDraft(d.id, { revision: d.revision, header: { assessmentDate: '2026-03-02' } }, store.actor, { today: '2026-03-01' })).code).toBe('VALIDATION');
    // Answers alone save whatever the clock says.
    expect(store.assessments.saveDraft(d.id, { revision: d.revision, answers: { basic: { 'N.1': '备注' }, scoring: { items: {} } } }, store.actor, { today: '2026-03-01' }).revision).toBe(2);
    store.assessments.discardDraft(d.id, 2, store.actor);
  });

  it(`a draft's answers are capped at ${MAX_DRAFT_ANSWERS_BYTES / 1024} KB of stored JSON`, () => {
    const p = store.persons.create(personInput(), store.actor);
    const d = store.assessments.createDraft(p.id, header(), GBT, store.actor);
    const envelope = JSON.stringify({ basic: { 'N.1': '' }, scoring: { items: {} } }).length;
    const fits = store.assessments.saveDraft(d.id, { revision: d.revision, answers: { basic: { 'N.1': 'x'.repeat(MAX_DRAFT_ANSWERS_BYTES - envelope) }, scoring: { items: {} } } }, store.actor);
    const e = catchErr(() => store.assessments.saveDraft(d.id, { revision: fits.revision, answers: { basic: { 'N.1': 'x'.repeat(MAX_DRAFT_ANSWERS_BYTES - envelope + 1) }, scoring: { items: {} } } }, store.actor));
    expect(e.fields![0]).toMatchObject({ path: 'answers' });
    store.assessments.discardDraft(d.id, fits.revision, store.actor);
  });
});

describe('one open draft per person (issue 13 #8)', () => {
  it('a second draft is refused with the open one’s id, whichever instrument it is for', () => {
    const p = store.persons.create(personInput(), store.actor);
    const first = store.assessments.createDraft(p.id, header(), GBT, store.actor);
    const e = catchErr(() => store.assessments.createDraft(p.id, header(), { id: 'tekun-selfcare', version: '1' }, store.actor));
    expect(e).toMatchObject({ code: 'CONFLICT', message: '此人已有一份未完成的评估草稿，请继续该草稿，或先放弃它再重新开始', details: { existingId: first.id } });
    expect(store.assessments.latestDraftForPerson(p.id)!.id).toBe(first.id);
    store.assessments.discardDraft(first.id, first.revision, store.actor);
    store.assessments.discardDraft(store.assessments.createDraft(p.id, header(), GBT, store.actor).id, 1, store.actor);
  });

  it('persons.update with a stale revision is refused and changes nothing', () => {
    const p = store.persons.create(personInput({ county: '晋江市' }), store.actor);
    store.persons.update(p.id, { county: '石狮市' }, store.actor, { revision: p.revision });
    const e = catchErr(() => store.persons.update(p.id, { county: '南安市' }, store.actor, { revision: p.revision }));
    expect(e).toMatchObject({ code: 'CONFLICT', message: '此人的资料已被他人修改，请刷新后再改', details: { revision: p.revision + 1 } });
    expect(store.persons.peek(p.id)!.county).toBe('石狮市');
  });
});
