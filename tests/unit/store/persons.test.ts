import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store } from '../../../electron/core/db';
import { seedStore } from '../../../electron/core/seed/seed';
import { minusMonths, nameInitials } from '../../../electron/core/db/repositories/persons';
import { cleanupTempDirs, newStore, personInput, catchErr } from './helpers';

let store: Store;

beforeAll(async () => {
  store = (await newStore()).store;
});
afterAll(() => {
  store.close();
  cleanupTempDirs();
});

describe('persons', () => {
  it('creates, audits without personal data, and reads back', () => {
    const p = store.persons.create(personInput({ name: '张三丰', sex: '男', birthDate: '1950-06-01' }), store.actor);
    expect(p).toMatchObject({ name: '张三丰', nameInitials: 'zsf', sex: '男', county: '晋江市', economic: 'none', revision: 1, lastLevel: null });
    const row = store.audit.list({ entity: 'person', entityId: p.id }).at(-1)!;
    expect(row.action).toBe('person.create');
    expect(JSON.stringify(row)).not.toContain('张三丰');
    expect(JSON.stringify(row)).not.toContain(p.idNumber!);
    const seen = store.persons.get(p.id, store.actor);
    expect(seen).toEqual(p);
    expect(store.audit.list({ entity: 'person', entityId: p.id }).at(-1)!.action).toBe('person.view');
  });

  it('names initials with surname readings', () => {
    expect(nameInitials('单雄信')).toBe('sxx');
    expect(nameInitials('曾秀兰')).toBe('zxl');
    expect(nameInitials('Anna')).toBe('anna');
  });

  it('rejects invalid input with Chinese field errors', () => {
    const err = catchErr(() => store.persons.create({ ...personInput(), idNumber: '350582194803150021', phone: '12345' }, store.actor));
    expect(err.code).toBe('VALIDATION');
    expect(err.fields!.map((f) => f.path)).toEqual(expect.arrayContaining(['idNumber', 'phone']));
    expect(err.fields!.find((f) => f.path === 'idNumber')!.message).toContain('校验码');
  });

  it('detects a duplicate ID number and names the existing person', () => {
    const input = personInput();
    const first = store.persons.create(input, store.actor);
    const err = catchErr(() => store.persons.create({ ...input, name: '另一个人', idNumber: input.idNumber!.toLowerCase() }, store.actor));
    expect(err.code).toBe('CONFLICT');
    expect(err.details).toEqual({ existingId: first.id });
    expect(store.persons.findDuplicates({ idNumber: input.idNumber }).map((p) => p.id)).toEqual([first.id]);
    expect(store.persons.findDuplicates({ name: input.name, birthDate: input.birthDate }).map((p) => p.id)).toContain(first.id);
  });

  it('updates fields, re-checks the merged record and guards the revision', () => {
    const p = store.persons.create(personInput(), store.actor);
    const u = store.persons.update(p.id, { economic: 'tekun', tekunMode: 'centralized', name: '林美玲' }, store.actor, { revision: 1 });
    expect(u).toMatchObject({ economic: 'tekun', tekunMode: 'centralized', name: '林美玲', nameInitials: 'lml', revision: 2 });
    const audit = store.audit.list({ entity: 'person', entityId: p.id }).at(-1)!;
    expect(audit.detail).toEqual({ fields: ['name', 'economic', 'tekunMode'] });
    expect(catchErr(() => store.persons.update(p.id, { economic: 'none' }, store.actor)).fields![0]!.path).toBe('tekunMode');
    expect(catchErr(() => store.persons.update(p.id, { sex: '男' }, store.actor)).fields![0]!.path).toBe('sex');
    expect(catchErr(() => store.persons.update(p.id, { county: '鲤城区' }, store.actor, { revision: 1 })).code).toBe('CONFLICT');
    expect(catchErr(() => store.persons.update('nope', { county: '鲤城区' }, store.actor)).code).toBe('NOT_FOUND');
  });

  it('reports when the next reassessment is due, from the interval setting', () => {
    const p = store.persons.create(personInput(), store.actor);
    expect(p.nextReassessmentDate).toBeNull();
    store.db.prepare("UPDATE persons SET last_assessment_date = '2025-01-31' WHERE id = ?").run(p.id);
    expect(store.persons.peek(p.id)!.nextReassessmentDate).toBe('2026-01-31');
    store.settings.setReassessmentIntervalMonths(13, store.actor);
    expect(store.persons.peek(p.id)!.nextReassessmentDate).toBe('2026-02-28');
    expect(store.persons.findDuplicates({ idNumber: p.idNumber })[0]!.nextReassessmentDate).toBe('2026-02-28');
    store.settings.setReassessmentIntervalMonths(12, store.actor);
  });

  it('minusMonths clamps to the month end', () => {
    expect(minusMonths('2024-03-31', 1)).toBe('2024-02-29');
    expect(minusMonths('2025-01-15', 12)).toBe('2024-01-15');
    expect(minusMonths('2025-01-15', 13)).toBe('2023-12-15');
  });
});

describe('search', () => {
  let seeded: Store;
  beforeAll(async () => {
    seeded = (await newStore()).store;
    seedStore(seeded, { persons: 2000, seed: 7, today: '2026-06-30' });
  });
  afterAll(() => seeded.close());

  const all = () => seeded.db.prepare('SELECT id, name, name_initials AS ini, id_number AS idn, county, last_level AS lvl, last_assessment_date AS d FROM persons').all() as {
    id: string;
    name: string;
    ini: string;
    idn: string;
    county: string;
    lvl: number;
    d: string;
  }[];

  it('by name prefix', () => {
    const r = seeded.persons.search({ query: '陈', limit: 20 });
    const expected = all().filter((p) => p.name.startsWith('陈'));
    expect(r.total).toBe(expected.length);
    expect(r.rows).toHaveLength(20);
    expect(r.rows.every((p) => p.name.startsWith('陈'))).toBe(true);
    const two = all()[0]!.name.slice(0, 2);
    expect(seeded.persons.search({ query: two }).total).toBe(all().filter((p) => p.name.startsWith(two)).length);
  });

  it('by pinyin initials (case-insensitive)', () => {
    const r = seeded.persons.search({ query: 'CX', limit: 50 });
    expect(r.total).toBe(all().filter((p) => p.ini.startsWith('cx')).length);
    expect(r.total).toBeGreaterThan(0);
    for (const p of r.rows) expect(nameInitials(p.name).startsWith('cx')).toBe(true);
  });

  it('by ID-number prefix, and by a full number ending in x', () => {
    const r = seeded.persons.search({ query: '350582' });
    expect(r.total).toBe(all().filter((p) => p.idn.startsWith('350582')).length);
    const withX = all().find((p) => p.idn.endsWith('X'));
    if (withX) expect(seeded.persons.search({ query: withX.idn.toLowerCase() }).rows.map((p) => p.id)).toEqual([withX.id]);
  });

  it('filters by county, last level and reassessment due, and pages', () => {
    const lvl2 = all().filter((p) => p.county === '南安市' && p.lvl === 2);
    const r = seeded.persons.search({ county: '南安市', lastLevel: 2, limit: 500 });
    expect(r.total).toBe(lvl2.length);
    const due = seeded.persons.search({ reassessmentDue: true, today: '2026-06-30', limit: 1 });
    expect(due.total).toBe(all().filter((p) => p.d <= '2025-06-30').length);
    const page1 = seeded.persons.search({ query: '林', limit: 10, offset: 0 });
    const page2 = seeded.persons.search({ query: '林', limit: 10, offset: 10 });
    expect(new Set([...page1.rows, ...page2.rows].map((p) => p.id)).size).toBe(20);
    expect(page2.total).toBe(page1.total);
  });

  it('uses indexes, not a scan of persons', () => {
    const plan = (sql: string, ...params: unknown[]) =>
      (seeded.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT id FROM persons WHERE name >= ? AND name < ? ORDER BY name, id LIMIT 20', '陈', '陈\uffff')).toMatch(/USING (COVERING )?INDEX persons_name/);
    expect(plan('SELECT id FROM persons WHERE name_initials >= ? AND name_initials < ? ORDER BY name_initials, name, id LIMIT 20', 'cx', 'cx\uffff')).toMatch(
      /USING (COVERING )?INDEX persons_initials/,
    );
    expect(plan('SELECT id FROM persons WHERE id_number >= ? AND id_number < ? ORDER BY id_number LIMIT 20', '3505', '3505\uffff')).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_persons/);
  });
});
