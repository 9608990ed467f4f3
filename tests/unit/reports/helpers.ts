import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInstitutionCa, issueAssessorCertificate, toPkcs12, type KeyAndCert } from '../../../electron/core/signing';
import type { AssessorSigner } from '../../../electron/core/reports';

/** A scratch directory removed by the returned cleanup. */
export function tempDir(prefix = 'yiyang-reports-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the PDF to a temp file and runs a poppler tool on it; returns stdout+stderr and the exit status. */
export function poppler(tool: 'pdftotext' | 'pdfsig' | 'pdffonts' | 'pdfinfo', pdf: Buffer, args: string[] = []): { out: string; status: number | null } {
  const { dir, cleanup } = tempDir();
  try {
    const file = path.join(dir, 'r.pdf');
    writeFileSync(file, pdf);
    const full = tool === 'pdftotext' ? [...args, file, '-'] : [...args, file];
    const r = spawnSync(tool, full, { encoding: 'utf8' });
    if (r.error) throw r.error;
    return { out: `${r.stdout}${r.stderr}`, status: r.status };
  } finally {
    cleanup();
  }
}

/** Text as laid out on the page (`-layout`), or in drawing order (`raw`), which keeps a wrapped cell together. */
export function pdfText(pdf: Buffer, mode: 'layout' | 'raw' = 'layout'): string {
  return poppler('pdftotext', pdf, [mode === 'raw' ? '-raw' : '-layout']).out;
}

export interface TestPki {
  ca: KeyAndCert;
  signers: { assessor1: AssessorSigner; assessor2: AssessorSigner };
  p12: { a1: Buffer; a2: Buffer };
}

/** One CA and two assessor certificates (RSA key generation costs ~0.2 s each: make them once per file). */
export function makeTestPki(): TestPki {
  const ca = createInstitutionCa({ commonName: 'Test Assessment CA', organization: 'Test Welfare Center' });
  const c1 = issueAssessorCertificate(ca, { commonName: 'Zhang Lihua', userId: 'u1001' });
  const c2 = issueAssessorCertificate(ca, { commonName: 'Wang Jianguo', userId: 'u1002' });
  const a1 = toPkcs12(c1.keyPem, c1.certPem, [ca.certPem], 'pass-one', 'u1001');
  const a2 = toPkcs12(c2.keyPem, c2.certPem, [ca.certPem], 'pass-two', 'u1002');
  const common = { reason: 'Assessment report', location: 'Test County' };
  return {
    ca,
    p12: { a1, a2 },
    signers: {
      assessor1: { p12: a1, passphrase: 'pass-one', name: 'Zhang Lihua', ...common },
      assessor2: { p12: a2, passphrase: 'pass-two', name: 'Wang Jianguo', ...common },
    },
  };
}

/** pdfsig's per-signature blocks ("Signature #1:" …); pdfsig exits 0 even for broken signatures. */
export function pdfsigBlocks(out: string): string[] {
  return out.split(/^Signature #\d+:$/m).slice(1);
}

export function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
