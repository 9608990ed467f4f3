import { z } from 'zod';

/**
 * Raw answers as people and programs send them: the command line, the form, the store.
 * Only the shape is checked here; whether a code or a score fits an instrument is
 * `validateAnswers`' job, which also words the errors.
 */
export const answersSchema = z.strictObject(
  {
    /** Item code → score; `null` (or absent) means not answered yet. */
    items: z.record(z.string(), z.number({ error: '得分应为整数' }).int({ error: '得分应为整数' }).nullable()),
    /** A.5.11 昏迷; absent means 无. */
    coma: z.boolean({ error: '应为 true 或 false' }).optional(),
    /** A.4.1 option codes, e.g. `F00-F03`. */
    diagnoses: z.array(z.string({ error: '应为字符串' }), { error: '应为疾病诊断编码的数组' }).optional(),
    /** A.2.14 counts by kind (`fall`, `wandering`, …); an absent kind counts 0. */
    riskEvents: z
      .record(
        z.string(),
        z.number({ error: '次数应为非负整数' }).int({ error: '次数应为非负整数' }).min(0, { error: '次数应为非负整数' }),
      )
      .optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `未知字段：${issue.keys.join('、')}` : '应为 JSON 对象') },
);

export type Answers = z.input<typeof answersSchema>;

/** Answers after validation against one instrument: defaults filled in, nothing unknown. */
export interface NormalizedAnswers {
  /** Answered items only. */
  readonly items: Readonly<Record<string, number>>;
  readonly coma: boolean;
  /** Distinct codes in the order given. */
  readonly diagnoses: readonly string[];
  /** Every kind the instrument declares, 0 when not given; counts as given (not capped). */
  readonly riskEvents: Readonly<Record<string, number>>;
}

export const ANSWER_KEYS = ['items', 'coma', 'diagnoses', 'riskEvents'] as const;
