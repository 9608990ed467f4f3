import { LEVEL_NAMES } from '../../../shared/policy';
import { maskIdNumber as maskId } from '../../../shared/validation/id-number';

export const LEVEL_COLORS = ['green', 'blue', 'gold', 'orange', 'red'] as const;

export function levelShort(level: number | null | undefined): string {
  return level === null || level === undefined ? '—' : `${level}级 ${LEVEL_NAMES[level] ?? ''}`;
}

/** List and page masking; `—` when there is no number. */
export function maskIdNumber(id: string | null | undefined): string {
  return id ? maskId(id) : '—';
}

