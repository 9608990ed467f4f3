import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ipcChannel } from '../../../shared/contract';

/**
 * Issue 14 #5: the built preload, run as Electron's sandbox would run it, with a stand-in
 * for `electron`. It must require nothing else and expose exactly one thing: `yiyang.call`,
 * which reaches contract channels only.
 */

const PRELOAD = path.resolve(__dirname, '../../../dist-electron/preload.js');

function runPreload() {
  const exposed: Record<string, unknown> = {};
  const invoked: string[] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
    ipcRenderer: { invoke: (channel: string) => (invoked.push(channel), Promise.resolve({ ok: true, value: null })) },
  };
  const sandbox = {
    require: (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`the preload required ${id}`);
      return electron;
    },
    module: { exports: {} },
    exports: {},
    console,
  };
  vm.runInNewContext(readFileSync(PRELOAD, 'utf8'), sandbox, { filename: PRELOAD });
  return { exposed, invoked, required };
}

describe('the built preload', () => {
  it('requires only electron and exposes only yiyang.call', () => {
    expect(existsSync(PRELOAD), 'run `npm run build` first').toBe(true);
    const { exposed, required } = runPreload();
    expect([...new Set(required)]).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['yiyang']);
    const api = exposed['yiyang'] as Record<string, unknown>;
    expect(Object.keys(api)).toEqual(['call']);
    expect(typeof api['call']).toBe('function');
  });

  it('reaches contract channels only: ipcRenderer itself never leaves it', async () => {
    const { exposed, invoked } = runPreload();
    const call = (exposed['yiyang'] as { call(m: string, r: unknown): Promise<unknown> }).call;
    await call('app.info', { input: {} });
    expect(await call('ipcRenderer.send', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(invoked).toEqual([ipcChannel('app.info')]);
    expect(JSON.stringify(Object.getOwnPropertyNames(exposed['yiyang']))).not.toMatch(/ipc|invoke|send/i);
  });
});
