import { levelDef, type InstrumentDefinition } from '../../../shared/instruments';
import { maskIdNumber as maskId } from '../../../shared/validation/id-number';

/** From the best level to the worst, whatever the number of levels an instrument has. */
const SPECTRUM = ['green', 'blue', 'gold', 'orange', 'volcano', 'red'] as const;

export function levelColor(def: InstrumentDefinition, level: number | null | undefined): string | undefined {
  if (level === null || level === undefined) return undefined;
  const levels = def.levels.map((l) => l.level);
  const lo = Math.min(...levels);
  const hi = Math.max(...levels);
  const at = hi === lo ? 0 : (level - lo) / (hi - lo);
  return SPECTRUM[Math.round(at * (SPECTRUM.length - 1))];
}

/** `2级 中度失能`, for chips and lists. */
export function levelShort(def: InstrumentDefinition, level: number | null | undefined): string {
  if (level === null || level === undefined) return '—';
  return `${level}级 ${levelDef(def, level)?.shortName ?? ''}`.trim();
}

/** List and page masking; `—` when there is no number. */
export function maskIdNumber(id: string | null | undefined): string {
  return id ? maskId(id) : '—';
}
