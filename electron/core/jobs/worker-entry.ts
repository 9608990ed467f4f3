import { parentPort } from 'node:worker_threads';
import type { TaskMessage, TaskRequest, WireError } from './messages';
import { TASKS, type TaskContext } from './tasks';

/**
 * The entry of every worker thread (bundled as dist-electron/worker.js). It runs the tasks
 * it is sent one after another and answers each with progress, then a result or an error.
 */
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');

function toWire(err: unknown): WireError {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; fields?: unknown };
    return {
      name: err.name,
      message: err.message,
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(Array.isArray(e.fields) ? { fields: e.fields as WireError['fields'] } : {}),
    };
  }
  return { name: 'Error', message: String(err) };
}

port.on('message', (req: TaskRequest) => {
  const send = (m: TaskMessage) => port.postMessage(m);
  const ctx: TaskContext = {
    progress: (done, total, phase) => send({ id: req.id, kind: 'progress', done, total, ...(phase ? { phase } : {}) }),
  };
  void (async () => {
    try {
      const run = TASKS[req.task] as (input: unknown, ctx: TaskContext) => unknown;
      send({ id: req.id, kind: 'result', value: await run(req.input, ctx) });
    } catch (err) {
      send({ id: req.id, kind: 'error', error: toWire(err) });
    }
  })();
});
