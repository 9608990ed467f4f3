import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { localToday } from '../../shared/policy/dates';
import { certificateSha256 } from '../core/exchange/bundle-file';
import { certificateInfo } from '../core/signing/certs';
import { checkReport } from '../core/signing/check-report';
import { appendHubAudit, recordHubAudit, verifyHubAudit } from '../hub/audit';
import { checkHubPassword, createHubKey } from '../hub/hub-key';
import { importBundle } from '../hub/import';
import { HubError, migrateHub, requireHubSchema } from '../hub/schema';
import { hubStats } from '../hub/stats';
import { hubExportXlsx } from '../hub/export';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { CliError, flagValue, parseArgs, type CliIO, type ParsedArgs } from './io';
import { filterFrom } from './manager-commands';
import { PASSWORD_ENV, secret } from './store-commands';

const USAGE = `用法：
  yiyang hub init --pg URL --key-out HUB.pem            建立数据库结构与区县数据中心密钥（密码取自 YIYANG_PASSWORD）
  yiyang hub station add --pg URL --cert FILE --name 名称  登记站点
  yiyang hub import --pg URL FILE…                       导入站点交换数据包
  yiyang hub stats --pg URL [--from DATE] [--to DATE] [--district NAME] --json
  yiyang hub export --pg URL --format xlsx --out FILE [--from DATE] [--to DATE] [--district NAME]
  yiyang hub conflicts --pg URL [--json]                 列出同一身份证号资料不一致的人员
  yiyang hub check --pg URL                              校验区县数据中心审计链
  yiyang hub report --pg URL --assessment ID [--out FILE] 取出签名报告并以该站点的机构证书验证
（--pg 可改用环境变量 YIYANG_HUB_PG）`;

/** pg gives bigint (count) as text; every count here fits a double. */
pg.types.setTypeParser(20, (v) => Number(v));

function hubUrl(args: ParsedArgs, io: CliIO): string {
  const url = flagValue(args, 'pg') ?? io.env['YIYANG_HUB_PG'];
  if (!url) throw new CliError('缺少选项 --pg（PostgreSQL 连接地址，如 postgres://user@host/db）');
  return url;
}

async function withHub<T>(args: ParsedArgs, io: CliIO, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = hubUrl(args, io);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    // The URL may hold a password: say what failed, not the URL.
    throw new HubError(`无法连接到 PostgreSQL：${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
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
    if (sub === 'conflicts') return await hubConflicts(rest, io);
    if (sub === 'check') return await hubCheck(rest, io);
    if (sub === 'report') return await hubReport(rest, io);
    if (sub === 'export') return await hubExport(rest, io);
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
  const args = parseArgs(argv, ['pg', 'key-out'], []);
  const keyOut = required(args, 'key-out');
  return withHub(args, io, async (client) => {
    const { from, to } = await migrateHub(client);
    const password = await secret(io, PASSWORD_ENV, '区县数据中心管理员密码：', from === 0);
    await client.query('BEGIN');
    try {
      const key = await createHubKey(client, password);
      await appendHubAudit(client, 'hub-admin', { action: key.created ? 'hub.init' : 'hub.key.export', detail: { schemaFrom: from, schemaTo: to } });
      await client.query('COMMIT');
      writeFileSync(path.resolve(io.cwd, keyOut), key.publicKeyPem);
      io.stdout(`${from === 0 ? '已建立区县数据中心' : `数据库结构已是版本 ${to}`}；公钥已写入 ${keyOut}（发给各站点：yiyang exchange export --to ${path.basename(keyOut)}）\n`);
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
  let certPem: string;
  try {
    const text = readFileSync(path.resolve(io.cwd, certFile), 'utf8');
    const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
    if (!m) throw new Error('no PEM');
    certPem = `${m[0]}\n`;
    certificateInfo(certPem);
  } catch {
    throw new HubError(`不是有效的站点证书文件：${certFile}`);
  }
  const sha = certificateSha256(certPem);
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    await checkHubPassword(client, await secret(io, PASSWORD_ENV, '区县数据中心管理员密码：'));
    await client.query('BEGIN');
    try {
      const r = await client.query('INSERT INTO stations (cert_sha256, name, cert_pem) VALUES ($1, $2, $3) ON CONFLICT (cert_sha256) DO NOTHING RETURNING cert_sha256', [sha, name, certPem]);
      if (r.rowCount === 0) throw new HubError(`该站点证书已登记过（SHA-256 ${sha}）`);
      await appendHubAudit(client, 'hub-admin', { action: 'station.add', entity: 'station', entityId: sha, detail: {} });
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
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

async function hubConflicts(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg'], ['json']);
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    const r = await client.query(
      `SELECT c.person_id, p.id_number, c.field, c.hub_value, c.station_value, s.name AS station, c.noted_at
       FROM person_conflicts c JOIN persons p ON p.id = c.person_id LEFT JOIN stations s ON s.station_id = c.station_id
       WHERE c.resolved_at IS NULL ORDER BY p.id_number, c.field, s.name`,
    );
    const rows = r.rows.map((x) => ({ personId: x.person_id, idNumber: x.id_number, field: x.field, hubValue: x.hub_value, stationValue: x.station_value, station: x.station, notedAt: new Date(x.noted_at).toISOString() }));
    if (args.flags.has('json')) io.stdout(`${JSON.stringify(rows)}\n`);
    else {
      const FIELD: Record<string, string> = { name: '姓名', sex: '性别', birth_date: '出生日期' };
      for (const c of rows) io.stdout(`${c.idNumber}\t${FIELD[c.field] ?? c.field}\t数据中心：${c.hubValue}\t${c.station}：${c.stationValue}\n`);
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
async function hubReport(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['pg', 'assessment', 'out'], []);
  const id = required(args, 'assessment');
  return withHub(args, io, async (client) => {
    await requireHubSchema(client);
    const r = await client.query(
      `SELECT r.pdf, r.sha256, s.cert_pem, s.name FROM reports r JOIN assessments a ON a.id = r.assessment_id JOIN stations s ON s.station_id = a.station_id WHERE r.assessment_id = $1`,
      [id],
    );
    const row = r.rows[0] as { pdf: Buffer; sha256: string; cert_pem: string; name: string } | undefined;
    if (!row) throw new HubError('数据中心没有这份评估的签名报告');
    const out = flagValue(args, 'out');
    if (out) writeFileSync(path.resolve(io.cwd, out), row.pdf);
    const checked = checkReport(row.pdf, { caPem: row.cert_pem });
    await recordHubAudit(client, 'hub-admin', { action: 'report.verify', entity: 'assessment', entityId: id, detail: { verdict: checked.verdict } });
    io.stdout([`站点：${row.name}`, ...checked.signatures.map((s) => s.text), checked.summary].join('\n') + '\n');
    return checked.exitCode;
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
