import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, type Store } from '../../../electron/core/db';
import { seedStore } from '../../../electron/core/seed/seed';
import { cleanupTempDirs, newStore } from '../store/helpers';

/**
 * The assessment facts are a read model: what the triggers keep in step as assessments are
 * finished and persons move must equal what migration 8 builds from scratch.
 */

let store: Store;
let mover: string;
beforeAll(async () => {
  store = (await newStore()).store;
  seedStore(store, { persons: 120, seed: 11, today: '2026-11-30' });
  mover = store.db.prepare("SELECT id FROM persons WHERE county IS NOT NULL AND last_assessment_id IS NOT NULL LIMIT 1").pluck().get() as string;
  store.persons.update(mover, { county: '德化县', township: '龙浔镇' }, store.actor);
});
afterAll(cleanupTempDirs);

/** Every fact with its texts resolved, in a fixed order: numbers assigned to texts may differ. */
function facts(): Record<string, unknown>[] {
  const cols = (store.db.prepare('PRAGMA table_info(assessment_facts)').all() as { name: string }[]).map((c) => c.name);
  const select = cols.map((c) => (c.endsWith('_id') && !['assessment_id', 'person_id', 'instrument_id', 'assessor1_id', 'assessor2_id'].includes(c) ? `(SELECT text FROM fact_texts WHERE id = f.${c}) AS ${c}` : `f.${c}`));
  return store.db.prepare(`SELECT ${select.join(', ')} FROM assessment_facts f ORDER BY f.assessment_id`).all() as Record<string, unknown>[];
}

describe('assessment facts', () => {
  it('hold every finished assessment once, with the person’s area as it is now', () => {
    const got = facts();
    const finished = store.db.prepare("SELECT count(*) FROM assessments WHERE status <> 'draft'").pluck().get() as number;
    expect(got).toHaveLength(finished);
    const moved = got.filter((f) => f['person_id'] === mover);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((f) => f['county_id'] === '德化县' && f['township_id'] === '龙浔镇')).toBe(true);
    expect(got.every((f) => typeof f['final_level_name_id'] === 'string' && typeof f['indicators_id'] === 'string')).toBe(true);
  });

  it('kept by triggers equal what migration 8 builds from the assessments', () => {
    const kept = facts();
    store.db.transaction(() => {
      // Back to version 7's shape as far as migration 8 cares, then migration 8 again.
      store.db.exec('DROP TRIGGER assessment_facts_area; DROP TRIGGER assessment_facts_latest; DROP TABLE fact_texts; DROP INDEX persons_economic;');
      MIGRATIONS.find((m) => m.version === 8)!.up(store.db);
    })();
    expect(facts()).toEqual(kept);
  });
});

describe('fact texts as a connection keeps them', () => {
  it('adds new texts, and reads them all again when a rolled-back number was given to another text', async () => {
    const { store: s } = await newStore();
    const { factTextsOf } = await import('../../../electron/core/stats/fact-texts');
    s.db.prepare("INSERT INTO fact_texts (text) VALUES ('甲')").run();
    expect([...factTextsOf(s.db).values()]).toEqual(['甲']);
    s.db.prepare('BEGIN').run();
    s.db.prepare("INSERT INTO fact_texts (text) VALUES ('乙')").run();
    expect([...factTextsOf(s.db).values()]).toEqual(['甲', '乙']);
    s.db.prepare('ROLLBACK').run();
    s.db.prepare("INSERT INTO fact_texts (text) VALUES ('丙')").run();
    expect([...factTextsOf(s.db).values()]).toEqual(['甲', '丙']);
    s.close();
  });
});
