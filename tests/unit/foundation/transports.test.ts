import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../electron/core/app/core';
import { silentLogger } from '../../../electron/core/app/log';
import { startHttpServer, TOKEN_HEADER, type RunningHttpServer } from '../../../electron/transports/http';
import { registerIpc } from '../../../electron/transports/ipc';
import { ipcChannel, METHOD_NAMES, type ApiResult } from '../../../shared/contract';

type Handler = (event: unknown, request: unknown) => Promise<ApiResult<unknown>>;

/** A stand-in for ipcMain that records what the transport registers. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, fn: Handler) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

let dataDir: string;
let core: AppCore;
let server: RunningHttpServer;
const ipc = fakeIpcMain();
const trustedEvent = { senderFrame: { url: 'app://yiyang/index.html' } };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-transports-'));
  core = createAppCore({ dataDir, mode: 'browser', logger: silentLogger });
  registerIpc(ipc as never, core.dispatcher, (e) => (e as unknown as typeof trustedEvent).senderFrame.url.startsWith('app://yiyang/'));
  server = await startHttpServer({ dispatcher: core.dispatcher, staticDir: null });
});

afterAll(async () => {
  await server.close();
  core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function viaHttp(method: string, request: unknown, token: string | null = server.token) {
  const res = await fetch(`${server.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { [TOKEN_HEADER]: token } : {}) },
    body: JSON.stringify(request),
  });
  return { status: res.status, body: (await res.json()) as ApiResult<unknown> };
}

async function viaIpc(method: string, request: unknown, event: unknown = trustedEvent) {
  const handler = ipc.handlers.get(ipcChannel(method as never));
  if (!handler) throw new Error(`no IPC handler for ${method}`);
  return handler(event, request);
}

describe('the two transports', () => {
  it('expose exactly the contract method set a station serves (every method but the district hub’s)', async () => {
    const station = METHOD_NAMES.filter((m) => !m.startsWith('hub.'));
    expect(station.length).toBeGreaterThan(50);
    expect([...ipc.handlers.keys()].sort()).toEqual(station.map((m) => ipcChannel(m)).sort());
    for (const method of station) {
      const { body } = await viaHttp(method, {});
      expect(body.ok || body.error.code !== 'UNKNOWN_METHOD').toBe(true);
    }
    // The hub's methods are not a station's, over either transport.
    expect(await viaHttp('hub.stations', {})).toMatchObject({ status: 404, body: { ok: false, error: { code: 'UNKNOWN_METHOD' } } });
    const { status, body } = await viaHttp('no.such', {});
    expect(status).toBe(404);
    expect(body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('serve app.info with the same data', async () => {
    const a = await viaHttp('app.info', { input: {} });
    const b = await viaIpc('app.info', { input: {} });
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b);
    expect(b).toMatchObject({ ok: true, value: { name: 'yiyang', dataDir } });
  });

  it('reject bad input the same way', async () => {
    const a = await viaHttp('app.info', { input: { unexpected: 1 } });
    const b = await viaIpc('app.info', { input: { unexpected: 1 } });
    expect(a.status).toBe(400);
    expect(a.body).toEqual(b);
    expect(b).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [expect.objectContaining({ path: '' })] } });
  });

  it('reject a call without a session the same way', async () => {
    const a = await viaHttp('session.current', { input: {} });
    const b = await viaIpc('session.current', { input: {} });
    expect(a.status).toBe(401);
    expect(a.body).toEqual(b);
    expect(b).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('reject a malformed envelope the same way', async () => {
    const a = await viaHttp('app.info', [1, 2]);
    const b = await viaIpc('app.info', [1, 2]);
    expect(a.body).toEqual(b);
    expect(b).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('HTTP answers a malformed or unknown method name with 400 or 404, never 500 (issue 13 #9)', async () => {
    for (const [name, status, code] of [
      ['%E0%A4%A', 400, 'BAD_INPUT'],
      ['%ZZ', 400, 'BAD_INPUT'],
      ['app.info%00', 400, 'BAD_INPUT'],
      ['no.such', 404, 'UNKNOWN_METHOD'],
    ] as const) {
      const r = await viaHttp(name, { input: {} });
      expect(r.status, name).toBe(status);
      expect(r.body, name).toMatchObject({ ok: false, error: { code } });
    }
  });

  it('HTTP refuses a body that is not UTF-8 instead of turning it into U+FFFD (issue 13 #7)', async () => {
    // {"input":{"name":"张<FF>"}}: a byte no UTF-8 text holds.
    const body = Buffer.concat([Buffer.from('{"input":{"name":"张'), Buffer.from([0xff]), Buffer.from('","sex":"男","birthDate":"1950-01-01"}}')]);
    const res = await fetch(`${server.url}api/persons.create`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: '请求不是有效的 UTF-8 文本' } });
  });

  it('HTTP refuses a lone-surrogate escape where the raw string is still visible, naming the field (issue 13 #7)', async () => {
    const raw = '{"input":{"name":"\\ud800张","sex":"男","birthDate":"1950-01-01","address":"\\udc00"}}';
    const res = await fetch(`${server.url}api/persons.create`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body: raw });
    expect(res.status).toBe(400);
    const message = '含有不完整的字符编码（孤立代理项）';
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: `输入有误：${message}`, fields: [{ path: 'name', message }, { path: 'address', message }] },
    });
    // A surrogate pair written as escapes is one character, and fine.
    const pair = await fetch(`${server.url}api/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body: '{"input":{},"x":"\\ud842\\udfb7"}' });
    expect(pair.status).toBe(200);
  });

  it('HTTP refuses a call without or with a wrong launch token', async () => {
    for (const token of [null, 'wrong-token']) {
      const { status, body } = await viaHttp('app.info', { input: {} }, token);
      expect(status).toBe(401);
      expect(body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('HTTP refuses a foreign Host header (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, path: '/api/app.info', method: 'POST', headers: { host: `evil.example:${server.port}`, [TOKEN_HEADER]: server.token } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('IPC refuses a frame that is not the app page', async () => {
    const r = await viaIpc('app.info', { input: {} }, { senderFrame: { url: 'https://evil.example/' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('HTTP binds to the loopback address only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.openUrl).toBe(`${server.url}#token=${server.token}`);
  });
});
