import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getInstrument, INSTRUMENTS } from '../../shared/instruments';
import { codePointLabel, MISSING_MARK, renderAndSignReport, sampleReportData, SAMPLE_ASSESSORS, syntheticSignaturePng } from '../core/reports';
import { createInstitutionCa, issueAssessorCertificate, toPkcs12 } from '../core/signing';
import { checkReport, type ReportCheck } from '../core/signing/check-report';
import { CliError, flagValue, parseArgs, type CliIO } from './io';


const VERIFY_USAGE = '用法：yiyang verify FILE [--ca CA.pem] [--json]';
const DEMO_USAGE = '用法：yiyang demo-report --out FILE [--ca-out CA.pem] [--name 姓名] [--instrument ID] [--no-images]';

async function readBytes(io: CliIO, file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path.resolve(io.cwd, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `找不到${what}：${file}` : `无法读取${what}：${file}`);
  }
}

/**
 * `yiyang verify FILE [--ca CA.pem] [--json]`: checks a report with checkReport, the same
 * function the app's verify page calls. Exit 0: valid and trusted (needs --ca); 1: invalid,
 * changed or untrusted; 4: intact but the signers could not be checked (no --ca); 2: usage,
 * unreadable input or a file without signatures. One line per signature says which.
 */
export async function runVerify(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['ca'], ['json', 'help']);
  if (args.flags.has('help')) {
    io.stdout(
      `${VERIFY_USAGE}\n  逐个检查评估报告的数字签名：签名人是否为报告上的两名评估人员、时间、是否有效、签名之后文档是否被修改。\n  --ca CA.pem  同时检查签名证书是否由该机构 CA 签发\n  --json       以 JSON 输出（verdict、exitCode、每个签名的 status）\n  退出码：0 有效且受信任；1 无效、被修改或不受信任；4 签名完好但未指定 --ca，签名人未经核验；2 用法错误、无法读取或没有签名\n`,
    );
    return 0;
  }
  if (args.positionals.length !== 1) throw new CliError(`${args.positionals.length ? '参数过多' : '缺少文件'}\n${VERIFY_USAGE}`);
  const file = args.positionals[0]!;
  const pdf = await readBytes(io, file, '文件');
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new CliError(`不是 PDF 文件：${file}`);
  const caFile = flagValue(args, 'ca');
  let caPem: string | undefined;
  if (caFile) {
    caPem = (await readBytes(io, caFile, 'CA 证书文件')).toString('utf8');
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) throw new CliError(`CA 证书文件不是 PEM 格式：${caFile}`);
  }
  let checked: ReportCheck;
  try {
    checked = checkReport(pdf, { caPem });
  } catch (err) {
    throw new CliError(`无法验证：${err instanceof Error ? err.message : String(err)}`);
  }
  if (checked.verdict === 'unsigned') {
    io.stderr(`文件中没有数字签名：${file}\n`);
    return 2;
  }
  if (args.flags.has('json')) {
    const { report, ...view } = checked;
    io.stdout(`${JSON.stringify({ ...view, fileLength: report.fileLength, changes: report.changes }, null, 2)}\n`);
  } else io.stdout([...checked.signatures.map((s) => s.text), checked.summary].join('\n') + '\n');
  return checked.exitCode;
}

/**
 * `yiyang demo-report --out FILE`: the fixed sample case (final level 2 after one C.4
 * adjustment) rendered and signed by two assessors whose certificates, and the CA that
 * issued them, are made on the spot. Nothing is stored; --ca-out keeps the CA certificate
 * for `verify --ca` or an NSS trust store.
 */
export async function runDemoReport(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['out', 'ca-out', 'name', 'instrument'], ['no-images', 'help']);
  if (args.flags.has('help')) {
    io.stdout(
      `${DEMO_USAGE}\n  生成一份演示报告（合成数据、临时证书），并由两名评估人员依次签名。\n  --ca-out CA.pem  保存临时机构 CA 证书，供 verify --ca 或 pdfsig 检查信任链\n  --name 姓名       替换演示对象姓名（如测试生僻字）\n  --instrument ID  用该评估工具的演示案例（默认 GB/T 42195-2022）\n  --no-images      不绘制手写签名图片\n`,
    );
    return 0;
  }
  if (args.positionals.length) throw new CliError(`参数过多\n${DEMO_USAGE}`);
  const out = flagValue(args, 'out');
  if (!out) throw new CliError(`缺少 --out\n${DEMO_USAGE}`);
  const outPath = path.resolve(io.cwd, out);
  const caOut = flagValue(args, 'ca-out');
  const name = flagValue(args, 'name');
  const instrumentId = flagValue(args, 'instrument');
  if (instrumentId !== undefined && !getInstrument(instrumentId)) throw new CliError(`未知的评估工具：${instrumentId}（可用：${INSTRUMENTS.map((i) => i.id).join('、')}）`);

  const ca = createInstitutionCa({ commonName: 'Yiyang Demo Assessment CA', organization: 'Yiyang Demo Institution' });
  const [p1, p2] = SAMPLE_ASSESSORS.map((a) => {
    const pass = randomBytes(12).toString('base64url');
    const issued = issueAssessorCertificate(ca, { commonName: a.pinyin, userId: a.userId });
    return { p12: toPkcs12(issued.keyPem, issued.certPem, [ca.certPem], pass, a.userId), passphrase: pass, name: a.pinyin };
  }) as [{ p12: Buffer; passphrase: string; name: string }, { p12: Buffer; passphrase: string; name: string }];

  const base = sampleReportData({ ...(name ? { personName: name } : {}), ...(instrumentId ? { instrumentId } : {}) });
  const data = args.flags.has('no-images')
    ? base
    : {
        ...base,
        signatures: { ...base.signatures, assessor1: syntheticSignaturePng(1), assessor2: syntheticSignaturePng(2), informant: syntheticSignaturePng(3) },
      };
  const common = { reason: 'Elderly capability assessment report (GB/T 42195-2022)', location: 'Demo County' };
  const result = await renderAndSignReport(data, {
    assessor1: { ...p1, ...common },
    assessor2: { ...p2, ...common },
  });

  await mkdir(path.dirname(outPath), { recursive: true });
  await writeFile(outPath, result.signedPdf);
  if (caOut) {
    const caPath = path.resolve(io.cwd, caOut);
    await mkdir(path.dirname(caPath), { recursive: true });
    await writeFile(caPath, ca.certPem);
  }

  if (result.missingGlyphs.length) {
    io.stderr(`警告：字库中没有以下字符，报告中以“${MISSING_MARK}”代替并已注明：${result.missingGlyphs.map((c) => `${codePointLabel(c)}（${c}）`).join('、')}\n`);
  }
  // Checked as `yiyang verify --ca` would check it.
  const checked = checkReport(result.signedPdf, { caPem: ca.certPem });
  io.stdout(
    [
      `已生成演示报告：${outPath}（${result.pageCount} 页，${(result.signedPdf.length / 1024).toFixed(1)} KB，最终等级：${data.conclusion}）`,
      ...(caOut ? [`机构 CA 证书：${path.resolve(io.cwd, caOut)}`] : []),
      ...checked.signatures.map((s) => s.text),
      checked.summary,
    ].join('\n') + '\n',
  );
  return checked.ok ? 0 : 1;
}
