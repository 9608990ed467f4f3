import pg from 'pg';
import { HubError } from './schema';

/** pg gives bigint (count) as text; every count here fits a double. */
pg.types.setTypeParser(20, (v) => Number(v));

/** The message of a failed connection, without the URL (it may hold a password). */
export function connectionProblem(err: unknown): HubError {
  return new HubError(`无法连接到 PostgreSQL：${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
}

/** One connection to the hub's database. */
export async function connectHub(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw connectionProblem(err);
  }
  return client;
}

/** The server's connections (`hub serve`): a few, shared by every request. */
export function hubPool(url: string, max = 6): pg.Pool {
  return new pg.Pool({ connectionString: url, max });
}
