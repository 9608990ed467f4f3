import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannel, type ApiResult } from '../../shared/contract';
import type { CallRequest, Dispatcher } from '../core/app/dispatcher';

/**
 * Registers one `ipcMain.handle` per contract method. `ipcMain` is passed in (not
 * imported) so the registration is tested without Electron. A frame that is not our
 * own app page gets the same UNAUTHENTICATED answer as a call without a session.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatcher: Dispatcher,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const method of dispatcher.methods) {
    ipcMain.handle(ipcChannel(method), async (event, request: unknown): Promise<ApiResult<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'UNAUTHENTICATED', message: '不受信任的调用来源' } };
      }
      if (typeof request !== 'object' || request === null || Array.isArray(request)) {
        return { ok: false, error: { code: 'BAD_INPUT', message: '请求格式错误' } };
      }
      return dispatcher.call(method, request as CallRequest, 'ipc');
    });
  }
  return () => {
    for (const method of dispatcher.methods) ipcMain.removeHandler(ipcChannel(method));
  };
}
