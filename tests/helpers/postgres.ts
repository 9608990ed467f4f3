import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL for the hub's tests: the one `YIYANG_TEST_PG` names (a URL to a server
 * where the test may create databases), or a throw-away cluster of Debian's package, made
 * with initdb in a temp folder on a free loopback port and stopped at the end. Nothing is
 * mocked. As root, the server runs as the `postgres` user (it refuses root).
 */
export interface TestPostgres {
  /** A new empty database on the server, by URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error('PostgreSQL is not installed (apt-get install postgresql), and YIYANG_TEST_PG is not set');
  return path.join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

let counter = 0;

function serverAt(baseUrl: string, stop: () => Promise<void>): TestPostgres {
  return {
    async createDatabase(name) {
      const db = name ?? `yiyang_test_${process.pid}_${Date.now()}_${counter++}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${db}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
      } finally {
        await admin.end();
      }
      const url = new URL(baseUrl);
      url.pathname = `/${db}`;
      return url.toString();
    },
    stop,
  };
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env['YIYANG_TEST_PG'];
  if (given) return serverAt(given, async () => {});
  const bin = pgBin();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] as const : [path.join(bin, cmd), args] as const;
    const r = spawnSync(full[0], [...full[1]], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-w', '-l', path.join(dir, 'server.log'), '-o', `-k ${dir} -p ${port} -h 127.0.0.1 -c fsync=off -c full_page_writes=off`, 'start']);
  const stop = async () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return serverAt(`postgres://postgres@127.0.0.1:${port}/postgres`, stop);
}
