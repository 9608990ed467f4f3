/**
 * Shape of an assessment instrument as pure data. The scoring engine reads only these
 * types, so a new instrument (MZ/T 039-2013, the 2021 long-term-care scale, …) is a new
 * definition file, not new engine code.
 */

// ---------------------------------------------------------------------------
// Basic-information forms (Annex A of GB/T 42195-2022 and the like)
// ---------------------------------------------------------------------------

export interface ChoiceOption {
  /** Stable ASCII code stored with an answer; labels may be corrected, codes never change. */
  readonly code: string;
  readonly label: string;
  /** Classification codes exactly as the form prints them, e.g. `I10～I15`. */
  readonly icd?: string;
  /** Label of a free-text blank that goes with this option (the form's `____`). */
  readonly specify?: string;
  /** Choosing this option excludes every other one (the "无" of a multi-choice list). */
  readonly exclusive?: boolean;
  /** Sub-choices shown under this option (A.5.6 牙列缺损 / 牙列缺失). */
  readonly children?: readonly ChoiceOption[];
}

export interface CountOption {
  readonly value: number;
  readonly label: string;
}

/** The assessment header's own columns, which every instrument's first step fills in. */
export const HEADER_KEYS = ['assessmentNo', 'assessmentDate', 'reason', 'informantName', 'informantRelation'] as const;
export type HeaderKey = (typeof HEADER_KEYS)[number];

/** Facts of the person record a form may show (kept on the person, not with the assessment). */
export const PERSON_KEYS = [
  'name',
  'sex',
  'birthDate',
  'idNumber',
  'heightCm',
  'weightKg',
  'ethnicity',
  'religion',
  'education',
  'livingArrangements',
  'maritalStatus',
  'medicalPayment',
  'incomeSources',
] as const;
export type PersonKey = (typeof PERSON_KEYS)[number] | 'ethnicityDetail' | 'religionDetail';

/**
 * Where a field's answer lives when not with the assessment's other answers:
 * - `header`: one of the assessment's header columns (filled in on the first step);
 * - `person`: the person record, shown read-only (corrected in the record, not here).
 *   `values` maps option codes to the stored values where they differ (性别 male → 男), and
 *   `specify` names the person field holding an option's free-text blank.
 */
export type FieldBinding =
  | { readonly header: HeaderKey }
  | {
      readonly person: (typeof PERSON_KEYS)[number];
      readonly values?: Readonly<Record<string, string>>;
      readonly specify?: Readonly<Record<string, PersonKey>>;
    };

interface FieldBase {
  /** The standard's field number, e.g. `A.2.14.1`. */
  readonly code: string;
  readonly label: string;
  /** A `注：` line printed with the field. */
  readonly note?: string;
  readonly bind?: FieldBinding;
  /** false: the code is ours, not the standard's, so labels are printed without it. */
  readonly printCode?: boolean;
}

export interface TextField extends FieldBase {
  readonly kind: 'text';
  /** A fixed length the form prints boxes for (18 for 公民身份号码). */
  readonly length?: number;
  readonly multiline?: boolean;
}

export interface DateField extends FieldBase {
  readonly kind: 'date';
}

export interface NumberField extends FieldBase {
  readonly kind: 'number';
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  /** Decimal places worth keeping. */
  readonly decimals?: number;
}

export interface SingleChoiceField extends FieldBase {
  readonly kind: 'single';
  readonly options: readonly ChoiceOption[];
}

export interface MultiChoiceField extends FieldBase {
  readonly kind: 'multi';
  readonly options: readonly ChoiceOption[];
}

export interface CountField extends FieldBase {
  readonly kind: 'count';
  /** Key of this count inside a counts fact (e.g. `riskEvents.fall`). */
  readonly key: string;
  readonly options: readonly CountOption[];
  /** Label of an optional free-text description (A.2.14.5 其他). */
  readonly specify?: string;
}

export interface TableColumn {
  readonly key: string;
  readonly label: string;
}

export interface TableField extends FieldBase {
  readonly kind: 'table';
  readonly columns: readonly TableColumn[];
  /** Blank rows the paper form prints; the app may add more. */
  readonly printedRows?: number;
}

export interface GroupField extends FieldBase {
  readonly kind: 'group';
  readonly fields: readonly FormField[];
}

export type FormField =
  | TextField
  | DateField
  | NumberField
  | SingleChoiceField
  | MultiChoiceField
  | CountField
  | TableField
  | GroupField;

export type FieldKind = FormField['kind'];

export interface FormSection {
  /** e.g. `A.2`. */
  readonly code: string;
  readonly title: string;
  readonly fields: readonly FormField[];
}

// ---------------------------------------------------------------------------
// Scored items (Annex B)
// ---------------------------------------------------------------------------

export interface ItemOption {
  readonly score: number;
  /** The criterion exactly as the standard words it: assessors choose by reading it. */
  readonly criterion: string;
}

export interface Item {
  /** The standard's code, e.g. `B.2.4`. Answers are keyed by it. */
  readonly code: string;
  readonly name: string;
  /** The definition line after the item name; some items print none. */
  readonly definition?: string;
  readonly note?: string;
  /** Highest score first, as the form prints them. */
  readonly options: readonly ItemOption[];
  readonly max: number;
}

export interface Indicator {
  /** e.g. `B.1`. */
  readonly code: string;
  readonly name: string;
  /** Title of the printed table. */
  readonly tableTitle: string;
  readonly items: readonly Item[];
  readonly max: number;
}

// ---------------------------------------------------------------------------
// Levels
// ---------------------------------------------------------------------------

export interface LevelDef {
  readonly level: number;
  /** Full name as the standard prints it. */
  readonly name: string;
  /** Short form for narrow places (chips, charts). */
  readonly shortName: string;
}

export interface ScoreBand {
  readonly level: number;
  /** Inclusive. */
  readonly min: number;
  /** Inclusive. */
  readonly max: number;
}

/** A group's grade (0, 1, 2, … from best to worst) from its score. */
export interface GradeBand {
  readonly grade: number;
  /** Inclusive. */
  readonly min: number;
  /** Inclusive. */
  readonly max: number;
}

export interface GradeDef {
  readonly grade: number;
  readonly name: string;
}

/** Where rules come from and whether they were checked against the official text. */
export interface Provenance {
  /** false: taken from secondary sources, not yet checked; screens and reports say 待核实. */
  readonly verified: boolean;
  /** Chinese, for people: where the figures come from, what to check. */
  readonly note?: string;
}

/**
 * How the preliminary level follows from the scores:
 * - `totalBands`: the total of all items falls in one band (GB/T 42195-2022);
 * - `indicatorMatrix`: each indicator is graded by its own bands, then the level is
 *   `matrix[grade of the row indicator][most severe grade of the column indicators]`
 *   (the 2021 long-term-care scale);
 * - `itemCountBands`: the number of items scored `score` falls in one band (the 特困
 *   self-care check counts the items not achieved).
 */
export type Leveling = (
  | { readonly kind: 'totalBands'; readonly bands: readonly ScoreBand[] }
  | {
      readonly kind: 'indicatorMatrix';
      readonly grades: readonly GradeDef[];
      /** By indicator code: bands covering 0 … the indicator's maximum. */
      readonly bands: Readonly<Record<string, readonly GradeBand[]>>;
      readonly row: string;
      readonly columns: readonly string[];
      /** `matrix[rowGrade][columnGrade]` is a level; one row and one column per grade. */
      readonly matrix: readonly (readonly number[])[];
    }
  | { readonly kind: 'itemCountBands'; readonly score: number; readonly bands: readonly ScoreBand[] }
) & { readonly provenance?: Provenance };

// ---------------------------------------------------------------------------
// Facts outside the scored items, and the rules that adjust the level
// ---------------------------------------------------------------------------

/**
 * Which answers beyond the item scores an instrument uses, and which form field each
 * comes from. Answers carry them under these fixed names (`coma`, `diagnoses`,
 * `riskEvents`); an instrument that does not declare one rejects it in the answers.
 */
export interface FactBindings {
  /** A yes/no field; the answer is `coma: boolean`. */
  readonly coma?: { readonly field: string; readonly label: string };
  /** A multi-choice field whose option codes are the allowed `diagnoses`. */
  readonly diagnoses?: { readonly field: string; readonly label: string };
  /** A group of count fields whose keys are the allowed `riskEvents` keys. */
  readonly riskEvents?: { readonly field: string; readonly label: string };
}

export type FactName = keyof FactBindings;

export type Condition =
  /** The yes/no fact is yes. */
  | { readonly kind: 'flag'; readonly fact: 'coma' }
  /** At least one of `codes` was chosen. */
  | { readonly kind: 'anyCode'; readonly fact: 'diagnoses'; readonly codes: readonly string[] }
  /**
   * The counts summed over `keys` (all keys when absent) reach `atLeast`. Each count is
   * first limited to `countEachUpTo`, the top option of the paper form ("3次及以上").
   */
  | {
      readonly kind: 'countSum';
      readonly fact: 'riskEvents';
      readonly atLeast: number;
      readonly keys?: readonly string[];
      readonly countEachUpTo?: number;
    };

/**
 * Chinese sentence with `{name}` placeholders. Placeholders by condition kind:
 * `anyCode`: `{matched}` (labels of the matched options, joined by 、);
 * `countSum`: `{total}` (the counted sum with its unit, `3次`, or `至少3次` when a count
 * reached the top option) and `{detail}` (the non-zero counts by kind).
 */
export type ExplanationTemplate = string;

export interface Trigger {
  /** Reported in results, e.g. `mental`. Unique across the instrument's rules. */
  readonly id: string;
  /** Short Chinese title, e.g. `痴呆或其他精神和行为障碍`. */
  readonly title: string;
  readonly when: Condition;
  readonly explanation: ExplanationTemplate;
  /** Where the standard is ambiguous: what we decided and why (Chinese, for people). */
  readonly decision?: string;
}

/** A score an item must have while an override holds (B.3.9 = 0 under coma). */
export interface ItemConstraint {
  readonly item: string;
  readonly scores: readonly number[];
  /** Chinese; `{score}` is the score given. */
  readonly message: string;
}

export interface OverrideRule {
  readonly kind: 'override';
  readonly trigger: Trigger;
  readonly level: number;
  /** Later rules no longer move the level once this one holds ("直接评定为…"). */
  readonly final: boolean;
  /** Items may be left unanswered while this holds; the total is then unknown. */
  readonly allowsIncomplete: boolean;
  readonly requires?: readonly ItemConstraint[];
}

export interface RaiseRule {
  readonly kind: 'raise';
  /** Stable id of the rule itself, used in effect texts and logs. */
  readonly id: string;
  /**
   * One raise of `by` when any trigger holds: several triggers together still raise once.
   * Each trigger that holds is reported on its own.
   */
  readonly triggers: readonly Trigger[];
  readonly by: number;
  /** The level never goes past this. */
  readonly cap: number;
  readonly decision?: string;
}

export type AdjustmentRule = OverrideRule | RaiseRule;

// ---------------------------------------------------------------------------
// The instrument
// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// The printed report
// ---------------------------------------------------------------------------

/**
 * One line of the basic-information summary: the answers of `fields` joined (a pair such
 * as 身高 / 体重 reads `160 cm / 55 kg`), the fields of a whole `section` on one line, or
 * one line per field of a section (`each`). Labels come from the fields themselves unless
 * `label` is given.
 */
export type SummaryLine =
  | { readonly fields: readonly string[]; readonly label?: string; readonly join?: string; readonly phone?: boolean }
  | { readonly section: string }
  | { readonly each: string };

export interface ReportBlock {
  /** e.g. `老年人能力评估报告`. */
  readonly title: string;
  /** The line under the title, e.g. `依据 GB/T 42195—2022《老年人能力评估规范》附录 C`. */
  readonly basis: string;
  readonly summaryHeading?: string;
  readonly summary: readonly SummaryLine[];
  readonly itemsHeading: string;
  readonly resultHeading: string;
  /** Row labels of the result block, by what the row shows. */
  readonly labels: {
    readonly indicators: string;
    readonly total?: string;
    readonly grades?: string;
    readonly matrix?: string;
    readonly preliminary?: string;
    readonly adjustments?: string;
    readonly final: string;
  };
  /** Printed before the adjustment clauses and before the final level's tick boxes. */
  readonly adjustmentsIntro?: string;
  readonly finalIntro?: string;
  /** The clause text printed for each adjustment trigger, by trigger id, in print order. */
  readonly clauses: readonly { readonly id: string; readonly text: string }[];
  /** The label over each assessor's signature box. */
  readonly assessorSignature: string;
}

export interface StandardInfo {
  /** e.g. `GB/T 42195-2022`. */
  readonly number: string;
  readonly title: string;
  readonly titleEn?: string;
}

export interface InstrumentDefinition {
  readonly id: string;
  readonly title: string;
  /**
   * Revision of this encoding of the instrument (texts, rules). Stored with every result,
   * so a result stays traceable after a wording fix.
   */
  readonly version: string;
  readonly standard: StandardInfo;
  /** Basic-information forms. */
  readonly forms: readonly FormSection[];
  /** Scored first-level indicators, in form order. */
  readonly indicators: readonly Indicator[];
  /** The highest total; null when the instrument defines no total score. */
  readonly maxTotal: number | null;
  readonly levels: readonly LevelDef[];
  readonly leveling: Leveling;
  readonly facts: FactBindings;
  /** Applied in order to the preliminary level. */
  readonly adjustments: readonly AdjustmentRule[];
  /** Title of the first step, which fills in the header (date, reason, assessors, informant). */
  readonly headerTitle: string;
  /**
   * Its final level is the person's capability level: what person lists show, what
   * reassessment falls due from and the level the policy pack classifies on. One
   * registered instrument at most.
   */
  readonly capability?: boolean;
  readonly report: ReportBlock;
  /** A synthetic, complete case (`yiyang demo-report`, tests): other answers and the scoring facts. */
  readonly sample?: {
    readonly basic: Readonly<Record<string, unknown>>;
    readonly scoring: {
      readonly items: Readonly<Record<string, number>>;
      readonly coma?: boolean;
      readonly diagnoses?: readonly string[];
      readonly riskEvents?: Readonly<Record<string, number>>;
    };
  };
  /** Whole-instrument provenance; leveling may carry its own. */
  readonly provenance: Provenance;
}
