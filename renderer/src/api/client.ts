import type { ApiError, ApiResult, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';

export interface CallEnvelope {
  input?: unknown;
  session?: string;
}

/** One way of reaching the dispatcher. Both answer with the same ApiResult shape. */
export type Transport = (method: MethodName, request: CallEnvelope) => Promise<ApiResult<unknown>>;

export interface Bridge {
  call(method: string, request: CallEnvelope): Promise<ApiResult<unknown>>;
}

declare global {
  interface Window {
    /** Present only inside Electron, put there by the preload. */
    yiyang?: Bridge;
  }
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}

export function ipcTransport(bridge: Bridge): Transport {
  return (method, request) => bridge.call(method, request);
}

export const TOKEN_HEADER = 'x-yiyang-token';

export function httpTransport(token: string, fetchFn: typeof fetch = (...a) => fetch(...a)): Transport {
  return async (method, request) => {
    let res: Response;
    try {
      res = await fetchFn(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(request),
      });
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: '无法连接到本机服务，请确认颐养评估仍在运行' } };
    }
    try {
      return (await res.json()) as ApiResult<unknown>;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: `本机服务返回了无法识别的应答（${res.status}）` } };
    }
  };
}

const TOKEN_KEY = 'yiyang.launchToken';

/**
 * The browser mode's launch token arrives in the URL fragment; keep it for this tab
 * (a reload must still work) and take it out of the address bar.
 */
export function takeLaunchToken(win: Window): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(win.location.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    win.sessionStorage.setItem(TOKEN_KEY, token);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return token;
  }
  return win.sessionStorage.getItem(TOKEN_KEY);
}

export type TransportKind = 'ipc' | 'http';

/** Electron if the preload bridge is there, otherwise the loopback HTTP server that served this page. */
export function pickTransport(win: Window): { kind: TransportKind; transport: Transport } {
  if (win.yiyang) return { kind: 'ipc', transport: ipcTransport(win.yiyang) };
  return { kind: 'http', transport: httpTransport(takeLaunchToken(win) ?? '') };
}

export class ApiClient {
  session: string | undefined;

  constructor(
    private readonly transport: Transport,
    readonly kind: TransportKind,
  ) {}

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const result = await this.transport(method, { input, session: this.session });
    if (!result.ok) throw new ApiCallError(result.error);
    return result.value as MethodOutput<M>;
  }
}
