import type { InstrumentDefinition } from '../instruments/types';
import type { ScoreResult } from './engine';

/**
 * One line of `yiyang score` output; the keys and their order are part of the interface.
 * Which keys appear follows from the instrument: `grades` for instruments not levelled by
 * a total (their indicator grades; `{}` when they grade none), `preliminaryLevel` for
 * instruments with adjustment rules (otherwise it always equals the final level).
 */
export interface CliScoreResult {
  instrument: string;
  indicators: Record<string, number | null>;
  grades?: Record<string, number>;
  total: number | null;
  preliminaryLevel?: number | null;
  finalLevel: number;
  finalLevelName: string;
  adjustments: string[];
}

export function toCliResult(def: InstrumentDefinition, r: ScoreResult): CliScoreResult {
  const indicators: Record<string, number | null> = {};
  for (const [code, ind] of Object.entries(r.indicators)) indicators[code] = ind.score;
  // Built key by key: JSON.stringify keeps insertion order, which is the documented order.
  const out: Record<string, unknown> = { instrument: r.instrument, indicators };
  if (def.leveling.kind !== 'totalBands') {
    const grades: Record<string, number> = {};
    for (const [code, g] of Object.entries(r.grades ?? {})) grades[code] = g.grade;
    out['grades'] = grades;
  }
  out['total'] = r.total;
  if (def.adjustments.length > 0) out['preliminaryLevel'] = r.preliminaryLevel;
  out['finalLevel'] = r.finalLevel;
  out['finalLevelName'] = r.finalLevelName;
  out['adjustments'] = r.adjustments.map((a) => a.id);
  return out as unknown as CliScoreResult;
}
