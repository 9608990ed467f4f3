import { diagnosisOptions, findItem, levelName, riskEventFields, type InstrumentDefinition } from '../instruments';
import type { NormalizedAnswers } from '../scoring/answers';
import type { ScoreResult } from '../scoring/result';
import { catalogueRef, type CareCatalogue, type ServiceTrigger } from './catalogue';

export interface PlannedService {
  id: string;
  name: string;
  /** 完全协助 / 大部分协助 / 部分协助, or 需要 when no 0–4 item triggered it. */
  degree: string;
  /** One sentence per trigger that holds, in the catalogue's order. */
  reasons: string[];
}

export interface DerivedCarePlan {
  /** `care-services@2026.1`. */
  catalogue: string;
  catalogueTitle: string;
  /** false: the catalogue is a proposal, shown as 待核实. */
  verified: boolean;
  services: PlannedService[];
}

/** What the plan reads beyond the answers: facts kept on the person. */
export interface PlanFacts {
  livingAlone: boolean;
}

const fill = (template: string, values: Readonly<Record<string, string | number>>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

/**
 * The services the answers call for, in catalogue order. A service is needed when any of
 * its triggers holds. Under coma the items left unanswered count as 0 (the person can do
 * none of it), and the reason says they were not assessed.
 */
export function deriveCarePlan(
  catalogue: CareCatalogue,
  def: InstrumentDefinition,
  answers: NormalizedAnswers,
  result: Pick<ScoreResult, 'finalLevel'>,
  facts: PlanFacts,
): DerivedCarePlan {
  if (def.id !== catalogue.instrument) throw new Error(`catalogue ${catalogueRef(catalogue)} reads ${catalogue.instrument}, not ${def.id}`);
  const scoreOf = (code: string): { score: number; assumed: boolean } | null => {
    const s = answers.items[code];
    if (s !== undefined) return { score: s, assumed: false };
    return answers.coma ? { score: 0, assumed: true } : null;
  };

  /** The reason when the trigger holds, with the item score it rests on (for the degree). */
  const check = (t: ServiceTrigger, service: CareCatalogue['services'][number]): { reason: string; itemScore?: number } | null => {
    switch (t.kind) {
      case 'item': {
        const item = findItem(def, t.item)!;
        const s = scoreOf(t.item);
        if (!s || s.score > t.atMost) return null;
        const criterion = item.options.find((o) => o.score === s.score)?.criterion ?? '';
        const reason = fill(service.reason ?? catalogue.reasons.item, { code: item.code, name: item.name, score: s.score, criterion });
        return { reason: s.assumed ? `${reason}（昏迷未评，按0分计）` : reason, ...(item.max === catalogue.degrees.itemMax ? { itemScore: s.score } : {}) };
      }
      case 'riskEvent': {
        const count = answers.riskEvents[t.key] ?? 0;
        if (count < t.atLeast) return null;
        const field = riskEventFields(def).find((f) => f.key === t.key)!;
        const top = field.options[field.options.length - 1]!;
        const option = field.options.find((o) => o.value === count) ?? (count > top.value ? top : undefined);
        return { reason: fill(catalogue.reasons.riskEvent, { code: field.code, event: field.label, count: option?.label ?? `${count}次` }) };
      }
      case 'diagnosis': {
        const matched = diagnosisOptions(def).filter((o) => t.codes.includes(o.code) && answers.diagnoses.includes(o.code));
        if (!matched.length) return null;
        return { reason: fill(catalogue.reasons.diagnosis, { matched: matched.map((o) => (o.icd ? `${o.label}（${o.icd}）` : o.label)).join('、') }) };
      }
      case 'livingAlone':
        return facts.livingAlone ? { reason: catalogue.reasons.livingAlone } : null;
      case 'finalLevel':
        return result.finalLevel >= t.atLeast ? { reason: fill(catalogue.reasons.finalLevel, { level: result.finalLevel, levelName: levelName(def, result.finalLevel) }) } : null;
      case 'coma':
        return answers.coma ? { reason: catalogue.reasons.coma } : null;
    }
  };

  const services: PlannedService[] = [];
  for (const service of catalogue.services) {
    const hits = service.triggers.map((t) => check(t, service)).filter((h) => h !== null);
    if (!hits.length) continue;
    const scores = hits.flatMap((h) => (h.itemScore === undefined ? [] : [h.itemScore]));
    const lowest = scores.length ? Math.min(...scores) : undefined;
    const degree = (lowest !== undefined ? catalogue.degrees.byScore[String(lowest)] : undefined) ?? catalogue.degrees.otherwise;
    services.push({ id: service.id, name: service.name, degree, reasons: [...new Set(hits.map((h) => h.reason))] });
  }
  return { catalogue: catalogueRef(catalogue), catalogueTitle: catalogue.title, verified: catalogue.verified, services };
}
