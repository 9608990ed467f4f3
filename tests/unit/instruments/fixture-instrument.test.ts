import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli';
import { checkInstrument, GBT42195_2022, getInstrument, registerInstrument, unregisterInstrument } from '../../../shared/instruments';
import { scoreAssessment, toCliResult } from '../../../shared/scoring';
import { makeIdNumber } from '../../../shared/validation';
import { FIXTURE_MATRIX as FIX } from '../../fixtures/instruments/fixture-matrix';
import { fakeIO } from '../../helpers/fake-io';
import { pdfText } from '../reports/helpers';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../app/helpers';

/**
 * Instruments are data: an instrument defined only in a test file, registered at run time,
 * scores through the engine, `yiyang score --instrument`, the store (draft → finalize) and
 * the report, with no change to any other code.
 */

const compact = (s: string) => s.replace(/\s+/g, '');

// Item scores that give each group each grade (see the fixture's bands).
const M = [{ 'M.1': 5, 'M.2': 5 }, { 'M.1': 3, 'M.2': 3 }, { 'M.1': 5, 'M.2': 0 }];
const T = [{ 'T.1': 2, 'T.2': 2 }, { 'T.1': 2, 'T.2': 0 }, { 'T.1': 0, 'T.2': 0 }];
const S = [{ 'S.1': 3 }, { 'S.1': 1 }, { 'S.1': 0 }];

beforeAll(() => registerInstrument(FIX));
afterAll(() => unregisterInstrument(FIX.id));

describe('a fixture instrument registered in a test', () => {
  it('is consistent and registered', () => {
    expect(checkInstrument(FIX)).toEqual([]);
    expect(getInstrument(FIX.id)).toBe(FIX);
  });

  // Every cell of the 3×3 matrix, reached through each column group.
  const cells = [0, 1, 2].flatMap((row) => [0, 1, 2].flatMap((t) => [0, 1, 2].map((s) => [row, t, s] as const)));
  it.each(cells)('M grade %i, T grade %i, S grade %i → the matrix cell of the worse column', (row, t, s) => {
    const r = scoreAssessment(FIX, { items: { ...M[row], ...T[t], ...S[s] } });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const column = Math.max(t, s);
    expect(r.result.grades).toEqual({
      M: { grade: row, name: FIX.leveling.kind === 'indicatorMatrix' ? FIX.leveling.grades[row]!.name : '' },
      T: expect.objectContaining({ grade: t }),
      S: expect.objectContaining({ grade: s }),
    });
    expect(r.result.matrixCell).toEqual({ row, column });
    const expected = [[0, 1, 1], [1, 2, 2], [2, 3, 3]][row]![column]!;
    expect(r.result.finalLevel).toBe(expected);
    expect(r.result.finalLevelName).toBe(FIX.levels[expected]!.name);
    expect(r.result.total).toBeNull();
  });

  it('names a missing or out-of-range score by its field', () => {
    const r = scoreAssessment(FIX, { items: { ...M[0], ...T[0], 'S.1': 2 } });
    expect(r).toMatchObject({ ok: false, errors: [{ path: 'items.S.1' }] });
    expect(scoreAssessment(FIX, { items: { ...M[0], ...T[0] } })).toMatchObject({ ok: false, errors: [{ path: 'items.S.1' }] });
  });

  it('yiyang score --instrument prints grades and no total or preliminary level', async () => {
    const io = fakeIO({ stdin: `${JSON.stringify({ items: { ...M[1], ...T[1], ...S[0] } })}\n${JSON.stringify({ items: { ...M[0], 'T.1': 9 } })}\n` });
    expect(await runCli(['score', '--instrument', FIX.id, '--jsonl', '-'], io)).toBe(2);
    expect(io.stdoutText()).toBe(
      '{"instrument":"fixture-matrix","indicators":{"M":6,"T":2,"S":3},"grades":{"M":1,"T":1,"S":0},"total":null,"finalLevel":2,"finalLevelName":"丙等（较多照护）","adjustments":[]}\n',
    );
    expect(io.stderrText()).toMatch(/^第2行：items\.T\.1/);
    const cli = scoreAssessment(FIX, { items: { ...M[1], ...T[1], ...S[0] } });
    expect(cli.ok && JSON.stringify(toCliResult(FIX, cli.result))).toBe(io.stdoutText().trim());
  });

  it('yiyang instruments lists it beside the built-in ones', async () => {
    const io = fakeIO();
    expect(await runCli(['instruments', '--json'], io)).toBe(0);
    const rows = io.stdoutText().trim().split('\n').map((l) => JSON.parse(l) as { id: string; verified: boolean });
    expect(rows.map((r) => r.id)).toEqual(['gbt42195-2022', 'ltc-2021', 'tekun-selfcare', FIX.id]);
    expect(rows.at(-1)!.verified).toBe(false);
  });

  describe('through the store and the report', () => {
    let app: TestApp;
    let admin: string;
    let personId: string;
    let assessmentId: string;
    beforeAll(async () => {
      app = await startTestApp();
      admin = await app.login('admin', ADMIN_PASSWORD);
      await app.call('users.create', { username: 'second', displayName: '第二评估员', role: 'assessor', password: 'second-pass-1' }, admin);
    });
    afterAll(() => app.dispose());

    it('a draft of the fixture instrument saves, finalizes with its own level and leaves the capability level alone', async () => {
      const me = await app.call('session.current', {}, admin);
      const second = (await app.call('users.assessors', {}, admin)).find((u) => u.displayName === '第二评估员')!;
      personId = (await app.call('persons.create', { name: '周测试', sex: '女', birthDate: '1944-02-03', idNumber: makeIdNumber('350503', '1944-02-03', 124) }, admin)).id;
      const draft = await app.call(
        'assessments.createDraft',
        { personId, header: { instrumentId: FIX.id, reason: 'first', assessmentDate: '2026-11-20', assessor1Id: me.userId, assessor2Id: second.id } },
        admin,
      );
      expect(draft).toMatchObject({ instrumentId: FIX.id, instrumentVersion: FIX.version });
      const saved = await app.call('assessments.saveDraft', { id: draft.id, revision: draft.revision, answers: { basic: { 'N.1': '测试备注' }, scoring: { items: { ...M[2], ...T[0], ...S[1] } } } }, admin);
      const done = await app.call('assessments.finalize', { id: draft.id, revision: saved.revision }, admin);
      assessmentId = done.id;
      expect(done.result).toMatchObject({ instrument: FIX.id, finalLevel: 3, finalLevelName: '丁等（全面照护）', matrixCell: { row: 2, column: 1 } });
      // Only the capability instrument classifies and sets the person's level.
      expect(done.classification).toBeNull();
      expect((await app.call('persons.get', { id: personId }, admin)).lastLevel).toBeNull();
      expect((await app.call('assessments.listByPerson', { personId }, admin))[0]).toMatchObject({ instrumentId: FIX.id, finalLevel: 3, total: null });
    });

    it('once a capability assessment is valid, the fixture\'s assessments are classified on it, and its level travels as a fact keyed by instrument', async () => {
      const me = await app.call('session.current', {}, admin);
      const second = (await app.call('users.assessors', {}, admin)).find((u) => u.displayName === '第二评估员')!;
      const header = { reason: 'routine' as const, assessmentDate: '2026-11-25', assessor1Id: me.userId, assessor2Id: second.id };
      const gbt = await app.call('assessments.createDraft', { personId, header }, admin);
      const items = Object.fromEntries(GBT42195_2022.indicators.flatMap((i) => i.items.map((it) => [it.code, it.max])));
      const saved = await app.call('assessments.saveDraft', { id: gbt.id, revision: gbt.revision, answers: { basic: {}, scoring: { items } } }, admin);
      const capability = await app.call('assessments.finalize', { id: gbt.id, revision: saved.revision }, admin);
      expect(capability.classification).not.toBeNull();
      expect((await app.call('persons.get', { id: personId }, admin)).lastLevel).toBe(0);

      const again = await app.call('assessments.createDraft', { personId, header: { ...header, instrumentId: FIX.id, assessmentDate: '2026-11-26' } }, admin);
      const s2 = await app.call('assessments.saveDraft', { id: again.id, revision: again.revision, answers: { basic: {}, scoring: { items: { ...M[0], ...T[0], ...S[0] } } } }, admin);
      const fixture = await app.call('assessments.finalize', { id: again.id, revision: s2.revision }, admin);
      expect(fixture.classification).toMatchObject({ packId: capability.classification!.packId, category: capability.classification!.category });
      // The capability level is still the GB/T one.
      expect((await app.call('persons.get', { id: personId }, admin)).lastLevel).toBe(0);
    });

    it('the report prints its own title, groups, grades, the matrix cell and the level', async () => {
      const preview = await app.call('reports.preview', { assessmentId }, admin);
      const text = compact(pdfText(Buffer.from(preview.pdfBase64, 'base64'), 'raw'));
      for (const s of ['测试用照护分级报告', '依据TEST-2026', '活动能力', '思维能力', '交流能力', '各组分级', '2级（严重受损）', '矩阵判定', '丁等（全面照护）', '测评人员签名', '测试备注', '待核实'])
        expect(text).toContain(compact(s));
      expect(text).toContain(compact('活动能力 2 级 × 思维能力、交流能力中较重者 1 级 → 丁等（全面照护）'));
      // Nothing of GB/T 42195 leaks in.
      for (const s of ['附录C', '能力完好', 'C.4', 'GB/T42195']) expect(text).not.toContain(s);
    });
  });
});
