import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ROLE_NAMES, ROLES, type Role } from '../../shared/contract/roles';
import { CliError, flagValue, parseArgs, type CliIO, type ParsedArgs } from './io';
import {
  Store,
  StoreError,
  auditHead,
  createBackup,
  exitCodeFor,
  restoreBackup,
  seedStore,
} from '../core/db';

/**
 * The store's command-line commands. Each returns its exit status: 0 ok, 2 usage or
 * bad input, 3 wrong password / locked / unknown user, 1 anything else. Failures print
 * one Chinese line and never a stack trace; nothing printed holds a password or key.
 */

const PASSWORD_ENV = 'YIYANG_PASSWORD';
const NEW_PASSWORD_ENV = 'YIYANG_NEW_PASSWORD';
const RECOVERY_ENV = 'YIYANG_RECOVERY_KEY';

async function run(io: CliIO, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof StoreError) {
      io.stderr(`${err.message}\n`);
      return exitCodeFor(err);
    }
    io.stderr(`错误：${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return 1;
  }
}

function parse(argv: string[], valueFlags: readonly string[], boolFlags: readonly string[] = []): ParsedArgs {
  const args = parseArgs(argv, valueFlags, boolFlags);
  if (args.positionals.length) throw new CliError(`多余的参数：${args.positionals.join(' ')}`);
  return args;
}

function required(args: ParsedArgs, name: string): string {
  const v = flagValue(args, name);
  if (v === undefined || v === '') throw new CliError(`缺少选项 --${name}`);
  return v;
}

function dirFlag(args: ParsedArgs, io: CliIO, name = 'data'): string {
  return path.resolve(io.cwd, required(args, name));
}

/** From the environment, else asked on the terminal; usage error when neither is possible. */
async function secret(io: CliIO, env: string, question: string, confirm = false): Promise<string> {
  const fromEnv = io.env[env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const first = await io.promptSecret(question);
  if (first === null) throw new CliError(`请通过环境变量 ${env} 提供${question.replace(/[：:]\s*$/, '')}`);
  if (confirm) {
    const again = await io.promptSecret('再次输入以确认：');
    if (again !== first) throw new CliError('两次输入的密码不一致');
  }
  return first;
}

/**
 * Signs in as `--user` (default admin). `roles` applies the same least-privilege rule as the
 * app's permission table: a command that copies or rewrites the whole store is for admins.
 */
async function openAs(args: ParsedArgs, io: CliIO, client: string, roles?: readonly Role[]): Promise<Store> {
  const dataDir = dirFlag(args, io);
  const username = flagValue(args, 'user') ?? 'admin';
  const password = await secret(io, PASSWORD_ENV, `用户 ${username} 的密码：`);
  const store = await Store.open(dataDir, username, password, { client });
  requireRole(store, roles);
  return store;
}

function requireRole(store: Store, roles: readonly Role[] | undefined): void {
  if (!roles || (store.user && roles.includes(store.user.role))) return;
  store.close();
  throw new StoreError('FORBIDDEN', `此命令只能由${roles.map((r) => ROLE_NAMES[r]).join('或')}执行`);
}

function intFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = flagValue(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new CliError(`--${name} 应为 ${min} 到 ${max} 之间的整数`);
  return Number(v);
}

/** `yiyang init --data DIR --institution NAME [--admin USER] [--institution-code CODE] [--display-name NAME]` */
export function runInit(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'institution', 'admin', 'institution-code', 'display-name']);
    const dataDir = dirFlag(args, io);
    const institutionName = required(args, 'institution');
    const adminUsername = flagValue(args, 'admin') ?? 'admin';
    if (Store.isInitialized(dataDir)) throw new StoreError('ALREADY_INITIALIZED', '该数据目录已经初始化过，不能再次初始化');
    const password = await secret(io, PASSWORD_ENV, `管理员 ${adminUsername} 的新密码：`, true);
    const { store, recoveryKey } = await Store.init(dataDir, {
      institutionName,
      institutionCode: flagValue(args, 'institution-code') ?? null,
      adminUsername,
      adminDisplayName: flagValue(args, 'display-name'),
      adminPassword: password,
    });
    store.close();
    io.stdout(
      [
        `已初始化数据目录：${dataDir}`,
        `机构：${institutionName}`,
        `管理员：${adminUsername}`,
        '',
        '恢复密钥（只显示这一次）：',
        `  ${recoveryKey}`,
        '',
        '请立即把恢复密钥抄写在纸上并妥善保管，不要保存在这台电脑上。',
        '忘记所有密码时，只有它能打开数据库并重置管理员密码（yiyang reset-password）。',
        '',
      ].join('\n'),
    );
    return 0;
  });
}

/** `yiyang user add --data DIR --username U --role assessor|manager|admin [--display-name NAME] [--user ADMIN]` */
export function runUserAdd(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'username', 'role', 'display-name', 'user']);
    const username = required(args, 'username');
    const role = required(args, 'role') as Role;
    if (!ROLES.includes(role)) throw new CliError(`--role 应为 ${ROLES.join('、')} 之一`);
    const store = await openAs(args, io, 'cli.user-add');
    try {
      if (store.user?.role !== 'admin') throw new StoreError('FORBIDDEN', '只有管理员可以添加用户');
      const password = await secret(io, NEW_PASSWORD_ENV, `新用户 ${username} 的密码：`, true);
      const u = await store.users.createUser({ username, role, password, displayName: flagValue(args, 'display-name') }, store.actor);
      io.stdout(`已添加用户 ${u.username}（${role}）\n`);
      return 0;
    } finally {
      store.close();
    }
  });
}

/** `yiyang seed --data DIR --persons N [--seed N] [--user U]` */
export function runSeed(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'persons', 'seed', 'user']);
    const persons = intFlag(args, 'persons', 1, 1_000_000);
    if (persons === undefined) throw new CliError('缺少选项 --persons');
    const seed = intFlag(args, 'seed', 0, 2 ** 32 - 1);
    const store = await openAs(args, io, 'cli.seed', ['admin']);
    try {
      const step = Math.max(1000, Math.ceil(persons / 10 / 1000) * 1000);
      const r = seedStore(store, {
        persons,
        seed,
        onProgress: (done, total) => {
          if (done % step === 0 || done === total) io.stderr(`已生成 ${done}/${total} 人\n`);
        },
      });
      const rate = Math.round((r.persons / r.ms) * 1000);
      io.stdout(`已生成 ${r.persons} 名老年人、${r.assessments} 份已定稿评估，用时 ${(r.ms / 1000).toFixed(1)} 秒（每秒 ${rate} 人）\n`);
      return 0;
    } finally {
      store.close();
    }
  });
}

/** `yiyang check --data DIR [--user U]`: exit 0 only when every check passes. */
export function runCheck(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'user']);
    const store = await openAs(args, io, 'cli.check');
    try {
      const r = store.check();
      const lines = [
        r.integrity.ok ? '完整性检查：通过' : `完整性检查：未通过（${r.integrity.messages.slice(0, 5).join('；')}）`,
        `数据库版本：${r.version.current}（程序支持 ${r.version.latest}）：${r.version.ok ? '通过' : '未通过'}`,
        r.audit.ok
          ? `审计链：通过（${r.audit.rows} 条记录，末条哈希 ${auditHead(store.db).hash.slice(0, 16)}…）`
          : `审计链：未通过（第 ${r.audit.brokenAt} 条：${r.audit.reason}）`,
      ];
      io.stdout(lines.join('\n') + '\n');
      return r.ok ? 0 : 1;
    } finally {
      store.close();
    }
  });
}

/** `yiyang backup --data DIR --out FILE [--user U]` */
export function runBackup(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'out', 'user']);
    const out = path.resolve(io.cwd, required(args, 'out'));
    const store = await openAs(args, io, 'cli.backup', ['admin']);
    try {
      const b = createBackup(store, out);
      io.stdout(`已备份到 ${b.file}（${b.bytes} 字节，SHA-256 ${b.sha256}）\n`);
      return 0;
    } finally {
      store.close();
    }
  });
}

/** `yiyang restore --from FILE --data NEWDIR [--user U]`: the password is that user's in the backup. */
export function runRestore(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['from', 'data', 'user']);
    const from = path.resolve(io.cwd, required(args, 'from'));
    const dataDir = dirFlag(args, io);
    const username = flagValue(args, 'user') ?? 'admin';
    const password = await secret(io, PASSWORD_ENV, `用户 ${username} 的密码：`);
    const store = await restoreBackup(from, dataDir, { username, password }, { client: 'cli.restore' });
    if (store.user?.role !== 'admin') {
      // The folder was just made from the backup: take it away again rather than leave it.
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
      throw new StoreError('FORBIDDEN', '此命令只能由管理员执行');
    }
    try {
      const r = store.check();
      io.stdout(
        [
          `已恢复到 ${dataDir}`,
          `完整性检查：${r.integrity.ok ? '通过' : '未通过'}`,
          `审计链：${r.audit.ok ? `通过（${r.audit.rows} 条记录）` : '未通过'}`,
          '',
        ].join('\n'),
      );
      return r.ok ? 0 : 1;
    } finally {
      store.close();
    }
  });
}

/** `yiyang reset-password --data DIR [--user admin]` with YIYANG_RECOVERY_KEY and YIYANG_NEW_PASSWORD. */
export function runResetPassword(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'user']);
    const dataDir = dirFlag(args, io);
    const username = flagValue(args, 'user') ?? 'admin';
    const recoveryKey = await secret(io, RECOVERY_ENV, '恢复密钥：');
    const store = await Store.openWithRecoveryKey(dataDir, recoveryKey, { client: 'cli.reset-password' });
    try {
      const user = store.users.getByUsername(username.normalize('NFC'));
      if (!user) throw new StoreError('UNKNOWN_USER', `用户 ${username} 不存在`);
      const password = await secret(io, NEW_PASSWORD_ENV, `用户 ${username} 的新密码：`, true);
      if (user.active) await store.users.setPassword(user.id, password, store.actor);
      else await store.users.setActive(user.id, true, store.actor, { password });
      io.stdout(`已重置用户 ${username} 的密码${user.active ? '' : '并重新启用该账户'}，锁定已解除\n`);
      return 0;
    } finally {
      store.close();
    }
  });
}

/**
 * `yiyang export-reports --data DIR --out FOLDER [--user U]`: writes every signed report as
 * `评估报告-<姓名>-<评估日期>.pdf` (the assessment number is added where two would share a
 * name), each checked against its stored SHA-256 and audited as `report.export`. An
 * existing file with the same bytes is left as is; one with other bytes is never overwritten.
 */
export function runExportReports(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'out', 'user']);
    const out = path.resolve(io.cwd, required(args, 'out'));
    const store = await openAs(args, io, 'cli.export-reports', ['admin', 'manager']);
    try {
      const { signedReportFile, uniqueReportNames } = await import('../core/reports/stored-reports');
      const signed = store.assessments.listSigned();
      if (!signed.length) {
        io.stdout('没有已签名的评估报告\n');
        return 0;
      }
      const names = uniqueReportNames(
        signed.map((s) => ({ id: s.id, personName: store.persons.peek(s.personId)?.name ?? '未知', assessmentDate: s.assessmentDate, assessmentNo: s.assessmentNo })),
      );
      await mkdir(out, { recursive: true });
      let written = 0;
      let same = 0;
      const conflicts: string[] = [];
      for (const s of signed) {
        const name = names.get(s.id)!;
        const file = path.join(out, name);
        const report = signedReportFile(store, s.id, { via: 'cli' });
        const existing = await readFile(file).catch(() => null);
        if (existing) {
          if (existing.equals(report.pdf)) same++;
          else conflicts.push(name);
          continue;
        }
        await writeFile(file, report.pdf, { flag: 'wx' });
        written++;
      }
      io.stdout(`已导出 ${written} 份签名报告到 ${out}${same ? `（另有 ${same} 份已存在且内容相同）` : ''}\n`);
      if (conflicts.length) {
        io.stderr(`以下文件已存在且内容不同，未覆盖：${conflicts.join('、')}\n`);
        return 1;
      }
      return 0;
    } finally {
      store.close();
    }
  });
}
