import { copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../electron/core/app/core';
import { silentLogger } from '../../../electron/core/app/log';
import type { ApiResult, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { ADMIN_PASSWORD, jobDone, startTestApp, type TestApp } from './helpers';

/**
 * Issue 14 #3: a store that cannot be opened gets 无法打开数据库 with a restore, never a blank
 * screen, and a new computer can start from a backup. The damaged files are kept aside.
 */

let app: TestApp;
let backupFile: string;
let extraDirs: string[] = [];
const cores: AppCore[] = [];

function coreOn(dataDir: string) {
  const core = createAppCore({ dataDir, mode: 'cli', logger: silentLogger, autoBackup: false });
  cores.push(core);
  const raw = (method: string, input: unknown, session?: string) => core.dispatcher.call(method, { input, session }, 'test');
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>, session?: string): Promise<MethodOutput<M>> => {
    const r = (await raw(method, input, session)) as ApiResult<MethodOutput<M>>;
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  return { core, raw, call };
}

/** Overwrites the first page's bytes: with the key right, SQLite can no longer read the database. */
function damageDatabase(dataDir: string): void {
  const fd = openSync(path.join(dataDir, 'yiyang.db'), 'r+');
  writeSync(fd, Buffer.alloc(4000, 0x5a), 0, 4000, 96);
  closeSync(fd);
}

beforeEach(async () => {
  app = await startTestApp();
  const admin = await app.login('admin', ADMIN_PASSWORD);
  await app.call('persons.create', { name: '吴阿婆', sex: '女', birthDate: '1936-07-08' }, admin);
  const job = await app.call('backup.create', {}, admin);
  expect((await jobDone(app, admin, job.id)).state).toBe('done');
  backupFile = path.join(app.dataDir, 'backups', (await app.call('backup.list', {}, admin))[0]!.fileName);
  await app.call('session.logout', {}, admin);
  app.core.close();
});

afterEach(() => {
  for (const c of cores.splice(0)) c.close();
  app.dispose();
  for (const d of extraDirs) rmSync(d, { recursive: true, force: true });
  extraDirs = [];
});

describe('a store that cannot be opened', () => {
  it('a healthy store has no problem and refuses to be overwritten by a restore', async () => {
    const { call, raw } = coreOn(app.dataDir);
    expect(await call('setup.status', {})).toEqual({ initialized: true, institutionName: null, problem: null });
    const [listed] = await call('setup.backups', {});
    expect(listed).toMatchObject({ kind: 'manual', fileName: path.basename(backupFile) });
    const r = await raw('setup.restore', { source: { fileName: listed!.fileName }, username: 'admin', password: ADMIN_PASSWORD });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('数据库完好') } });
  });

  it('a damaged database shows at sign-in; a restore from the listed backup puts it right and keeps the damaged files aside', async () => {
    damageDatabase(app.dataDir);
    const damagedBytes = readFileSync(path.join(app.dataDir, 'yiyang.db'));
    const { call, raw } = coreOn(app.dataDir);
    // Nothing is visible before the key is used.
    expect((await call('setup.status', {})).problem).toBeNull();
    expect(await raw('session.login', { username: 'admin', password: ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { message: expect.stringContaining('无法用此密钥解密数据库') } });
    expect((await call('setup.status', {})).problem).toEqual({ message: expect.stringContaining('无法用此密钥解密数据库'), restorable: true });

    // A wrong password changes nothing at all.
    const source = { fileName: path.basename(backupFile) };
    expect(await raw('setup.restore', { source, username: 'admin', password: 'wrong-pass-1' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(readFileSync(path.join(app.dataDir, 'yiyang.db')).equals(damagedBytes)).toBe(true);
    expect(readdirSync(app.dataDir).filter((f) => f.startsWith('damaged-') || f.startsWith('.restoring-'))).toEqual([]);
    // Neither does a name that is not in the list.
    expect(await raw('setup.restore', { source: { fileName: `../backups/${source.fileName}` }, username: 'admin', password: ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const restored = await call('setup.restore', { source, username: 'admin', password: ADMIN_PASSWORD });
    expect(restored.setAside).toMatch(/^damaged-\d{8}-\d{6}$/);
    const aside = path.join(app.dataDir, restored.setAside!);
    expect(readdirSync(aside).sort()).toEqual(['keys.json', 'yiyang.db']);
    expect(readFileSync(path.join(aside, 'yiyang.db')).equals(damagedBytes)).toBe(true);
    expect(readdirSync(app.dataDir).filter((f) => f.startsWith('.restoring-'))).toEqual([]);
    expect((await call('setup.status', {})).problem).toBeNull();

    const admin = (await call('session.login', { username: 'admin', password: ADMIN_PASSWORD })).session;
    expect((await call('persons.search', { query: '吴阿婆' }, admin)).rows.map((p) => p.name)).toEqual(['吴阿婆']);
    const audit = await call('audit.list', { limit: 20 }, admin);
    expect(audit.map((a) => a.action)).toContain('restore');
    expect(await call('audit.verify', {}, admin)).toMatchObject({ ok: true });
  });

  it('a key file that does not parse is seen before anyone signs in; set-up is refused and the recovery key restores', async () => {
    writeFileSync(path.join(app.dataDir, 'keys.json'), '{"format":1,"storeId":');
    const { call, raw } = coreOn(app.dataDir);
    expect((await call('setup.status', {})).problem).toEqual({ message: '密钥文件 keys.json 已损坏或格式不正确', restorable: true });
    expect(await raw('setup.init', { institutionName: '别的机构', adminUsername: 'admin', adminDisplayName: '管理员', password: ADMIN_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const restored = await call('setup.restore', { source: { fileName: path.basename(backupFile) }, recoveryKey: app.recoveryKey });
    expect(readFileSync(path.join(app.dataDir, restored.setAside!, 'keys.json'), 'utf8')).toBe('{"format":1,"storeId":');
    const admin = (await call('session.login', { username: 'admin', password: ADMIN_PASSWORD })).session;
    expect((await call('persons.search', { query: '吴阿婆' }, admin)).total).toBe(1);
  });

  it('a database file without its key file, and a key file without its database, are both problems', async () => {
    const keys = path.join(app.dataDir, 'keys.json');
    const kept = readFileSync(keys);
    rmSync(keys);
    const { call } = coreOn(app.dataDir);
    expect((await call('setup.status', {})).problem).toEqual({ message: '数据目录中缺少密钥文件 keys.json，无法打开数据库', restorable: true });
    writeFileSync(keys, kept);
    rmSync(path.join(app.dataDir, 'yiyang.db'));
    expect((await call('setup.status', {})).problem).toEqual({ message: '数据目录中缺少数据库文件 yiyang.db', restorable: true });
  });
});

describe('a new computer starts from a backup', () => {
  it('a folder not yet set up restores a backup chosen in the desktop dialog (by grant), once', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'yiyang-fresh-'));
    const usb = mkdtempSync(path.join(os.tmpdir(), 'yiyang-usb-'));
    extraDirs.push(fresh, usb);
    const onStick = path.join(usb, '颐养评估备份.yybak');
    copyFileSync(backupFile, onStick);
    const { core, call, raw } = coreOn(fresh);
    expect(await call('setup.status', {})).toEqual({ initialized: false, institutionName: null, problem: null });
    expect(await call('setup.backups', {})).toEqual([]);
    // In the browser mode nobody can choose a file: the core itself refuses.
    expect(await raw('files.choose', { purpose: 'backup-open' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await raw('setup.restore', { source: { grant: 'f'.repeat(32) }, username: 'admin', password: ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

    const grant = core.grants.grant(onStick, 'backup-open');
    expect(await call('setup.restore', { source: { grant }, username: 'admin', password: ADMIN_PASSWORD })).toEqual({ ok: true, setAside: null });
    expect(await call('setup.status', {})).toMatchObject({ initialized: true, problem: null });
    expect(existsSync(onStick)).toBe(true);
    // A spent grant and a set-up folder: both refused.
    expect(await raw('setup.restore', { source: { grant }, username: 'admin', password: ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const admin = (await call('session.login', { username: 'admin', password: ADMIN_PASSWORD })).session;
    expect((await call('persons.search', { query: '吴阿婆' }, admin)).total).toBe(1);
  });
});

describe('a backup to a place chosen in the dialog', () => {
  it('goes where the grant says; a made-up or spent token is refused', async () => {
    const usb = mkdtempSync(path.join(os.tmpdir(), 'yiyang-usb-'));
    extraDirs.push(usb);
    const { core, call, raw } = coreOn(app.dataDir);
    const admin = (await call('session.login', { username: 'admin', password: ADMIN_PASSWORD })).session;
    expect(await raw('backup.create', { target: 'f'.repeat(32) }, admin)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: '所选文件已失效，请重新选择' } });
    const target = path.join(usb, '颐养评估备份-20261202.yybak');
    const grant = core.grants.grant(target, 'backup-save');
    const job = await call('backup.create', { target: grant }, admin);
    let state: MethodOutput<'jobs.get'>;
    // Polled as the page does: with a pause, so the worker's messages get through.
    while ((state = await call('jobs.get', { id: job.id }, admin)).state === 'running') await new Promise((r) => setTimeout(r, 10));
    expect(state).toMatchObject({ state: 'done', message: expect.stringContaining(`已备份到${target}`) });
    expect(readFileSync(target).subarray(0, 16).toString()).toBe('YIYANG-BACKUP-1\n');
    expect(await raw('backup.create', { target: grant }, admin)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});
