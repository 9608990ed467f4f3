import { METHOD_NAMES, type ApiResult } from '../../shared/contract';
import type { CallRequest, Dispatcher } from '../core/app/dispatcher';
import { FILE_PURPOSES, type FileGrants, type FilePurpose } from '../core/files/grants';

/**
 * The third transport: contract calls as messages between the Electron main process and
 * the core in its utility process (Electron's parentPort / MessagePortMain; a child
 * process's IPC channel stands in for it in tests). Messages are plain data: a call
 * `{kind:'call', id, method, request}` is answered by `{kind:'reply', id, result}`.
 *
 * One more message exists only on this transport: `{kind:'grant', id, file, purpose}`, by
 * which the main process hands the core a path a person chose in a native dialog and gets
 * back `{kind:'granted', id, token}` for the page. The page's own calls reach the port only
 * as `call` messages (the IPC relay builds them), so no page can grant itself a path.
 */
export interface PortLike {
  onMessage(handler: (data: unknown) => void): void;
  postMessage(data: unknown): void;
}

interface PortCall {
  kind: 'call';
  id: number;
  method: unknown;
  request: unknown;
}

const BAD_ENVELOPE: ApiResult<never> = { ok: false, error: { code: 'BAD_INPUT', message: '请求格式错误' } };

function isGrant(msg: unknown): msg is { kind: 'grant'; id: number; file: string; purpose: FilePurpose } {
  const m = msg as Record<string, unknown> | null;
  return (
    typeof m === 'object' && m !== null && m['kind'] === 'grant' && Number.isSafeInteger(m['id']) && typeof m['file'] === 'string' &&
    (FILE_PURPOSES as readonly unknown[]).includes(m['purpose'])
  );
}

/** Answers every call arriving on `port` through `dispatcher`, exactly as the other transports do. */
export function servePort(port: PortLike, dispatcher: Dispatcher, grants?: FileGrants): void {
  port.onMessage((data) => {
    if (grants && isGrant(data)) {
      let token: string | null = null;
      try {
        token = grants.grant(data.file, data.purpose);
      } catch {
        /* not an absolute path: answered with no token */
      }
      return port.postMessage({ kind: 'granted', id: data.id, token });
    }
    const msg = data as Partial<PortCall> | null;
    // Without an id there is nobody to answer.
    if (typeof msg !== 'object' || msg === null || msg.kind !== 'call' || !Number.isSafeInteger(msg.id)) return;
    const reply = (result: ApiResult<unknown>) => port.postMessage({ kind: 'reply', id: msg.id, result });
    const request = msg.request;
    if (typeof msg.method !== 'string' || typeof request !== 'object' || request === null || Array.isArray(request)) return reply(BAD_ENVELOPE);
    dispatcher.call(msg.method, request as CallRequest, 'port').then(reply, () => reply({ ok: false, error: { code: 'INTERNAL', message: '内部错误，请重试' } }));
  });
}

/**
 * The main process's side: a Dispatcher whose calls travel to the core. When the core goes
 * away every call waiting, and every call until it is back, gets one clear error instead of
 * hanging; `attach` connects a restarted core.
 */
export class PortClient implements Dispatcher {
  readonly methods = METHOD_NAMES;
  private port: PortLike | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: ApiResult<unknown>) => void>();
  private readonly granting = new Map<number, (token: string | null) => void>();
  /** Calls made while the core starts: sent once it says it is ready (a message before then could be lost). */
  private queued: (() => void)[] = [];
  private state: 'starting' | 'up' | 'down' = 'down';
  private downMessage = '核心服务未连接';

  /** A (re)started core: calls wait until `up`. */
  attach(port: PortLike): void {
    this.port = port;
    this.state = 'starting';
    port.onMessage((data) => {
      const msg = data as { kind?: unknown; id?: unknown; result?: unknown; token?: unknown } | null;
      if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') return;
      if (msg.kind === 'granted') {
        const give = this.granting.get(msg.id);
        this.granting.delete(msg.id);
        give?.(typeof msg.token === 'string' ? msg.token : null);
        return;
      }
      if (msg.kind !== 'reply') return;
      const resolve = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      resolve?.(msg.result as ApiResult<unknown>);
    });
  }

  /** The core is ready: what waited is sent. */
  up(): void {
    this.state = 'up';
    for (const send of this.queued.splice(0)) send();
  }

  /** The core stopped: every call waiting, and every call until it is back, gets `message`. */
  fail(message: string): void {
    this.state = 'down';
    this.downMessage = message;
    this.port = null;
    this.queued = [];
    for (const resolve of this.waiting.values()) resolve({ ok: false, error: { code: 'INTERNAL', message } });
    this.waiting.clear();
    for (const give of this.granting.values()) give(null);
    this.granting.clear();
  }

  /** Hands the core a path chosen in a native dialog; the token it returns is what the page may use. Null if the core is not up. */
  grant(file: string, purpose: FilePurpose): Promise<string | null> {
    if (this.state !== 'up' || !this.port) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.granting.set(id, resolve);
      this.port?.postMessage({ kind: 'grant', id, file, purpose });
    });
  }

  call(method: string, request: CallRequest): Promise<ApiResult<unknown>> {
    if (this.state === 'down') return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: this.downMessage } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      const send = () => this.port?.postMessage({ kind: 'call', id, method, request });
      if (this.state === 'up') send();
      else this.queued.push(send);
    });
  }
}
