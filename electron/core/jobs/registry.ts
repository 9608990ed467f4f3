import { randomUUID } from 'node:crypto';
import { ServiceError, type MethodOutput } from '../../../shared/contract';
import { safeFileName } from '../../../shared/validation/text';
import type { Logger } from '../app/log';
import { CancelledError } from './run-task';

export type JobView = MethodOutput<'jobs.get'>;

/** What a finished job hands back: a file to save, and one line for people. */
export interface JobOutcome {
  summary: string;
  file?: { name: string; mime: string; bytes: Buffer };
}

export interface JobControl {
  readonly signal: AbortSignal;
  progress(done: number, total: number, phase?: string): void;
}

interface Job {
  view: JobView;
  ownerId: string;
  abort: AbortController;
  file: JobOutcome['file'] | null;
  expires: number;
}

/** How long a finished job's file waits to be saved before it is dropped from memory. */
const KEEP_MS = 30 * 60 * 1000;
/** Chunks of a result file, as each `jobs.result` call returns them. */
export const RESULT_CHUNK = 4 * 1024 * 1024;

/**
 * Long work started from the UI (backups, bulk reports, exports): each runs off the request
 * thread, reports progress, can be cancelled, and belongs to the user who started it. Result
 * files are kept in memory, never on disk, until saved or expired: they may hold personal data.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(kind: string, title: string, ownerId: string, run: (job: JobControl) => Promise<JobOutcome>): JobView {
    this.sweep();
    const id = randomUUID();
    const abort = new AbortController();
    const view: JobView = { id, kind, title, state: 'running', done: 0, total: 0, phase: '准备中', startedAt: new Date(this.now()).toISOString(), finishedAt: null, message: null, file: null };
    const job: Job = { view, ownerId, abort, file: null, expires: Infinity };
    this.jobs.set(id, job);
    const control: JobControl = {
      signal: abort.signal,
      progress: (done, total, phase) => {
        if (view.state !== 'running') return;
        view.done = done;
        view.total = total;
        if (phase) view.phase = phase;
      },
    };
    // Started on the next turn, so the caller gets its answer before any work begins.
    setImmediate(() => {
      run(control).then(
        (outcome) => this.finish(job, abort.signal.aborted ? 'cancelled' : 'done', outcome.summary, outcome.file ?? null),
        (err: unknown) => {
          if (err instanceof CancelledError || abort.signal.aborted) return this.finish(job, 'cancelled', '已取消，未留下任何文件', null);
          this.logger.log('warn', 'job.failed', { kind, error: err instanceof Error ? err.name : 'unknown' });
          const message = err instanceof ServiceError || (err instanceof Error && err.name === 'StoreError') ? (err as Error).message : '处理失败，请重试；如持续出现请联系管理员';
          this.finish(job, 'failed', message, null);
        },
      );
    });
    return { ...view };
  }

  private finish(job: Job, state: JobView['state'], message: string, file: JobOutcome['file'] | null): void {
    job.view.state = state;
    job.view.message = message;
    job.view.finishedAt = new Date(this.now()).toISOString();
    job.view.phase = state === 'done' ? '完成' : state === 'cancelled' ? '已取消' : '失败';
    // Every file a job hands out is saved under this name: made safe here, once, whoever built it.
    job.file = state === 'done' && file ? { ...file, name: safeFileName(file.name) } : null;
    job.view.file = job.file ? { name: job.file.name, size: job.file.bytes.length } : null;
    job.expires = this.now() + KEEP_MS;
  }

  private own(id: string, userId: string): Job {
    const job = this.jobs.get(id);
    // Someone else's job reads as no job at all.
    if (!job || job.ownerId !== userId) throw new ServiceError('NOT_FOUND', '没有这项任务（可能已过期）');
    return job;
  }

  get(id: string, userId: string): JobView {
    return { ...this.own(id, userId).view };
  }

  list(userId: string): JobView[] {
    this.sweep();
    return [...this.jobs.values()].filter((j) => j.ownerId === userId).map((j) => ({ ...j.view }));
  }

  cancel(id: string, userId: string): JobView {
    const job = this.own(id, userId);
    if (job.view.state === 'running') {
      job.view.phase = '正在取消';
      job.abort.abort();
    }
    return { ...job.view };
  }

  /** A slice of a finished job's file; the last slice drops the file from memory. */
  result(id: string, userId: string, offset: number): { name: string; mime: string; size: number; offset: number; chunkBase64: string; last: boolean } {
    const job = this.own(id, userId);
    if (job.view.state !== 'done' || !job.file) throw new ServiceError('CONFLICT', job.view.state === 'running' ? '任务尚未完成' : '这项任务没有可保存的文件');
    const { bytes } = job.file;
    if (offset > bytes.length) throw new ServiceError('BAD_INPUT', '位置超出文件长度', [{ path: 'offset', message: '位置超出文件长度' }]);
    const end = Math.min(bytes.length, offset + RESULT_CHUNK);
    const out = { name: job.file.name, mime: job.file.mime, size: bytes.length, offset, chunkBase64: bytes.subarray(offset, end).toString('base64'), last: end >= bytes.length };
    if (out.last) {
      job.file = null;
      job.view.file = null;
      job.view.message = `${job.view.message ?? ''}（文件已保存）`;
    }
    return out;
  }

  /** How many jobs are running now, anyone's. */
  running(): number {
    let n = 0;
    for (const job of this.jobs.values()) if (job.view.state === 'running') n++;
    return n;
  }

  /** Cancels everything running (the app is closing). */
  cancelAll(): void {
    for (const job of this.jobs.values()) if (job.view.state === 'running') job.abort.abort();
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, job] of this.jobs) if (job.expires < now) this.jobs.delete(id);
  }
}
