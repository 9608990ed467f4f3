import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store } from '../../../electron/core/db';
import { cleanupTempDirs, finalizeDraft, fullAnswers, GBT, newStore, personInput, catchErr } from './helpers';

let store: Store;
let assessorA: string;
let assessorB: string;
let managerId: string;

beforeAll(async () => {
  store = (await newStore()).store;
  assessorA = store.user!.id;
  assessorB = store.users.createUserRow({ username: 'assessor-b', role: 'assessor', displayName: '评估员乙' }, store.actor).id;
  managerId = store.users.createUserRow({ username: 'mgr', role: 'manager' }, store.actor).id;
});
afterAll(() => {
  store.close();
  cleanupTempDirs();
});

const header = (over: Record<string, unknown> = {}) => ({
  reason: 'first' as const,
  assessmentDate: '2026-03-01',
  place: '晋江市安海镇西安村',
  assessor1Id: assessorA,
  assessor2Id: assessorB,
  informantName: '陈秀英',
  informantRelation: 'self' as const,
  ...over,
});

function finalized(personId: string, score = 4, over: Record<string, unknown> = {}) {
  const d = store.assessments.createDraft(personId, header(over), GBT, store.actor);
  const s = store.assessments.saveDraft(d.id, { revision: d.revision, answers: fullAnswers(score) }, store.actor);
  return finalizeDraft(store, d.id, s.revision);
}

describe('assessment lifecycle', () => {
  it('draft → save → finalize scores with the engine and updates the person', () => {
    const p = store.persons.create(personInput(), store.actor);
    const d = store.assessments.createDraft(p.id, header(), GBT, store.actor);
    expect(d).toMatchObject({ status: 'draft', revision: 1, instrumentId: 'gbt42195-2022', instrumentVersion: GBT.version, answers: { basic: {}, scoring: { items: {} } } });
    expect(d.assessmentNo).toMatch(/^QZT-2026-\d{6}$/);
    expect(store.assessments.latestDraftForPerson(p.id)!.id).toBe(d.id);

    const partial = store.assessments.saveDraft(d.id, { revision: 1, answers: { items: { 'B.1.1': 4, 'B.1.2': null } } }, store.actor);
    expect(partial.revision).toBe(2);
    expect(catchErr(() => store.assessments.saveDraft(d.id, { revision: 1, header: { place: '家中' } }, store.actor)).code).toBe('CONFLICT');
    const incomplete = catchErr(() => finalizeDraft(store, d.id, 2));
    expect(incomplete.code).toBe('VALIDATION');
    expect(incomplete.fields!.some((f) => f.path.startsWith('answers.scoring.items.'))).toBe(true);

    const s = store.assessments.saveDraft(d.id, { revision: 2, answers: fullAnswers(4), header: { place: '家中' } }, store.actor);
    const f = finalizeDraft(store, d.id, s.revision);
    expect(f).toMatchObject({ status: 'finalized', header: { place: '家中' }, result: { total: 90, finalLevel: 0 }, classification: { packId: 'quanzhou-2022' } });
    const category = f.classification!.category;
    expect(f.result!.finalLevelName).toBe('能力完好');
    expect(f.finalizedAt).not.toBeNull();
    expect(store.persons.peek(p.id)).toMatchObject({ lastLevel: 0, lastAssessmentDate: '2026-03-01', lastAssessmentId: d.id });
    expect(store.assessments.latestDraftForPerson(p.id)).toBeNull();
    expect(store.assessments.listByPerson(p.id)).toEqual([
      expect.objectContaining({ id: d.id, status: 'finalized', total: 90, finalLevel: 0, category, assessor1Name: 'admin', assessor2Name: '评估员乙' }),
    ]);
    expect(f).toMatchObject({ assessor1Name: 'admin', assessor2Name: '评估员乙' });
    expect(store.audit.list({ entity: 'assessment', entityId: d.id }).map((r) => r.action)).toEqual([
      'assessment.create',
      'assessment.update',
      'assessment.update',
      'assessment.finalize',
    ]);
  });

  it('keeps basic answers next to the scoring ones', () => {
    const p = store.persons.create(personInput(), store.actor);
    const d = store.assessments.createDraft(p.id, header(), GBT, store.actor);
    const basic = { 'A.4.2': [{ name: '氨氯地平', dose: '5mg' }], 'A.5.5': 'mild' };
    const s = store.assessments.saveDraft(d.id, { revision: 1, answers: { basic, scoring: fullAnswers(3) } }, store.actor);
    expect(s.answers.basic).toEqual(basic);
    const f = finalizeDraft(store, d.id, s.revision);
    expect(f.answers).toEqual({ basic, scoring: fullAnswers(3) });
    expect(catchErr(() => store.assessments.saveDraft(d.id, { revision: 1, answers: { scoring: { items: { 'B.1.1': 'x' } } } as never }, store.actor)).fields![0]!.path).toBe(
      'answers.scoring.items.B.1.1',
    );
  });

  it('the repository stores the use case\'s result as given and never scores; a result of another instrument is refused', () => {
    const p = store.persons.create(personInput(), store.actor);
    const d = store.assessments.createDraft(p.id, header(), GBT, store.actor);
    const s = store.assessments.saveDraft(d.id, { revision: 1, answers: fullAnswers(2) }, store.actor);
    const other = finalized(store.persons.create(personInput(), store.actor).id, 4);
    const person = store.persons.peek(p.id)!;
    expect(() =>
      store.assessments.finalize(d.id, { revision: s.revision, result: { ...other.result!, instrument: 'ltc-2021' }, classification: null, carePlan: null, personSnapshot: person, updatesPersonLevel: true }, store.actor),
    ).toThrow(/ltc-2021/);
    // What it is given is what it keeps: the answers say 2 per item, the stored result says 90.
    const f = store.assessments.finalize(d.id, { revision: s.revision, result: other.result!, classification: null, carePlan: null, personSnapshot: person, updatesPersonLevel: false }, store.actor);
    expect(f.result!.total).toBe(90);
    expect(f.classification).toBeNull();
    expect(store.persons.peek(p.id)!.lastAssessmentId).toBeNull();
  });

  it('checks the assessors and the supersedes link', () => {
    const p = store.persons.create(personInput(), store.actor);
    expect(catchErr(() => store.assessments.createDraft(p.id, header({ assessor2Id: assessorA }), GBT, store.actor)).fields![0]!.path).toBe('assessor2Id');
    expect(catchErr(() => store.assessments.createDraft(p.id, header({ assessor2Id: managerId }), GBT, store.actor)).fields![0]!.message).toContain('不是评估员');
    expect(catchErr(() => store.assessments.createDraft(p.id, header({ assessor2Id: 'ghost' }), GBT, store.actor)).fields![0]!.message).toContain('不存在');
    expect(catchErr(() => store.assessments.createDraft('ghost', header(), GBT, store.actor)).code).toBe('NOT_FOUND');
    const other = store.persons.create(personInput(), store.actor);
    const theirs = finalized(other.id);
    expect(catchErr(() => store.assessments.createDraft(p.id, header({ supersedesId: theirs.id }), GBT, store.actor)).fields![0]!.path).toBe('supersedesId');
  });

  it('numbers assessments per institution and year, and refuses a taken number', () => {
    // One open draft per person: each draft here is another person's.
    const [p, q, r] = [1, 2, 3].map(() => store.persons.create(personInput(), store.actor));
    const a = store.assessments.createDraft(p!.id, header({ assessmentDate: '2025-12-31' }), GBT, store.actor);
    const b = store.assessments.createDraft(q!.id, header({ assessmentDate: '2025-01-02' }), GBT, store.actor);
    expect(Number(b.assessmentNo.slice(-6))).toBe(Number(a.assessmentNo.slice(-6)) + 1);
    expect(a.assessmentNo.startsWith('QZT-2025-')).toBe(true);
    const taken = catchErr(() => store.assessments.createDraft(r!.id, header({ assessmentNo: a.assessmentNo }), GBT, store.actor));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toBe('评估编号已被使用');
    store.assessments.discardDraft(b.id, b.revision, store.actor);
    expect(store.assessments.get(b.id)).toBeNull();
  });
});

describe('instrument version', () => {
  it('a draft begun under an older encoding is stored with the version that scored it, and keeps it', () => {
    const p = store.persons.create(personInput(), store.actor);
    const d = store.assessments.createDraft(p.id, header(), GBT, store.actor);
    store.db.prepare("UPDATE assessments SET instrument_version = '0.9.0' WHERE id = ?").run(d.id);
    const s = store.assessments.saveDraft(d.id, { revision: d.revision, answers: fullAnswers(4) }, store.actor);
    const f = finalizeDraft(store, d.id, s.revision);
    expect(f.instrumentVersion).toBe(GBT.version);
    expect(f.result!.instrumentVersion).toBe(GBT.version);
  });
});

describe('immutability', () => {
  it('a finalized assessment cannot be edited, only signed; a signed one never changes', () => {
    const p = store.persons.create(personInput(), store.actor);
    const f = finalized(p.id, 3);
    expect(catchErr(() => store.assessments.saveDraft(f.id, { revision: f.revision, header: { place: 'x' } }, store.actor)).code).toBe('IMMUTABLE');
    expect(() => store.db.prepare("UPDATE assessments SET answers = '{}' WHERE id = ?").run(f.id)).toThrow(/immutable/);
    expect(() => store.db.prepare("UPDATE assessments SET status = 'draft' WHERE id = ?").run(f.id)).toThrow(/immutable/);
    expect(() => store.db.prepare('DELETE FROM assessments WHERE id = ?').run(f.id)).toThrow(/immutable/);

    const pdf = Buffer.from('%PDF-1.7 fake report');
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(catchErr(() => store.assessments.markSigned(f.id, { pdf, sha256: '0'.repeat(64) }, store.actor)).code).toBe('VALIDATION');
    const s = store.assessments.markSigned(f.id, { pdf, sha256: sha }, store.actor);
    expect(s).toMatchObject({ status: 'signed', reportSha256: sha });
    expect(store.assessments.getReportPdf(f.id)!.equals(pdf)).toBe(true);

    expect(catchErr(() => store.assessments.markSigned(f.id, { pdf, sha256: sha }, store.actor)).code).toBe('IMMUTABLE');
    expect(() => store.db.prepare('UPDATE assessments SET place = ? WHERE id = ?').run('改过', f.id)).toThrow(/signed assessment cannot be changed/);
    expect(() => store.db.prepare('UPDATE assessments SET report_pdf = ? WHERE id = ?').run(Buffer.from('x'), f.id)).toThrow(/immutable/);
    expect(() => store.db.prepare('DELETE FROM assessments WHERE id = ?').run(f.id)).toThrow(/immutable/);
    expect(store.assessments.get(f.id)).toMatchObject({ header: { place: '晋江市安海镇西安村' }, status: 'signed' });
  });

  it('a draft cannot jump to signed even by raw SQL', () => {
    const p = store.persons.create(personInput(), store.actor);
    const d = store.assessments.createDraft(p.id, header(), GBT, store.actor);
    expect(() =>
      store.db
        .prepare("UPDATE assessments SET status = 'signed', result = '{}', final_level = 0, finalized_at = 'x', report_pdf = x'00', report_sha256 = 'x', signed_at = 'x' WHERE id = ?")
        .run(d.id),
    ).toThrow(/immutable/);
  });

  it('a correction is a new assessment linked to the signed one and becomes the latest', () => {
    const p = store.persons.create(personInput(), store.actor);
    const f = finalized(p.id, 4, { assessmentDate: '2026-04-01' });
    const pdf = Buffer.from('report');
    store.assessments.markSigned(f.id, { pdf, sha256: createHash('sha256').update(pdf).digest('hex') }, store.actor);
    const c = finalized(p.id, 1, { reason: 'review', supersedesId: f.id, assessmentDate: '2026-03-31' });
    expect(c.supersedesId).toBe(f.id);
    // Corrects the latest although dated a day earlier.
    expect(store.persons.peek(p.id)).toMatchObject({ lastAssessmentId: c.id, lastLevel: c.result!.finalLevel });
    expect(store.assessments.listByPerson(p.id)).toHaveLength(2);
  });
});
