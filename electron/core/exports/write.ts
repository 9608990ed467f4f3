import type { Writable } from 'node:stream';
import { getInstrument } from '../../../shared/instruments';
import type { Cell, ColumnSet } from './columns';
import type { RawExportRow } from './rows';
import { XlsxWriter } from './xlsx-writer';

export type ExportFormat = 'xlsx' | 'csv';

/** What the 说明 sheet (and the CSV's audit row) states about an export. */
export interface ExportMeta {
  title: string;
  exportedAt: string;
  user: string;
  institution: string;
  /** Each filter as people read it: ['评估日期', '2026-01-01 至 2026-06-30']. */
  filters: [string, string][];
  deidentified: boolean;
}

export interface WriteOptions {
  onRow?(done: number): void;
}

export interface WriteResult {
  rows: number;
  /** Policy packs and instrument versions met in the rows, for the 说明 sheet. */
  packs: string[];
  instruments: string[];
}

/**
 * A cell of a CSV line: quoted when it holds a comma, a quote or a line break. Text that
 * Excel would take for a formula (=, +, -, @ first) gets a leading apostrophe, so a typed
 * address can never run as one.
 */
export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  if (!NEEDS_CARE.test(v)) return v;
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;

const write = (out: Writable, chunk: string): Promise<void> | void => {
  if (!out.write(chunk)) return new Promise((resolve) => out.once('drain', () => resolve()));
};

/** UTF-8 with a byte-order mark and CRLF lines, so Excel opens the Chinese text as it is. Rows come sync (a station's store) or async (the hub's pages). */
export async function writeCsv(rows: Iterable<RawExportRow> | AsyncIterable<RawExportRow>, cols: ColumnSet, out: Writable, o: WriteOptions = {}): Promise<WriteResult> {
  const seen = tracker();
  let batch = `\uFEFF${cols.headers.map(csvCell).join(',')}\r\n`;
  let n = 0;
  /** True when a batch is due to be written. */
  const add = (r: RawExportRow): boolean => {
    seen.add(r);
    const cells = cols.row(r);
    let line = csvCell(cells[0]!);
    for (let i = 1; i < cells.length; i++) line += `,${csvCell(cells[i]!)}`;
    batch += `${line}\r\n`;
    return ++n % 2000 === 0;
  };
  const flush = async () => {
    await write(out, batch);
    batch = '';
    o.onRow?.(n);
  };
  // The sync loop stays free of a promise per row (the station's CSV time).
  if (Symbol.asyncIterator in rows) {
    for await (const r of rows) if (add(r)) await flush();
  } else {
    for (const r of rows) if (add(r)) await flush();
  }
  await write(out, batch);
  o.onRow?.(n);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { rows: n, ...seen.result() };
}

/**
 * An XLSX written as it streams: 明细 (a bold header row, frozen below it, sized columns),
 * 合计 (the totals), 说明 (filters, time, user, institution, packs and instrument versions).
 */
export async function writeXlsx(rows: Iterable<RawExportRow> | AsyncIterable<RawExportRow>, cols: ColumnSet, meta: ExportMeta, out: Writable, o: WriteOptions = {}): Promise<WriteResult> {
  const wb = new XlsxWriter(out, '颐养评估', ['明细', '合计', '说明']);
  const seen = tracker();
  const levels = new Map<string, number>();
  const categories = new Map<string, number>();
  const districts = new Map<string, number>();
  const bump = (m: Map<string, number>, k: Cell) => {
    const key = k === null || k === '' ? '（未填写）' : String(k);
    m.set(key, (m.get(key) ?? 0) + 1);
  };
  const levelCol = cols.headers.indexOf('最终等级');
  const categoryCol = cols.headers.indexOf('服务对象类别');
  const districtCol = cols.headers.indexOf('县（市、区）');
  let n = 0;
  await wb.sheet({ name: '明细', headers: cols.headers, widths: cols.widths, repeats: cols.repeats }, async (sheet) => {
    // The station's rows come from a synchronous read, the district hub's page by page from PostgreSQL.
    for await (const r of rows) {
      seen.add(r);
      const cells = cols.row(r);
      bump(levels, cells[levelCol]!);
      bump(categories, cells[categoryCol]!);
      bump(districts, cells[districtCol]!);
      await sheet.row(cells);
      if (++n % 2000 === 0) o.onRow?.(n);
    }
    o.onRow?.(n);
  });

  await wb.sheet({ name: '合计', headers: ['项目', '分组', '行数'], widths: [18, 26, 10] }, async (sheet) => {
    await sheet.row(['合计', '全部', n]);
    for (const [title, m] of [['最终等级', levels], ['服务对象类别', categories], ['县（市、区）', districts]] as const)
      for (const [k, v] of [...m].sort((x, y) => y[1] - x[1])) await sheet.row([title, k, v]);
  });

  const { packs, instruments } = seen.result();
  const lines: [string, string][] = [
    ['导出内容', meta.title],
    ['机构', meta.institution],
    ['导出时间', meta.exportedAt],
    ['导出人', meta.user],
    ...(meta.filters.length ? meta.filters : ([['筛选条件', '无（全部）']] as [string, string][])),
    ['个人信息', meta.deidentified ? '已脱敏：姓名部分隐去，身份号码只保留地区码和出生年份，不含电话和住址；对象编号在本机构的各次导出中一致' : '含完整个人信息，请按个人信息保护要求保管'],
    ['行数', String(n)],
    ['政策包', packs.join('；') || '—'],
    ['评估工具版本', instruments.join('；') || '—'],
  ];
  await wb.sheet({ name: '说明', headers: ['项目', '内容'], widths: [16, 60] }, async (sheet) => {
    for (const l of lines) await sheet.row(l);
  });
  await wb.finish();
  return { rows: n, packs, instruments };
}

/** The packs and instrument versions an export's rows were made with, by name. */
function tracker() {
  const packs = new Set<string>();
  const instruments = new Set<string>();
  return {
    add(r: RawExportRow) {
      instruments.add(`${getInstrument(r.instrumentId)?.title ?? r.instrumentId}（版本 ${r.instrumentVersion}）`);
      if (r.packTitle && r.packVersion) packs.add(`${r.packTitle}（版本 ${r.packVersion}）`);
    },
    result: () => ({ packs: [...packs].sort(), instruments: [...instruments].sort() }),
  };
}
