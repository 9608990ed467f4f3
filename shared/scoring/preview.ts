import type { InstrumentDefinition } from '../instruments/types';
import type { Answers, NormalizedAnswers } from './answers';
import { compile } from './compiled';
import { evaluateCondition, fillTemplate } from './conditions';
import { scoreValidated, type ScoreResult } from './engine';
import { levelOf, type GradeResult } from './leveling';
import { validateAnswers } from './validate';

export interface IndicatorProgress {
  readonly code: string;
  readonly name: string;
  /** Sum of the answered items so far. */
  readonly sum: number;
  readonly max: number;
  readonly answered: number;
  readonly count: number;
}

export interface TriggerPreview {
  readonly id: string;
  readonly title: string;
  readonly explanation: string;
}

export interface AssessmentPreview {
  readonly indicators: readonly IndicatorProgress[];
  readonly answered: number;
  readonly itemCount: number;
  /** Known once every item is answered (null for an instrument without a total). */
  readonly total: number | null;
  readonly preliminaryLevel: number | null;
  /** Indicator grades known so far, for instruments that grade their indicators. */
  readonly grades: Readonly<Record<string, GradeResult>>;
  /** The adjustment conditions that hold on the facts entered so far. */
  readonly triggers: readonly TriggerPreview[];
  /** The full result, once the answers are complete and valid (or complete enough under coma). */
  readonly result: ScoreResult | null;
}

/**
 * What the assessment screen shows while the assessor works: running subtotals and the
 * adjustment conditions that already hold. It never fails on partial or odd input
 * (scores the item does not allow are ignored); `validateAnswers` is what guards finalize.
 */
export function previewAssessment(def: InstrumentDefinition, raw: Answers): AssessmentPreview {
  const c = compile(def);
  const items: Record<string, number> = {};
  for (const [code, score] of Object.entries(raw.items ?? {})) {
    if (typeof score === 'number' && c.itemsByCode.get(code)?.allowed.has(score)) items[code] = score;
  }
  const riskEvents: Record<string, number> = {};
  for (const key of c.riskEvents.keys()) {
    const n = raw.riskEvents?.[key];
    riskEvents[key] = typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
  }
  const lenient: NormalizedAnswers = {
    items,
    coma: raw.coma === true,
    diagnoses: [...new Set((raw.diagnoses ?? []).filter((d) => c.diagnoses.has(d)))],
    riskEvents,
  };

  const indicators = def.indicators.map((ind) => {
    const answeredScores = ind.items.map((i) => items[i.code]).filter((s): s is number => s !== undefined);
    return {
      code: ind.code,
      name: ind.name,
      sum: answeredScores.reduce((a, b) => a + b, 0),
      max: ind.max,
      answered: answeredScores.length,
      count: ind.items.length,
    };
  });
  const answered = indicators.reduce((a, i) => a + i.answered, 0);
  const itemCount = c.items.length;
  const total = answered === itemCount && def.maxTotal !== null ? indicators.reduce((a, i) => a + i.sum, 0) : null;
  const sums: Record<string, number | null> = {};
  for (const ind of indicators) sums[ind.code] = ind.answered === ind.count ? ind.sum : null;
  const leveled = levelOf(def, sums, total, { items });

  const triggers: TriggerPreview[] = [];
  for (const rule of def.adjustments) {
    for (const trigger of rule.kind === 'override' ? [rule.trigger] : rule.triggers) {
      const outcome = evaluateCondition(c, trigger.when, lenient);
      if (outcome.holds) triggers.push({ id: trigger.id, title: trigger.title, explanation: fillTemplate(trigger.explanation, outcome.vars) });
    }
  }

  const validated = validateAnswers(def, { ...raw, items });
  return {
    indicators,
    answered,
    itemCount,
    total,
    preliminaryLevel: leveled.level,
    grades: leveled.grades,
    triggers,
    result: validated.ok ? scoreValidated(def, validated.answers) : null,
  };
}
