import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallRequest, Dispatcher } from '../../../electron/core/app/dispatcher';
import { FileGrants } from '../../../electron/core/files/grants';
import { coreStoppedDialog, retryChosen } from '../../../electron/shell/core-stopped';
import { chosenPath, fileDialogOptions, withFileChoice, type GrantingCore } from '../../../electron/shell/file-choice';
import { PortClient, servePort, type PortLike } from '../../../electron/transports/port';
import { METHOD_NAMES, type ApiResult } from '../../../shared/contract';

/**
 * Issue 14 #3: backup and restore through native dialogs, where the path comes only from
 * the dialog. The main process turns a chosen path into a one-time token the core keeps;
 * the page holds the token, never a path.
 */

const ABS = path.resolve('/tmp/备份/颐养评估备份-20261202.yybak');

/** Two ends of an in-memory port, delivering asynchronously like a real one. */
function portPair(): [PortLike, PortLike] {
  const handlers: [((d: unknown) => void)[], ((d: unknown) => void)[]] = [[], []];
  const end = (mine: number): PortLike => ({
    onMessage: (h) => void handlers[mine]!.push(h),
    postMessage: (d) => queueMicrotask(() => handlers[1 - mine]!.forEach((h) => h(structuredClone(d)))),
  });
  return [end(0), end(1)];
}

/** A core that only echoes which method reached it. */
const echo: Dispatcher = { methods: METHOD_NAMES, call: (method) => Promise.resolve({ ok: true, value: { reached: method } }) };

describe('FileGrants', () => {
  it('a token gives its path once, for its own purpose only', () => {
    const grants = new FileGrants();
    const token = grants.grant(ABS, 'backup-save');
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(() => grants.take(token, 'backup-open')).toThrow('所选文件已失效');
    // A mismatched purpose spends the token too: no probing for the right one.
    expect(() => grants.take(token, 'backup-save')).toThrow('所选文件已失效');
    const again = grants.grant(ABS, 'backup-save');
    expect(grants.take(again, 'backup-save')).toBe(ABS);
    expect(() => grants.take(again, 'backup-save')).toThrow('所选文件已失效');
    expect(() => grants.take('0'.repeat(32), 'backup-save')).toThrow('所选文件已失效');
  });

  it('a token is good for ten minutes', () => {
    let now = 1_000_000;
    const grants = new FileGrants(() => now);
    const late = grants.grant(ABS, 'backup-open');
    const early = grants.grant(ABS, 'backup-open');
    now += 10 * 60_000 - 1;
    expect(grants.take(early, 'backup-open')).toBe(ABS);
    now += 1;
    expect(() => grants.take(late, 'backup-open')).toThrow('所选文件已失效');
  });

  it('only an absolute path can be granted', () => {
    expect(() => new FileGrants().grant('backups/x.yybak', 'backup-open')).toThrow();
  });
});

describe('grants over the port', () => {
  it('the main process grants a path and gets a token the core can spend; calls go on as before', async () => {
    const [coreEnd, mainEnd] = portPair();
    const grants = new FileGrants();
    servePort(coreEnd, echo, grants);
    const client = new PortClient();
    client.attach(mainEnd);
    client.up();
    const token = await client.grant(ABS, 'backup-open');
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(grants.take(token!, 'backup-open')).toBe(ABS);
    expect(await client.call('app.info', { input: {} })).toEqual({ ok: true, value: { reached: 'app.info' } });
    // A relative path is not granted.
    expect(await client.grant('x.yybak', 'backup-open')).toBeNull();
  });

  it('a grant message of an unknown purpose, or to a port served without grants, makes no token', async () => {
    const [coreEnd, mainEnd] = portPair();
    const grants = new FileGrants();
    servePort(coreEnd, echo, grants);
    const seen: unknown[] = [];
    mainEnd.onMessage((d) => seen.push(d));
    mainEnd.postMessage({ kind: 'grant', id: 7, file: ABS, purpose: 'anything' });
    mainEnd.postMessage({ kind: 'call', id: 8, method: 'app.info', request: { input: {} } });
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([{ kind: 'reply', id: 8, result: { ok: true, value: { reached: 'app.info' } } }]);

    const [bare, other] = portPair();
    servePort(bare, echo);
    const client = new PortClient();
    client.attach(other);
    client.up();
    const pending = client.grant(ABS, 'backup-save');
    client.fail('核心服务已停止');
    expect(await pending).toBeNull();
  });

  it('a core that is down grants nothing', async () => {
    expect(await new PortClient().grant(ABS, 'backup-save')).toBeNull();
  });
});

describe('files.choose in the main process', () => {
  function shellWith(answer: string | null) {
    const granted: { file: string; purpose: string }[] = [];
    const asked: string[] = [];
    const core: GrantingCore = {
      ...echo,
      grant: (file, purpose) => (granted.push({ file, purpose }), Promise.resolve('t'.repeat(32))),
    };
    const shell = withFileChoice(core, (purpose) => (asked.push(purpose), Promise.resolve(answer)));
    const call = (method: string, request: CallRequest) => shell.call(method, request, 'ipc') as Promise<ApiResult<unknown>>;
    return { call, granted, asked };
  }

  it('opens the dialog, grants the chosen path, and gives the page only the token and the bare name', async () => {
    const s = shellWith(ABS);
    expect(await s.call('files.choose', { input: { purpose: 'backup-open' } })).toEqual({ ok: true, value: { grant: 't'.repeat(32), name: '颐养评估备份-20261202.yybak' } });
    expect(s.asked).toEqual(['backup-open']);
    expect(s.granted).toEqual([{ file: ABS, purpose: 'backup-open' }]);
  });

  it('a cancelled dialog answers null and grants nothing', async () => {
    const s = shellWith(null);
    expect(await s.call('files.choose', { input: { purpose: 'backup-save' } })).toEqual({ ok: true, value: null });
    expect(s.granted).toEqual([]);
  });

  it('a saved backup always ends in .yybak', async () => {
    const s = shellWith(path.resolve('/media/u盘/备份'));
    await s.call('files.choose', { input: { purpose: 'backup-save' } });
    expect(s.granted[0]!.file).toBe(path.resolve('/media/u盘/备份.yybak'));
    expect(chosenPath('backup-save', path.resolve('/a/B.YYBAK'))).toBe(path.resolve('/a/B.YYBAK'));
    expect(chosenPath('backup-open', 'relative.yybak')).toBeNull();
    expect(chosenPath('backup-open', undefined)).toBeNull();
  });

  it('the page cannot pass a path or another purpose; every other method goes to the core unchanged', async () => {
    const s = shellWith(ABS);
    for (const input of [{ purpose: 'anything' }, { purpose: 'backup-open', path: ABS }, {}]) {
      expect(await s.call('files.choose', { input })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    expect(s.asked).toEqual([]);
    expect(await s.call('backup.create', { input: { target: 'x' }, session: 's' })).toEqual({ ok: true, value: { reached: 'backup.create' } });
  });

  it('the dialogs: a save dialog suggesting a dated name, an open dialog, both showing backups only', () => {
    expect(fileDialogOptions('backup-save', new Date(2026, 11, 2))).toEqual({
      kind: 'save',
      title: '备份到…',
      defaultPath: '颐养评估备份-20261202.yybak',
      filters: [{ name: '颐养评估备份', extensions: ['yybak'] }],
    });
    expect(fileDialogOptions('backup-open', new Date(2026, 0, 5))).toEqual({ kind: 'open', title: '选择要恢复的备份文件', filters: [{ name: '颐养评估备份', extensions: ['yybak'] }] });
  });
});

describe('when the core stops', () => {
  it('a core that could not start says why and offers 重试 / 退出; one that stopped later says nothing was lost', () => {
    const busy = coreStoppedDialog('该数据目录正由另一个颐养评估使用');
    expect(busy).toMatchObject({ type: 'error', message: '颐养评估无法打开数据目录', buttons: ['重试', '退出'], defaultId: 0, cancelId: 1 });
    expect(busy.detail).toContain('该数据目录正由另一个颐养评估使用');
    const crashed = coreStoppedDialog(null);
    expect(crashed).toMatchObject({ message: '颐养评估的核心服务意外停止', buttons: ['重试', '退出'] });
    expect(crashed.detail).toContain('已保存的数据不会丢失');
    expect(retryChosen(0)).toBe(true);
    expect(retryChosen(1)).toBe(false);
  });
});
