import { allItems, levelName, type InstrumentDefinition } from '../../../shared/instruments';
import type { ScoreResult } from '../../../shared/scoring';
import type { ReportResultCell, ReportResultRow } from './types';

/**
 * The result block of a report, row by row, from the instrument's definition: its labels,
 * levels, leveling rule and adjustment clauses. GB/T 42195-2022 prints Annex C this way
 * (C.1 … C.5); a matrix-levelled scale prints its groups, their grades and the cell read.
 */

const UNVERIFIED = '（待核实）';

function scoreText(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : String(score);
}

/** `C.1 一级指标分级` numbers its cells C.1.1, C.1.2, …; a label without a code numbers nothing. */
function cellPrefix(label: string, i: number): string {
  const code = /^([A-Z](?:\.\d+)+)\s/.exec(label)?.[1];
  return code ? `${code}.${i + 1}\n` : '';
}

function levelTicks(def: InstrumentDefinition, checked: number | null): ReportResultCell {
  return { ticks: def.levels.map((l) => ({ label: l.name, checked: l.level === checked })) };
}

/** The rows; `result` null prints an unassessed block (every box empty). `items` are the answered scores. */
export function resultBlock(def: InstrumentDefinition, result: ScoreResult | null, items: Readonly<Record<string, number | null>>): ReportResultRow[] {
  const labels = def.report.labels;
  const rows: ReportResultRow[] = [];
  const L = def.leveling;
  rows.push({
    label: labels.indicators,
    cells: def.indicators.map((ind, i) => ({
      text: `${cellPrefix(labels.indicators, i)}${ind.name}\n${scoreText(result?.indicators[ind.code]?.score)} / ${ind.max} 分`,
      align: 'center',
    })),
  });

  if (L.kind === 'totalBands' && labels.total) {
    const total = result?.total ?? null;
    rows.push({ label: labels.total, cells: [{ text: total === null ? '—' : `${total} 分（满分 ${def.maxTotal} 分）`, bold: true }] });
  }
  if (L.kind === 'indicatorMatrix') {
    const grades = result?.grades ?? {};
    const gradeText = (code: string) => {
      const g = grades[code];
      return g ? `${g.grade} 级（${g.name}）` : '—';
    };
    rows.push({
      label: labels.grades ?? '分级',
      cells: def.indicators.map((ind) => ({ text: `${ind.name}\n${gradeText(ind.code)}`, align: 'center' })),
    });
    const cell = result?.matrixCell;
    const name = (code: string) => def.indicators.find((i) => i.code === code)?.name ?? code;
    const columns = L.columns.map(name).join('、');
    const level = cell ? L.matrix[cell.row]?.[cell.column] : undefined;
    const text = cell && level !== undefined ? `${name(L.row)} ${cell.row} 级 × ${columns}中较重者 ${cell.column} 级 → ${levelName(def, level)}` : '—';
    rows.push({ label: labels.matrix ?? '等级判定', cells: [{ text: text + (L.provenance?.verified === false ? UNVERIFIED : '') }] });
  }
  if (L.kind === 'itemCountBands') {
    const all = allItems(def);
    const counted = result ? all.filter((it) => items[it.code] === L.score).length : null;
    // The counted option by its words when every item shares them (“不能达到”), else by its score.
    const words = new Set(all.map((it) => it.options.find((o) => o.score === L.score)?.criterion));
    const what = words.size === 1 ? `“${[...words][0]}”的项目` : `得 ${L.score} 分的项目`;
    rows.push({ label: labels.total ?? '判定依据', cells: [{ text: counted === null ? '—' : `${what} ${counted} 项（共 ${all.length} 项）` }] });
  }

  if (def.adjustments.length) {
    if (labels.preliminary) rows.push({ label: labels.preliminary, cells: [levelTicks(def, result?.preliminaryLevel ?? null)] });
    rows.push({
      label: labels.adjustments ?? '等级变更',
      cells: [
        {
          intro: def.report.adjustmentsIntro,
          stacked: true,
          ticks: def.report.clauses.map((clause) => {
            const hit = result?.adjustments.find((a) => a.id === clause.id);
            return { label: clause.text, checked: !!hit, ...(hit ? { note: `依据：${hit.explanation}` } : {}) };
          }),
        },
      ],
    });
  }
  rows.push({ label: labels.final, cells: [{ ...levelTicks(def, result?.finalLevel ?? null), intro: def.report.finalIntro }] });
  return rows;
}
