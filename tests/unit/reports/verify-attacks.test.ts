import { writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoReport, runVerify } from '../../../electron/cli/report-commands';
import { renderAndSignReport, renderReport, sampleReportData, type AssessorSigner, type SignedReport } from '../../../electron/core/reports';
import { createInstitutionCa, issueAssessorCertificate, nameMatchesCertificate, signReport, toPkcs12, verifyPdfSignatures, type KeyAndCert } from '../../../electron/core/signing';
import { checkReport } from '../../../electron/core/signing/check-report';
import { fakeIO } from '../../helpers/fake-io';
import { addAnnotationAfterFirstSignature, appendUpdate, cutToFirstSignature, overwriteAfterFirstSignature, scribbleInLastPadding } from './attacks';
import { makeTestPki, pdfsigBlocks, pdfText, poppler, tempDir, type TestPki } from './helpers';

/**
 * Issue 13, item 2: forgeries `yiyang verify` used to pass. Each test builds one and checks
 * the verdict, the exit status and the line per signature; the genuine report still passes.
 */

const tmp = tempDir('yiyang-attacks-');
afterAll(() => tmp.cleanup());

let pki: TestPki;
let signed: SignedReport;
let colleague: AssessorSigner;
const COMMON = { reason: 'Assessment report', location: 'Test County' };

function signerFrom(ca: KeyAndCert, commonName: string, userId: string): AssessorSigner {
  const c = issueAssessorCertificate(ca, { commonName, userId });
  return { p12: toPkcs12(c.keyPem, c.certPem, [ca.certPem], `pass-${userId}`, userId), passphrase: `pass-${userId}`, name: commonName, ...COMMON };
}

beforeAll(async () => {
  pki = makeTestPki();
  signed = await renderAndSignReport(sampleReportData(), pki.signers);
  // Another assessor of the same institution: a certificate from the same CA.
  colleague = signerFrom(pki.ca, 'Li Si', 'u1003');
  writeFileSync(path.join(tmp.dir, 'ca.pem'), pki.ca.certPem);
  writeFileSync(path.join(tmp.dir, 'genuine.pdf'), signed.signedPdf);
});

/** Runs `yiyang verify FILE [args]` on the bytes; returns the exit status and the output lines. */
async function verify(pdf: Buffer, args: string[] = ['--ca', 'ca.pem']): Promise<{ code: number; lines: string[] }> {
  const file = `f-${Math.random().toString(36).slice(2)}.pdf`;
  writeFileSync(path.join(tmp.dir, file), pdf);
  const io = fakeIO({ cwd: tmp.dir });
  const code = await runVerify([file, ...args], io);
  return { code, lines: io.stdoutText().trim().split('\n') };
}

describe('a genuine report', () => {
  it('is valid and trusted with --ca: exit 0, one line per signature naming its assessor', async () => {
    const { code, lines } = await verify(signed.signedPdf);
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^签名 1：签名人 CN=Zhang Lihua \(u1001\)；.*签名有效；之后仅追加了后续签名；评估人员（1）张丽华；证书受信任（由指定 CA 签发）；结果：有效$/);
    expect(lines[1]).toMatch(/^签名 2：签名人 CN=Wang Jianguo \(u1002\)；.*签名有效；之后文档未被修改；评估人员（2）王建国；证书受信任（由指定 CA 签发）；结果：有效$/);
    expect(lines[2]).toBe('结论：全部签名有效且受信任，两名评估人员（张丽华、王建国）均已签名，最后一个签名之后文档未被修改');
  });

  it('its first signature certifies the report (DocMDP P=2) and records both assessors; pdfsig still finds both valid', () => {
    const report = verifyPdfSignatures(signed.signedPdf);
    expect(report.revisions).toBe(3);
    expect(report.changes).toEqual([]);
    expect(report.signatures.map((s) => s.docMdp)).toEqual([2, null]);
    expect(report.signatures[0]!.assessors).toEqual([
      { name: '张丽华', fingerprint256: report.signatures[0]!.certFingerprint256 },
      { name: '王建国', fingerprint256: report.signatures[1]!.certFingerprint256 },
    ]);
    expect(signed.signedPdf.toString('latin1')).toMatch(/\/Perms << \/DocMDP \d+ 0 R >>/);
    const blocks = pdfsigBlocks(poppler('pdfsig', signed.signedPdf).out);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) expect(b).toContain('Signature Validation: Signature is Valid.');
  });

  it('a third signature (a countersignature) adds only a signature: the signatures stay intact, the report wants exactly two', async () => {
    const third = await signReport(signed.signedPdf, [{ ...pki.signers.assessor1, reason: 'Countersigned' }]);
    const report = verifyPdfSignatures(third, { caPem: pki.ca.certPem });
    expect(report.ok).toBe(true);
    expect(report.signatures.map((s) => s.integrity)).toEqual(['intact', 'intact', 'intact']);
    const { code, lines } = await verify(third);
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe('结论：验证失败，评估报告应有两名评估人员的签名，此文件有 3 个');
  });
});

describe('content changed between the signatures', () => {
  it('评估结论 overwritten after assessor 1 signed, then signed by a colleague of the same CA: changed, exit 1 (pdfsig is fooled)', async () => {
    const forged = await renderReport({ ...sampleReportData(), conclusion: '能力完好' });
    const attacked = await signReport(overwriteAfterFirstSignature(signed.signedPdf, forged.pdf), [colleague]);
    expect(pdfText(attacked)).toContain('评估结论：能力完好');
    // Both signatures are cryptographically fine, and the last covers the whole file.
    const blocks = pdfsigBlocks(poppler('pdfsig', attacked).out);
    expect(blocks.filter((b) => b.includes('Signature is Valid.'))).toHaveLength(2);
    expect(blocks[1]).toContain('Total document signed');

    const checked = checkReport(attacked, { caPem: pki.ca.certPem });
    expect(checked.verdict).toBe('changed');
    expect(checked.signatures.map((s) => [s.valid, s.trusted, s.status])).toEqual([
      [true, true, 'changed'],
      [true, true, 'invalid'],
    ]);
    const { code, lines } = await verify(attacked);
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/之后文档被修改（第 2 次增量更新改写了第 \d 页的内容（对象 \d+）等 \d+ 处）.*结果：已更改$/);
    expect(lines[1]).toContain('签名人不符（签名证书不是报告上评估人员（2）王建国 的证书）');
    expect(lines[1]).toMatch(/结果：无效$/);
    expect(lines[2]).toMatch(/^结论：验证失败，第一个签名之后报告被修改：第 2 次增量更新改写了第 \d 页的内容/);
  });

  it('the same overwrite signed by the real assessor 2 is still changed: signing after a change does not bless it', async () => {
    const forged = await renderReport({ ...sampleReportData(), conclusion: '能力完好' });
    const attacked = await signReport(overwriteAfterFirstSignature(signed.signedPdf, forged.pdf), [pki.signers.assessor2]);
    const checked = checkReport(attacked, { caPem: pki.ca.certPem });
    expect(checked.verdict).toBe('changed');
    expect(checked.signatures.map((s) => s.status)).toEqual(['changed', 'valid']);
    expect((await verify(attacked)).code).toBe(1);
  });

  it('an annotation painted on the page between the signatures is a change', async () => {
    const attacked = await signReport(addAnnotationAfterFirstSignature(signed.signedPdf, 'Level 0'), [pki.signers.assessor2]);
    const checked = checkReport(attacked, { caPem: pki.ca.certPem });
    expect(checked.verdict).toBe('changed');
    expect(checked.report.changes).toEqual(expect.arrayContaining([expect.stringMatching(/注释（\/Annots）中加入了签名域以外的对象/), expect.stringMatching(/新增了对象 \d+（\/Annot）/)]));
    expect((await verify(attacked)).code).toBe(1);
  });

  it('bytes an update hides outside its xref (for a repairing viewer to find) are a change', async () => {
    const hidden = appendUpdate(cutToFirstSignature(signed.signedPdf), new Map(), '6 0 obj\n<< /Length 0 >>\nstream\n\nendstream\nendobj\n');
    const attacked = await signReport(hidden, [pki.signers.assessor2]);
    const checked = checkReport(attacked, { caPem: pki.ca.certPem });
    expect(checked.verdict).toBe('changed');
    expect(checked.report.changes).toEqual([expect.stringContaining('第 2 次增量更新中有交叉引用表未列出的内容')]);
  });

  it('a colleague countersigning assessor 1 alone, content untouched, is not assessor 2: invalid, exit 1', async () => {
    const attacked = await signReport(cutToFirstSignature(signed.signedPdf), [colleague]);
    const checked = checkReport(attacked, { caPem: pki.ca.certPem });
    expect(checked.report.changes).toEqual([]);
    expect(checked.verdict).toBe('invalid');
    expect(checked.signatures.map((s) => s.status)).toEqual(['valid', 'invalid']);
    const { code, lines } = await verify(attacked);
    expect(code).toBe(1);
    expect(lines[2]).toBe('结论：验证失败，签名 2：签名证书不是报告上评估人员（2）王建国 的证书');
  });
});

describe('the signers are the assessors named on the page', () => {
  it('a colleague signing as assessor 1 of a report naming 张丽华 is refused by name, however the record was made', async () => {
    const forged = await renderAndSignReport(sampleReportData(), { assessor1: colleague, assessor2: pki.signers.assessor2 });
    const checked = checkReport(forged.signedPdf, { caPem: pki.ca.certPem });
    expect(checked.report.changes).toEqual([]);
    expect(checked.verdict).toBe('invalid');
    expect(checked.signatures.map((s) => [s.trusted, s.status])).toEqual([
      [true, 'invalid'],
      [true, 'valid'],
    ]);
    expect(checked.signatures[0]!.assessorProblem).toBe('签名证书的姓名（Li Si (u1003)）与报告上的评估人员（1）张丽华 不符');
    expect((await verify(forged.signedPdf)).code).toBe(1);
  });

  it('assessor 1 signing a second time does not stand in for assessor 2', async () => {
    const swapped = await signReport(cutToFirstSignature(signed.signedPdf), [pki.signers.assessor1]);
    const checked = checkReport(swapped, { caPem: pki.ca.certPem });
    expect(checked.signatures[1]!.assessorProblem).toBe('签名证书不是报告上评估人员（2）王建国 的证书');
    expect(checked.verdict).toBe('invalid');
  });

  it('a PDF signed without the assessor record (by another tool) is not a Yiyang report', async () => {
    const plain = await signReport(signed.pdf, [pki.signers.assessor1, pki.signers.assessor2]);
    expect(verifyPdfSignatures(plain, { caPem: pki.ca.certPem }).ok).toBe(true);
    const { code, lines } = await verify(plain);
    expect(code).toBe(1);
    expect(lines[2]).toBe('结论：验证失败，第一个签名中没有评估人员记录，无法核对签名人是否为报告上的评估人员（不是本系统签署的评估报告）');
  });

  it('matches a certificate CN to the printed name by the app’s pinyin, in either order, ignoring case and the user id', () => {
    expect(nameMatchesCertificate('张丽华', 'Zhang Lihua (u1001)')).toBe(true);
    expect(nameMatchesCertificate('张丽华', 'LIHUA ZHANG')).toBe(true);
    expect(nameMatchesCertificate('欧阳娜娜', 'Ouyang Nana (FJ-7)')).toBe(true);
    expect(nameMatchesCertificate('张丽华', 'Zhang Lihuan (u1001)')).toBe(false);
    expect(nameMatchesCertificate('张丽华', 'Li Si (u1003)')).toBe(false);
    expect(nameMatchesCertificate('张丽华', null)).toBe(false);
  });
});

describe('a report cut back to its first revision', () => {
  it('has one signature: invalid, exit 1, with and without --ca', async () => {
    const cut = cutToFirstSignature(signed.signedPdf);
    const report = verifyPdfSignatures(cut, { caPem: pki.ca.certPem });
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ integrity: 'intact', coversWholeDocument: true, trusted: true });
    for (const args of [['--ca', 'ca.pem'], []]) {
      const { code, lines } = await verify(cut, args);
      expect(code).toBe(1);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe('结论：验证失败，评估报告应有两名评估人员的签名，此文件有 1 个');
    }
  });
});

describe('signers that cannot be checked', () => {
  let foreign: KeyAndCert;
  let foreignReport: Buffer;
  let selfMade: Buffer;

  beforeAll(async () => {
    // The same names and ids, under a CA of the forger's own.
    foreign = createInstitutionCa({ commonName: 'Test Assessment CA', organization: 'Test Welfare Center' });
    writeFileSync(path.join(tmp.dir, 'foreign-ca.pem'), foreign.certPem);
    foreignReport = (
      await renderAndSignReport(sampleReportData(), { assessor1: signerFrom(foreign, 'Zhang Lihua', 'u1001'), assessor2: signerFrom(foreign, 'Wang Jianguo', 'u1002') })
    ).signedPdf;
    // No CA at all: each signer's certificate signs itself.
    const own = (cn: string, id: string): AssessorSigner => {
      const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
      const cert = forge.pki.createCertificate();
      cert.publicKey = keys.publicKey;
      cert.serialNumber = '01';
      cert.validity.notBefore = new Date(Date.now() - 3600_000);
      cert.validity.notAfter = new Date(Date.now() + 365 * 86400_000);
      const subject = [{ name: 'organizationName', value: 'Test Welfare Center' }, { name: 'commonName', value: `${cn} (${id})` }];
      cert.setSubject(subject);
      cert.setIssuer(subject);
      cert.setExtensions([{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }]);
      cert.sign(keys.privateKey, forge.md.sha256.create());
      const keyPem = forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey)));
      return { p12: toPkcs12(keyPem, forge.pki.certificateToPem(cert), [], `self-${id}`, id), passphrase: `self-${id}`, name: cn, ...COMMON };
    };
    selfMade = (await renderAndSignReport(sampleReportData(), { assessor1: own('Zhang Lihua', 'u1001'), assessor2: own('Wang Jianguo', 'u1002') })).signedPdf;
  });

  it('without --ca, a foreign-CA or self-made report exits 4 and every line says the signer was not checked', async () => {
    for (const pdf of [foreignReport, selfMade, signed.signedPdf]) {
      const { code, lines } = await verify(pdf, []);
      expect(code).toBe(4);
      expect(lines).toHaveLength(3);
      for (const l of lines.slice(0, 2)) expect(l).toMatch(/签名人未核验（未指定机构 CA）；结果：签名人未核验$/);
      expect(lines[2]).toBe('结论：签名完好，最后一个签名之后文档未被修改；但未指定机构 CA，签名人未经核验，不能确认报告出自本机构');
    }
  });

  it('with the institution CA, both are untrusted: exit 1', async () => {
    for (const pdf of [foreignReport, selfMade]) {
      const { code, lines } = await verify(pdf);
      expect(code).toBe(1);
      for (const l of lines.slice(0, 2)) expect(l).toMatch(/证书不受信任（证书不是由指定的 CA 签发）；结果：不受信任$/);
      expect(lines[2]).toBe('结论：签名完好，但签名证书不是本机构签发或登记的证书');
    }
  });

  it('trust is what --ca says: the forger’s own CA makes the forger’s report trusted', async () => {
    expect((await verify(foreignReport, ['--ca', 'foreign-ca.pem'])).code).toBe(0);
    expect((await verify(signed.signedPdf, ['--ca', 'foreign-ca.pem'])).code).toBe(1);
  });

  it('--json carries the verdict, the exit status and each signature’s status', async () => {
    const { code, lines } = await verify(selfMade, ['--json']);
    expect(code).toBe(4);
    const out = JSON.parse(lines.join('\n')) as { ok: boolean; verdict: string; exitCode: number; signatures: { status: string; assessor: string }[]; changes: string[] };
    expect(out).toMatchObject({ ok: false, verdict: 'unchecked', exitCode: 4, changes: [] });
    expect(out.signatures.map((s) => [s.status, s.assessor])).toEqual([
      ['unchecked', '评估人员（1）张丽华'],
      ['unchecked', '评估人员（2）王建国'],
    ]);
  });
});

describe('bytes no signature covers', () => {
  it('a digit written into the last signature’s /Contents padding is a change: exit 1', async () => {
    const scribbled = scribbleInLastPadding(signed.signedPdf);
    const report = verifyPdfSignatures(scribbled, { caPem: pki.ca.certPem });
    expect(report.signatures.map((s) => [s.digestValid, s.signatureValid, s.paddingIntact])).toEqual([
      [true, true, true],
      [true, true, false],
    ]);
    const { code, lines } = await verify(scribbled);
    expect(code).toBe(1);
    expect(lines[1]).toMatch(/签名无效（签名值（\/Contents）的填充在签名后被改动）.*结果：已更改$/);
    expect(lines[2]).toBe('结论：验证失败，签名 2 所签的内容被修改（签名值（/Contents）的填充在签名后被改动）');
  });

  it('a non-hex byte in the padding makes the signature unreadable: exit 1', async () => {
    const { code, lines } = await verify(scribbleInLastPadding(signed.signedPdf, 'z'));
    expect(code).toBe(1);
    expect(lines[1]).toMatch(/结果：无效$/);
  });

  it('bytes after the last %%EOF are a change', async () => {
    const { code, lines } = await verify(Buffer.concat([signed.signedPdf, Buffer.from(' ')]));
    expect(code).toBe(1);
    expect(lines[2]).toBe('结论：验证失败，最后一个签名之后文档被修改（追加了 1 字节，未被任何签名覆盖）');
  });
});

describe('yiyang demo-report --ca-out', () => {
  it('writes a sample that verifies against the CA it saved: exit 0 with it, 4 without', async () => {
    const io = fakeIO({ cwd: tmp.dir });
    expect(await runDemoReport(['--out', 'demo.pdf', '--ca-out', 'demo-ca.pem', '--no-images'], io)).toBe(0);
    const a = fakeIO({ cwd: tmp.dir });
    expect(await runVerify(['demo.pdf', '--ca', 'demo-ca.pem'], a)).toBe(0);
    expect(a.stdoutText()).toContain('两名评估人员（张丽华、王建国）均已签名');
    expect(await runVerify(['demo.pdf'], fakeIO({ cwd: tmp.dir }))).toBe(4);
  });
});
