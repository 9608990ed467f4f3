import type { EconomicStatus, PolicyFacts } from '../../../shared/policy';

/** The assessment date every builder case uses unless it says otherwise. */
export const ON = '2026-11-30';

/** Birth date giving exactly `age` full years on `on` (the birthday is that very day). */
export function bornYearsBefore(age: number, on = ON): string {
  return `${String(Number(on.slice(0, 4)) - age).padStart(4, '0')}${on.slice(4)}`;
}

export interface PersonSpec {
  age?: number;
  birthDate?: string;
  assessmentDate?: string;
  level?: number;
  economic?: EconomicStatus;
  fps?: boolean;
  disability?: number;
  alone?: boolean;
  emptyNest?: boolean;
  leftBehind?: boolean;
}

/** A 70-year-old with no circumstance that any rule looks at, changed by `spec`. */
export function person(spec: PersonSpec = {}): PolicyFacts {
  const assessmentDate = spec.assessmentDate ?? ON;
  return {
    birthDate: spec.birthDate ?? bornYearsBefore(spec.age ?? 70, assessmentDate),
    assessmentDate,
    finalLevel: spec.level ?? 0,
    economic: spec.economic ?? 'none',
    familyPlanningSpecial: spec.fps ?? false,
    disabilityGrade: spec.disability ?? 0,
    living: { alone: spec.alone ?? false, emptyNest: spec.emptyNest ?? false, leftBehind: spec.leftBehind ?? false },
  };
}

export function describeSpec(spec: PersonSpec): string {
  return (
    Object.entries(spec)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ') || '(nobody special)'
  );
}
