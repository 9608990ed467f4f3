import { z } from 'zod';

/**
 * What scoring produces, as a schema: the store keeps it, the contract returns it, and the
 * engine's types come from it, so the three can never describe different shapes.
 */
export const indicatorScoreSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** null while any of its items is unanswered. */
  score: z.number().int().nullable(),
  max: z.number().int(),
});

export const adjustmentEffectSchema = z.object({
  /** Level before this rule; null when the items were not all scored. */
  from: z.number().int().nullable(),
  to: z.number().int(),
  changed: z.boolean(),
  /** Chinese, e.g. `由2级“能力中度受损（中度失能）”提高为3级“能力重度受损（重度失能）”`. */
  description: z.string(),
});

export const appliedAdjustmentSchema = z.object({
  /** Trigger id, e.g. `coma`, `mental`, `riskEvents`. */
  id: z.string(),
  title: z.string(),
  kind: z.enum(['override', 'raise']),
  /** Chinese sentence saying why it applies. */
  explanation: z.string(),
  effect: adjustmentEffectSchema,
});

export const scoreResultSchema = z.object({
  instrument: z.string(),
  instrumentVersion: z.string(),
  /** By indicator code, in form order. */
  indicators: z.record(z.string(), indicatorScoreSchema),
  /** null when some item is unanswered (allowed only under coma). */
  total: z.number().int().nullable(),
  /** null for an instrument that defines no total score. */
  maxTotal: z.number().int().nullable(),
  /** By indicator code, for instruments that grade each indicator (absent in results from before grading existed). */
  grades: z.record(z.string(), z.object({ grade: z.number().int(), name: z.string() })).optional(),
  /** The cell of the level matrix that was read, for matrix-levelled instruments. */
  matrixCell: z.object({ row: z.number().int(), column: z.number().int() }).nullable().optional(),
  preliminaryLevel: z.number().int().nullable(),
  preliminaryLevelName: z.string().nullable(),
  finalLevel: z.number().int(),
  finalLevelName: z.string(),
  /**
   * Every adjustment whose condition holds, in rule order, even one that could not move
   * the level (already at the cap, or after a final override): the report ticks each.
   */
  adjustments: z.array(appliedAdjustmentSchema),
  /** All items answered. */
  complete: z.boolean(),
  /** Codes of unanswered items, in form order. */
  missing: z.array(z.string()),
});

export type IndicatorScore = z.output<typeof indicatorScoreSchema>;
export type AdjustmentEffect = z.output<typeof adjustmentEffectSchema>;
export type AppliedAdjustment = z.output<typeof appliedAdjustmentSchema>;
export type ScoreResult = z.output<typeof scoreResultSchema>;
