import type { FieldError } from '../contract/errors';
import { getInstrument } from '../instruments';
import { scoreValidated, validateAnswers } from '../scoring';
import type { CareCatalogue } from './catalogue';
import { deriveCarePlan, type DerivedCarePlan } from './derive';

export type CarePlanOutcome = { ok: true; plan: DerivedCarePlan } | { ok: false; errors: FieldError[] };

/**
 * A `yiyang care-plan` case: a `yiyang score` case of the catalogue's instrument plus an
 * optional `"livingAlone": true` (a fact of the person, not of the form). Invalid answers
 * are refused exactly as `yiyang score` refuses them.
 */
export function carePlanForCase(catalogue: CareCatalogue, raw: unknown): CarePlanOutcome {
  const def = getInstrument(catalogue.instrument);
  if (!def) return { ok: false, errors: [{ path: 'instrument', message: `本程序没有评估工具 ${catalogue.instrument}` }] };
  let livingAlone = false;
  let answers = raw;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'livingAlone' in raw) {
    const { livingAlone: flag, ...rest } = raw as Record<string, unknown>;
    if (typeof flag !== 'boolean') return { ok: false, errors: [{ path: 'livingAlone', message: '应为 true 或 false' }] };
    livingAlone = flag;
    answers = rest;
  }
  const v = validateAnswers(def, answers);
  if (!v.ok) return v;
  return { ok: true, plan: deriveCarePlan(catalogue, def, v.answers, scoreValidated(def, v.answers), { livingAlone }) };
}
