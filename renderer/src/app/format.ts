import { LEVEL_NAMES } from '../../../shared/policy';

export const LEVEL_COLORS = ['green', 'blue', 'gold', 'orange', 'red'] as const;

export function levelShort(level: number | null | undefined): string {
  return level === null || level === undefined ? '—' : `${level}级 ${LEVEL_NAMES[level] ?? ''}`;
}

/** 350502194103020011 → 350502********0011: enough to tell people apart on a list. */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '—';
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : id;
}

export function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
