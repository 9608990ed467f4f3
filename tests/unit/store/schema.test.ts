import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DERIVED_TABLES,
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  NewerDatabaseError,
  Store,
  type StoreError,
  migrate,
  openDatabase,
  schemaVersion,
  type Db,
} from '../../../electron/core/db';
import { ADMIN_PASSWORD, cleanupTempDirs, newStore, tempDir } from './helpers';

afterEach(cleanupTempDirs);

const SNAPSHOT = path.join(__dirname, 'schema-snapshot.json');

interface Snapshot {
  note: string;
  schemaVersion: number;
  tables: Record<string, Record<string, string>>;
}

function liveSchema(db: Db): Snapshot['tables'] {
  const tables: Snapshot['tables'] = {};
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  for (const { name } of names) {
    const cols = db.prepare(`PRAGMA table_info(${JSON.stringify(name)})`).all() as { name: string; type: string }[];
    tables[name] = Object.fromEntries(cols.map((c) => [c.name, c.type]));
  }
  return tables;
}

function compare(released: Snapshot['tables'], live: Snapshot['tables']): string[] {
  const problems: string[] = [];
  for (const [table, cols] of Object.entries(released)) {
    // A read model rebuilt by its migration holds no data of its own to keep readable.
    if (DERIVED_TABLES.includes(table)) {
      if (!live[table]) problems.push(`derived table ${table} is missing`);
      continue;
    }
    const liveCols = live[table];
    if (!liveCols) {
      problems.push(`table ${table} was dropped or renamed`);
      continue;
    }
    for (const [col, type] of Object.entries(cols)) {
      if (!(col in liveCols)) problems.push(`${table}.${col} was dropped or renamed`);
      else if (liveCols[col] !== type) problems.push(`${table}.${col} changed type ${type} → ${liveCols[col]}`);
    }
  }
  return problems;
}

function freshDb(): Db {
  const db = openDatabase(path.join(tempDir(), 'x.db'), Buffer.alloc(32, 1), { create: true });
  migrate(db);
  return db;
}

describe('schema snapshot', () => {
  it('keeps every released table and column with its type', () => {
    const db = freshDb();
    const live = liveSchema(db);
    db.close();
    const released: Snapshot | null = existsSync(SNAPSHOT) ? (JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Snapshot) : null;
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') {
      // Additive only: a column once released stays in the snapshot for ever.
      const merged: Snapshot['tables'] = structuredClone(released?.tables ?? {});
      for (const [t, cols] of Object.entries(live)) merged[t] = DERIVED_TABLES.includes(t) ? cols : { ...(merged[t] ?? {}), ...cols };
      writeFileSync(
        SNAPSHOT,
        JSON.stringify(
          {
            note: 'Released tables and columns. Never remove or edit an entry: add columns with a new migration, then run UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run tests/unit/store/schema.test.ts',
            schemaVersion: LATEST_SCHEMA_VERSION,
            tables: merged,
          },
          null,
          2,
        ) + '\n',
      );
    }
    expect(existsSync(SNAPSHOT), 'schema-snapshot.json is missing').toBe(true);
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Snapshot;
    expect(compare(snapshot.tables, live)).toEqual([]);
    expect(snapshot.schemaVersion).toBeLessThanOrEqual(LATEST_SCHEMA_VERSION);
    expect(Object.keys(snapshot.tables).sort()).toEqual(['assessment_facts', 'assessment_handwriting', 'assessments', 'audit_log', 'care_plan_changes', 'certificates', 'fact_texts', 'persons', 'settings', 'users']);
  });

  it('the comparison catches a dropped, renamed or retyped column', () => {
    const released = { persons: { id: 'TEXT', name: 'TEXT', height_cm: 'REAL' }, gone: { x: 'TEXT' } };
    const live = { persons: { id: 'TEXT', full_name: 'TEXT', height_cm: 'TEXT', extra: 'TEXT' } };
    expect(compare(released, live)).toEqual([
      'persons.name was dropped or renamed',
      'persons.height_cm changed type REAL → TEXT',
      'table gone was dropped or renamed',
    ]);
  });
});

describe('migrations', () => {
  it('numbers migrations 1..n and sets user_version', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
    const db = freshDb();
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db).applied).toEqual([]);
    db.close();
  });

  it('runs each migration in a transaction: a failing one leaves the previous version intact', () => {
    const db = openDatabase(path.join(tempDir(), 'y.db'), Buffer.alloc(32, 2), { create: true });
    const broken = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'half done',
        up: (d: Db) => {
          d.exec('CREATE TABLE half (x)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow('boom');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database made by a newer version, naming both versions', async () => {
    const { store, dataDir } = await newStore();
    store.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    store.close();
    let err: unknown;
    try {
      await Store.open(dataDir, 'admin', ADMIN_PASSWORD);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NewerDatabaseError);
    expect((err as StoreError).code).toBe('NEWER_DATABASE');
    expect((err as Error).message).toContain(`数据库版本 ${LATEST_SCHEMA_VERSION + 5}`);
    expect((err as Error).message).toContain(`最高支持版本 ${LATEST_SCHEMA_VERSION}`);
  });
});
