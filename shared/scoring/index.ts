export { answersSchema, type Answers, type NormalizedAnswers } from './answers';
export { validateAnswers, answersSchemaFor, errorsOneLine, type ValidationResult, type FieldError } from './validate';
export {
  scoreAssessment,
  scoreValidated,
  levelForTotal,
  type ScoreResult,
  type ScoreOutcome,
  type IndicatorScore,
  type AppliedAdjustment,
  type AdjustmentEffect,
} from './engine';
export { scoreResultSchema, indicatorScoreSchema, appliedAdjustmentSchema, adjustmentEffectSchema } from './result';
export { toCliResult, type CliScoreResult } from './cli-shape';
export { previewAssessment, type AssessmentPreview, type IndicatorProgress, type TriggerPreview } from './preview';
