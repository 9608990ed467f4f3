import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runBackup,
  runCheck,
  runInit,
  runResetPassword,
  runRestore,
  runSeed,
  runUserAdd,
} from '../../../electron/cli/store-commands';
import { LATEST_SCHEMA_VERSION, Store } from '../../../electron/core/db';
import { cleanupTempDirs, fakeIO, tempDir } from './helpers';

const PW = 'cli-admin-password';
let root: string;
let data: string;
let recoveryKey: string;

beforeAll(async () => {
  root = tempDir('yiyang-cli-');
  data = path.join(root, 'data');
  const io = fakeIO({ YIYANG_PASSWORD: PW }, root);
  expect(await runInit(['--data', 'data', '--institution', '丰泽区社区卫生服务中心', '--admin', 'admin', '--institution-code', 'FZ'], io)).toBe(0);
  const m = /([0-9A-Z]{4}(?:-[0-9A-Z]{4}){12})/.exec(io.out);
  recoveryKey = m![1]!;
  expect(io.out.split(recoveryKey)).toHaveLength(2);
  expect(io.out).toContain('只显示这一次');
  expect(io.out).toContain(`已初始化数据目录：${data}`);
});
afterAll(cleanupTempDirs);

function oneLine(text: string): void {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
}

describe('yiyang init', () => {
  it('refuses an initialised folder', async () => {
    const io = fakeIO({ YIYANG_PASSWORD: PW }, root);
    expect(await runInit(['--data', 'data', '--institution', 'x'], io)).toBe(1);
    oneLine(io.err);
    expect(io.err).toContain('已经初始化');
  });

  it('asks for the password on a terminal and needs it twice', async () => {
    const io = fakeIO({}, root);
    const answers = ['first-password', 'other-password'];
    io.promptSecret = async () => answers.shift() ?? null;
    expect(await runInit(['--data', 'fresh', '--institution', 'x'], io)).toBe(2);
    expect(io.err).toContain('两次输入的密码不一致');
  });

  it('usage errors exit 2', async () => {
    for (const argv of [['--institution', 'x'], ['--data', 'd', '--institution', 'x', '--bogus'], ['--data', 'd', '--institution', 'x', 'extra']]) {
      const io = fakeIO({ YIYANG_PASSWORD: PW }, root);
      expect(await runInit(argv, io)).toBe(2);
      oneLine(io.err);
    }
    const weak = fakeIO({ YIYANG_PASSWORD: 'short' }, root);
    expect(await runInit(['--data', 'weak', '--institution', 'x'], weak)).toBe(2);
    expect(weak.err).toContain('密码至少需要');
  });
});

describe('signing in from the command line', () => {
  it('wrong password and unknown user: exit 3, the same single line', async () => {
    const a = fakeIO({ YIYANG_PASSWORD: 'wrong-password' }, root);
    const b = fakeIO({ YIYANG_PASSWORD: 'wrong-password' }, root);
    expect(await runCheck(['--data', 'data'], a)).toBe(3);
    expect(await runCheck(['--data', 'data', '--user', 'ghost'], b)).toBe(3);
    oneLine(a.err);
    expect(a.err).toBe(b.err);
    expect(a.out).toBe('');
  });

  it('no password and no terminal: exit 2 naming the variable', async () => {
    const io = fakeIO({}, root);
    expect(await runCheck(['--data', 'data'], io)).toBe(2);
    expect(io.err).toContain('YIYANG_PASSWORD');
  });
});

describe('store commands', () => {
  it('user add, seed, check', async () => {
    const add = fakeIO({ YIYANG_PASSWORD: PW, YIYANG_NEW_PASSWORD: 'wang-password-1' }, root);
    expect(await runUserAdd(['--data', 'data', '--username', 'wang', '--role', 'assessor', '--display-name', '王评估员'], add)).toBe(0);
    expect(add.out).toContain('已添加用户 wang');
    const notAdmin = fakeIO({ YIYANG_PASSWORD: 'wang-password-1', YIYANG_NEW_PASSWORD: 'xxxxxxxxxx' }, root);
    expect(await runUserAdd(['--data', 'data', '--user', 'wang', '--username', 'zhao', '--role', 'assessor'], notAdmin)).toBe(4);
    expect(notAdmin.err).toContain('只能由管理员执行');
    const badRole = fakeIO({ YIYANG_PASSWORD: PW, YIYANG_NEW_PASSWORD: 'xxxxxxxxxx' }, root);
    expect(await runUserAdd(['--data', 'data', '--username', 'zhao', '--role', 'boss'], badRole)).toBe(2);

    // Seeding writes into the whole store: admins only, like the app's permission table.
    const seedAsAssessor = fakeIO({ YIYANG_PASSWORD: 'wang-password-1' }, root);
    expect(await runSeed(['--data', 'data', '--persons', '120', '--seed', '5', '--user', 'wang'], seedAsAssessor)).toBe(4);
    expect(seedAsAssessor.err).toContain('管理员');
    const seed = fakeIO({ YIYANG_PASSWORD: PW }, root);
    expect(await runSeed(['--data', 'data', '--persons', '120', '--seed', '5'], seed)).toBe(0);
    expect(seed.out).toMatch(/已生成 120 名老年人、\d+ 份已定稿评估/);
    expect(seed.err).toContain('已生成 120/120 人');
    const badN = fakeIO({ YIYANG_PASSWORD: PW }, root);
    expect(await runSeed(['--data', 'data', '--persons', 'many'], badN)).toBe(2);

    const check = fakeIO({ YIYANG_PASSWORD: PW }, root);
    expect(await runCheck(['--data', 'data'], check)).toBe(0);
    const lines = check.out.trim().split('\n');
    expect(lines[0]).toBe('完整性检查：通过');
    expect(lines[1]).toBe(`数据库版本：${LATEST_SCHEMA_VERSION}（程序支持 ${LATEST_SCHEMA_VERSION}）：通过`);
    expect(lines[2]).toMatch(/^审计链：通过（\d+ 条记录/);
  });

  it('backup and restore keep users and passwords', async () => {
    const backup = fakeIO({ YIYANG_PASSWORD: PW }, root);
    expect(await runBackup(['--data', 'data', '--out', 'backups/one.yybak'], backup)).toBe(0);
    expect(backup.out).toContain(path.join(root, 'backups', 'one.yybak'));
    // Restoring is for admins; an assessor's attempt leaves no folder behind.
    const asAssessor = fakeIO({ YIYANG_PASSWORD: 'wang-password-1' }, root);
    expect(await runRestore(['--from', 'backups/one.yybak', '--data', 'restored', '--user', 'wang'], asAssessor), asAssessor.err).toBe(4);
    expect(existsSync(path.join(root, 'restored'))).toBe(false);
    const restore = fakeIO({ YIYANG_PASSWORD: PW }, root);
    expect(await runRestore(['--from', 'backups/one.yybak', '--data', 'restored'], restore)).toBe(0);
    expect(restore.out).toContain('完整性检查：通过');
    const s = await Store.open(path.join(root, 'restored'), 'admin', PW);
    expect(s.persons.count()).toBeGreaterThanOrEqual(120);
    s.close();
    // Every user keeps their password in the restored store.
    (await Store.open(path.join(root, 'restored'), 'wang', 'wang-password-1')).close();
    const again = fakeIO({ YIYANG_PASSWORD: PW }, root);
    expect(await runRestore(['--from', 'backups/one.yybak', '--data', 'restored'], again)).toBe(1);
    oneLine(again.err);
    const wrong = fakeIO({ YIYANG_PASSWORD: 'nope-nope-nope' }, root);
    expect(await runRestore(['--from', 'backups/one.yybak', '--data', 'restored-2'], wrong)).toBe(3);
  });

  it('reset-password with the recovery key', async () => {
    const bad = fakeIO({ YIYANG_RECOVERY_KEY: 'AAAA-AAAA', YIYANG_NEW_PASSWORD: 'new-admin-password' }, root);
    expect(await runResetPassword(['--data', 'data'], bad)).toBe(3);
    oneLine(bad.err);
    const ghost = fakeIO({ YIYANG_RECOVERY_KEY: recoveryKey, YIYANG_NEW_PASSWORD: 'new-admin-password' }, root);
    expect(await runResetPassword(['--data', 'data', '--user', 'ghost'], ghost)).toBe(3);
    const io = fakeIO({ YIYANG_RECOVERY_KEY: recoveryKey, YIYANG_NEW_PASSWORD: 'new-admin-password' }, root);
    expect(await runResetPassword(['--data', 'data'], io)).toBe(0);
    expect(io.out).toContain('已重置用户 admin 的密码');
    expect(await runCheck(['--data', 'data'], fakeIO({ YIYANG_PASSWORD: PW }, root))).toBe(3);
    expect(await runCheck(['--data', 'data'], fakeIO({ YIYANG_PASSWORD: 'new-admin-password' }, root))).toBe(0);
  });

  it('a locked account: exit 3 with the unlock time', async () => {
    for (let i = 0; i < 4; i++) expect(await runCheck(['--data', 'data', '--user', 'wang'], fakeIO({ YIYANG_PASSWORD: 'bad' }, root))).toBe(3);
    const io = fakeIO({ YIYANG_PASSWORD: 'bad' }, root);
    expect(await runCheck(['--data', 'data', '--user', 'wang'], io)).toBe(3);
    expect(io.err).toMatch(/已锁定，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 后再试/);
    const right = fakeIO({ YIYANG_PASSWORD: 'wang-password-1' }, root);
    expect(await runCheck(['--data', 'data', '--user', 'wang'], right)).toBe(3);
    oneLine(right.err);
  });
});
