import { ServiceError } from '../../../shared/contract';
import { DEFAULT_INSTRUMENT_ID, getInstrument } from '../../../shared/instruments';
import type { NamespaceHandlers } from '../app/dispatcher';
import { validationError } from '../db';
import { finalizeAssessment, todayOf, type RuleSources } from './finalize';

export function assessmentsHandlers(rules: RuleSources): NamespaceHandlers<'assessments'> {
  return {
    'assessments.createDraft': (input, { store }) => {
      const def = getInstrument(input.header.instrumentId ?? DEFAULT_INSTRUMENT_ID);
      if (!def) throw validationError([{ path: 'header.instrumentId', message: '未知的评估工具' }]);
      return store.assessments.createDraft(input.personId, input.header, def, store.actor, { today: todayOf(rules) });
    },
    'assessments.saveDraft': (input, { store }) =>
      store.assessments.saveDraft(input.id, { revision: input.revision, header: input.header, answers: input.answers }, store.actor, { today: todayOf(rules) }),
    'assessments.finalize': (input, { store }) => finalizeAssessment(store, rules, input),
    'assessments.discardDraft': (input, { store }) => {
      const draft = store.assessments.get(input.id);
      if (!draft) throw new ServiceError('NOT_FOUND', '没有这份评估');
      store.assessments.discardDraft(input.id, draft.revision, store.actor);
      return { ok: true } as const;
    },
    'assessments.get': (input, { store }) => {
      const a = store.assessments.get(input.id);
      if (!a) throw new ServiceError('NOT_FOUND', '没有这份评估');
      // Health answers are as sensitive as the person record: reading them is audited the same way.
      store.audit.append(store.actor, { action: 'assessment.view', entity: 'assessment', entityId: a.id, detail: { personId: a.personId } });
      return a;
    },
    'assessments.changeCarePlan': (input, { store }) => {
      const a = store.assessments.get(input.id);
      if (!a) throw new ServiceError('NOT_FOUND', '没有这份评估');
      // The plan is the assessors' professional judgement: only the two named on it may change it.
      const me = store.actor.userId;
      if (me !== a.header.assessor1Id && me !== a.header.assessor2Id) throw new ServiceError('FORBIDDEN', '只有本次评估的评估员可以修改照护计划');
      return store.assessments.changeCarePlan(input.id, input.change, store.actor);
    },
    'assessments.listByPerson': (input, { store }) => store.assessments.listByPerson(input.personId),
    'assessments.draftForPerson': (input, { store }) => store.assessments.latestDraftForPerson(input.personId),
  };
}
