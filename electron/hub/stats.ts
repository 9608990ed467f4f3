import type pg from 'pg';
import { dashboardPlan, type DashboardStats } from '../core/stats/dashboard';
import type { StatsFilter } from '../core/stats/filters';
import { runOnPostgres, type Dialect, type Plan } from '../core/stats/sql-plan';

export interface StationSummary {
  name: string;
  stationId: string | null;
  certSha256: string;
  lastSequence: number;
  lastBundleAt: string | null;
  bundles: number;
  persons: number;
  assessments: number;
}

export type HubStats = DashboardStats & { stations: StationSummary[] };

/** The reassessment interval the hub counts due dates with (the stations' default). */
export const HUB_INTERVAL_MONTHS = 12;

function* hubPlan(dialect: Dialect, filter: StatsFilter, today: string, intervalMonths: number): Plan<HubStats> {
  const stats = yield* dashboardPlan(dialect, filter, today, intervalMonths);
  const rows = (yield {
    kind: 'all',
    sql: `SELECT s.name, s.station_id, s.cert_sha256, s.last_sequence, s.last_bundle_at,
            (SELECT count(*) FROM bundles b WHERE b.station_cert = s.cert_sha256) AS bundles,
            (SELECT count(*) FROM station_persons sp WHERE sp.station_id = s.station_id) AS persons,
            (SELECT count(*) FROM assessment_facts f WHERE f.station_id = s.station_id) AS assessments
          FROM stations s ORDER BY s.name, s.cert_sha256`,
  }) as Record<string, unknown>[];
  const stations = rows.map((r) => ({
    name: String(r['name']),
    stationId: (r['station_id'] as string | null) ?? null,
    certSha256: String(r['cert_sha256']),
    lastSequence: Number(r['last_sequence']),
    lastBundleAt: r['last_bundle_at'] ? new Date(r['last_bundle_at'] as string).toISOString() : null,
    bundles: Number(r['bundles']),
    persons: Number(r['persons']),
    assessments: Number(r['assessments']),
  }));
  return { ...stats, stations };
}

/**
 * The district's dashboard: the station's numbers, by the same queries, over every
 * station's data, plus the stations. `helpers` are more connections the independent queries
 * are shared out to (one snapshot for all).
 */
export function hubStats(client: pg.ClientBase, filter: StatsFilter, today: string, opts: { intervalMonths?: number; helpers?: pg.ClientBase[] } = {}): Promise<HubStats> {
  return runOnPostgres(client, (dialect) => hubPlan(dialect, filter, today, opts.intervalMonths ?? HUB_INTERVAL_MONTHS), opts.helpers ?? []);
}
