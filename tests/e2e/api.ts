import type { ApiResult, MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import type { BrowserModeServer } from './harness';

/**
 * Calls the browser mode's API from the test process, exactly as the page does (launch token
 * header, JSON envelope). For setting up a scenario quickly; what is under test goes
 * through the UI.
 */
export function apiClient(server: BrowserModeServer) {
  const token = decodeURIComponent(/#token=([^&]+)/.exec(server.openUrl)![1]!);
  return async function call<M extends MethodName>(method: M, input: MethodInput<M>, session?: string): Promise<MethodOutput<M>> {
    const res = await fetch(new URL(`/api/${encodeURIComponent(method)}`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yiyang-token': token },
      body: JSON.stringify({ input, session }),
    });
    const r = (await res.json()) as ApiResult<MethodOutput<M>>;
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
}
