import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ERROR_CODES, ServiceError, type ErrorCode } from '../../../shared/contract';
import { STORE_TO_API_CODE, StoreError, type StoreErrorCode } from '../db';
import type { TaskMessage, TaskRequest, WireError } from './messages';
import type { TaskInput, TaskName, TaskOutput } from './tasks';

/** Thrown when a task was cancelled: nothing it started remains. */
export class CancelledError extends Error {
  constructor() {
    super('已取消');
    this.name = 'CancelledError';
  }
}

export interface RunOptions {
  onProgress?(done: number, total: number, phase?: string): void;
  /** Files the task will write before its final rename, known beforehand: removed if it is cancelled. */
  temporary?: readonly string[];
  /** Aborting terminates the worker and removes the `temporary` files. */
  signal?: AbortSignal;
}

// Every store code, from the table that maps each of them onto the contract.
const STORE_CODES = new Set<string>(Object.keys(STORE_TO_API_CODE));

function fromWire(e: WireError): Error {
  if (e.name === 'StoreError' && e.code && STORE_CODES.has(e.code)) return new StoreError(e.code as StoreErrorCode, e.message, e.fields);
  if (e.name === 'ServiceError' && e.code && (ERROR_CODES as readonly string[]).includes(e.code)) return new ServiceError(e.code as ErrorCode, e.message, e.fields);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/**
 * A new worker thread. The bundled build ships `worker.js` beside the bundle that starts it;
 * run from the source tree (tests, tsx), the TypeScript entry is loaded through tsx.
 */
function spawnWorker(): Worker {
  const bundled = path.join(__dirname, 'worker.js');
  if (existsSync(bundled)) return new Worker(bundled);
  const entry = path.join(__dirname, 'worker-entry.ts');
  if (!existsSync(entry)) throw new Error(`worker entry not found beside ${__dirname}`);
  const tsx = createRequire(__filename).resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, { eval: true });
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  options: RunOptions;
  temporary: string[];
}

/** One worker thread running tasks one at a time. */
class TaskWorker {
  private readonly worker = spawnWorker();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;

  constructor() {
    this.worker.on('message', (m: TaskMessage) => this.onMessage(m));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`worker exited (${code})`)));
  }

  get busy(): number {
    return this.pending.size;
  }

  private onMessage(m: TaskMessage): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'progress') p.options.onProgress?.(m.done, m.total, m.phase);
    else {
      this.pending.delete(m.id);
      if (m.kind === 'result') p.resolve(m.value);
      else p.reject(fromWire(m.error));
    }
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(err);
    }
  }

  run<N extends TaskName>(task: N, input: TaskInput<N>, options: RunOptions = {}): Promise<TaskOutput<N>> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<TaskOutput<N>>((resolve, reject) => {
      const p: Pending = { resolve: resolve as (v: unknown) => void, reject, options, temporary: [...(options.temporary ?? [])] };
      this.pending.set(id, p);
      const abort = () => {
        // A worker cannot be interrupted inside a synchronous SQLite call: end it, and only
        // once it has stopped writing remove what it announced, then report the cancel.
        const err = new CancelledError();
        this.dead ??= err;
        this.pending.delete(id);
        void this.worker.terminate().then(() => {
          for (const f of p.temporary) rmSync(f, { force: true });
          reject(err);
          this.fail(err);
        });
      };
      if (options.signal?.aborted) return abort();
      // Once the task has ended, a later abort (Ctrl-C, a cancel that arrives late) must not
      // remove what it wrote: the listener goes with the task.
      const signal = options.signal;
      if (signal) {
        signal.addEventListener('abort', abort, { once: true });
        const settle = () => signal.removeEventListener('abort', abort);
        p.resolve = (v) => (settle(), (resolve as (v: unknown) => void)(v));
        p.reject = (e) => (settle(), reject(e));
      }
      const req: TaskRequest = { id, task, input };
      this.worker.postMessage(req);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  get alive(): boolean {
    return this.dead === null;
  }

  /** Whether the worker alone keeps the process running (not while it is idle). */
  keepAlive(on: boolean): void {
    if (on) this.worker.ref();
    else this.worker.unref();
  }
}

/** Runs one task in a worker thread of its own, which ends with the task. */
export async function runTask<N extends TaskName>(task: N, input: TaskInput<N>, options: RunOptions = {}): Promise<TaskOutput<N>> {
  const w = new TaskWorker();
  try {
    return await w.run(task, input, options);
  } finally {
    void w.terminate();
  }
}

/**
 * One worker kept between calls that come again and again (the dashboard as a manager
 * changes filters): its store connection and page cache stay warm, so a repeat costs what
 * the counting costs, not a new thread, a new connection and a cold cache (measured at
 * 100 000 persons: about 0.25 s instead of 0.7 s plus the thread's start). It ends after
 * `idleMs` without work and never keeps the process alive while idle.
 */
export class WarmWorker {
  private worker: TaskWorker | null = null;
  private idle: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly idleMs: number) {}

  async run<N extends TaskName>(task: N, input: TaskInput<N>, options: RunOptions = {}): Promise<TaskOutput<N>> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (!this.worker?.alive) this.worker = new TaskWorker();
    const w = this.worker;
    w.keepAlive(true);
    try {
      return await w.run(task, input, options);
    } finally {
      if (w.busy === 0 && this.worker === w) {
        w.keepAlive(false);
        this.idle = setTimeout(() => void this.close(), this.idleMs);
        this.idle.unref();
      }
    }
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}

/**
 * A fixed set of worker threads for many small CPU-bound tasks (rendering reports): every
 * core works, and the thread that asked stays free.
 */
export class WorkerPool {
  private readonly workers: TaskWorker[];
  private readonly queue: { start(w: TaskWorker): void }[] = [];

  constructor(readonly size = Math.max(1, availableParallelism())) {
    this.workers = Array.from({ length: size }, () => new TaskWorker());
  }

  run<N extends TaskName>(task: N, input: TaskInput<N>): Promise<TaskOutput<N>> {
    return new Promise<TaskOutput<N>>((resolve, reject) => {
      this.queue.push({ start: (w) => w.run(task, input).then(resolve, reject).finally(() => this.pump()) });
      this.pump();
    });
  }

  private pump(): void {
    for (const w of this.workers) {
      if (!this.queue.length) return;
      if (w.busy === 0) this.queue.shift()!.start(w);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
