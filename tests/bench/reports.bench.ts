// Report rendering and signing: time per report, file sizes, bulk export.
//   node --import tsx tests/bench/reports.bench.ts      (stdout: JSON lines only)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderAndSignReport, renderReport, sampleReportData, syntheticSignaturePng, type AssessorSigner, type ReportData } from '../../electron/core/reports';
import { createInstitutionCa, issueAssessorCertificate, signReport, toPkcs12 } from '../../electron/core/signing';

const RUNS = 50;
const BULK = 500;

function emit(name: string, value: number, unit: string): void {
  process.stdout.write(JSON.stringify({ name, value: Math.round(value * 10) / 10, unit }) + '\n');
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function makeSigners(): { assessor1: AssessorSigner; assessor2: AssessorSigner } {
  // Certificates are made once: bulk export reuses the assessors' stored PKCS#12 files.
  const ca = createInstitutionCa({ commonName: 'Bench Assessment CA', organization: 'Bench Center' });
  const make = (cn: string, id: string, pass: string): AssessorSigner => {
    const c = issueAssessorCertificate(ca, { commonName: cn, userId: id });
    return { p12: toPkcs12(c.keyPem, c.certPem, [ca.certPem], pass, id), passphrase: pass, name: cn, reason: 'Assessment report', location: 'Bench County' };
  };
  return { assessor1: make('Zhang Lihua', 'u1001', 'p1'), assessor2: make('Wang Jianguo', 'u1002', 'p2') };
}

function withImages(data: ReportData): ReportData {
  return {
    ...data,
    signatures: { ...data.signatures, assessor1: syntheticSignaturePng(1), assessor2: syntheticSignaturePng(2), informant: syntheticSignaturePng(3) },
  };
}

async function timeRuns(data: ReportData, signers: ReturnType<typeof makeSigners>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await renderAndSignReport(data, signers);
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main() {
  const signers = makeSigners();
  const plain = sampleReportData();
  const images = withImages(plain);
  // Warm-up: font parsing, PKCS#12 decoding and JIT, all once per process.
  for (let i = 0; i < 3; i++) await renderAndSignReport(images, signers);

  emit('reports.renderAndSign.median', await timeRuns(images, signers), 'ms');
  emit('reports.renderAndSign.noImages.median', await timeRuns(plain, signers), 'ms');

  const unsigned = (await renderReport(plain)).pdf;
  const signedPlain = await signReport(unsigned, [signers.assessor1, signers.assessor2]);
  const signedImages = (await renderAndSignReport(images, signers)).signedPdf;
  emit('reports.size.unsigned', unsigned.length / 1024, 'KB');
  emit('reports.size.signedNoImages', signedPlain.length / 1024, 'KB');
  emit('reports.size.signedWithImages', signedImages.length / 1024, 'KB');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-bench-reports-'));
  try {
    const started = performance.now();
    for (let i = 0; i < BULK; i++) {
      const data = { ...images, reportNo: `PG-2026-${String(i + 1).padStart(6, '0')}` };
      const { signedPdf } = await renderAndSignReport(data, signers);
      writeFileSync(path.join(dir, `${data.reportNo}.pdf`), signedPdf);
    }
    emit('reports.bulk500', (performance.now() - started) / 1000, 's');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
