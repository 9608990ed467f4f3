import type { Db } from '../db/database';
import { factTextsOf } from './fact-texts';

/**
 * Queries written once for both databases: the station's SQLite and the district hub's
 * PostgreSQL. A computation is a generator that yields each query it needs and gets its
 * rows back, so the station runs it synchronously inside one read transaction and the hub
 * runs the same text asynchronously inside one REPEATABLE READ snapshot. The SQL is the
 * common subset of both (named `@param`s, derived tables with an alias, CASE, window
 * functions); what differs is in `Dialect`: an index hint SQLite's planner needs is
 * left out for PostgreSQL's.
 */
export type Dialect = 'sqlite' | 'postgres';

export type SingleQuery =
  /** Row objects. */
  | { kind: 'all'; sql: string; params?: Record<string, unknown> }
  /** Rows as arrays of column values, in select order. */
  | { kind: 'rows'; sql: string; params?: Record<string, unknown> }
  /** The first row (or undefined). */
  | { kind: 'get'; sql: string; params?: Record<string, unknown> }
  /** The first column of the first row. */
  | { kind: 'value'; sql: string; params?: Record<string, unknown> }
  /** fact_texts as id → text (the station's connection keeps what it read). */
  | { kind: 'texts' };

/** A query, or queries that do not depend on one another (answered as an array, in order). */
export type PlanQuery = SingleQuery | { kind: 'batch'; queries: SingleQuery[] };

export type Plan<T> = Generator<PlanQuery, T, unknown>;

/** `INDEXED BY name` for SQLite, nothing for PostgreSQL (whose planner picks the index itself). */
export function indexHint(dialect: Dialect, index: string): string {
  return dialect === 'sqlite' ? ` INDEXED BY ${index}` : '';
}

/** Runs a plan on a SQLite connection, in one read transaction: the numbers describe one moment. */
export function runOnSqlite<T>(db: Db, plan: (dialect: Dialect) => Plan<T>): T {
  return db.transaction(() => {
    const it = plan('sqlite');
    let answer: unknown;
    for (;;) {
      const step = it.next(answer);
      if (step.done) return step.value;
      answer = sqliteAnswer(db, step.value);
    }
  })();
}

function sqliteAnswer(db: Db, q: PlanQuery): unknown {
  if (q.kind === 'batch') return q.queries.map((one) => sqliteAnswer(db, one));
  if (q.kind === 'texts') return factTextsOf(db);
  const st = db.prepare(q.sql);
  const params = q.params ?? {};
  if (q.kind === 'all') return st.all(params);
  if (q.kind === 'rows') return st.raw().all(params);
  if (q.kind === 'get') return st.get(params);
  return st.pluck().get(params);
}

/** What the hub's runner needs of a PostgreSQL client (pg's Client and PoolClient both fit). */
export interface PgQueryable {
  query(config: { text: string; values: unknown[]; rowMode?: 'array' }): Promise<{ rows: unknown[] }>;
}

/** `@name` parameters as PostgreSQL's `$1, $2…` (the same name twice is the same number). */
export function toPositional(sql: string, params: Record<string, unknown> = {}): { text: string; values: unknown[] } {
  const order: string[] = [];
  const text = sql.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`missing SQL parameter @${name}`);
    let i = order.indexOf(name);
    if (i < 0) i = order.push(name) - 1;
    return `$${i + 1}`;
  });
  return { text, values: order.map((n) => params[n]) };
}

const q0 = (text: string, values: unknown[] = []) => ({ text, values });

/**
 * Runs a plan on PostgreSQL inside one read-only REPEATABLE READ transaction. With
 * `helpers` (more connections to the same database), a batch is shared out among them,
 * each inside a transaction on the same snapshot (pg_export_snapshot): the numbers still
 * describe one moment, and the server works on several queries at once.
 */
export async function runOnPostgres<T>(client: PgQueryable, plan: (dialect: Dialect) => Plan<T>, helpers: readonly PgQueryable[] = []): Promise<T> {
  await client.query(q0('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'));
  const joined: PgQueryable[] = [];
  try {
    if (helpers.length) {
      const snapshot = ((await client.query({ ...q0('SELECT pg_export_snapshot()'), rowMode: 'array' })).rows[0] as [string])[0];
      for (const h of helpers) {
        await h.query(q0('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'));
        joined.push(h);
        await h.query(q0(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, '')}'`));
      }
    }
    const it = plan('postgres');
    let answer: unknown;
    for (;;) {
      const step = it.next(answer);
      if (step.done) {
        for (const h of [client, ...joined]) await h.query(q0('COMMIT'));
        return step.value;
      }
      const q = step.value;
      answer = q.kind === 'batch' ? await batchOnPostgres([client, ...joined], q.queries) : await postgresAnswer(client, q);
    }
  } catch (err) {
    for (const h of [client, ...joined]) await h.query(q0('ROLLBACK')).catch(() => {});
    throw err;
  }
}

/** Each connection takes the next query as soon as it is free; answers come back in the batch's order. */
async function batchOnPostgres(connections: PgQueryable[], queries: SingleQuery[]): Promise<unknown[]> {
  const answers: unknown[] = new Array(queries.length);
  let next = 0;
  await Promise.all(
    connections.map(async (c) => {
      while (next < queries.length) {
        const i = next++;
        answers[i] = await postgresAnswer(c, queries[i]!);
      }
    }),
  );
  return answers;
}

async function postgresAnswer(client: PgQueryable, q: SingleQuery): Promise<unknown> {
  if (q.kind === 'texts') {
    const r = await client.query({ text: 'SELECT id, text FROM fact_texts', values: [], rowMode: 'array' });
    return new Map((r.rows as [number, string][]).map(([id, text]) => [Number(id), text]));
  }
  const { text, values } = toPositional(q.sql, q.params);
  if (q.kind === 'rows') return (await client.query({ text, values, rowMode: 'array' })).rows;
  if (q.kind === 'value') return ((await client.query({ text, values, rowMode: 'array' })).rows[0] as unknown[] | undefined)?.[0];
  const rows = (await client.query({ text, values })).rows;
  return q.kind === 'get' ? rows[0] : rows;
}
