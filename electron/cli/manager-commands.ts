import path from 'node:path';
import { localToday } from '../../shared/policy/dates';
import { auditExport, exportRequest, type ExportChoice } from '../core/exports/request';
import { EXPORT_LISTS, type ExportList } from '../core/exports/rows';
import { runTask } from '../core/jobs/run-task';
import { dashboardStats } from '../core/stats/dashboard';
import { filterDetail, type StatsFilter } from '../core/stats/filters';
import { CliError, flagValue, type CliIO, type ParsedArgs } from './io';
import { openAs, parse, run, tenths } from './store-commands';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** --from, --to and --district as the dashboard's filter; a malformed date is a usage error. */
export function filterFrom(args: ParsedArgs): StatsFilter {
  const filter: StatsFilter = {};
  for (const key of ['from', 'to'] as const) {
    const v = flagValue(args, key);
    if (v === undefined) continue;
    if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new CliError(`--${key} 应为 YYYY-MM-DD 格式的日期：${v}`);
    filter[key] = v;
  }
  const district = flagValue(args, 'district');
  if (district) filter.county = district;
  return filter;
}

/**
 * `yiyang stats --data DIR --user NAME [--from DATE] [--to DATE] [--district NAME] --json`:
 * the dashboard's numbers as one JSON object. Managers and admins only (exit 4 otherwise,
 * 3 for a wrong password).
 */
export function runStats(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'user', 'from', 'to', 'district'], ['json']);
    if (!args.flags.has('json')) throw new CliError('用法：yiyang stats --data DIR --user NAME [--from DATE] [--to DATE] [--district NAME] --json');
    const filter = filterFrom(args);
    const store = await openAs(args, io, 'cli.stats', 'stats.dashboard');
    try {
      const stats = dashboardStats(store.db, filter, localToday(), store.settings.getReassessmentIntervalMonths());
      store.audit.append(store.actor, { action: 'stats.view', entity: 'stats', detail: filterDetail(filter) });
      io.stdout(`${JSON.stringify(stats)}\n`);
      return 0;
    } finally {
      store.close();
    }
  });
}

const EXPORT_USAGE =
  '用法：yiyang export --data DIR --user NAME --format xlsx|csv --out FILE [--from DATE] [--to DATE] [--district NAME] [--latest] [--deidentify] [--list due|careSubsidy|voucher]';

/**
 * `yiyang export …`: the same rows, columns and sheets as the app's export, written by a
 * worker to FILE (a partial name renamed when complete, so a failure or Ctrl-C leaves no
 * file) and audited. Managers and admins only.
 */
export function runExport(argv: string[], io: CliIO): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, ['data', 'user', 'format', 'out', 'from', 'to', 'district', 'list'], ['latest', 'deidentify']);
    const format = flagValue(args, 'format');
    if (format !== 'xlsx' && format !== 'csv') throw new CliError(`--format 应为 xlsx 或 csv\n${EXPORT_USAGE}`);
    const out = flagValue(args, 'out');
    if (!out) throw new CliError(`缺少 --out\n${EXPORT_USAGE}`);
    const list = flagValue(args, 'list');
    if (list !== undefined && !(EXPORT_LISTS as readonly string[]).includes(list)) throw new CliError(`--list 应为 ${EXPORT_LISTS.join('、')} 之一\n${EXPORT_USAGE}`);
    const choice: ExportChoice = {
      filter: filterFrom(args),
      format,
      latest: args.flags.has('latest'),
      deidentify: args.flags.has('deidentify'),
      ...(list ? { list: list as ExportList } : {}),
    };
    const final = path.resolve(io.cwd, out);
    const partial = `${final}.partial-${process.pid}`;
    const store = await openAs(args, io, 'cli.export', 'exports.start');
    try {
      const request = exportRequest(store, choice, store.user?.displayName ?? store.actor.username);
      const r = await runTask(
        'exportTable',
        { access: store.workerAccess(), request, files: { partial, final } },
        { temporary: [partial], onProgress: tenths(io, (d, t) => `已导出 ${d}/${t} 行`), ...(io.interrupt ? { signal: io.interrupt } : {}) },
      );
      auditExport(store, choice, r, 'cli');
      io.stderr(`已导出 ${r.rows} 行到 ${final}\n`);
      return 0;
    } finally {
      store.close();
    }
  });
}
