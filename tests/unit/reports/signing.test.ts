import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAndSignReport, renderReport, sampleReportData, type SignedReport } from '../../../electron/core/reports';
import {
  certificateInfo,
  createInstitutionCa,
  exportCaCertificate,
  issueAssessorCertificate,
  Pkcs12Error,
  readPkcs12,
  signReport,
  toPkcs12,
  verifyPdfSignatures,
} from '../../../electron/core/signing';
import { hasTool, makeTestPki, pdfsigBlocks, pdfText, poppler, tempDir, type TestPki } from './helpers';

let pki: TestPki;
let signed: SignedReport;

beforeAll(async () => {
  pki = makeTestPki();
  signed = await renderAndSignReport(sampleReportData(), pki.signers);
});

/** Flips one byte inside the first content stream, i.e. inside both signatures' first range. */
function tamper(pdf: Buffer): Buffer {
  const copy = Buffer.from(pdf);
  const at = copy.indexOf('stream\n') + 'stream\n'.length + 20;
  const firstRangeEnd = Number(/\/ByteRange \[0 (\d+)/.exec(copy.toString('latin1'))![1]);
  expect(at).toBeLessThan(firstRangeEnd);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

describe('two assessor signatures', () => {
  it('poppler pdfsig reports both signatures valid, the second over the whole file', () => {
    const { out, status } = poppler('pdfsig', signed.signedPdf);
    expect(status).toBe(0);
    const blocks = pdfsigBlocks(out);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain('Signer Certificate Common Name: Zhang Lihua (u1001)');
    expect(blocks[1]).toContain('Signer Certificate Common Name: Wang Jianguo (u1002)');
    for (const b of blocks) {
      expect(b).toContain('Signature Validation: Signature is Valid.');
      expect(b).toContain('Signing Hash Algorithm: SHA-256');
    }
    expect(blocks[0]).toContain('Not total document signed');
    expect(blocks[1]).toContain('Total document signed');
  });

  it('leaves the page text unchanged and the unsigned bytes as the first revision', () => {
    expect(signed.signedPdf.subarray(0, signed.pdf.length - 1).equals(signed.pdf.subarray(0, signed.pdf.length - 1))).toBe(true);
    expect(pdfText(signed.signedPdf)).toBe(pdfText(signed.pdf));
  });

  it('puts each signature field on its assessor box', () => {
    const text = signed.signedPdf.toString('latin1');
    const rects = [...text.matchAll(/\/FT \/Sig\n\/T \((Signature\d)\)\n\/F 132\n\/Rect \[([^\]]+)\]/g)].map((m) => [m[1], m[2]!.split(' ').map(Number)]);
    expect(rects).toHaveLength(2);
    expect(rects[0]![1]).toEqual(signed.signatureBoxes.assessor1.rect.map((n) => Number(n.toFixed(3))));
    expect(rects[1]![1]).toEqual(signed.signatureBoxes.assessor2.rect.map((n) => Number(n.toFixed(3))));
  });

  it('our verifier agrees: both valid, only the last covers the whole document', () => {
    const report = verifyPdfSignatures(signed.signedPdf);
    expect(report.ok).toBe(true);
    const [s1, s2] = report.signatures;
    expect(s1).toMatchObject({ index: 1, signerCommonName: 'Zhang Lihua (u1001)', digestValid: true, signatureValid: true, coversWholeDocument: false, laterSignatureCovers: true, name: 'Zhang Lihua' });
    expect(s2).toMatchObject({ index: 2, signerCommonName: 'Wang Jianguo (u1002)', digestValid: true, signatureValid: true, coversWholeDocument: true });
    expect(s1!.subject).toBe('C=CN, O=Test Welfare Center, CN=Zhang Lihua (u1001)');
    expect(s1!.signingTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(s1!.trusted).toBeUndefined();
  });

  it('one flipped content byte breaks both signatures, for pdfsig and for us', () => {
    const bad = tamper(signed.signedPdf);
    const blocks = pdfsigBlocks(poppler('pdfsig', bad).out);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      expect(b).not.toContain('Signature is Valid.');
      expect(b).toMatch(/Digest Mismatch|Signature Validation: (?!Signature is Valid)/);
    }
    const report = verifyPdfSignatures(bad);
    expect(report.ok).toBe(false);
    for (const s of report.signatures) {
      expect(s.digestValid).toBe(false);
      expect(s.problem).toContain('摘要不符');
    }
  });

  it('bytes appended after the last signature are reported as a change', () => {
    const appended = Buffer.concat([signed.signedPdf, Buffer.from('\n% edited\n')]);
    const report = verifyPdfSignatures(appended);
    expect(report.ok).toBe(false);
    expect(report.signatures.every((s) => s.digestValid && s.signatureValid)).toBe(true);
    expect(report.signatures[1]).toMatchObject({ coversWholeDocument: false, laterSignatureCovers: false, bytesAfter: 10 });
    expect(pdfsigBlocks(poppler('pdfsig', appended).out)[1]).toContain('Not total document signed');
  });

  it('chains to the institution CA given with caPem, and not to another CA', () => {
    expect(verifyPdfSignatures(signed.signedPdf, { caPem: pki.ca.certPem }).signatures.map((s) => s.trusted)).toEqual([true, true]);
    const other = createInstitutionCa({ commonName: 'Other CA', organization: 'Other' });
    const report = verifyPdfSignatures(signed.signedPdf, { caPem: other.certPem });
    expect(report.ok).toBe(false);
    expect(report.signatures[0]).toMatchObject({ trusted: false, trustProblem: '证书不是由指定的 CA 签发' });
  });

  it.skipIf(!hasTool('certutil'))('with the exported CA in an NSS store, pdfsig trusts both certificates', () => {
    const { dir, cleanup } = tempDir('yiyang-nss-');
    try {
      const caFile = path.join(dir, 'ca.pem');
      writeFileSync(caFile, exportCaCertificate(pki.ca));
      const db = `sql:${path.join(dir, 'nss')}`;
      execFileSync('mkdir', [path.join(dir, 'nss')]);
      execFileSync('certutil', ['-N', '-d', db, '--empty-password']);
      execFileSync('certutil', ['-A', '-d', db, '-n', 'yiyang-test-ca', '-t', 'CT,CT,CT', '-i', caFile]);
      const blocks = pdfsigBlocks(poppler('pdfsig', signed.signedPdf, ['-nssdir', db]).out);
      expect(blocks).toHaveLength(2);
      for (const b of blocks) {
        expect(b).toContain('Signature Validation: Signature is Valid.');
        expect(b).toContain('Certificate Validation: Certificate is Trusted.');
      }
    } finally {
      cleanup();
    }
  });

  it('signs an already signed file again without breaking the earlier signatures', async () => {
    const third = await signReport(signed.signedPdf, [{ ...pki.signers.assessor1, reason: 'Countersigned' }]);
    const report = verifyPdfSignatures(third);
    expect(report.ok).toBe(true);
    expect(report.signatures.map((s) => s.coversWholeDocument)).toEqual([false, false, true]);
    expect(pdfsigBlocks(poppler('pdfsig', third).out).filter((b) => b.includes('Signature is Valid.'))).toHaveLength(3);
  });
});

describe('certificates and PKCS#12', () => {
  it('issues assessor certificates with the key usages signature validators expect', () => {
    const p = readPkcs12(pki.p12.a1, 'pass-one');
    expect(p.cert.commonName).toBe('Zhang Lihua (u1001)');
    expect(p.cert.issuer).toBe('C=CN, O=Test Welfare Center, CN=Test Assessment CA');
    expect(p.cert.isCa).toBe(false);
    expect(p.chainPems).toHaveLength(1);
    expect(certificateInfo(p.chainPems[0]!).isCa).toBe(true);
    expect(p.keyBits).toBe(2048);
    expect(p.warnings).toEqual([]);
    // Extended key usage emailProtection: NSS (pdfsig) checks signers as e-mail signers.
    expect(new X509Certificate(p.certPem).keyUsage).toContain('1.3.6.1.5.5.7.3.4');
  });

  it.skipIf(!hasTool('openssl'))('OpenSSL verifies the chain and reads the PKCS#12', () => {
    const { dir, cleanup } = tempDir();
    try {
      const p = readPkcs12(pki.p12.a2, 'pass-two');
      writeFileSync(path.join(dir, 'ca.pem'), pki.ca.certPem);
      writeFileSync(path.join(dir, 'leaf.pem'), p.certPem);
      writeFileSync(path.join(dir, 'a.p12'), pki.p12.a2);
      expect(execFileSync('openssl', ['verify', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'leaf.pem')], { encoding: 'utf8' })).toContain(': OK');
      const certs = execFileSync('openssl', ['pkcs12', '-in', path.join(dir, 'a.p12'), '-passin', 'pass:pass-two', '-nokeys'], { encoding: 'utf8' });
      expect(certs.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    } finally {
      cleanup();
    }
  });

  it('rejects a wrong password, a non-PKCS#12 file and non-ASCII names with Chinese messages', () => {
    expect(() => readPkcs12(pki.p12.a1, 'wrong')).toThrow(expect.objectContaining({ code: 'password', message: '证书密码不正确' }));
    expect(() => readPkcs12(Buffer.from('not a p12'), 'x')).toThrow(Pkcs12Error);
    expect(() => readPkcs12(Buffer.from('not a p12'), 'x')).toThrow(/PKCS#12/);
    expect(() => issueAssessorCertificate(pki.ca, { commonName: '张丽华', userId: 'u1' })).toThrow(/拼音/);
    expect(() => createInstitutionCa({ commonName: '示例 CA', organization: 'x' })).toThrow(/中文/);
    const leaf = readPkcs12(pki.p12.a1, 'pass-one');
    expect(() => toPkcs12(leaf.keyPem, leaf.certPem, [], '', 'x')).toThrow(/密码/);
    expect(() => toPkcs12(leaf.keyPem, leaf.certPem, [], 'pw', '张')).toThrow(/别名/);
  });

  it('rejects an expired certificate', () => {
    const old = issueAssessorCertificate(pki.ca, { commonName: 'Old Cert', userId: 'u9', now: new Date('2020-01-01T00:00:00Z'), validYears: 1 });
    const p12 = toPkcs12(old.keyPem, old.certPem, [pki.ca.certPem], 'pw', 'u9');
    expect(() => readPkcs12(p12, 'pw')).toThrow(expect.objectContaining({ code: 'expired' }));
  });

  it.skipIf(!hasTool('openssl'))('accepts an institution-issued PKCS#12 from OpenSSL 3 (AES, SHA-256 MAC) and refuses an EC one', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/O=Institution/CN=Li Si (u2001)', '-days', '30', '-addext', 'keyUsage=digitalSignature,nonRepudiation']);
      run(['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-out', 'inst.p12', '-passout', 'pass:secret']);
      const p12 = readFileSync(path.join(dir, 'inst.p12'));
      expect(readPkcs12(p12, 'secret').cert.commonName).toBe('Li Si (u2001)');
      expect(() => readPkcs12(p12, 'nope')).toThrow(expect.objectContaining({ code: 'password' }));
      const pdf = (await renderReport(sampleReportData())).pdf;
      const signedByInst = await signReport(pdf, [{ p12, passphrase: 'secret', name: 'Li Si', reason: 'Review', location: 'Here' }]);
      expect(verifyPdfSignatures(signedByInst).ok).toBe(true);
      expect(pdfsigBlocks(poppler('pdfsig', signedByInst).out)[0]).toContain('Signature is Valid.');

      run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.pem']);
      run(['req', '-x509', '-key', 'ec.pem', '-out', 'ecc.pem', '-subj', '/CN=EC', '-days', '30']);
      run(['pkcs12', '-export', '-inkey', 'ec.pem', '-in', 'ecc.pem', '-out', 'ec.p12', '-passout', 'pass:secret']);
      expect(() => readPkcs12(readFileSync(path.join(dir, 'ec.p12')), 'secret')).toThrow(expect.objectContaining({ code: 'notRsa' }));
    } finally {
      cleanup();
    }
  });

  it('exports only CA certificates, as PEM without the key', () => {
    const pem = exportCaCertificate(pki.ca);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(pem).not.toContain('PRIVATE KEY');
    const leaf = readPkcs12(pki.p12.a1, 'pass-one');
    expect(() => exportCaCertificate({ certPem: leaf.certPem })).toThrow(/CA/);
  });
});
