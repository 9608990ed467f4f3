import { createHash } from 'node:crypto';
import type { statsFilterSchema } from '../../../shared/contract';
import type { z } from 'zod';

export type StatsFilter = z.output<typeof statsFilterSchema>;

/**
 * SQL conditions on `assessment_facts a` (finished assessments only, by construction), and
 * their parameters. The area is the facts' own copy of the person's, so no join is needed.
 */
export function assessmentWhere(f: StatsFilter): { sql: string; params: Record<string, unknown> } {
  const where = ['1 = 1'];
  const params: Record<string, unknown> = {};
  if (f.from) {
    where.push('a.assessment_date >= @from');
    params['from'] = f.from;
  }
  if (f.to) {
    where.push('a.assessment_date <= @to');
    params['to'] = f.to;
  }
  if (f.instrumentId) {
    where.push('a.instrument_id = @instrumentId');
    params['instrumentId'] = f.instrumentId;
  }
  if (f.assessorId) {
    where.push('(a.assessor1_id = @assessorId OR a.assessor2_id = @assessorId)');
    params['assessorId'] = f.assessorId;
  }
  // A name no fact refers to matches nothing (NULL never equals).
  if (f.county) {
    where.push('a.county_id = (SELECT t.id FROM fact_texts t WHERE t.text = @county)');
    params['county'] = f.county;
  }
  if (f.township) {
    where.push('a.township_id = (SELECT t.id FROM fact_texts t WHERE t.text = @township)');
    params['township'] = f.township;
  }
  return { sql: where.join(' AND '), params };
}

/** SQL conditions on `persons <alias>` for the area filters (district and township). */
export function personWhere(f: StatsFilter, alias: string): { sql: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.county) {
    where.push(`${alias}.county = @county`);
    params['county'] = f.county;
  }
  if (f.township) {
    where.push(`${alias}.township = @township`);
    params['township'] = f.township;
  }
  return { sql: where.join(' AND '), params };
}

// The due-date arithmetic lives with the date every list shows (shared/policy/dates).
export { firstLastDateReaching, plusDays } from '../../../shared/policy/dates';

/**
 * The filters as an audit row's detail. Dates and ids as they are; a place name is Chinese
 * free text, which the audit log refuses by rule, so it is kept as its SHA-256: the row
 * still shows which area was chosen (hash the name to compare) without holding text.
 */
export function filterDetail(f: StatsFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.from) out['from'] = f.from;
  if (f.to) out['to'] = f.to;
  if (f.instrumentId) out['instrumentId'] = f.instrumentId;
  if (f.assessorId) out['assessorId'] = f.assessorId;
  if (f.county) out['countySha256'] = sha256(f.county);
  if (f.township) out['townshipSha256'] = sha256(f.township);
  return out;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
