import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { localToday } from '../../shared/policy/dates';
import { VERDICT_EXIT_CODES } from '../core/signing/check-report';
import { connectHub } from '../hub/connect';
import { appendHubAudit, recordHubAudit, verifyHubAudit } from '../hub/audit';
import { checkHubPassword, createHubKey } from '../hub/hub-key';
import { ensureFirstAdmin } from '../hub/accounts';
import { hubConflicts, hubReport } from '../hub/directory';
import { enrollStation, stationCertificate } from '../hub/stations';
import { DEFAULT_HUB_NAME } from '../hub/serve/core';
import { serveHub } from '../hub/serve/server';
import { importBundle } from '../hub/import';
import { HubError, migrateHub, requireHubSchema } from '../hub/schema';
import { hubStats } from '../hub/stats';
import { hubExportXlsx } from '../hub/export';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { CliError, flagValue, parseArgs, type CliIO, type ParsedArgs } from './io';
import { filterFrom } from './manager-commands';
import { PASSWORD_ENV, secret } from './store-commands';

const USAGE = `用法：
  yiyang hub init --pg URL --key-out HUB.pem [--name 名称] [--admin 用户名] [--admin-name 姓名]
                                                        建立数据库结构、区县数据中心密钥与第一名区县管理员（密码取自 YIYANG_PASSWORD）
  yiyang hub serve --pg URL [--port N]                   启动区县数据中心的管理界面（浏览器打开所示地址）
  yiyang hub station add --pg URL --cert FILE --name 名称  登记站点
  yiyang hub import --pg URL FILE…                       导入站点交换数据包
  yiyang hub stats --pg URL [--from DATE] [--to DATE] [--district NAME] --json
  yiyang hub export --pg URL --format xlsx --out FILE [--from DATE] [--to DATE] [--district NAME]
  yiyang hub conflicts --pg URL [--json]                 列出同一身份证号资料不一致的人员
  yiyang hub check --pg URL                              校验区县数据中心审计链
  yiyang hub report --pg URL --assessment ID [--out FILE] 取出签名报告并以该站点的机构证书验证
（--pg 可改用环境变量 YIYANG_HUB_PG）`;

function hubUrl(args: ParsedArgs, io: CliIO): string {
  const url = flagValue(args, 'pg') ?? io.env['YIYANG_HUB_PG'];
  if (!url) throw new CliError('缺少选项 --pg（PostgreSQL 连接地址，如 postgres://user@host/db）');
  return url;
}

async function withHub<T>(args: ParsedArgs, io: CliIO, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectHub(hubUrl(args, io));
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function required(args: ParsedArgs, name: string): string {
  const v = flagValue(args, name);
  if (!v) throw new CliError(`缺少选项 --${name}`);
  return v;
}

/** `yiyang hub …`: the district hub on PostgreSQL. Exit 0 done, 1 refused or failed, 2 usage, 3 wrong password. */
export async function runHub(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'init') return await hubInit(rest, io);
    if (sub === 'station' && rest[0] === 'add') return await hubStationAdd(rest.slice(1), io);
    if (sub === 'import') return await hubImport(rest, io);
    if (sub === 'stats') return await hubStatsCommand(rest, io);
    if (sub === 'conflicts') return await hubConflictsCommand(rest, io);
    if (sub === 'check') return await hubCheck(rest, io);
    if (sub === 'report') return await hubReportCommand(rest, io);
    if (sub === 'export') return await hubExport(rest, io);
    if (sub === 'serve') return await hubServe(rest, io);
    io.stderr(`${USAGE}\n`);
    return 2;
  } catch (err) {
    if (err instanceof CliError || err instanceof HubError) {
      io.stderr(`${err.message}\n`);
      return err.exitCode;
    }
    io.stderr(`错误：${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return 1;
  }
}

async function hubInit(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg', 'key-out', 'name', 'admin', 'admin-name'], []);
  const keyOut = required(args, 'key-out');
  const admin = (flagValue(args, 'admin') ?? 'admin').trim();
  if (!/^[A-Za-z0-9_.-]{2,32}$/.test(admin)) throw new CliError('--admin 应为 2–32 位字母、数字、下划线、点或连字符');
  const adminName = (flagValue(args, 'admin-name') ?? '区县管理员').trim();
  const hubName = flagValue(args, 'name')?.trim();
  return withHub(args, io, async (client) => {
    const { from, to } = await migrateHub(client);
    const password = await secret(io, PASSWORD_ENV, '区县数据中心管理员密码：', from === 0);
    await client.query('BEGIN');
    try {
      const key = await createHubKey(client, password);
      await appendHubAudit(client, 'hub-admin', { action: key.created ? 'hub.init' : 'hub.key.export', detail: { schemaFrom: from, schemaTo: to } });
      if (hubName || key.created)
        await client.query(`INSERT INTO hub_meta (key, value) VALUES ('name', to_jsonb($1::text)) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [hubName || DEFAULT_HUB_NAME]);
      // The first district admin signs in to hub serve with the same password that guards the key.
      const adminCreated = await ensureFirstAdmin(client, admin, adminName, password);
      if (adminCreated) await appendHubAudit(client, 'hub-admin', { action: 'user.create', entity: 'hub_user', detail: { role: 'districtAdmin' } });
      await client.query('COMMIT');
      writeFileSync(path.resolve(io.cwd, keyOut), key.publicKeyPem);
      io.stdout(`${from === 0 ? '已建立区县数据中心' : `数据库结构已是版本 ${to}`}；公钥已写入 ${keyOut}（发给各站点：yiyang exchange export --to ${path.basename(keyOut)}）\n`);
      if (adminCreated) io.stdout(`区县管理员账号：${admin}（密码即 YIYANG_PASSWORD；用 yiyang hub serve 登录后可添加区县管理人员）\n`);
      return 0;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  });
}

async function hubStationAdd(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg', 'cert', 'name'], []);
  const certFile = required(args, 'cert');
  const name = required(args, 'name').trim();
  let text = '';
  try {
    text = readFileSync(path.resolve(io.cwd, certFile), 'utf8');
  } catch {
    /* reported below */
  }
  const certPem = stationCertificate(text);
  if (!certPem) throw new HubError(`不是有效的站点证书文件：${certFile}`);
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    await checkHubPassword(client, await secret(io, PASSWORD_ENV, '区县数据中心管理员密码：'));
    const { sha256: sha } = await enrollStation(client, 'hub-admin', certPem, name);
    io.stdout(`已登记站点 ${name}（证书 SHA-256 ${sha}）\n`);
    return 0;
  });
}

async function hubImport(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg'], []);
  if (args.positionals.length === 0) throw new CliError('用法：yiyang hub import --pg URL FILE…');
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    const password = await secret(io, PASSWORD_ENV, '区县数据中心管理员密码：');
    let failed = 0;
    // Each file on its own: one refused bundle does not stop the others.
    for (const file of args.positionals) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path.resolve(io.cwd, file));
      } catch {
        io.stderr(`${file}：无法读取\n`);
        failed++;
        continue;
      }
      try {
        const r = await importBundle(client, bytes, password, 'hub-admin');
        if (r.status === 'replay') {
          io.stdout(`${file}：${r.station} 第 ${r.sequence} 号数据包已导入过，未作改动\n`);
        } else {
          const c = r.counts;
          io.stdout(`${file}：已导入 ${r.station} 第 ${r.sequence} 号数据包：人员 ${c.persons}、评估 ${c.assessments}、签名报告 ${c.reports}、审计记录 ${c.audit} 条；资料不一致 ${c.conflicts} 处\n`);
        }
        if (r.gap) io.stderr(`提示：${r.station} 缺少第 ${r.gap.from === r.gap.to ? r.gap.from : `${r.gap.from}–${r.gap.to}`} 号数据包，请让该站点补交\n`);
      } catch (err) {
        if (err instanceof HubError && err.exitCode === 3) throw err;
        io.stderr(`${file}：${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
        failed++;
      }
    }
    return failed ? 1 : 0;
  });
}

async function hubStatsCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg', 'from', 'to', 'district'], ['json']);
  if (!args.flags.has('json')) throw new CliError('用法：yiyang hub stats --pg URL [--from DATE] [--to DATE] [--district NAME] --json');
  const filter = filterFrom(args);
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    // A second connection on the same snapshot: the dashboard's independent counts run two at a time.
    const helper = new pg.Client({ connectionString: hubUrl(args, io) });
    await helper.connect();
    try {
      io.stdout(`${JSON.stringify(await hubStats(client, filter, localToday(), { helpers: [helper] }))}\n`);
    } finally {
      await helper.end().catch(() => {});
    }
    return 0;
  });
}

async function hubConflictsCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg'], ['json']);
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    const rows = await hubConflicts(client);
    if (args.flags.has('json')) io.stdout(`${JSON.stringify(rows)}\n`);
    else {
      for (const c of rows) io.stdout(`${c.idNumber}\t${c.field}\t数据中心：${c.hubValue}\t${c.station}：${c.stationValue}\n`);
      if (rows.length === 0) io.stdout('没有资料不一致的人员\n');
    }
    return 0;
  });
}

async function hubCheck(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg'], []);
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    const v = await verifyHubAudit(client);
    io.stdout(v.ok ? `审计链完好（${v.rows} 条）\n` : `审计链在第 ${v.brokenAt} 条断裂\n`);
    return v.ok ? 0 : 1;
  });
}

/**
 * `hub report`: a signed report as the station sent it, checked with that station's enrolled
 * institution certificate as the trust anchor (the same checkReport as `yiyang verify`):
 * exit 0 valid and trusted, 1 invalid or changed.
 */
async function hubReportCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg', 'assessment', 'out'], []);
  const id = required(args, 'assessment');
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    const report = await hubReport(client, id);
    const out = flagValue(args, 'out');
    if (out) writeFileSync(path.resolve(io.cwd, out), Buffer.from(report.pdfBase64, 'base64'));
    await recordHubAudit(client, 'hub-admin', { action: 'report.verify', entity: 'assessment', entityId: id, detail: { verdict: report.verdict } });
    io.stdout([`站点：${report.station}`, ...report.signatures.map((s) => s.text), report.summary].join('\n') + '\n');
    return VERDICT_EXIT_CODES[report.verdict];
  });
}

/**
 * `hub export`: the district's assessments as XLSX, one row per assessment, the columns of a
 * station's export. Written under a partial name and renamed when complete; audited (filters
 * and the row count only).
 */
async function hubExport(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg', 'format', 'out', 'from', 'to', 'district'], []);
  if (flagValue(args, 'format') !== 'xlsx') throw new CliError('用法：yiyang hub export --pg URL --format xlsx --out FILE [--from DATE] [--to DATE] [--district NAME]');
  const out = path.resolve(io.cwd, required(args, 'out'));
  const filter = filterFrom(args);
  const filters: [string, string][] = [];
  if (filter.from || filter.to) filters.push(['评估日期', `${filter.from ?? '不限'} 至 ${filter.to ?? '不限'}`]);
  if (filter.county) filters.push(['县（市、区）', filter.county]);
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    const partial = `${out}.partial`;
    try {
      const stream = createWriteStream(partial, { mode: 0o600 });
      const closed = new Promise<void>((resolve, reject) => {
        stream.on('close', resolve);
        stream.on('error', reject);
      });
      const r = await hubExportXlsx(client, filter, stream, { user: 'hub-admin', filters });
      await closed;
      renameSync(partial, out);
      await recordHubAudit(client, 'hub-admin', { action: 'export', entity: 'assessments', detail: { format: 'xlsx', rows: r.rows, from: filter.from ?? null, to: filter.to ?? null } });
      io.stdout(`已导出 ${r.rows} 行到 ${path.basename(out)}\n`);
      return 0;
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
  });
}

/** `hub serve`: the district's manager UI on a loopback port, until stopped (Ctrl+C). */
async function hubServe(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg', 'port'], []);
  const port = Number(flagValue(args, 'port') ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port 应为 0–65535 的整数');
  const running = await serveHub({ pgUrl: hubUrl(args, io), port });
  io.stdout(`${running.hubName}已启动，请在浏览器中打开 ${running.openUrl}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}
