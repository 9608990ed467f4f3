import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../../electron/cli/report-commands';
import { Store } from '../../../electron/core/db';
import { renderReport } from '../../../electron/core/reports';
import { registeredCertificates } from '../../../electron/core/reports/handlers';
import { reportDataFromStore } from '../../../electron/core/reports/report-data';
import { signReport } from '../../../electron/core/signing';
import { checkReport } from '../../../electron/core/signing/check-report';
import { institutionCaCertificate, unlockUserCertificate } from '../../../electron/core/signing/user-certificates';
import { fakeIO } from '../../helpers/fake-io';
import { overwriteAfterFirstSignature } from '../reports/attacks';
import { pdfText } from '../reports/helpers';
import { ADMIN_PASSWORD, finalizedAssessment, signaturePngDataUrl, startTestApp, type TestApp } from './helpers';

/**
 * Issue 13, item 2, through the app: a colleague of the same institution (a certificate
 * from the same CA, unlocked with their own password) overwrites the 评估结论 of a report
 * assessor 1 has signed and signs it. The verify page says changed, and says it with the
 * very function and words `yiyang verify` uses.
 */

let app: TestApp;
let admin: string;
let genuine: Buffer;
let attacked: Buffer;
let caPem: string;
let dir: string;

const ZHANG = { username: 'zhang', displayName: '张丽华', password: 'zhang-pass-1' };
const WANG = { username: 'wang', displayName: '王建国', password: 'wang-pass-12' };
const LI = { username: 'li', displayName: '李四', password: 'li-pass-123' };

beforeAll(async () => {
  app = await startTestApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-verify-attacks-'));
  admin = await app.login('admin', ADMIN_PASSWORD);
  const zhangId = (await app.call('users.create', { ...ZHANG, role: 'assessor' }, admin)).id;
  const wangId = (await app.call('users.create', { ...WANG, role: 'assessor' }, admin)).id;
  const liId = (await app.call('users.create', { ...LI, role: 'assessor' }, admin)).id;
  const zhang = await app.login(ZHANG.username, ZHANG.password);
  const { assessment } = await finalizedAssessment(app, zhang, { assessor1Id: zhangId, assessor2Id: wangId });
  const hw = { assessor1: signaturePngDataUrl(21), assessor2: signaturePngDataUrl(22), informant: signaturePngDataUrl(23) };
  await app.call('reports.sign', { assessmentId: assessment.id, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password, handwriting: hw }, zhang);
  genuine = Buffer.from((await app.call('reports.download', { assessmentId: assessment.id }, zhang)).pdfBase64, 'base64');
  caPem = (await app.call('signing.caCertificate', {}, admin)).pem;
  writeFileSync(path.join(dir, 'ca.pem'), caPem);

  const store = await Store.open(app.dataDir, 'admin', ADMIN_PASSWORD, { client: 'test' });
  try {
    // The same report with another conclusion, as the colleague would render it.
    const forged = await renderReport({ ...reportDataFromStore(store, assessment.id), conclusion: '能力完好' });
    const li = await unlockUserCertificate(store, liId, LI.password);
    if (!li.ok) throw new Error('colleague certificate');
    attacked = await signReport(overwriteAfterFirstSignature(genuine, forged.pdf), [
      { p12: li.signer.certificate.p12, passphrase: li.signer.passphrase, name: 'Li Si', reason: 'Assessment report', location: 'Here' },
    ]);
  } finally {
    store.close();
  }
});
afterAll(() => {
  app?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function cliVerify(pdf: Buffer): Promise<{ code: number; lines: string[] }> {
  writeFileSync(path.join(dir, 'r.pdf'), pdf);
  const io = fakeIO({ cwd: dir });
  const code = await runVerify(['r.pdf', '--ca', 'ca.pem'], io);
  return { code, lines: io.stdoutText().trim().split('\n') };
}

describe('the verify page', () => {
  it('calls the genuine report valid, each signature by its assessor', async () => {
    const v = await app.call('reports.verify', { pdfBase64: genuine.toString('base64') }, admin);
    expect(v.ok).toBe(true);
    expect(v.signatures.map((s) => [s.status, s.assessor])).toEqual([
      ['valid', '评估人员（1）张丽华'],
      ['valid', '评估人员（2）王建国'],
    ]);
  });

  it('calls the colleague’s overwrite changed, where it used to say every signature was valid and trusted', async () => {
    expect(pdfText(attacked)).toContain('评估结论：能力完好');
    const v = await app.call('reports.verify', { pdfBase64: attacked.toString('base64') }, admin);
    expect(v.ok).toBe(false);
    expect(v.signatures.map((s) => [s.valid, s.trusted, s.status])).toEqual([
      [true, true, 'changed'],
      [true, true, 'invalid'],
    ]);
    expect(v.signatures[0]!.changedAfter).toBe('modified');
    expect(v.signatures[1]!.assessorProblem).toBe('签名证书不是报告上评估人员（2）王建国 的证书');
    expect(v.summary).toMatch(/^结论：验证失败，第一个签名之后报告被修改：第 2 次增量更新改写了第 \d 页的内容/);
  });

  it('runs the same function as yiyang verify: checkReport’s output, and the CLI’s lines word for word (exit 1)', async () => {
    const v = await app.call('reports.verify', { pdfBase64: attacked.toString('base64') }, admin);
    const store = await Store.open(app.dataDir, 'admin', ADMIN_PASSWORD, { client: 'test' });
    let direct;
    try {
      direct = checkReport(attacked, { caPem: institutionCaCertificate(store), registered: registeredCertificates(store) });
    } finally {
      store.close();
    }
    expect(v.signatures).toEqual(direct.signatures);
    expect(v.summary).toBe(direct.summary);
    expect(v.ok).toBe(direct.ok);
    const cli = await cliVerify(attacked);
    expect(cli.code).toBe(1);
    expect(cli.lines).toEqual([...v.signatures.map((s) => s.text), v.summary]);
  });
});
