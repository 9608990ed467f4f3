import type { AssessmentAnswers } from '../../../shared/contract';
import type { FormField, InstrumentDefinition } from '../../../shared/instruments';
import type { Answers } from '../../../shared/scoring';

/**
 * Which Annex A fields feed the scoring engine, found from the instrument's fact
 * bindings (not hard-coded): their values live in `answers.scoring`, every other
 * field's value in `answers.basic` under its code.
 */
export interface FactFieldRoles {
  comaField: string | null;
  diagnosesField: string | null;
  /** Count field code → riskEvents key. */
  riskEventKeys: ReadonlyMap<string, string>;
}

export function factFieldRoles(def: InstrumentDefinition): FactFieldRoles {
  const riskEventKeys = new Map<string, string>();
  const group = def.facts.riskEvents?.field;
  const walk = (fields: readonly FormField[], inGroup: boolean) => {
    for (const f of fields) {
      if (f.kind === 'group') walk(f.fields, inGroup || f.code === group);
      else if (f.kind === 'count' && inGroup) riskEventKeys.set(f.code, f.key);
    }
  };
  for (const form of def.forms) walk(form.fields, false);
  return { comaField: def.facts.coma?.field ?? null, diagnosesField: def.facts.diagnoses?.field ?? null, riskEventKeys };
}

export function emptyAnswers(): AssessmentAnswers {
  return { basic: {}, scoring: { items: {}, coma: false, diagnoses: [], riskEvents: {} } };
}

/** A field's current value, wherever it is kept. */
export function readField(roles: FactFieldRoles, answers: AssessmentAnswers, code: string): unknown {
  if (code === roles.comaField) return answers.scoring.coma ? 'yes' : 'no';
  if (code === roles.diagnosesField) return answers.scoring.diagnoses ?? [];
  const key = roles.riskEventKeys.get(code);
  if (key) return answers.scoring.riskEvents?.[key] ?? 0;
  return answers.basic[code];
}

export function writeField(roles: FactFieldRoles, answers: AssessmentAnswers, code: string, value: unknown): AssessmentAnswers {
  const scoring = { ...answers.scoring };
  if (code === roles.comaField) return { ...answers, scoring: { ...scoring, coma: value === 'yes' } };
  if (code === roles.diagnosesField) return { ...answers, scoring: { ...scoring, diagnoses: Array.isArray(value) ? (value as string[]) : [] } };
  const key = roles.riskEventKeys.get(code);
  if (key) return { ...answers, scoring: { ...scoring, riskEvents: { ...scoring.riskEvents, [key]: typeof value === 'number' ? value : 0 } } };
  return { ...answers, basic: { ...answers.basic, [code]: value } };
}

/** Free-text blanks that go with an option are kept beside the field as `<code>#<option>`. */
export function specifyKey(fieldCode: string, optionCode: string): string {
  return `${fieldCode}#${optionCode}`;
}

export function scoringAnswers(answers: AssessmentAnswers): Answers {
  return answers.scoring;
}
