import { checkInstrument } from './check';
import { GBT42195_2022 } from './gbt42195-2022';
import { LTC_2021 } from './ltc-2021';
import { TEKUN_SELFCARE } from './tekun-selfcare';
import type { InstrumentDefinition } from './types';

/**
 * Every instrument the app can score, the default first. Adding an instrument is its
 * folder under shared/instruments/ and one line here.
 */
const BUILTIN: readonly InstrumentDefinition[] = [
  GBT42195_2022,
  LTC_2021,
  TEKUN_SELFCARE,
];

const registered: InstrumentDefinition[] = [...BUILTIN];

/** The registered instruments, the default first. */
export const INSTRUMENTS: readonly InstrumentDefinition[] = registered;

export const DEFAULT_INSTRUMENT_ID = GBT42195_2022.id;

export function getInstrument(id: string): InstrumentDefinition | undefined {
  return registered.find((i) => i.id === id);
}

/** The instrument whose level is the person's capability level (GB/T 42195-2022). */
export function capabilityInstrument(): InstrumentDefinition {
  return registered.find((i) => i.capability) ?? GBT42195_2022;
}

/**
 * Adds an instrument at run time (tests, or a build that ships more): it must pass the
 * same consistency check as the built-in ones, and its id must be new.
 */
export function registerInstrument(def: InstrumentDefinition): void {
  const problems = checkInstrument(def);
  if (problems.length) throw new Error(`instrument ${def.id} is inconsistent: ${problems.join('; ')}`);
  if (getInstrument(def.id)) throw new Error(`instrument ${def.id} is already registered`);
  if (def.capability && registered.some((i) => i.capability)) throw new Error(`only one instrument may be the capability instrument`);
  registered.push(def);
}

/** Removes an instrument added by `registerInstrument` (tests clean up after themselves). */
export function unregisterInstrument(id: string): void {
  if (BUILTIN.some((i) => i.id === id)) throw new Error(`instrument ${id} is built in`);
  const i = registered.findIndex((d) => d.id === id);
  if (i >= 0) registered.splice(i, 1);
}
