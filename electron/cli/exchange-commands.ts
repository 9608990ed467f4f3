import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportBundle, saveHubKey, type Since } from '../core/exchange/station-export';
import { StoreError, type Store } from '../core/db';
import { certificateInfo } from '../core/signing/certs';
import { ensureInstitutionCa } from '../core/signing/user-certificates';
import { CliError, flagValue, type CliIO } from './io';
import { openAs, parse, run } from './store-commands';

const EXPORT_USAGE = '用法：yiyang exchange export --data DIR --user NAME --to HUB.pem --out FILE [--since last|YYYY-MM-DD]';
const CERT_USAGE = '用法：yiyang exchange cert --data DIR --user NAME --out STATION.pem';

/** `yiyang exchange export|cert …`: the station's side of the exchange with the district hub (administrators). */
export function runExchange(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'export') return runExchangeExport(rest, io);
  if (sub === 'cert') return runExchangeCert(rest, io);
  io.stderr(`${EXPORT_USAGE}\n${CERT_USAGE}\n`);
  return Promise.resolve(2);
}

/** The bundle is signed with the institution's key, which only administrators hold. */
function adminOnly(store: Store): Store {
  if (store.user?.role === 'admin') return store;
  store.close();
  throw new StoreError('FORBIDDEN', '此命令只能由管理员执行（交换数据包须用机构密钥签名）');
}

function sinceFlag(v: string | undefined): Since {
  if (v === undefined || v === 'last') return 'last';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new CliError(`--since 应为 last 或 YYYY-MM-DD 格式的日期：${v}`);
  return { date: v };
}

function runExchangeExport(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'user', 'to', 'out', 'since']);
    const to = flagValue(args, 'to');
    const out = flagValue(args, 'out');
    if (!to || !out) throw new CliError(EXPORT_USAGE);
    const since = sinceFlag(flagValue(args, 'since'));
    let hubKey: string;
    try {
      hubKey = readFileSync(path.resolve(io.cwd, to), 'utf8');
    } catch {
      throw new CliError(`无法读取区县数据中心公钥文件：${to}`, 1);
    }
    const store = adminOnly(await openAs(args, io, 'cli.exchange'));
    try {
      const outcome = exportBundle(store, path.resolve(io.cwd, out), hubKey, since);
      // The key the station last sent to, for the app's 数据交换 page.
      saveHubKey(store, hubKey);
      const { sequence, counts, range } = outcome.header;
      io.stdout(
        `已导出第 ${sequence} 号交换数据包 ${out}：人员 ${counts.persons}、评估 ${counts.assessments}、签名报告 ${counts.reports}、审计记录 ${counts.audit} 条（审计序号 ${range.afterSeq + 1}–${range.toSeq}）\n`,
      );
      return 0;
    } finally {
      store.close();
    }
  });
}

function runExchangeCert(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'user', 'out']);
    const out = flagValue(args, 'out');
    if (!out) throw new CliError(CERT_USAGE);
    const store = adminOnly(await openAs(args, io, 'cli.exchange'));
    try {
      const ca = ensureInstitutionCa(store);
      const info = certificateInfo(ca.certPem);
      const institution = store.settings.getInstitution();
      // Lines before the PEM block are ignored by PEM readers: they tell the district officer what this is.
      const text = `# 颐养评估站点证书（交给区县数据中心登记：yiyang hub station add --cert 本文件 --name 站点名称）\n# 机构：${institution.name}\n# 站点编号：${store.settings.storeId()}\n# SHA-256：${info.fingerprint256}\n${ca.certPem.trim()}\n`;
      writeFileSync(path.resolve(io.cwd, out), text, { mode: 0o644 });
      store.audit.append(store.actor, { action: 'exchange.cert', entity: 'store', entityId: store.settings.storeId(), detail: { fingerprint256: info.fingerprint256 } });
      io.stdout(`已写出站点证书 ${out}（SHA-256 ${info.fingerprint256}）\n`);
      return 0;
    } finally {
      store.close();
    }
  });
}
