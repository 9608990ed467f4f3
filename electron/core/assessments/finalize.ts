import { ServiceError, type AssessmentRecord, type PersonRecord } from '../../../shared/contract';
import { capabilityInstrument, getInstrument } from '../../../shared/instruments';
import { classify, minusMonths, type Classification } from '../../../shared/policy';
import { deriveCarePlan } from '../../../shared/care-plan';
import { scoreValidated, validateAnswers } from '../../../shared/scoring';
import type { CatalogueRegistry } from '../care-plan/catalogues';
import { validationError, type Actor, type Store } from '../db';
import { policyFactsOf } from '../policy/person-facts';
import type { PolicyRegistry } from '../policy/registry';

/**
 * Finishing an assessment: inside one write transaction it reads the draft and the person,
 * scores the stored answers once, classifies once with the policy pack in force, derives
 * the care plan from the catalogue that reads this instrument, and stores them with a
 * snapshot of the person, so the result, the classification and the person
 * they describe can never come from different moments.
 */
export interface RuleSources {
  policies: PolicyRegistry;
  catalogues: CatalogueRegistry;
}

export function finalizeAssessment(store: Store, rules: RuleSources, input: { id: string; revision: number }, actor: Actor = store.actor): AssessmentRecord {
  return store.transaction(() => {
    const draft = store.assessments.get(input.id);
    if (!draft) throw new ServiceError('NOT_FOUND', '没有这份评估');
    if (draft.status !== 'draft') throw new ServiceError('CONFLICT', '评估已定稿');
    const person = store.persons.peek(draft.personId);
    if (!person) throw new ServiceError('NOT_FOUND', '没有这位老年人');
    const def = getInstrument(draft.instrumentId);
    if (!def) throw validationError([{ path: 'instrumentId', message: `本程序没有评估工具 ${draft.instrumentId}` }]);
    const answers = validateAnswers(def, draft.answers.scoring);
    if (!answers.ok) throw validationError(answers.errors.map((e) => ({ ...e, path: `answers.scoring.${e.path}` })));
    const result = scoreValidated(def, answers.answers);
    const classification = classifyAt(store, rules.policies, person, draft, def.id, result.finalLevel);
    const catalogue = rules.catalogues.forInstrument(def.id);
    const carePlan = catalogue ? deriveCarePlan(catalogue, def, answers.answers, result, { livingAlone: person.livingAlone }) : null;
    return store.assessments.finalize(
      input.id,
      {
        revision: input.revision,
        result,
        classification,
        carePlan,
        personSnapshot: person,
        updatesPersonLevel: def.capability === true,
      },
      actor,
    );
  });
}

/**
 * The classification as of this assessment: the policy pack reads the capability level and
 * the latest level of every other instrument still valid (within the reassessment interval).
 * Without a valid capability level there is nothing to classify on: null.
 */
function classifyAt(
  store: Store,
  policies: PolicyRegistry,
  person: PersonRecord,
  draft: AssessmentRecord,
  instrumentId: string,
  level: number,
): Classification | null {
  const date = draft.header.assessmentDate;
  const from = minusMonths(date, store.settings.getReassessmentIntervalMonths());
  const latest = store.assessments.latestLevels(person.id, { from, to: date }, draft.id);
  const levels: Record<string, number> = Object.fromEntries(Object.entries(latest).map(([id, l]) => [id, l.level]));
  levels[instrumentId] = level;
  const capability = capabilityInstrument().id;
  const capabilityLevel = levels[capability];
  if (capabilityLevel === undefined) return null;
  const { [capability]: _own, ...others } = levels;
  const pack = policies.active(store.settings.getActivePolicyPack());
  return classify(pack, { ...policyFactsOf(person, date, capabilityLevel), ...(Object.keys(others).length ? { levels: others } : {}) });
}
