import { availableParallelism } from 'node:os';
import type { Store } from '../db';
import { CancelledError, WorkerPool } from '../jobs/run-task';
import { reportFileName, signedReportFile, uniqueReportNames } from './stored-reports';

export interface BulkReport {
  assessmentId: string;
  fileName: string;
  bytes: Buffer;
  signed: boolean;
}

export interface BulkOptions {
  personId?: string;
  /** Also render the finalized reports not signed yet (marked 未签名 in their names). */
  includeUnsigned?: boolean;
  /** Recorded in each report's audit row: `app`, `cli`. */
  via: string;
  /** Worker threads to render with; default every core. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

/**
 * The reports of many assessments: signed ones as their stored files (checked against the
 * stored SHA-256), unsigned ones rendered in a pool of worker threads, so every core works
 * and this thread only reads the store between renders. Yields in the store's order; a
 * cancel stops before the next report. Each report is audited as it is exported.
 */
export async function* bulkReports(store: Store, opts: BulkOptions): AsyncGenerator<BulkReport> {
  const list = store.assessments.listReportable({ ...(opts.personId ? { personId: opts.personId } : {}), unsigned: !!opts.includeUnsigned });
  const names = uniqueReportNames(list.map((a) => ({ id: a.id, personName: a.personName, assessmentDate: a.assessmentDate, assessmentNo: a.assessmentNo })));
  const unsigned = list.filter((a) => a.status === 'finalized');
  const pool = unsigned.length ? new WorkerPool(Math.max(1, Math.min(opts.workers ?? availableParallelism(), unsigned.length))) : null;
  // Renders run ahead of the loop, a few per worker, so the pool stays busy; each worker reads
  // the assessment through its own connection, so this thread only collects and audits.
  const ahead = (pool?.size ?? 0) * 2;
  const access = store.workerAccess();
  const rendering = new Map<string, Promise<{ pdf: Uint8Array }>>();
  let next = 0;
  const schedule = () => {
    while (pool && next < unsigned.length && rendering.size < ahead) {
      const a = unsigned[next++]!;
      const p = pool.run('renderStored', { access, assessmentId: a.id });
      p.catch(() => {}); // awaited below in order; a cancel must not leave an unhandled rejection
      rendering.set(a.id, p);
    }
  };
  schedule();
  let done = 0;
  try {
    for (const a of list) {
      if (opts.signal?.aborted) throw new CancelledError();
      if (a.status === 'signed') {
        const file = signedReportFile(store, a.id, { via: opts.via });
        yield { assessmentId: a.id, fileName: names.get(a.id) ?? file.fileName, bytes: file.pdf, signed: true };
      } else {
        const r = await rendering.get(a.id)!;
        rendering.delete(a.id);
        schedule();
        if (opts.signal?.aborted) throw new CancelledError();
        store.audit.append(store.actor, { action: 'report.render', entity: 'assessment', entityId: a.id, detail: { signed: false, via: opts.via } });
        const base = names.get(a.id) ?? reportFileName(a.personName, a.assessmentDate);
        yield { assessmentId: a.id, fileName: base.replace(/\.pdf$/, '-未签名.pdf'), bytes: Buffer.from(r.pdf.buffer, r.pdf.byteOffset, r.pdf.byteLength), signed: false };
      }
      opts.onProgress?.(++done, list.length);
      // Let the request thread answer between reports.
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    await pool?.close();
  }
}
