import { ServiceError, type AssessmentRecord } from '../../../shared/contract';
import { DEFAULT_INSTRUMENT_ID, getInstrument } from '../../../shared/instruments';
import { classify } from '../../../shared/policy';
import { scoreAssessment } from '../../../shared/scoring';
import { validationError, type Actor, type Store } from '../db';
import { policyFactsOf } from '../policy/person-facts';
import type { PolicyRegistry } from '../policy/registry';

/**
 * Finishing an assessment: inside one write transaction it reads the draft and the person,
 * scores the stored answers once, classifies once with the policy pack in force, and stores
 * both with a snapshot of the person, so the result, the classification and the person
 * they describe can never come from different moments.
 */
export function finalizeAssessment(store: Store, policies: PolicyRegistry, input: { id: string; revision: number }, actor: Actor = store.actor): AssessmentRecord {
  return store.transaction(() => {
    const draft = store.assessments.get(input.id);
    if (!draft) throw new ServiceError('NOT_FOUND', '没有这份评估');
    if (draft.status !== 'draft') throw new ServiceError('CONFLICT', '评估已定稿');
    const person = store.persons.peek(draft.personId);
    if (!person) throw new ServiceError('NOT_FOUND', '没有这位老年人');
    const def = getInstrument(draft.instrumentId);
    if (!def) throw validationError([{ path: 'instrumentId', message: `本程序没有评估工具 ${draft.instrumentId}` }]);
    const outcome = scoreAssessment(def, draft.answers.scoring);
    if (!outcome.ok) throw validationError(outcome.errors.map((e) => ({ ...e, path: `answers.scoring.${e.path}` })));
    const pack = policies.active(store.settings.getActivePolicyPack());
    const classification = classify(pack, policyFactsOf(person, draft.header.assessmentDate, outcome.result.finalLevel));
    return store.assessments.finalize(
      input.id,
      {
        revision: input.revision,
        result: outcome.result,
        classification,
        personSnapshot: person,
        updatesPersonLevel: def.id === DEFAULT_INSTRUMENT_ID,
      },
      actor,
    );
  });
}
