import { ServiceError, type AssessmentRecord, type PersonRecord } from '../../../shared/contract';
import { capabilityInstrument, getInstrument } from '../../../shared/instruments';
import { classify, firstLastDateReaching, localToday, packCoversDate, type Classification } from '../../../shared/policy';
import { assessmentDateProblem, birthDateProblem } from '../../../shared/validation';
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
  /** The clock "today" comes from (tests fix it); the machine's when absent. */
  now?: () => Date;
}

export function todayOf(rules: Pick<RuleSources, 'now'>): string {
  return localToday(rules.now?.() ?? new Date());
}

/**
 * The dates a result would be signed with, checked once more at the end: the birth date and
 * the assessment date were checked when typed, but the person may have been edited since,
 * and a draft begun on another machine's clock carries that clock's today.
 */
function checkDates(person: PersonRecord, draft: AssessmentRecord, today: string): void {
  const fields = [];
  const birth = birthDateProblem(person.birthDate, today);
  if (birth) fields.push({ path: 'person.birthDate', message: `${birth}，请先修改老年人信息` });
  const date = assessmentDateProblem(draft.header.assessmentDate, person.birthDate, today);
  if (date) fields.push({ path: 'header.assessmentDate', message: date });
  if (fields.length) throw validationError(fields);
}

export function finalizeAssessment(store: Store, rules: RuleSources, input: { id: string; revision: number }, actor: Actor = store.actor): AssessmentRecord {
  return store.transaction(() => {
    const draft = store.assessments.get(input.id);
    if (!draft) throw new ServiceError('NOT_FOUND', '没有这份评估');
    if (draft.status !== 'draft') throw new ServiceError('CONFLICT', '评估已定稿');
    const person = store.persons.peek(draft.personId);
    if (!person) throw new ServiceError('NOT_FOUND', '没有这位老年人');
    checkDates(person, draft, todayOf(rules));
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
  // Valid on the assessment date: its reassessment falls due that day or later, as the lists show it.
  const from = firstLastDateReaching(date, store.settings.getReassessmentIntervalMonths());
  const latest = store.assessments.latestLevels(person.id, { from, to: date }, draft.id);
  const levels: Record<string, number> = Object.fromEntries(Object.entries(latest).map(([id, l]) => [id, l.level]));
  levels[instrumentId] = level;
  const capability = capabilityInstrument().id;
  const capabilityLevel = levels[capability];
  if (capabilityLevel === undefined) return null;
  const { [capability]: _own, ...others } = levels;
  const pack = policies.active(store.settings.getActivePolicyPack());
  // A pack classifies only the dates it was in force on: an assessment dated before a new
  // policy took effect, or after the old one lapsed, would get entitlements nobody granted.
  if (!packCoversDate(pack, date)) {
    const span = pack.effectiveTo ? `${pack.effectiveFrom} 至 ${pack.effectiveTo}` : `${pack.effectiveFrom} 起`;
    throw new ServiceError(
      'CONFLICT',
      `当前使用的政策包“${pack.title}”的有效期为 ${span}，不适用于评估日期 ${date}。请核对评估日期，或请管理员在“机构设置”中改选适用于该日期的政策包`,
      [{ path: 'header.assessmentDate', message: `政策包“${pack.title}”在 ${date} ${date < pack.effectiveFrom ? '尚未生效' : '已失效'}` }],
    );
  }
  return classify(pack, { ...policyFactsOf(person, date, capabilityLevel), ...(Object.keys(others).length ? { levels: others } : {}) });
}
