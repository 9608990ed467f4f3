import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortClient } from '../../../electron/transports/port';
import { METHOD_NAMES } from '../../../shared/contract';
import { makeIdNumber } from '../../../shared/validation';

/**
 * Issue 14 #1: the core in its own process, driven over the third transport. The built
 * entry (dist-electron/core-host.js) runs under plain Node with child_process's IPC channel
 * standing in for Electron's parentPort, exactly as the main process drives it.
 */

const ROOT = path.resolve(__dirname, '../../..');
const ENTRY = path.join(ROOT, 'dist-electron', 'core-host.js');
const PASSWORD = 'admin-pass-1';

interface Host {
  child: ChildProcess;
  client: PortClient;
  /** The first non-reply message: ready or fatal. */
  first: Promise<{ kind: string; message?: string }>;
  exited: Promise<number | null>;
}

function startHost(dataDir: string): Host {
  const child = fork(ENTRY, ['--data', dataDir], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const client = new PortClient();
  client.attach({ onMessage: (h) => child.on('message', h), postMessage: (d) => child.send(d as never) });
  const first = new Promise<{ kind: string; message?: string }>((resolve) =>
    child.on('message', (m: { kind: string; message?: string }) => {
      if (m.kind === 'ready') client.up();
      if (m.kind !== 'reply') resolve(m);
    }),
  );
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      client.fail('核心服务已停止');
      resolve(code);
    }),
  );
  return { child, client, first, exited };
}

let dataDir: string;
let host: Host;

beforeAll(async () => {
  expect(existsSync(ENTRY), 'run `npm run build` first').toBe(true);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-port-'));
  host = startHost(dataDir);
  // A call made before the core is ready waits for it rather than being lost.
  const early = host.client.call('app.info', { input: {} });
  expect(await host.first).toEqual({ kind: 'ready' });
  expect(await early).toMatchObject({ ok: true, value: { name: 'yiyang', dataDir } });
});

afterAll(async () => {
  if (host.child.exitCode === null) {
    host.child.kill('SIGTERM');
    await host.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the utility-process transport', () => {
  it('reaches every method a station serves (all but the district hub’s), and no other', async () => {
    for (const method of METHOD_NAMES.filter((m) => !m.startsWith('hub.'))) {
      const r = await host.client.call(method, {});
      expect(r.ok || r.error.code !== 'UNKNOWN_METHOD', method).toBe(true);
    }
    expect(await host.client.call('hub.stations', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await host.client.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('refuses bad input and a malformed envelope', async () => {
    expect(await host.client.call('app.info', { input: { unexpected: 1 } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await host.client.call('app.info', 'not an object' as never)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: '请求格式错误' } });
  });

  it('refuses a call without a session, and a role without access', async () => {
    expect(await host.client.call('session.current', { input: {} })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const init = await host.client.call('setup.init', { input: { institutionName: '测试养老服务中心', adminUsername: 'admin', adminDisplayName: '管理员', password: PASSWORD } });
    expect(init.ok).toBe(true);
    const admin = await host.client.call('session.login', { input: { username: 'admin', password: PASSWORD } });
    const adminSession = admin.ok ? (admin.value as { session: string }).session : '';
    await host.client.call('users.create', { input: { username: 'pg1', displayName: '评估员', role: 'assessor', password: 'assessor-pass-1' }, session: adminSession });
    const assessor = await host.client.call('session.login', { input: { username: 'pg1', password: 'assessor-pass-1' } });
    const session = assessor.ok ? (assessor.value as { session: string }).session : '';
    expect(await host.client.call('users.list', { input: {}, session })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a second core on the same folder says why in one line and exits 1', async () => {
    const second = startHost(dataDir);
    const msg = await second.first;
    expect(msg.kind).toBe('fatal');
    expect(msg.message).toContain('正被另一个颐养评估程序使用');
    expect(await second.exited).toBe(1);
  });

  it('when the core dies, waiting calls get a clear error; a restarted core has every write it acknowledged', async () => {
    const login = await host.client.call('session.login', { input: { username: 'admin', password: PASSWORD } });
    const session = login.ok ? (login.value as { session: string }).session : '';
    const created = await host.client.call('persons.create', {
      input: { name: '林秀英', sex: '女', birthDate: '1941-06-12', idNumber: makeIdNumber('350503', '1941-06-12', 2), county: '丰泽区', township: '东海街道' },
      session,
    });
    expect(created, JSON.stringify(created)).toMatchObject({ ok: true });
    const id = created.ok ? (created.value as { id: string }).id : '';

    // Stopped first, so the call is certainly still waiting when the core dies.
    host.child.kill('SIGSTOP');
    const waiting = host.client.call('persons.search', { input: { limit: 5 }, session });
    host.child.kill('SIGKILL');
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: '核心服务已停止' } });
    await host.exited;
    expect(await host.client.call('app.info', { input: {} })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });

    host = startHost(dataDir);
    expect(await host.first).toEqual({ kind: 'ready' });
    const again = await host.client.call('session.login', { input: { username: 'admin', password: PASSWORD } });
    const s2 = again.ok ? (again.value as { session: string }).session : '';
    expect(await host.client.call('persons.get', { input: { id }, session: s2 })).toMatchObject({ ok: true, value: { name: '林秀英' } });
  });
});
