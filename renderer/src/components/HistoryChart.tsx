import type { InstrumentDefinition } from '../../../shared/instruments';

export interface HistoryPoint {
  date: string;
  total: number | null;
  level: number;
}

const W = 640;
const H = 220;
const PAD = { left: 44, right: 110, top: 16, bottom: 36 };

/**
 * One instrument's history: the total (line, when the instrument has one, with the band
 * edges as ticks) and the final level (steps) over time, as plain SVG: two series are all
 * a person's history needs, and no chart library is worth its weight here.
 */
export function HistoryChart({ def, points }: { def: InstrumentDefinition; points: readonly HistoryPoint[] }) {
  if (points.length === 0) return null;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const max = def.maxTotal;
  const levels = def.levels.map((l) => l.level);
  const lo = Math.min(...levels);
  const hi = Math.max(...levels);
  const x = (i: number) => PAD.left + (points.length === 1 ? innerW / 2 : (i * innerW) / (points.length - 1));
  const yTotal = (t: number) => PAD.top + innerH - (t / (max ?? 1)) * innerH;
  const yLevel = (l: number) => PAD.top + (hi === lo ? 0.5 : (l - lo) / (hi - lo)) * innerH;
  // The band edges are where a point change of score changes the level: the ticks worth reading.
  const ticks = max === null || def.leveling.kind !== 'totalBands' ? [] : [...new Set([0, ...def.leveling.bands.map((b) => b.min), max])].sort((a, b) => a - b);
  const totalPath = points
    .map((p, i) => (p.total === null || max === null ? null : `${x(i)},${yTotal(p.total)}`))
    .filter(Boolean)
    .join(' ');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label={`${def.title}：${max !== null ? '总分与' : ''}等级变化`} data-testid="history-chart">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={PAD.left + innerW} y1={yTotal(t)} y2={yTotal(t)} stroke="#eee" />
          <text x={PAD.left - 6} y={yTotal(t) + 4} fontSize={11} textAnchor="end" fill="#888">
            {t}
          </text>
        </g>
      ))}
      {def.levels.map((l) => (
        <text key={l.level} x={PAD.left + innerW + 8} y={yLevel(l.level) + 4} fontSize={11} fill="#d46b08">
          {l.level}级 {l.shortName}
        </text>
      ))}
      {totalPath && <polyline points={totalPath} fill="none" stroke="#1677ff" strokeWidth={2} />}
      <polyline points={points.map((p, i) => `${x(i)},${yLevel(p.level)}`).join(' ')} fill="none" stroke="#d46b08" strokeWidth={2} strokeDasharray="5 4" />
      {points.map((p, i) => (
        <g key={i}>
          {p.total !== null && max !== null && <circle cx={x(i)} cy={yTotal(p.total)} r={4} fill="#1677ff" />}
          <rect x={x(i) - 4} y={yLevel(p.level) - 4} width={8} height={8} fill="#d46b08" />
          <text x={x(i)} y={H - 12} fontSize={11} textAnchor="middle" fill="#666">
            {p.date}
          </text>
        </g>
      ))}
      {max !== null && (
        <text x={PAD.left} y={H - 0} fontSize={11} fill="#1677ff">
          ● 总分
        </text>
      )}
      <text x={PAD.left + (max !== null ? 60 : 0)} y={H - 0} fontSize={11} fill="#d46b08">
        ■ 最终等级
      </text>
    </svg>
  );
}
