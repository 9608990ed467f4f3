import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, isMethodName, type ApiResult } from '../../shared/contract';

/**
 * The whole bridge: one `call` that reaches only contract methods, each on its own
 * channel. `ipcRenderer` itself is never exposed.
 */
const api = {
  call(method: string, request: { input?: unknown; session?: string }): Promise<ApiResult<unknown>> {
    if (!isMethodName(method)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `没有这个接口：${method}` } });
    }
    return ipcRenderer.invoke(ipcChannel(method), request) as Promise<ApiResult<unknown>>;
  },
};

export type PreloadApi = typeof api;

contextBridge.exposeInMainWorld('yiyang', api);
