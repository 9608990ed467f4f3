import { LEVEL_NAMES } from '../../../shared/policy';

export interface HistoryPoint {
  date: string;
  total: number | null;
  level: number;
}

const W = 640;
const H = 220;
const PAD = { left: 44, right: 90, top: 16, bottom: 36 };

/**
 * Total score (0–90, line) and final level (0–4, steps) over time, as plain SVG: two
 * series are all a person's history needs, and no chart library is worth its weight here.
 */
export function HistoryChart({ points }: { points: readonly HistoryPoint[] }) {
  if (points.length === 0) return null;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length === 1 ? innerW / 2 : (i * innerW) / (points.length - 1));
  const yTotal = (t: number) => PAD.top + innerH - (t / 90) * innerH;
  const yLevel = (l: number) => PAD.top + (l / 4) * innerH;
  const totalPath = points
    .map((p, i) => (p.total === null ? null : `${x(i)},${yTotal(p.total)}`))
    .filter(Boolean)
    .join(' ');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label="总分与能力等级变化" data-testid="history-chart">
      {[0, 30, 46, 66, 90].map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={PAD.left + innerW} y1={yTotal(t)} y2={yTotal(t)} stroke="#eee" />
          <text x={PAD.left - 6} y={yTotal(t) + 4} fontSize={11} textAnchor="end" fill="#888">
            {t}
          </text>
        </g>
      ))}
      {LEVEL_NAMES.map((name, l) => (
        <text key={name} x={PAD.left + innerW + 8} y={yLevel(l) + 4} fontSize={11} fill="#d46b08">
          {l}级 {name}
        </text>
      ))}
      <polyline points={totalPath} fill="none" stroke="#1677ff" strokeWidth={2} />
      <polyline points={points.map((p, i) => `${x(i)},${yLevel(p.level)}`).join(' ')} fill="none" stroke="#d46b08" strokeWidth={2} strokeDasharray="5 4" />
      {points.map((p, i) => (
        <g key={i}>
          {p.total !== null && <circle cx={x(i)} cy={yTotal(p.total)} r={4} fill="#1677ff" />}
          <rect x={x(i) - 4} y={yLevel(p.level) - 4} width={8} height={8} fill="#d46b08" />
          <text x={x(i)} y={H - 12} fontSize={11} textAnchor="middle" fill="#666">
            {p.date}
          </text>
        </g>
      ))}
      <text x={PAD.left} y={H - 0} fontSize={11} fill="#1677ff">
        ● 总分
      </text>
      <text x={PAD.left + 60} y={H - 0} fontSize={11} fill="#d46b08">
        ■ 最终等级
      </text>
    </svg>
  );
}
