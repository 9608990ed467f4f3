import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/index';
import { FolderBusyError, Store, holdDataFolder, readKeyFile } from '../../../electron/core/db';
import { ADMIN_PASSWORD, cleanupTempDirs, fakeIO, newStore, tempDir } from './helpers';

/**
 * Issue 13 #3: several processes on one data folder lost keys.json updates (3 of 30 new key
 * slots, 7 of 60 removals) and let 8 wrong passwords through instead of 5. Each test here
 * runs real second processes on one folder.
 */

afterAll(cleanupTempDirs);

const ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(__dirname, 'folder-lock-child.ts');
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

interface Child {
  proc: ChildProcessWithoutNullStreams;
  /** Tells it to go; resolves with its JSON line. */
  go(): Promise<unknown>;
}

/** Starts a child and resolves once it is ready (tsx loaded, modules imported). */
function child(args: string[]): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(proc);
  let out = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const lines: ((line: string) => void)[] = [];
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    let i: number;
    while ((i = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, i);
      out = out.slice(i + 1);
      lines.shift()?.(line);
    }
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      lines.push(resolve);
      proc.once('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
    });
  return next().then((ready) => {
    expect(ready).toBe('ready');
    return {
      proc,
      go: () => {
        const line = next();
        proc.stdin.write('go\n');
        return line.then((l) => JSON.parse(l) as unknown);
      },
    };
  });
}

async function held(dataDir: string): Promise<Child> {
  const c = await child(['hold', dataDir]);
  expect(await c.go()).toEqual({ held: true });
  return c;
}

describe('one writer per data folder', () => {
  it('a second hold in the same process is refused until the first is released', async () => {
    const dir = tempDir();
    const first = holdDataFolder(dir);
    expect(() => holdDataFolder(dir)).toThrow(FolderBusyError);
    first.release();
    holdDataFolder(dir).release();
  });

  it('a folder held by another process is refused at once; when that process is killed the folder is free', async () => {
    const dir = tempDir();
    const other = await held(dir);
    expect(() => holdDataFolder(dir)).toThrow(/正被另一个颐养评估程序使用/);
    other.proc.kill('SIGKILL');
    await new Promise((r) => other.proc.once('exit', r));
    // The OS let go with the process: no stale lock survives a crash.
    holdDataFolder(dir).release();
  });

  it('a second browser-mode server on the folder says so in one line and exits 1', async () => {
    expect(existsSync(path.join(ROOT, 'dist-electron', 'server.js')), 'run `npm run build` first').toBe(true);
    const { store, dataDir } = await newStore();
    store.close();
    await held(dataDir);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist-electron', 'server.js'), '--data', dataDir], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('正被另一个颐养评估程序使用');
  });

  it('writing commands are refused in one line while the folder is held; reading commands still run', async () => {
    const { store, dataDir, recoveryKey } = await newStore();
    store.close();
    await held(dataDir);
    const env = { YIYANG_PASSWORD: ADMIN_PASSWORD, YIYANG_NEW_PASSWORD: 'new-password-1', YIYANG_RECOVERY_KEY: recoveryKey };
    const writers = [
      ['seed', '--data', dataDir, '--persons', '3'],
      ['user', 'add', '--data', dataDir, '--username', 'zhang', '--role', 'assessor'],
      ['reset-password', '--data', dataDir],
    ];
    for (const argv of writers) {
      const io = fakeIO(env);
      expect(await runCli(argv, io), argv.join(' ')).toBe(1);
      expect(io.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(io.err).toContain('正被另一个颐养评估程序使用');
    }
    expect(readKeyFile(dataDir)!.slots.some((s) => s.kind === 'user' && s.username === 'zhang')).toBe(false);
    const io = fakeIO(env);
    expect(await runCli(['check', '--data', dataDir], io), io.err).toBe(0);
  });

  it('a command that fails on a new folder leaves no folder behind, lock file included', async () => {
    const target = path.join(tempDir(), 'restored');
    const io = fakeIO({ YIYANG_PASSWORD: ADMIN_PASSWORD });
    expect(await runCli(['restore', '--from', path.join(tempDir(), 'missing.yybak'), '--data', target], io)).toBe(1);
    expect(existsSync(target)).toBe(false);
  });
});

describe('keys.json shared by several processes', () => {
  it('key slots and failed sign-ins written by four processes at once: none lost', async () => {
    const { store, dataDir } = await newStore();
    store.close();
    const N = 12;
    const writers = await Promise.all([0, 1, 2, 3].map((k) => child(['slots', dataDir, String(k), String(N)])));
    await Promise.all(writers.map((w) => w.go()));
    const kf = readKeyFile(dataDir)!;
    const users = kf.slots.flatMap((s) => (s.kind === 'user' ? [s.username] : [])).sort();
    const expected = ['admin', ...[0, 1, 2, 3].flatMap((k) => Array.from({ length: N }, (_, i) => `u${k}-${i}`))].sort();
    expect(users).toEqual(expected);
    // Each child's own admin sign-in moves the failures pending then into the audit log: a
    // sign-in now moves the rest, so every one of them is in the log exactly once.
    const s = await Store.open(dataDir, 'admin', ADMIN_PASSWORD);
    try {
      const rows = s.db.prepare("SELECT entity_id FROM audit_log WHERE action = 'login.failed' AND entity = 'login-attempt' AND detail LIKE '%unknownUser%'").all() as { entity_id: string }[];
      expect(rows).toHaveLength(4 * N);
      expect(new Set(rows.map((r) => r.entity_id)).size).toBe(4 * N);
    } finally {
      s.close();
    }
    expect(readKeyFile(dataDir)!.pendingAudit).toEqual([]);
  });

  it('16 wrong passwords from four processes at once: exactly 5 are tried, then the account is locked', async () => {
    const { store, dataDir } = await newStore();
    store.close();
    const guessers = await Promise.all([0, 1, 2, 3].map(() => child(['guess', dataDir, '4'])));
    const results = (await Promise.all(guessers.map((g) => g.go()))) as { codes: string[] }[];
    const codes = results.flatMap((r) => r.codes);
    expect(codes).toHaveLength(16);
    expect(codes.filter((c) => c === 'WRONG_PASSWORD')).toHaveLength(4);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(12);
    const kf = readKeyFile(dataDir)!;
    const tried = kf.pendingAudit.filter((p) => p.action === 'login.failed' && p.actorName === 'admin');
    expect(tried).toHaveLength(5);
    expect(kf.pendingAudit.filter((p) => p.action === 'login.locked')).toHaveLength(11);
    const admin = kf.slots.find((s) => s.kind === 'user' && s.username === 'admin');
    expect(admin && 'lockedUntil' in admin && admin.lockedUntil).toBeTruthy();
    expect(JSON.parse(readFileSync(path.join(dataDir, 'keys.json'), 'utf8'))).toBeTruthy();
  });
});
