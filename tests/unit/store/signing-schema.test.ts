import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstitutionCa, issueAssessorCertificate, toPkcs12 } from '../../../electron/core/signing';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, openDatabase, schemaVersion, type Store } from '../../../electron/core/db';
import { cleanupTempDirs, finalizeDraft, fullAnswers, GBT, newStore, personInput, tempDir } from './helpers';

/** Migration 2: certificates and handwriting, and the rules the database itself enforces. */

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

function finalized() {
  const p = store.persons.create(personInput(), store.actor);
  const d = store.assessments.createDraft(p.id, { reason: 'first', assessmentDate: '2026-03-01', assessor1Id: store.user!.id, assessor2Id: assessorB }, GBT, store.actor);
  const s = store.assessments.saveDraft(d.id, { revision: d.revision, answers: fullAnswers(3) }, store.actor);
  return { draft: d, done: finalizeDraft(store, d.id, s.revision) };
}

const png = Buffer.from('89504e470d0a1a0a', 'hex');

describe('migration 2', () => {
  it('upgrades a version 1 database in place', () => {
    const db = openDatabase(path.join(tempDir(), 'v1.db'), Buffer.alloc(32, 7), { create: true });
    migrate(db, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    const r = migrate(db);
    expect(r).toMatchObject({ from: 1, to: LATEST_SCHEMA_VERSION });
    expect(r.applied).toContain('signing certificates and handwritten signatures');
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['certificates', 'assessment_handwriting']));
    db.close();
  });
});

describe('handwriting is written once, while the assessment is finalized', () => {
  it('refuses a draft, accepts a finalized assessment, and freezes with the signature', () => {
    const other = store.persons.create(personInput(), store.actor);
    const draft = store.assessments.createDraft(other.id, { reason: 'first', assessmentDate: '2026-03-01', assessor1Id: store.user!.id, assessor2Id: assessorB }, GBT, store.actor);
    expect(() => store.handwriting.put(draft.id, { role: 'assessor1', png, signedOn: '2026-03-01' })).toThrow(/immutable/);

    const { done } = finalized();
    store.handwriting.put(done.id, { role: 'assessor1', png, signedOn: '2026-03-01' });
    store.handwriting.put(done.id, { role: 'informant', png, signedOn: '2026-03-01' });
    expect(store.handwriting.list(done.id).map((h) => h.role)).toEqual(['assessor1', 'informant']);

    const pdf = Buffer.from('%PDF-1.7 signed');
    store.assessments.markSigned(done.id, { pdf, sha256: createHash('sha256').update(pdf).digest('hex') }, store.actor);
    expect(() => store.handwriting.put(done.id, { role: 'assessor1', png: Buffer.from('x'), signedOn: '2026-03-02' })).toThrow(/immutable/);
    expect(() => store.db.prepare('DELETE FROM assessment_handwriting WHERE assessment_id = ?').run(done.id)).toThrow(/immutable/);
    expect(() => store.handwriting.put(done.id, { role: 'assessor2', png, signedOn: '2026-03-02' })).toThrow(/immutable/);
    expect(store.assessments.findByReportSha256(createHash('sha256').update(pdf).digest('hex'))?.id).toBe(done.id);
    expect(store.assessments.listSigned().map((s) => s.id)).toContain(done.id);
  });
});

describe('certificates', () => {
  it('keeps one active certificate per user: a new one deactivates the old, with audit rows', () => {
    const ca = createInstitutionCa({ commonName: 'T CA', organization: 'T' });
    const make = () => {
      const c = issueAssessorCertificate(ca, { commonName: 'Ping Yin', userId: assessorB });
      return { certPem: c.certPem, p12: toPkcs12(c.keyPem, c.certPem, [ca.certPem], 'pw-12345678', assessorB) };
    };
    const first = make();
    const a = store.certificates.add({ kind: 'user', userId: assessorB, certPem: first.certPem, p12: first.p12, source: 'generated' }, store.actor);
    expect(a).toMatchObject({ kind: 'user', userId: assessorB, active: true, source: 'generated' });
    expect(a.subject).toBe(`C=CN, O=T, CN=Ping Yin (${assessorB})`);
    const second = make();
    const b = store.certificates.add({ kind: 'user', userId: assessorB, certPem: second.certPem, p12: second.p12, source: 'imported' }, store.actor);
    expect(store.certificates.activeForUser(assessorB)?.id).toBe(b.id);
    expect(store.certificates.get(a.id)?.active).toBe(false);
    expect(store.certificates.activeForUser(assessorB)?.p12.equals(second.p12)).toBe(true);
    // The database refuses a second active certificate for one user, whoever writes it.
    expect(() => store.db.prepare('UPDATE certificates SET active = 1 WHERE id = ?').run(a.id)).toThrow(/UNIQUE/);
    const actions = store.audit.list({ entity: 'certificate', limit: 10 }).map((r) => r.action);
    expect(actions).toEqual(['certificate.issue', 'certificate.deactivate', 'certificate.import']);
    expect(() => store.certificates.add({ kind: 'ca', userId: assessorB, certPem: first.certPem, p12: first.p12, source: 'generated' }, store.actor)).toThrow();
  });
});
