import type { InstrumentDefinition } from '../instruments/types';
import type { NormalizedAnswers } from './answers';

export interface GradeResult {
  grade: number;
  name: string;
}

export interface Leveled {
  /** null until everything the rule reads is known. */
  level: number | null;
  /** By indicator code, for instruments that grade their indicators; empty otherwise. */
  grades: Record<string, GradeResult>;
  /** The matrix cell read: the row indicator's grade and the most severe column grade. */
  matrixCell: { row: number; column: number } | null;
}

function inBand<T extends { min: number; max: number }>(bands: readonly T[], value: number, what: string): T {
  const band = bands.find((b) => b.min <= value && value <= b.max);
  if (!band) throw new Error(`no band holds ${what} ${value}`);
  return band;
}

export function levelForTotal(def: InstrumentDefinition, total: number): number {
  if (def.leveling.kind !== 'totalBands') throw new Error(`${def.id} is not levelled by its total`);
  return inBand(def.leveling.bands, total, 'total').level;
}

/**
 * The preliminary level by the instrument's own rule, from indicator sums (null while an
 * indicator has unanswered items), the total (null when unknown or not defined) and the
 * answered items. Whatever the rule cannot yet decide stays null.
 */
export function levelOf(def: InstrumentDefinition, sums: Readonly<Record<string, number | null>>, total: number | null, answers: Pick<NormalizedAnswers, 'items'>): Leveled {
  const L = def.leveling;
  if (L.kind === 'totalBands') return { level: total === null ? null : levelForTotal(def, total), grades: {}, matrixCell: null };
  if (L.kind === 'itemCountBands') {
    const scores = def.indicators.flatMap((ind) => ind.items.map((it) => answers.items[it.code]));
    if (scores.some((s) => s === undefined)) return { level: null, grades: {}, matrixCell: null };
    const count = scores.filter((s) => s === L.score).length;
    return { level: inBand(L.bands, count, 'count').level, grades: {}, matrixCell: null };
  }
  const grades: Record<string, GradeResult> = {};
  for (const code of [L.row, ...L.columns]) {
    const sum = sums[code];
    if (sum === null || sum === undefined) continue;
    const grade = inBand(L.bands[code]!, sum, `indicator ${code} score`).grade;
    grades[code] = { grade, name: L.grades[grade]?.name ?? String(grade) };
  }
  const row = grades[L.row]?.grade;
  const columns = L.columns.map((c) => grades[c]?.grade);
  if (row === undefined || columns.some((g) => g === undefined)) return { level: null, grades, matrixCell: null };
  const column = Math.max(...(columns as number[]));
  return { level: L.matrix[row]![column]!, grades, matrixCell: { row, column } };
}
