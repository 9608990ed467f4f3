import { allItems, diagnosisOptions, riskEventFields } from '../instruments/lookup';
import type { ChoiceOption, CountField, InstrumentDefinition, Item, LevelDef } from '../instruments/types';

export interface CompiledItem {
  readonly item: Item;
  readonly indicatorIndex: number;
  readonly allowed: ReadonlySet<number>;
  /** Allowed scores ascending, joined for messages: `0、1、2、3`. */
  readonly allowedText: string;
}

/** Lookup tables derived once per definition, so scoring a case is a few map reads. */
export interface CompiledInstrument {
  readonly def: InstrumentDefinition;
  readonly items: readonly CompiledItem[];
  readonly itemsByCode: ReadonlyMap<string, CompiledItem>;
  readonly diagnoses: ReadonlyMap<string, ChoiceOption>;
  readonly riskEvents: ReadonlyMap<string, CountField>;
  readonly levels: ReadonlyMap<number, LevelDef>;
}

const cache = new WeakMap<InstrumentDefinition, CompiledInstrument>();

export function compile(def: InstrumentDefinition): CompiledInstrument {
  const hit = cache.get(def);
  if (hit) return hit;
  const items: CompiledItem[] = [];
  def.indicators.forEach((ind, indicatorIndex) => {
    for (const item of ind.items) {
      const scores = item.options.map((o) => o.score).sort((a, b) => a - b);
      items.push({ item, indicatorIndex, allowed: new Set(scores), allowedText: scores.join('、') });
    }
  });
  const compiled: CompiledInstrument = {
    def,
    items,
    itemsByCode: new Map(items.map((c) => [c.item.code, c])),
    diagnoses: new Map(diagnosisOptions(def).map((o) => [o.code, o])),
    riskEvents: new Map(riskEventFields(def).map((f) => [f.key, f])),
    levels: new Map(def.levels.map((l) => [l.level, l])),
  };
  // Keeps the lookup honest if a definition lists an item twice: checkInstrument reports it.
  if (compiled.itemsByCode.size !== allItems(def).length) throw new Error(`${def.id}: duplicate item codes`);
  cache.set(def, compiled);
  return compiled;
}

export function levelName(c: CompiledInstrument, level: number): string {
  const def = c.levels.get(level);
  if (!def) throw new Error(`${c.def.id}: unknown level ${level}`);
  return def.name;
}
