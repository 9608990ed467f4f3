import type { PersonFacts } from '../../../shared/contract';
import type { PolicyFacts } from '../../../shared/policy';

/** The facts a classification reads, from the person as assessed and the assessment's result. */
export function policyFactsOf(person: PersonFacts, assessmentDate: string, finalLevel: number): PolicyFacts {
  return {
    birthDate: person.birthDate,
    assessmentDate,
    finalLevel,
    economic: person.economic,
    familyPlanningSpecial: person.familyPlanningSpecial,
    disabilityGrade: person.disabilityGrade,
    living: { alone: person.livingAlone, emptyNest: person.emptyNest, leftBehind: person.leftBehind },
    ...(person.county ? { county: person.county } : {}),
    ...(person.centralCareAllowance ? { centralCareAllowance: true } : {}),
  };
}
