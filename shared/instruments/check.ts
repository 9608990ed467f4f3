import { allFields, allItems, diagnosisOptions, findField, findItem, riskEventFields } from './lookup';
import type { Condition, InstrumentDefinition, Trigger } from './types';

/**
 * Consistency problems of a definition, in plain English for developers; empty when
 * sound. A definition is data typed by hand, so the arithmetic the standard implies
 * (maxima, band coverage, references between rules and forms) is checked here and in
 * the tests rather than trusted.
 */
export function checkInstrument(def: InstrumentDefinition): string[] {
  const problems: string[] = [];
  const fail = (msg: string): void => {
    problems.push(`${def.id}: ${msg}`);
  };

  duplicates(def.indicators.map((i) => i.code)).forEach((c) => fail(`duplicate indicator ${c}`));
  duplicates(allItems(def).map((i) => i.code)).forEach((c) => fail(`duplicate item ${c}`));
  duplicates(allFields(def).map((f) => f.code)).forEach((c) => fail(`duplicate form field ${c}`));

  let total = 0;
  for (const ind of def.indicators) {
    let sum = 0;
    for (const item of ind.items) {
      if (!item.code.startsWith(`${ind.code}.`)) fail(`item ${item.code} is not under ${ind.code}`);
      const scores = item.options.map((o) => o.score);
      if (scores.length === 0) fail(`item ${item.code} has no options`);
      if (scores.some((s) => !Number.isInteger(s) || s < 0)) fail(`item ${item.code} has a score that is not a non-negative integer`);
      duplicates(scores).forEach((s) => fail(`item ${item.code} repeats score ${s}`));
      if (scores.some((s, i) => i > 0 && s > scores[i - 1]!)) fail(`item ${item.code} options are not highest first`);
      if (Math.max(...scores) !== item.max) fail(`item ${item.code} max ${item.max} is not its highest option`);
      if (item.options.some((o) => o.criterion.trim() === '')) fail(`item ${item.code} has an empty criterion`);
      sum += item.max;
    }
    if (sum !== ind.max) fail(`indicator ${ind.code} max ${ind.max} but its items sum to ${sum}`);
    total += ind.max;
  }
  if (def.maxTotal !== null && total !== def.maxTotal) fail(`maxTotal ${def.maxTotal} but indicators sum to ${total}`);

  duplicates(def.levels.map((l) => l.level)).forEach((l) => fail(`duplicate level ${l}`));
  const levels = new Set(def.levels.map((l) => l.level));
  checkLeveling(def, levels, fail);
  checkFacts(def, fail);

  const triggers: Trigger[] = [];
  for (const rule of def.adjustments) {
    if (rule.kind === 'override') {
      triggers.push(rule.trigger);
      if (!levels.has(rule.level)) fail(`override ${rule.trigger.id} sets unknown level ${rule.level}`);
      for (const req of rule.requires ?? []) {
        const item = findItem(def, req.item);
        if (!item) fail(`override ${rule.trigger.id} constrains unknown item ${req.item}`);
        else if (req.scores.some((s) => !item.options.some((o) => o.score === s)))
          fail(`override ${rule.trigger.id} requires a score ${req.item} does not have`);
      }
    } else {
      triggers.push(...rule.triggers);
      if (!levels.has(rule.cap)) fail(`raise ${rule.id} caps at unknown level ${rule.cap}`);
      if (!Number.isInteger(rule.by) || rule.by < 1) fail(`raise ${rule.id} raises by ${rule.by}`);
      if (rule.triggers.length === 0) fail(`raise ${rule.id} has no triggers`);
    }
  }
  duplicates(triggers.map((t) => t.id)).forEach((id) => fail(`duplicate adjustment id ${id}`));
  for (const t of triggers) checkCondition(def, t.id, t.when, fail);

  // Every adjustment prints as a clause on the report, and a clause names an adjustment.
  const clauseIds = def.report.clauses.map((c) => c.id);
  for (const t of triggers) if (!clauseIds.includes(t.id)) fail(`adjustment ${t.id} has no report clause`);
  for (const id of clauseIds) if (!triggers.some((t) => t.id === id)) fail(`report clause ${id} names no adjustment`);
  if (triggers.length && !def.report.labels.adjustments) fail('adjustments without a report label');

  const headerBound = allFields(def).flatMap((f) => (f.bind && 'header' in f.bind ? [f.bind.header] : []));
  duplicates(headerBound).forEach((k) => fail(`two fields are bound to header ${k}`));
  if (!headerBound.includes('assessmentDate')) fail('no field is bound to the assessment date');
  return problems;
}

function checkLeveling(def: InstrumentDefinition, levels: ReadonlySet<number>, fail: (msg: string) => void): void {
  const L = def.leveling;
  // Only sums the items can actually reach must fall in a band: the ADL of the 2021 LTC
  // scale moves in steps of 5, and its bands (65–95, 45–60) skip the sums between.
  const coverage = (bands: readonly { min: number; max: number }[], top: number, what: string, reachable?: ReadonlySet<number>) => {
    for (let v = 0; v <= top; v++) {
      if (reachable && !reachable.has(v)) continue;
      const hits = bands.filter((b) => b.min <= v && v <= b.max).length;
      if (hits !== 1) fail(`${what} ${v} falls in ${hits} bands`);
    }
    for (const b of bands) if (b.min < 0 || b.max > top || b.min > b.max) fail(`${what} band ${b.min}-${b.max} is out of range`);
  };
  if (L.kind === 'totalBands') {
    if (def.maxTotal === null) {
      fail('totalBands leveling needs a maxTotal');
      return;
    }
    coverage(L.bands, def.maxTotal, 'total', reachableSums(allItems(def)));
    for (const b of L.bands) if (!levels.has(b.level)) fail(`band ${b.min}-${b.max} names unknown level ${b.level}`);
  } else if (L.kind === 'itemCountBands') {
    coverage(L.bands, allItems(def).length, 'count');
    for (const b of L.bands) if (!levels.has(b.level)) fail(`band ${b.min}-${b.max} names unknown level ${b.level}`);
    if (!allItems(def).every((it) => it.options.some((o) => o.score === L.score))) fail(`not every item has the counted score ${L.score}`);
  } else {
    const grades = L.grades.map((g) => g.grade);
    duplicates(grades).forEach((g) => fail(`duplicate grade ${g}`));
    if (grades.some((g, i) => g !== i)) fail('grades must be 0, 1, 2, … in order');
    const codes = [L.row, ...L.columns];
    duplicates(codes).forEach((c) => fail(`indicator ${c} is both row and column, or twice`));
    for (const code of codes) {
      const ind = def.indicators.find((i) => i.code === code);
      const bands = L.bands[code];
      if (!ind) fail(`matrix names unknown indicator ${code}`);
      else if (!bands) fail(`indicator ${code} has no grade bands`);
      else {
        const gb = bands.map((b) => ({ min: b.min, max: b.max }));
        coverage(gb, ind.max, `indicator ${code} score`, reachableSums(ind.items));
        for (const b of bands) if (!grades.includes(b.grade)) fail(`indicator ${code} band names unknown grade ${b.grade}`);
      }
    }
    for (const ind of def.indicators) if (!codes.includes(ind.code)) fail(`indicator ${ind.code} takes no part in the matrix`);
    if (L.matrix.length !== grades.length) fail(`matrix has ${L.matrix.length} rows for ${grades.length} grades`);
    L.matrix.forEach((row, r) => {
      if (row.length !== grades.length) fail(`matrix row ${r} has ${row.length} cells for ${grades.length} grades`);
      for (const level of row) if (!levels.has(level)) fail(`matrix row ${r} names unknown level ${level}`);
    });
  }
}

function checkFacts(def: InstrumentDefinition, fail: (msg: string) => void): void {
  const { coma, diagnoses, riskEvents } = def.facts;
  if (coma) {
    const f = findField(def, coma.field);
    const codes = f?.kind === 'single' ? f.options.map((o) => o.code).sort().join(',') : '';
    if (codes !== 'no,yes') fail(`coma field ${coma.field} is not a single choice of no/yes`);
  }
  if (diagnoses) {
    if (findField(def, diagnoses.field)?.kind !== 'multi') fail(`diagnoses field ${diagnoses.field} is not a multi choice`);
    duplicates(diagnosisOptions(def).map((o) => o.code)).forEach((c) => fail(`duplicate diagnosis code ${c}`));
  }
  if (riskEvents) {
    const fields = riskEventFields(def);
    if (fields.length === 0) fail(`riskEvents field ${riskEvents.field} is not a group of counts`);
    duplicates(fields.map((f) => f.key)).forEach((k) => fail(`duplicate risk event key ${k}`));
  }
}

function checkCondition(def: InstrumentDefinition, id: string, c: Condition, fail: (msg: string) => void): void {
  if (!def.facts[c.fact]) {
    fail(`adjustment ${id} uses undeclared fact ${c.fact}`);
    return;
  }
  if (c.kind === 'anyCode') {
    const known = new Set(diagnosisOptions(def).map((o) => o.code));
    for (const code of c.codes) if (!known.has(code)) fail(`adjustment ${id} names unknown code ${code}`);
  } else if (c.kind === 'countSum') {
    const known = new Set(riskEventFields(def).map((f) => f.key));
    for (const key of c.keys ?? []) if (!known.has(key)) fail(`adjustment ${id} names unknown key ${key}`);
  }
}

/** Every total the items' options can add up to. */
function reachableSums(items: readonly { options: readonly { score: number }[] }[]): Set<number> {
  let sums = new Set([0]);
  for (const it of items) {
    const next = new Set<number>();
    for (const s of sums) for (const o of it.options) next.add(s + o.score);
    sums = next;
  }
  return sums;
}

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}
