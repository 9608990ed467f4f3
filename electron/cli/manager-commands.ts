import { localToday } from '../../shared/policy/dates';
import { dashboardStats } from '../core/stats/dashboard';
import { filterDetail, type StatsFilter } from '../core/stats/filters';
import { CliError, flagValue, type CliIO, type ParsedArgs } from './io';
import { openAs, parse, run } from './store-commands';

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
