import type { ChoiceOption, CountField, FormField, HeaderKey, InstrumentDefinition, Item, LevelDef, MultiChoiceField } from './types';

/** Every field of every form, groups included and followed by their members. */
export function allFields(def: InstrumentDefinition): FormField[] {
  const out: FormField[] = [];
  const walk = (fields: readonly FormField[]): void => {
    for (const f of fields) {
      out.push(f);
      if (f.kind === 'group') walk(f.fields);
    }
  };
  for (const form of def.forms) walk(form.fields);
  return out;
}

export function findField(def: InstrumentDefinition, code: string): FormField | undefined {
  return allFields(def).find((f) => f.code === code);
}

export function allItems(def: InstrumentDefinition): Item[] {
  return def.indicators.flatMap((ind) => ind.items);
}

export function findItem(def: InstrumentDefinition, code: string): Item | undefined {
  return allItems(def).find((i) => i.code === code);
}

export function levelDef(def: InstrumentDefinition, level: number): LevelDef | undefined {
  return def.levels.find((l) => l.level === level);
}

/** Options of the field bound to `diagnoses`, sub-choices included. */
export function diagnosisOptions(def: InstrumentDefinition): ChoiceOption[] {
  const binding = def.facts.diagnoses;
  if (!binding) return [];
  const field = findField(def, binding.field);
  if (!field || field.kind !== 'multi') return [];
  return flattenOptions((field as MultiChoiceField).options);
}

/** Count fields of the group bound to `riskEvents`, in form order. */
export function riskEventFields(def: InstrumentDefinition): CountField[] {
  const binding = def.facts.riskEvents;
  if (!binding) return [];
  const group = findField(def, binding.field);
  if (!group || group.kind !== 'group') return [];
  return group.fields.filter((f): f is CountField => f.kind === 'count');
}

function flattenOptions(options: readonly ChoiceOption[]): ChoiceOption[] {
  return options.flatMap((o) => [o, ...flattenOptions(o.children ?? [])]);
}

/** The field whose answer is this header column, if the instrument's forms have one. */
export function boundField(def: InstrumentDefinition, header: HeaderKey): FormField | undefined {
  return allFields(def).find((f) => f.bind && 'header' in f.bind && f.bind.header === header);
}

/** The label a header column has on this instrument's form (`A.1.2 评估基准日期`), else `fallback`. */
export function headerLabel(def: InstrumentDefinition, header: HeaderKey, fallback: string): string {
  const f = boundField(def, header);
  return f ? (f.printCode === false ? f.label : `${f.code} ${f.label}`) : fallback;
}

/** A level's full name, or `<n>级` for a level the definition does not know. */
export function levelName(def: InstrumentDefinition, level: number | null | undefined): string {
  if (level === null || level === undefined) return '—';
  return levelDef(def, level)?.name ?? `${level}级`;
}

/** Verified as a whole: the instrument and its leveling rule (a 待核实 band makes it unverified). */
export function instrumentVerified(def: InstrumentDefinition): boolean {
  return def.provenance.verified && (def.leveling.provenance?.verified ?? true);
}
