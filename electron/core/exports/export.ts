import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Db } from '../db/database';
import { columnSet } from './columns';
import { countSelection, LIST_TITLES, selectionRows, type ExportSelection, type RawExportRow } from './rows';
import { writeCsv, writeXlsx, type ExportFormat, type ExportMeta, type WriteResult } from './write';

export interface ExportRequest {
  selection: ExportSelection;
  format: ExportFormat;
  deidentify: boolean;
  /** The store's pseudonym key, base64 (de-identified exports). */
  keyBase64?: string;
  meta: Omit<ExportMeta, 'title' | 'deidentified'>;
}

export function exportTitle(sel: ExportSelection): string {
  return sel.list ? LIST_TITLES[sel.list] : sel.latest ? '评估汇总（每人最近一次）' : '评估明细（每次评估一行）';
}

/** Writes the selection to `out`, reporting rows done of the total. */
export async function runExport(db: Db, req: ExportRequest, out: Writable, onProgress: (done: number, total: number) => void): Promise<WriteResult> {
  // One read transaction: the count, the rows and the totals describe one moment.
  db.prepare('BEGIN').run();
  try {
    const total = countSelection(db, req.selection);
    onProgress(0, total);
    return await writeSelection(selectionRows(db, req.selection), req, out, total, onProgress);
  } finally {
    db.prepare('COMMIT').run();
  }
}

/**
 * A selection's rows written as the request asks: CSV, or XLSX with 明细, 合计 and 说明. The
 * station's export and the district hub's (which names each row's station) both end here.
 */
export function writeSelection(
  rows: Iterable<RawExportRow> | AsyncIterable<RawExportRow>,
  req: ExportRequest,
  out: Writable,
  total: number,
  onProgress: (done: number, total: number) => void,
  o: { station?: boolean; titlePrefix?: string } = {},
): Promise<WriteResult> {
  const cols = columnSet({
    deidentify: req.deidentify,
    ...(req.keyBase64 ? { key: Buffer.from(req.keyBase64, 'base64') } : {}),
    intervalMonths: req.selection.intervalMonths,
    dueDate: req.selection.list === 'due',
    ...(o.station ? { station: true } : {}),
  });
  const onRow = (n: number) => onProgress(n, total);
  return req.format === 'csv'
    ? writeCsv(rows, cols, out, { onRow })
    : writeXlsx(rows, cols, { ...req.meta, title: `${o.titlePrefix ?? ''}${exportTitle(req.selection)}`, deidentified: req.deidentify }, out, { onRow });
}

/** Collects a stream in memory: the app's export is handed to the user, never left on disk. */
export class MemorySink extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Writes to `partial`, renamed to `final` only when complete; a failure leaves neither. */
export async function exportToFile(db: Db, req: ExportRequest, files: { partial: string; final: string }, onProgress: (done: number, total: number) => void): Promise<WriteResult> {
  try {
    const out = createWriteStream(files.partial, { mode: 0o600 });
    const finished = new Promise<void>((resolve, reject) => {
      out.on('close', resolve);
      out.on('error', reject);
    });
    const r = await runExport(db, req, out, onProgress);
    await finished;
    renameSync(files.partial, files.final);
    return r;
  } catch (err) {
    rmSync(files.partial, { force: true });
    throw err;
  }
}
