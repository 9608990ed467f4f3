import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, type CliIO } from '../../../electron/cli/io';
import { runDemoReport, runVerify } from '../../../electron/cli/report-commands';
import { renderReport, sampleReportData } from '../../../electron/core/reports';
import { pdfsigBlocks, pdfText, poppler, tempDir } from './helpers';

function memoryIO(cwd: string): CliIO & { out: string; err: string } {
  const io = {
    env: {},
    cwd,
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    readStdin: async () => '',
    promptSecret: async () => null,
  };
  return io;
}

const tmp = tempDir('yiyang-cli-');
afterAll(() => tmp.cleanup());

let demoOut = '';
let demoCode = -1;
beforeAll(async () => {
  const io = memoryIO(tmp.dir);
  demoCode = await runDemoReport(['--out', 'out/demo.pdf', '--ca-out', 'out/ca.pem'], io);
  demoOut = io.out;
});

describe('yiyang demo-report', () => {
  it('writes a signed report at final level 2 and reports both signatures valid', () => {
    expect(demoCode).toBe(0);
    expect(demoOut).toContain('已生成演示报告');
    expect(demoOut).toContain('最终等级：能力中度受损（中度失能）');
    expect(demoOut).toMatch(/签名 1：签名人 CN=Zhang Lihua \(u1001\)；时间 \S+；签名有效；之后仅追加了后续签名；评估人员（1）张丽华；证书受信任（由指定 CA 签发）；结果：有效/);
    expect(demoOut).toMatch(/签名 2：签名人 CN=Wang Jianguo \(u1002\)；时间 \S+；签名有效；之后文档未被修改；评估人员（2）王建国；证书受信任（由指定 CA 签发）；结果：有效/);
    const pdf = readFileSync(path.join(tmp.dir, 'out/demo.pdf'));
    const blocks = pdfsigBlocks(poppler('pdfsig', pdf).out);
    expect(blocks.filter((b) => b.includes('Signature is Valid.'))).toHaveLength(2);
    const text = pdfText(pdf, 'raw').replace(/\s+/g, '');
    expect(text).toContain('王秀兰');
    expect(text).toContain('近30天内发生过2次及以上照护风险事件');
    expect(readFileSync(path.join(tmp.dir, 'out/ca.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('warns about characters no font has', async () => {
    const io = memoryIO(tmp.dir);
    expect(await runDemoReport(['--out', 'rare.pdf', '--name', '李𪚥', '--no-images'], io)).toBe(0);
    expect(io.err).toContain('U+2A6A5');
  });

  it('needs --out', async () => {
    await expect(runDemoReport([], memoryIO(tmp.dir))).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('yiyang verify', () => {
  it('exits 4 for an intact report without --ca, printing one line per signature and the conclusion', async () => {
    const io = memoryIO(tmp.dir);
    expect(await runVerify(['out/demo.pdf'], io)).toBe(4);
    const lines = io.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines.slice(0, 2)) expect(l).toMatch(/签名有效；.*签名人未核验（未指定机构 CA）；结果：签名人未核验$/);
    expect(lines[2]).toBe('结论：签名完好，最后一个签名之后文档未被修改；但未指定机构 CA，签名人未经核验，不能确认报告出自本机构');
  });

  it('checks the chain with --ca: exit 0', async () => {
    const io = memoryIO(tmp.dir);
    expect(await runVerify(['out/demo.pdf', '--ca', 'out/ca.pem'], io)).toBe(0);
    expect(io.out).toContain('证书受信任（由指定 CA 签发）');
  });

  it('exits 1 when one byte of the content changed', async () => {
    const pdf = readFileSync(path.join(tmp.dir, 'out/demo.pdf'));
    const at = pdf.indexOf('stream\n') + 30;
    pdf[at] = pdf[at]! ^ 0x20;
    writeFileSync(path.join(tmp.dir, 'tampered.pdf'), pdf);
    const io = memoryIO(tmp.dir);
    expect(await runVerify(['tampered.pdf'], io)).toBe(1);
    expect(io.out).toContain('签名无效（摘要不符');
    expect(io.out).toContain('结论：验证失败');
  });

  it('exits 1 when something was appended after the last signature', async () => {
    const pdf = readFileSync(path.join(tmp.dir, 'out/demo.pdf'));
    writeFileSync(path.join(tmp.dir, 'appended.pdf'), Buffer.concat([pdf, Buffer.from('\n%x\n')]));
    const io = memoryIO(tmp.dir);
    expect(await runVerify(['appended.pdf'], io)).toBe(1);
    expect(io.out).toContain('之后文档被修改（签名后追加了 4 字节');
    expect(io.out).toContain('结论：验证失败，最后一个签名之后文档被修改');
  });

  it('prints JSON with --json', async () => {
    const io = memoryIO(tmp.dir);
    expect(await runVerify(['--json', 'out/demo.pdf', '--ca', 'out/ca.pem'], io)).toBe(0);
    const report = JSON.parse(io.out) as { ok: boolean; verdict: string; exitCode: number; signatures: { status: string }[] };
    expect(report).toMatchObject({ ok: true, verdict: 'trusted', exitCode: 0 });
    expect(report.signatures.map((s) => s.status)).toEqual(['valid', 'valid']);
  });

  it('exits 2 for usage errors, missing files, non-PDFs and unsigned PDFs', async () => {
    const io = memoryIO(tmp.dir);
    await expect(runVerify([], io)).rejects.toBeInstanceOf(CliError);
    await expect(runVerify([], io)).rejects.toMatchObject({ exitCode: 2 });
    await expect(runVerify(['a.pdf', 'b.pdf'], io)).rejects.toMatchObject({ exitCode: 2 });
    await expect(runVerify(['missing.pdf'], io)).rejects.toMatchObject({ exitCode: 2, message: '找不到文件：missing.pdf' });
    await expect(runVerify(['out/demo.pdf', '--bogus'], io)).rejects.toMatchObject({ exitCode: 2 });
    writeFileSync(path.join(tmp.dir, 'not.pdf'), 'hello');
    await expect(runVerify(['not.pdf'], io)).rejects.toMatchObject({ exitCode: 2 });
    writeFileSync(path.join(tmp.dir, 'unsigned.pdf'), (await renderReport(sampleReportData())).pdf);
    const io2 = memoryIO(tmp.dir);
    expect(await runVerify(['unsigned.pdf'], io2)).toBe(2);
    expect(io2.err).toContain('没有数字签名');
  });
});
