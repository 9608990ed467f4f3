import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { canCall, ROLE_NAMES, ROLES, type MethodName, type Role } from '../../shared/contract';
import { CliError, flagValue, parseArgs, type CliIO, type ParsedArgs } from './io';
import { restoreBackup } from '../core/backup/backup';
import { backupInWorker } from '../core/backup/in-worker';
import { forgetInBackups } from '../core/backup/revoke';
import { keepingCaAccess, replaceUserCertificate } from '../core/signing/user-certificates';
import { Store, StoreError, auditHead, exitCodeFor, holdDataFolder, isEmptyDir, LOCK_FILES, type CheckReport } from '../core/db';
import { CancelledError, runTask } from '../core/jobs/run-task';
import { silentLogger } from '../core/app/log';
import { createAccount } from '../core/users/accounts';

/**
 * The store's command-line commands. Each returns its exit status: 0 ok, 2 usage or
 * bad input, 3 wrong password / locked / unknown user, 1 anything else. Failures print
 * one Chinese line and never a stack trace; nothing printed holds a password or key.
 */

export const PASSWORD_ENV = 'YIYANG_PASSWORD';
const NEW_PASSWORD_ENV = 'YIYANG_NEW_PASSWORD';
const RECOVERY_ENV = 'YIYANG_RECOVERY_KEY';

export async function run(io: CliIO, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof CancelledError) {
      io.stderr('已取消\n');
      return 130;
    }
    if (err instanceof StoreError) {
      io.stderr(`${err.message}\n`);
      return exitCodeFor(err);
    }
    io.stderr(`错误：${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return 1;
  }
}

export function parse(argv: string[], valueFlags: readonly string[], boolFlags: readonly string[] = []): ParsedArgs {
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

/**
 * Runs a command that changes users, keys or the folder itself while it is the folder's only
 * writer (issue 13): with the app or a server on the folder it is refused in one line.
 * Reading commands (check, backup, stats, export, export-reports) do not take it.
 */
async function asSoleWriter<T>(dataDir: string, body: () => Promise<T>, opts: { create?: boolean } = {}): Promise<T> {
  const existed = existsSync(dataDir);
  // A folder that does not exist has no other writer; the command itself says it is missing.
  if (!opts.create && !existed) return body();
  const hold = holdDataFolder(dataDir);
  try {
    return await body();
  } finally {
    hold.release();
    // A command that failed before writing anything (a refused restore, a rejected password)
    // leaves the folder as it found it, without the lock file it made.
    if (isEmptyDir(dataDir)) {
      if (existed) for (const f of LOCK_FILES) rmSync(path.join(dataDir, f), { force: true });
      else rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/** Empties a folder but for its lock files, which the process holding them removes last. */
function clearFolder(dir: string): void {
  for (const f of readdirSync(dir)) if (!LOCK_FILES.includes(f)) rmSync(path.join(dir, f), { recursive: true, force: true });
}

/** From the environment, else asked on the terminal; usage error when neither is possible. */
export async function secret(io: CliIO, env: string, question: string, confirm = false): Promise<string> {
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
 * Signs in as `--user` (default admin). `method` is the contract method whose permission the
 * command shares (the app's one role table): a command that copies or rewrites the whole
 * store shares `backup.create`, which is for administrators.
 */
export async function openAs(args: ParsedArgs, io: CliIO, client: string, method?: MethodName): Promise<Store> {
  const dataDir = dirFlag(args, io);
  const username = flagValue(args, 'user') ?? 'admin';
  const password = await secret(io, PASSWORD_ENV, `用户 ${username} 的密码：`);
  const store = await Store.open(dataDir, username, password, { client });
  requireRole(store, method);
  return store;
}

function requireRole(store: Store, method: MethodName | undefined): void {
  if (!method || canCall(store.user?.role, method)) return;
  store.close();
  const roles = ROLES.filter((r) => canCall(r, method));
  throw new StoreError('FORBIDDEN', `此命令只能由${roles.map((r) => ROLE_NAMES[r]).join('或')}执行`);
}

/** Progress on stderr, one line per tenth, so a pipe or a log is not flooded. */
export function tenths(io: CliIO, line: (done: number, total: number) => string): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const tenth = total ? Math.floor((done / total) * 10) : 10;
    if (tenth === shown) return;
    shown = tenth;
    io.stderr(`${line(done, total)}\n`);
  };
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
    const init = async (): Promise<string> => {
      const made = await Store.init(dataDir, {
        institutionName,
        institutionCode: flagValue(args, 'institution-code') ?? null,
        adminUsername,
        adminDisplayName: flagValue(args, 'display-name'),
        adminPassword: password,
      });
      made.store.close();
      return made.recoveryKey;
    };
    const recoveryKey = await asSoleWriter(dataDir, init, { create: true });
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
    return asSoleWriter(dirFlag(args, io), async () => {
      const store = await openAs(args, io, 'cli.user-add', 'users.create');
      try {
        const password = await secret(io, NEW_PASSWORD_ENV, `新用户 ${username} 的密码：`, true);
        const displayName = flagValue(args, 'display-name');
        const u = await createAccount(store, { username, role, password, ...(displayName ? { displayName } : {}) }, silentLogger);
        io.stdout(`已添加用户 ${u.username}（${role}）\n`);
        return 0;
      } finally {
        store.close();
      }
    });
  });
}

/** `yiyang seed --data DIR --persons N [--seed N] [--user U]` */
export function runSeed(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'persons', 'seed', 'user']);
    const persons = intFlag(args, 'persons', 1, 1_000_000);
    if (persons === undefined) throw new CliError('缺少选项 --persons');
    const seed = intFlag(args, 'seed', 0, 2 ** 32 - 1);
    return asSoleWriter(dirFlag(args, io), () => seedAs(args, io, persons, seed));
  });
}

async function seedAs(args: ParsedArgs, io: CliIO, persons: number, seed: number | undefined): Promise<number> {
  const store = await openAs(args, io, 'cli.seed', 'backup.create');
  try {
    // In a worker thread with its own connection, batch by batch; Ctrl-C stops after the
    // batch being written (the batches already committed stay).
    const r = await runTask(
      'seed',
      { access: store.workerAccess(), persons, ...(seed !== undefined ? { seed } : {}), batchSize: 250 },
      { onProgress: tenths(io, (done, total) => `已生成 ${done}/${total} 人`), ...(io.interrupt ? { signal: io.interrupt } : {}) },
    );
    const rate = Math.round((r.persons / r.ms) * 1000);
    io.stdout(`已生成 ${r.persons} 名老年人、${r.assessments} 份已定稿评估，用时 ${(r.ms / 1000).toFixed(1)} 秒（每秒 ${rate} 人）\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** `yiyang check --data DIR [--user U]`: exit 0 only when every check passes. */
export function runCheck(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'user']);
    const store = await openAs(args, io, 'cli.check');
    try {
      const r: CheckReport = await runTask('check', { access: store.workerAccess() });
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
    const store = await openAs(args, io, 'cli.backup', 'backup.create');
    try {
      const progress = tenths(io, (p) => `备份：${p}%`);
      const b = await backupInWorker(store, out, 'manual', { onProgress: (p) => progress(p, 100), ...(io.interrupt ? { signal: io.interrupt } : {}) });
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
    return asSoleWriter(dataDir, () => restoreAs(io, from, dataDir, username, password), { create: true });
  });
}

async function restoreAs(io: CliIO, from: string, dataDir: string, username: string, password: string): Promise<number> {
  const store = await restoreBackup(from, dataDir, { username, password }, { client: 'cli.restore' }, (s) => runTask('check', { access: s.workerAccess() }));
  if (!canCall(store.user?.role, 'backup.create')) {
    // The folder was just made from the backup: take it away again rather than leave it.
    store.close();
    clearFolder(dataDir);
    throw new StoreError('FORBIDDEN', '此命令只能由管理员执行');
  }
  try {
    const r: CheckReport = await runTask('check', { access: store.workerAccess() });
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
}

/** `yiyang reset-password --data DIR [--user admin]` with YIYANG_RECOVERY_KEY and YIYANG_NEW_PASSWORD. */
export function runResetPassword(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'user']);
    const dataDir = dirFlag(args, io);
    const username = flagValue(args, 'user') ?? 'admin';
    const recoveryKey = await secret(io, RECOVERY_ENV, '恢复密钥：');
    return asSoleWriter(dataDir, () => resetWithRecoveryKey(io, dataDir, username, recoveryKey));
  });
}

async function resetWithRecoveryKey(io: CliIO, dataDir: string, username: string, recoveryKey: string): Promise<number> {
  const store = await Store.openWithRecoveryKey(dataDir, recoveryKey, { client: 'cli.reset-password' });
  try {
    const user = store.users.getByUsername(username.normalize('NFC'));
    if (!user) throw new StoreError('UNKNOWN_USER', `用户 ${username} 不存在`);
    const password = await secret(io, NEW_PASSWORD_ENV, `用户 ${username} 的新密码：`, true);
    if (user.active) {
      // The database moves to a new key: the forgotten password opens nothing, backups included.
      await keepingCaAccess(store, () => store.users.setPassword(user.id, password, store.actor));
      forgetInBackups(dataDir, [user.username]);
      // The recovery key opens the CA: the user's signing key follows the new password now.
      await replaceUserCertificate(store, user, password);
    } else await store.users.setActive(user.id, true, store.actor, { password });
    io.stdout(`已重置用户 ${username} 的密码${user.active ? '' : '并重新启用该账户'}，锁定已解除\n`);
    return 0;
  } finally {
    store.close();
  }
}

/**
 * `yiyang export-reports --data DIR --out FOLDER [--user U]`: writes every signed report as
 * `评估报告-<姓名>-<评估日期>.pdf` (the assessment number is added where two would share a
 * name), each checked against its stored SHA-256 and audited as `report.export`. An
 * existing file with the same bytes is left as is; one with other bytes is never overwritten.
 */
export function runExportReports(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'out', 'user', 'workers'], ['unsigned']);
    const out = path.resolve(io.cwd, required(args, 'out'));
    const workers = intFlag(args, 'workers', 1, 64);
    const store = await openAs(args, io, 'cli.export-reports', 'reports.exportBulk');
    try {
      const { bulkReports } = await import('../core/reports/bulk-export');
      await mkdir(out, { recursive: true });
      let written = 0;
      let same = 0;
      let rendered = 0;
      const conflicts: string[] = [];
      const progress = tenths(io, (done, total) => `已导出 ${done}/${total} 份`);
      for await (const r of bulkReports(store, {
        via: 'cli',
        includeUnsigned: args.flags.has('unsigned'),
        ...(workers ? { workers } : {}),
        ...(io.interrupt ? { signal: io.interrupt } : {}),
        onProgress: progress,
      })) {
        const file = path.join(out, r.fileName);
        const existing = await readFile(file).catch(() => null);
        if (existing) {
          if (existing.equals(r.bytes)) same++;
          else conflicts.push(r.fileName);
          continue;
        }
        // Written under a temporary name first: a cancel or a crash never leaves half a PDF.
        const partial = `${file}.partial`;
        await writeFile(partial, r.bytes, { flag: 'w' });
        await rename(partial, file);
        written++;
        if (!r.signed) rendered++;
      }
      if (!written && !same && !conflicts.length) {
        io.stdout(args.flags.has('unsigned') ? '没有可导出的评估报告\n' : '没有已签名的评估报告\n');
        return 0;
      }
      io.stdout(
        `已导出 ${written} 份${rendered ? '报告' : '签名报告'}到 ${out}${rendered ? `（其中未签名 ${rendered} 份，文件名注明“未签名”）` : ''}${same ? `（另有 ${same} 份已存在且内容相同）` : ''}\n`,
      );
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
