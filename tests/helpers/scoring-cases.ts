import { GBT42195_2022 } from '../../shared/instruments';
import { mulberry32 } from '../../shared/util/prng';

/** Item codes and the scores each allows, restated from the standard (domain notes §1.0). */
export const GBT_ITEM_SCORES: Readonly<Record<string, readonly number[]>> = {
  'B.1.1': [0, 1, 2, 3, 4],
  'B.1.2': [0, 1, 2, 3, 4],
  'B.1.3': [0, 1, 2, 3, 4],
  'B.1.4': [0, 1, 2, 3, 4],
  'B.1.5': [0, 1, 2, 3, 4],
  'B.1.6': [0, 1, 2, 3, 4],
  'B.1.7': [0, 1, 2, 3, 4],
  'B.1.8': [0, 1, 2, 3, 4],
  'B.2.1': [0, 1, 2, 3, 4],
  'B.2.2': [0, 1, 2, 3, 4],
  'B.2.3': [0, 1, 2, 3, 4],
  'B.2.4': [0, 1, 2, 3],
  'B.3.1': [0, 1, 2, 3, 4],
  'B.3.2': [0, 1, 2, 3, 4],
  'B.3.3': [0, 1, 2, 3, 4],
  'B.3.4': [0, 1, 2, 3, 4],
  'B.3.5': [0, 1, 2, 3, 4],
  'B.3.6': [0, 1, 2, 3, 4],
  'B.3.7': [0, 1],
  'B.3.8': [0, 1],
  'B.3.9': [0, 1, 2],
  'B.4.1': [0, 1, 2],
  'B.4.2': [0, 1, 2],
  'B.4.3': [0, 1, 2, 3, 4],
  'B.4.4': [0, 1, 2, 3],
  'B.4.5': [0, 1, 2, 3, 4],
};

export const GBT_ITEM_CODES = Object.keys(GBT_ITEM_SCORES);

export const RISK_KEYS = ['fall', 'wandering', 'choking', 'suicideSelfHarm', 'other'] as const;

export const DIAGNOSIS_CODES = GBT42195_2022.forms
  .flatMap((f) => f.fields)
  .flatMap((f) => (f.kind === 'multi' && f.code === 'A.4.1' ? f.options.map((o) => o.code) : []));

/** Every item at its maximum: 90 points. */
export function fullItems(): Record<string, number> {
  const items: Record<string, number> = {};
  for (const [code, scores] of Object.entries(GBT_ITEM_SCORES)) items[code] = Math.max(...scores);
  return items;
}

/**
 * Items that add up to `total`, taking points off items in a shuffled order so different
 * calls spread the loss differently. `random` defaults to a fixed order.
 */
export function itemsWithTotal(total: number, random: () => number = () => 0): Record<string, number> {
  const items = fullItems();
  let toRemove = 90 - total;
  const codes = [...GBT_ITEM_CODES];
  for (let i = codes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [codes[i], codes[j]] = [codes[j]!, codes[i]!];
  }
  while (toRemove > 0) {
    for (const code of codes) {
      if (toRemove === 0) break;
      const take = Math.min(items[code]!, toRemove, 1 + Math.floor(random() * 4));
      items[code]! -= take;
      toRemove -= take;
    }
  }
  return items;
}

export { mulberry32 as prng };

export function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

export const BAND_EDGES = [0, 29, 30, 45, 46, 65, 66, 89, 90] as const;

export interface RandomCase {
  items: Record<string, number>;
  coma?: boolean;
  diagnoses?: string[];
  riskEvents?: Record<string, number>;
}

/**
 * A valid random case: mostly complete, sometimes aimed at a band edge, sometimes in a
 * coma with items left out, with a mix of diagnoses and risk events around the threshold.
 */
export function randomCase(random: () => number): RandomCase {
  const c: RandomCase = { items: {} };
  const mode = random();
  if (mode < 0.3) {
    c.items = itemsWithTotal(pick(random, BAND_EDGES), random);
  } else if (mode < 0.6) {
    for (const [code, scores] of Object.entries(GBT_ITEM_SCORES)) c.items[code] = pick(random, scores);
  } else {
    c.items = itemsWithTotal(Math.floor(random() * 91), random);
  }

  const comaRoll = random();
  if (comaRoll < 0.12) {
    c.coma = true;
    c.items['B.3.9'] = 0;
    if (random() < 0.7) {
      const dropRate = random();
      for (const code of GBT_ITEM_CODES) if (random() < dropRate) delete c.items[code];
    }
  } else if (comaRoll < 0.5) {
    c.coma = false;
  }

  if (random() < 0.7) {
    c.diagnoses = [];
    for (const code of DIAGNOSIS_CODES) {
      const p = code.startsWith('F') ? 0.15 : 0.08;
      if (random() < p) c.diagnoses.push(code);
    }
  }
  if (random() < 0.7) {
    c.riskEvents = {};
    for (const key of RISK_KEYS) {
      if (random() < 0.5) continue;
      c.riskEvents[key] = pick(random, [0, 0, 0, 0, 1, 1, 2, 3, 4, 9]);
    }
  }
  return c;
}
