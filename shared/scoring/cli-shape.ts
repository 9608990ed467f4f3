import type { ScoreResult } from './engine';

/** One line of `yiyang score` output; keys in this order are part of the interface. */
export interface CliScoreResult {
  instrument: string;
  indicators: Record<string, number | null>;
  total: number | null;
  preliminaryLevel: number | null;
  finalLevel: number;
  finalLevelName: string;
  adjustments: string[];
}

export function toCliResult(r: ScoreResult): CliScoreResult {
  const indicators: Record<string, number | null> = {};
  for (const [code, ind] of Object.entries(r.indicators)) indicators[code] = ind.score;
  return {
    instrument: r.instrument,
    indicators,
    total: r.total,
    preliminaryLevel: r.preliminaryLevel,
    finalLevel: r.finalLevel,
    finalLevelName: r.finalLevelName,
    adjustments: r.adjustments.map((a) => a.id),
  };
}
