import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../../electron/cli/report-commands';
import { runCli } from '../../../electron/cli/index';
import { runExportReports } from '../../../electron/cli/store-commands';
import { reportDataFromStore } from '../../../electron/core/reports/report-data';
import { createInstitutionCa, issueAssessorCertificate, toPkcs12, verifyPdfSignatures } from '../../../electron/core/signing';
import { Store } from '../../../electron/core/db';
import { fakeIO } from '../../helpers/fake-io';
import { pdfsigBlocks, pdfText, poppler } from '../reports/helpers';
import { ADMIN_PASSWORD, finalizedAssessment, signaturePngDataUrl, startTestApp, type TestApp } from './helpers';

/**
 * Issue 7 through the contract: certificates follow the accounts, two assessors sign a
 * finalized assessment with their own passwords, the signed file is stored and verifies
 * (our verifier and poppler's pdfsig), and the institution CA exported for others trusts it.
 */

let app: TestApp;
let admin: string;
let zhangSession: string;
let zhangId: string;
let wangId: string;
let adminId: string;
let hw: { assessor1: string; assessor2: string; informant: string };

const ZHANG = { username: 'zhang', displayName: '张丽华', password: 'zhang-pass-1' };
const WANG = { username: 'wang', displayName: '王建国', password: 'wang-pass-12' };

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.login('admin', ADMIN_PASSWORD);
  adminId = (await app.call('session.current', {}, admin)).userId;
  zhangId = (await app.call('users.create', { ...ZHANG, role: 'assessor' }, admin)).id;
  wangId = (await app.call('users.create', { ...WANG, role: 'assessor' }, admin)).id;
  zhangSession = await app.login(ZHANG.username, ZHANG.password);
  hw = { assessor1: signaturePngDataUrl(11), assessor2: signaturePngDataUrl(12), informant: signaturePngDataUrl(13) };
});
afterAll(() => app.dispose());

function fromBase64(b64: string): Buffer {
  return Buffer.from(b64, 'base64');
}

async function openStore(): Promise<Store> {
  return Store.open(app.dataDir, 'admin', ADMIN_PASSWORD, { client: 'test' });
}

describe('certificates follow the accounts', () => {
  it('setup made the institution CA and the admin certificate; creating assessors issued theirs', async () => {
    const status = await app.call('signing.status', {}, admin);
    expect(status.ca?.subject).toMatch(/CN=Ce Shi Yang Lao Fu Wu Zhong Xin Assessment CA/);
    const byName = new Map(status.users.map((u) => [u.username, u]));
    expect(byName.get('admin')?.certificate?.commonName).toBe(`Guan Liyuan (${adminId})`);
    expect(byName.get('zhang')?.certificate).toMatchObject({ commonName: `Zhang Lihua (${zhangId})`, source: 'generated' });
    expect(byName.get('wang')?.certificate?.commonName).toBe(`Wang Jianguo (${wangId})`);
    for (const u of status.users) expect(u.certificate?.subject ?? '').toMatch(/^[\x20-\x7e]*$/);
  });

  it('a manager gets none; a user added by yiyang user add gets one at once; one without gets none at their own sign-in (only an administrator opens the CA)', async () => {
    await app.call('users.create', { username: 'mgr', displayName: '管理人员', role: 'manager', password: 'manager-pass-1' }, admin);
    const io = fakeIO({ env: { YIYANG_PASSWORD: ADMIN_PASSWORD, YIYANG_NEW_PASSWORD: 'cli-user-pass-1' } });
    expect(await runCli(['user', 'add', '--data', app.dataDir, '--username', 'cli-user', '--display-name', '陈一', '--role', 'assessor'], io), io.stderrText()).toBe(0);
    const store = await openStore();
    try {
      await store.users.createUser({ username: 'bare-user', displayName: '陈二', role: 'assessor', password: 'bare-user-pass-1' }, store.actor);
    } finally {
      store.close();
    }
    let status = await app.call('signing.status', {}, admin);
    expect(status.users.find((u) => u.username === 'mgr')).toMatchObject({ canSign: false, certificate: null });
    expect(status.users.find((u) => u.username === 'cli-user')?.certificate?.commonName).toMatch(/^Chen Yi \(/);
    await app.login('bare-user', 'bare-user-pass-1');
    status = await app.call('signing.status', {}, admin);
    expect(status.users.find((u) => u.username === 'bare-user')?.certificate).toBeNull();
  });
});

describe('signing a finalized assessment', () => {
  let assessmentId: string;
  let personName: string;
  let categoryName: string;

  beforeAll(async () => {
    const { person, assessment } = await finalizedAssessment(app, zhangSession, { assessor1Id: zhangId, assessor2Id: wangId });
    assessmentId = assessment.id;
    personName = person.name;
    categoryName = assessment.classification!.categoryName;
  });

  it('previews the unsigned report with the masked ID and a file name saying so', async () => {
    const p = await app.call('reports.preview', { assessmentId }, zhangSession);
    expect(p.signed).toBe(false);
    expect(p.fileName).toBe(`评估报告-${personName}-2026-11-30-未签名.pdf`);
    const text = pdfText(fromBase64(p.pdfBase64));
    expect(text).toContain(personName);
    expect(text).toMatch(/350503\*{8}\d{3}[\dX]/);
    expect(text).toContain('139****1234');
    // Names on paper, never accounts, rule ids, pack ids or UUIDs.
    expect(text).toContain('张丽华');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
    for (const id of ['（zhang）', '（wang）', 'quanzhou-2022', 'gbt42195-2022', 'category1.', 'entitlement.']) expect(text).not.toContain(id);
    const full = pdfText(fromBase64((await app.call('reports.preview', { assessmentId, fullId: true }, zhangSession)).pdfBase64));
    expect(full).toMatch(/350503194106120\d\d[\dX]/);
  });

  it('builds the report data from the store: all three C.4 clauses, worded Annex A summary, masked unless asked', async () => {
    const store = await openStore();
    try {
      const data = reportDataFromStore(store, assessmentId);
      expect(data.reportNo).toMatch(/^YY-2026-\d{6}$/);
      expect(data.person).toMatchObject({ name: personName, maskId: true, phone: '139****1234' });
      // C.4 prints all three clauses, ticking the one that held with its reason.
      const c4 = data.result.find((r) => r.label.startsWith('C.4'))!.cells[0]!.ticks!;
      expect(c4.map((t) => t.checked)).toEqual([false, false, true]);
      expect(c4[2]!.note).toContain('跌倒');
      const lines = Object.fromEntries(data.basicInfoSummary.map((l) => [l.label, l.value]));
      expect(lines['身高 / 体重']).toBe('155 cm / 50 kg');
      expect(lines['文化程度 / 婚姻状况']).toBe('小学 / 丧偶');
      expect(lines['居住情况']).toBe('与子女居住');
      expect(lines['A.4.1 疾病诊断']).toBe('高血压病 I10～I15');
      expect(lines['A.4.2 用药情况（目前长期服药情况）']).toBe('苯磺酸氨氯地平片 口服 5 mg 每日1次');
      expect(lines['A.3 联系人']).toBe('林小明，138****5678');
      expect(lines['A.5 健康相关问题']).toContain('疼痛感：轻度疼痛');
      expect(data.assessment).toMatchObject({ reason: '首次评估', informant: { name: '林小明', relation: '子女' } });
      // Names, not accounts or ids: the certificate carries who signed.
      expect(data.assessment.assessors.map((a) => a.name)).toEqual(['张丽华', '王建国']);
      expect(data.result.map((r) => r.label)).toEqual(['C.1 一级指标分级', 'C.2 初步等级得分', 'C.3 老年人能力初步等级', 'C.4 能力等级变更依据', 'C.5 老年人能力最终等级']);
      expect(data.result.at(-1)!.cells[0]!.ticks).toHaveLength(5);
      expect(data.classification?.categoryName).toBe(categoryName);
      expect(data.signatures).toEqual({ dates: {} });
      expect(reportDataFromStore(store, assessmentId, { fullId: true }).person).toMatchObject({ maskId: false, phone: '13905951234' });
    } finally {
      store.close();
    }
  });

  it('describes the person as assessed, even after the record is edited', async () => {
    const before = pdfText(fromBase64((await app.call('reports.preview', { assessmentId }, zhangSession)).pdfBase64));
    expect(before).toContain('155 cm');
    const a = await app.call('assessments.get', { id: assessmentId }, zhangSession);
    const edited = await app.call('persons.update', { id: a.personId, revision: (await app.call('persons.get', { id: a.personId }, zhangSession)).revision, patch: { heightCm: 171 } }, zhangSession);
    const after = pdfText(fromBase64((await app.call('reports.preview', { assessmentId }, zhangSession)).pdfBase64));
    expect(after).toContain('155 cm');
    expect(after).not.toContain('171 cm');
    await app.call('persons.update', { id: a.personId, revision: edited.revision, patch: { heightCm: 155 } }, zhangSession);
  });

  it('a wrong password for assessor 2 names 评估员2 and changes nothing', async () => {
    const r = await app.raw('reports.sign', { assessmentId, assessor1Secret: ZHANG.password, assessor2Secret: 'not-his-password', handwriting: hw }, zhangSession);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('UNAUTHENTICATED');
    expect(r.error.message).toContain('评估员2');
    expect(r.error.message).not.toContain('评估员1');
    expect(r.error.fields).toEqual([{ path: 'assessor2Secret', message: '密码不正确' }]);
    const a = await app.call('assessments.get', { id: assessmentId }, zhangSession);
    expect(a.status).toBe('finalized');
    expect(a.reportSha256).toBeNull();
    const store = await openStore();
    try {
      expect(store.handwriting.list(assessmentId)).toEqual([]);
    } finally {
      store.close();
    }
    // The session survives the refusal.
    expect((await app.call('session.current', {}, zhangSession)).username).toBe('zhang');
  });

  it('refuses a handwriting image that is not a PNG, next to its field', async () => {
    const r = await app.raw(
      'reports.sign',
      { assessmentId, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password, handwriting: { ...hw, informant: 'data:image/png;base64,AAAA' } },
      zhangSession,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'handwriting.informant' }] } });
  });

  it('both passwords sign it: status signed, the stored SHA-256 matches, two valid signatures by the pinyin names', async () => {
    const signed = await app.call(
      'reports.sign',
      { assessmentId, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password, handwriting: hw },
      zhangSession,
    );
    expect(signed.status).toBe('signed');
    expect(signed.reportSha256).toMatch(/^[0-9a-f]{64}$/);

    const d = await app.call('reports.download', { assessmentId }, zhangSession);
    const pdf = fromBase64(d.pdfBase64);
    expect(d.fileName).toBe(`评估报告-${personName}-2026-11-30.pdf`);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(d.sha256);
    expect(d.sha256).toBe(signed.reportSha256);

    const blocks = pdfsigBlocks(poppler('pdfsig', pdf).out);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain(`Signer Certificate Common Name: Zhang Lihua (${zhangId})`);
    expect(blocks[1]).toContain(`Signer Certificate Common Name: Wang Jianguo (${wangId})`);
    for (const b of blocks) expect(b).toContain('Signature Validation: Signature is Valid.');

    const text = pdfText(pdf);
    expect(text).toContain(personName);
    expect(text).toContain(categoryName);
    expect(text).toContain(String(signed.result!.total));
    expect(text).toContain('张丽华');
    expect(text).toContain('近30天内照护风险事件');
    expect(text).toContain('跌倒：发生过2次');

    // The preview of a signed assessment is the stored file itself.
    expect((await app.call('reports.preview', { assessmentId }, zhangSession)).pdfBase64).toBe(d.pdfBase64);
    const store = await openStore();
    try {
      expect(store.handwriting.list(assessmentId).map((h) => h.role)).toEqual(['assessor1', 'assessor2', 'informant']);
    } finally {
      store.close();
    }
  });

  it('a signed assessment cannot be signed again', async () => {
    const r = await app.raw('reports.sign', { assessmentId, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password }, zhangSession);
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!r.ok) expect(r.error.message).toContain('已签名');
  });

  it('the exported CA certificate makes both signatures trusted, for our verifier and for the verify method', async () => {
    const ca = await app.call('signing.caCertificate', {}, admin);
    expect(ca.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(ca.pem).not.toContain('PRIVATE KEY');
    expect(ca.fileName).toMatch(/\.pem$/);
    const pdf = fromBase64((await app.call('reports.download', { assessmentId }, admin)).pdfBase64);
    const report = verifyPdfSignatures(pdf, { caPem: ca.pem });
    expect(report.ok).toBe(true);
    expect(report.signatures.map((s) => s.trusted)).toEqual([true, true]);

    const v = await app.call('reports.verify', { pdfBase64: pdf.toString('base64') }, zhangSession);
    expect(v.ok).toBe(true);
    expect(v.storedAssessmentNo).toBeTruthy();
    expect(v.signatures.map((s) => [s.valid, s.trusted, s.changedAfter])).toEqual([
      [true, true, 'laterSignature'],
      [true, true, 'none'],
    ]);
    expect(v.signatures[0]!.signer).toBe(`Zhang Lihua (${zhangId})`);

    // `yiyang verify --ca` on the same file says what the page says, word for word.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-verify-'));
    try {
      writeFileSync(path.join(dir, 'r.pdf'), pdf);
      writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
      const io = fakeIO({ cwd: dir });
      expect(await runVerify(['r.pdf', '--ca', 'ca.pem'], io)).toBe(0);
      expect(io.out.join('').trim().split('\n')).toEqual([...v.signatures.map((s) => s.text), v.summary]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const tampered = Buffer.concat([pdf, Buffer.from('\n% changed\n')]);
    const bad = await app.call('reports.verify', { pdfBase64: tampered.toString('base64') }, zhangSession);
    expect(bad.ok).toBe(false);
    expect(bad.signatures[1]!.changedAfter).toBe('modified');
    expect(bad.storedAssessmentNo).toBeNull();
    expect(await app.raw('reports.verify', { pdfBase64: Buffer.from('hello world').toString('base64') }, zhangSession)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', fields: [{ path: 'pdfBase64' }] },
    });
  });

  it('the audit log has render, sign and export rows with ids only', async () => {
    const rows = await app.call('audit.list', { limit: 500 }, admin);
    const mine = rows.filter((r) => r.entityId === assessmentId);
    const actions = new Set(mine.map((r) => r.action));
    for (const a of ['report.render', 'report.sign', 'report.sign.failed', 'report.export', 'assessment.sign']) expect(actions).toContain(a);
    for (const r of mine) expect(JSON.stringify(r.detail ?? {})).toMatch(/^[\x20-\x7e]*$/);
    expect(mine.find((r) => r.action === 'report.sign')?.detail).toMatchObject({ assessor1: zhangId, assessor2: wangId });
  });

  it('a draft has no report and an unsigned one nothing to download', async () => {
    const { assessment } = await finalizedAssessment(app, zhangSession, { assessor1Id: zhangId, assessor2Id: wangId });
    expect(await app.raw('reports.download', { assessmentId: assessment.id }, zhangSession)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('passwords and certificates', () => {
  it('after a password change the new password signs and the old one does not', async () => {
    const newPw = 'zhang-pass-2';
    await app.call('session.changePassword', { oldPassword: ZHANG.password, newPassword: newPw }, zhangSession);
    // The database moved to a new key: every other session ended and signs in again (issue 13).
    expect(await app.raw('signing.status', {}, admin)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    admin = await app.login('admin', ADMIN_PASSWORD);
    const session = await app.login(ZHANG.username, newPw);
    const before = (await app.call('signing.status', {}, admin)).users.find((u) => u.userId === zhangId)!.certificate!;
    const { assessment } = await finalizedAssessment(app, session, { assessor1Id: zhangId, assessor2Id: wangId });
    const old = await app.raw('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password }, session);
    expect(old).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const signed = await app.call('reports.sign', { assessmentId: assessment.id, assessor1Secret: newPw, assessor2Secret: WANG.password }, session);
    expect(signed.status).toBe('signed');
    // Same key and certificate, re-encrypted.
    const after = (await app.call('signing.status', {}, admin)).users.find((u) => u.userId === zhangId)!.certificate!;
    expect(after.id).toBe(before.id);
    ZHANG.password = newPw;
    zhangSession = session;
  });

  it('an admin password reset replaces the key pair and certificate', async () => {
    const before = (await app.call('signing.status', {}, admin)).users.find((u) => u.userId === wangId)!.certificate!;
    await app.call('users.resetPassword', { id: wangId, newPassword: 'wang-reset-1' }, admin);
    zhangSession = await app.login(ZHANG.username, ZHANG.password);
    const after = (await app.call('signing.status', {}, admin)).users.find((u) => u.userId === wangId)!.certificate!;
    expect(after.id).not.toBe(before.id);
    expect(after.commonName).toBe(before.commonName);
    const { assessment } = await finalizedAssessment(app, zhangSession, { assessor1Id: zhangId, assessor2Id: wangId });
    const signed = await app.call('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: 'wang-reset-1' }, zhangSession);
    expect(signed.status).toBe('signed');
    WANG.password = 'wang-reset-1';
  });

  it('an imported institution PKCS#12 signs with its own password', async () => {
    const other = createInstitutionCa({ commonName: 'Provincial Civil Affairs CA', organization: 'Provincial Civil Affairs' });
    const leaf = issueAssessorCertificate(other, { commonName: 'Wang Jianguo', userId: 'FJ-0042' });
    const p12 = toPkcs12(leaf.keyPem, leaf.certPem, [other.certPem], 'cert-pass-9', 'FJ-0042');

    const wrong = await app.raw('signing.importUserP12', { userId: wangId, p12Base64: p12.toString('base64'), p12Password: 'nope' }, admin);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: '证书密码不正确', fields: [{ path: 'p12Password' }] } });
    const junk = await app.raw('signing.importUserP12', { userId: wangId, p12Base64: Buffer.from('not a p12 file').toString('base64'), p12Password: 'x' }, admin);
    expect(junk).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'p12Base64' }] } });
    expect(await app.raw('signing.importUserP12', { userId: wangId, p12Base64: p12.toString('base64'), p12Password: 'cert-pass-9' }, zhangSession)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    const imported = await app.call('signing.importUserP12', { userId: wangId, p12Base64: p12.toString('base64'), p12Password: 'cert-pass-9' }, admin);
    expect(imported.certificate).toMatchObject({ source: 'imported', commonName: 'Wang Jianguo (FJ-0042)' });

    const { assessment } = await finalizedAssessment(app, zhangSession, { assessor1Id: zhangId, assessor2Id: wangId });
    expect(await app.call('reports.signers', { assessmentId: assessment.id }, zhangSession)).toMatchObject({
      assessor1: { userId: zhangId, certificate: 'generated' },
      assessor2: { userId: wangId, displayName: '王建国', certificate: 'imported' },
    });
    const withLogin = await app.raw('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password }, zhangSession);
    expect(withLogin).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', fields: [{ path: 'assessor2Secret', message: '证书密码不正确' }] } });
    await app.call('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: 'cert-pass-9' }, zhangSession);
    const pdf = fromBase64((await app.call('reports.download', { assessmentId: assessment.id }, zhangSession)).pdfBase64);
    const v = await app.call('reports.verify', { pdfBase64: pdf.toString('base64') }, admin);
    expect(v.signatures.map((s) => [s.valid, s.trusted, s.registered])).toEqual([
      [true, true, true],
      [true, false, true],
    ]);
    expect(v.ok).toBe(true);
    // A password reset leaves an imported certificate alone: it is not tied to the login password.
    await app.call('users.resetPassword', { id: wangId, newPassword: 'wang-reset-2' }, admin);
    expect((await app.call('signing.status', {}, admin)).users.find((u) => u.userId === wangId)!.certificate!.source).toBe('imported');
  });

  it('yiyang reset-password gives the user a new certificate under the new password (the recovery key opens the CA)', async () => {
    const before = (await app.call('signing.status', {}, admin)).users.find((u) => u.userId === zhangId)!.certificate!;
    // As from another process: the app's own connections are closed first (a rekey needs to be the only one).
    app.core.sessions.closeAll();
    const io = fakeIO({ env: { YIYANG_RECOVERY_KEY: app.recoveryKey, YIYANG_NEW_PASSWORD: 'zhang-pass-3' } });
    expect(await runCli(['reset-password', '--data', app.dataDir, '--user', ZHANG.username], io), io.stderrText()).toBe(0);
    admin = await app.login('admin', ADMIN_PASSWORD);
    zhangSession = await app.login(ZHANG.username, 'zhang-pass-3');
    ZHANG.password = 'zhang-pass-3';
    const after = (await app.call('signing.status', {}, admin)).users.find((u) => u.userId === zhangId)!.certificate!;
    expect(after.id).not.toBe(before.id);
    expect(after.source).toBe('generated');
  });

  it('five wrong secrets in a row pause signing for that assessor', async () => {
    const { assessment } = await finalizedAssessment(app, zhangSession, { assessor1Id: zhangId, assessor2Id: adminId });
    for (let i = 0; i < 5; i++) {
      const r = await app.raw('reports.sign', { assessmentId: assessment.id, assessor1Secret: 'wrong-one', assessor2Secret: ADMIN_PASSWORD }, zhangSession);
      expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    const paused = await app.raw('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: ADMIN_PASSWORD }, zhangSession);
    expect(paused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    if (!paused.ok) expect(paused.error.message).toContain('暂停');
  });
});

describe('yiyang export-reports', () => {
  it('writes every signed report under its Chinese file name, byte for byte, and a second run changes nothing', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'yiyang-export-'));
    try {
      const store = await openStore();
      const signed = store.assessments.listSigned();
      const expected = new Map(signed.map((s) => [s.reportSha256, s]));
      store.close();
      expect(signed.length).toBeGreaterThanOrEqual(4);

      const io = fakeIO({ env: { YIYANG_PASSWORD: ADMIN_PASSWORD } });
      expect(await runExportReports(['--data', app.dataDir, '--out', out], io)).toBe(0);
      expect(io.stdoutText()).toContain(`已导出 ${signed.length} 份签名报告`);
      const files = readdirSync(out).sort();
      expect(files).toHaveLength(signed.length);
      for (const f of files) {
        expect(f).toMatch(/^评估报告-林秀英-2026-11-30(-YY-2026-\d{6})?\.pdf$/);
        const sha = createHash('sha256').update(readFileSync(path.join(out, f))).digest('hex');
        expect(expected.has(sha)).toBe(true);
      }

      const again = fakeIO({ env: { YIYANG_PASSWORD: ADMIN_PASSWORD } });
      expect(await runExportReports(['--data', app.dataDir, '--out', out], again)).toBe(0);
      expect(again.stdoutText()).toContain(`另有 ${signed.length} 份已存在且内容相同`);

      const wrong = fakeIO({ env: { YIYANG_PASSWORD: 'wrong-password' } });
      expect(await runExportReports(['--data', app.dataDir, '--out', out], wrong)).toBe(3);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
