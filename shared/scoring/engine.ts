import type { InstrumentDefinition, Trigger } from '../instruments/types';
import { levelOf } from './leveling';

export { levelForTotal } from './leveling';
import type { NormalizedAnswers } from './answers';
import { compile, levelName, type CompiledInstrument } from './compiled';
import { evaluateCondition, fillTemplate } from './conditions';
import { validateAnswers, type FieldError } from './validate';
import type { AdjustmentEffect, AppliedAdjustment, IndicatorScore, ScoreResult } from './result';

export type { AdjustmentEffect, AppliedAdjustment, IndicatorScore, ScoreResult } from './result';

export type ScoreOutcome = { ok: true; result: ScoreResult } | { ok: false; errors: FieldError[] };

/** Validates raw answers, then scores them. */
export function scoreAssessment(def: InstrumentDefinition, raw: unknown): ScoreOutcome {
  const v = validateAnswers(def, raw);
  return v.ok ? { ok: true, result: scoreValidated(def, v.answers) } : v;
}

/** Scores answers that passed `validateAnswers` for the same instrument. */
export function scoreValidated(def: InstrumentDefinition, answers: NormalizedAnswers): ScoreResult {
  const c = compile(def);
  const sums: (number | null)[] = def.indicators.map(() => 0);
  const missing: string[] = [];
  for (const ci of c.items) {
    const score = answers.items[ci.item.code];
    if (score === undefined) {
      missing.push(ci.item.code);
      sums[ci.indicatorIndex] = null;
    } else if (sums[ci.indicatorIndex] !== null) {
      sums[ci.indicatorIndex] = (sums[ci.indicatorIndex] as number) + score;
    }
  }

  const indicators: Record<string, IndicatorScore> = {};
  def.indicators.forEach((ind, i) => {
    indicators[ind.code] = { code: ind.code, name: ind.name, score: sums[i] ?? null, max: ind.max };
  });
  const total = def.maxTotal === null || sums.includes(null) ? null : (sums as number[]).reduce((a, b) => a + b, 0);
  const byCode: Record<string, number | null> = {};
  def.indicators.forEach((ind, i) => (byCode[ind.code] = sums[i] ?? null));
  const leveled = levelOf(def, byCode, total, answers);
  const preliminaryLevel = leveled.level;

  const { finalLevel, adjustments } = applyAdjustments(c, answers, preliminaryLevel);
  return {
    instrument: def.id,
    instrumentVersion: def.version,
    indicators,
    total,
    maxTotal: def.maxTotal,
    ...(def.leveling.kind === 'indicatorMatrix' ? { grades: leveled.grades, matrixCell: leveled.matrixCell } : {}),
    preliminaryLevel,
    preliminaryLevelName: preliminaryLevel === null ? null : levelName(c, preliminaryLevel),
    finalLevel,
    finalLevelName: levelName(c, finalLevel),
    adjustments,
    complete: missing.length === 0,
    missing,
  };
}

function applyAdjustments(
  c: CompiledInstrument,
  answers: NormalizedAnswers,
  preliminary: number | null,
): { finalLevel: number; adjustments: AppliedAdjustment[] } {
  const named = (level: number): string => `${level}级“${levelName(c, level)}”`;
  const applied: AppliedAdjustment[] = [];
  let level = preliminary;
  let lockedBy: Trigger | null = null;

  const record = (trigger: Trigger, kind: AppliedAdjustment['kind'], vars: Readonly<Record<string, string>>, effect: AdjustmentEffect): void => {
    applied.push({ id: trigger.id, title: trigger.title, kind, explanation: fillTemplate(trigger.explanation, vars), effect });
  };

  for (const rule of c.def.adjustments) {
    if (rule.kind === 'override') {
      const outcome = evaluateCondition(c, rule.trigger.when, answers);
      if (!outcome.holds) continue;
      const from = level;
      let effect: AdjustmentEffect;
      if (lockedBy) {
        effect = lockedEffect(from, lockedBy);
      } else {
        const to = rule.level;
        const description =
          from === null
            ? `项目未全部评分，直接评定为${named(to)}`
            : from === to
              ? `初步等级已是${named(to)}，直接评定为${named(to)}`
              : `由${named(from)}直接评定为${named(to)}`;
        effect = { from, to, changed: from !== to, description };
        level = to;
        if (rule.final) lockedBy = rule.trigger;
      }
      record(rule.trigger, 'override', outcome.vars, effect);
    } else {
      const holding = rule.triggers
        .map((trigger) => ({ trigger, outcome: evaluateCondition(c, trigger.when, answers) }))
        .filter((h) => h.outcome.holds);
      if (holding.length === 0) continue;
      const from = level;
      let effect: AdjustmentEffect;
      if (lockedBy) {
        effect = lockedEffect(from, lockedBy);
      } else {
        if (from === null) throw new Error(`${c.def.id}: rule ${rule.id} has no level to raise`);
        const to = Math.min(rule.cap, from + rule.by);
        let description = to > from ? `由${named(from)}提高为${named(to)}` : `已是${named(from)}，等级不再提高`;
        if (holding.length > 1 && to > from) {
          description += `（${holding.map((h) => `“${h.trigger.title}”`).join('与')}同时成立，合计只提高${to - from}级）`;
        }
        effect = { from, to, changed: to !== from, description };
        level = to;
      }
      for (const h of holding) record(h.trigger, 'raise', h.outcome.vars, effect);
    }
  }

  // Validation admits unanswered items only under an override that sets the level.
  if (level === null) throw new Error(`${c.def.id}: no level could be determined`);
  return { finalLevel: level, adjustments: applied };

  function lockedEffect(from: number | null, by: Trigger): AdjustmentEffect {
    const to = from as number;
    return { from, to, changed: false, description: `已因“${by.title}”直接评定，本项不再改变等级` };
  }
}
