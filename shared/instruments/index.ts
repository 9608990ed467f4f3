import { GBT42195_2022 } from './gbt42195-2022';
import type { InstrumentDefinition } from './types';

export * from './types';
export { GBT42195_2022, GBT42195_DIAGNOSES } from './gbt42195-2022';
export { checkInstrument } from './check';
export { allFields, allItems, diagnosisOptions, findField, findItem, levelDef, riskEventFields } from './lookup';

/** Every instrument the app can score, the default first. */
export const INSTRUMENTS: readonly InstrumentDefinition[] = [GBT42195_2022];

export const DEFAULT_INSTRUMENT_ID = GBT42195_2022.id;

export function getInstrument(id: string): InstrumentDefinition | undefined {
  return INSTRUMENTS.find((i) => i.id === id);
}
