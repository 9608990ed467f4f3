import { getInstrument } from '../../../shared/instruments';
import { localToday } from '../../../shared/policy/dates';
import { formatDateTime } from '../../../shared/util/dates';
import type { Store } from '../db';
import { filterDetail, type StatsFilter } from '../stats/filters';
import { pseudonymKey } from './deidentify';
import { exportTitle, type ExportRequest } from './export';
import type { ExportList } from './rows';
import type { ExportFormat, WriteResult } from './write';

export interface ExportChoice {
  filter: StatsFilter;
  format: ExportFormat;
  latest?: boolean;
  deidentify?: boolean;
  list?: ExportList;
}

/** The filters as people read them, for the 说明 sheet (the hub names no assessors: their ids are each station's). */
export function filtersInWords(f: StatsFilter, assessorName: (id: string) => string | undefined = () => undefined): [string, string][] {
  const out: [string, string][] = [];
  if (f.from || f.to) out.push(['评估日期', `${f.from ?? '最早'} 至 ${f.to ?? '今天'}`]);
  if (f.county) out.push(['县（市、区）', f.county]);
  if (f.township) out.push(['乡镇（街道）', f.township]);
  if (f.instrumentId) out.push(['评估工具', getInstrument(f.instrumentId)?.title ?? f.instrumentId]);
  if (f.assessorId) out.push(['评估员', assessorName(f.assessorId) ?? f.assessorId]);
  return out;
}

/** Everything a worker needs for one export, read on the caller's connection. */
export function exportRequest(store: Store, choice: ExportChoice, userName: string, now = new Date()): ExportRequest {
  return {
    selection: { filter: choice.filter, latest: choice.latest ?? false, ...(choice.list ? { list: choice.list } : {}), today: localToday(now), intervalMonths: store.settings.getReassessmentIntervalMonths() },
    format: choice.format,
    deidentify: choice.deidentify ?? false,
    ...(choice.deidentify ? { keyBase64: pseudonymKey(store).toString('base64') } : {}),
    meta: { exportedAt: formatDateTime(now), user: userName, institution: store.settings.getInstitution().name, filters: filtersInWords(choice.filter, (id) => store.users.get(id)?.displayName) },
  };
}

export const EXPORT_MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' } as const;

/** `评估明细-2026-12-01.xlsx`, `护理补贴名单-脱敏-2026-12-01.csv`. */
export function exportFileName(choice: ExportChoice, now = new Date()): string {
  const title = exportTitle({ filter: choice.filter, latest: choice.latest ?? false, ...(choice.list ? { list: choice.list } : {}), today: '', intervalMonths: 12 }).replace(/（.*）/, '');
  return `${title}${choice.deidentify ? '-脱敏' : ''}-${localToday(now)}.${choice.format}`;
}

/** Who exported what: the filters (place names hashed), the kind, the row count; never a row. */
export function auditExport(store: Store, choice: ExportChoice, r: Pick<WriteResult, 'rows'>, via: 'app' | 'cli'): void {
  store.audit.append(store.actor, {
    action: 'export.table',
    entity: 'store',
    detail: {
      ...filterDetail(choice.filter),
      format: choice.format,
      latest: choice.latest ?? false,
      list: choice.list ?? null,
      deidentified: choice.deidentify ?? false,
      rows: r.rows,
      via,
    },
  });
}
