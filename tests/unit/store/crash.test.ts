import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../electron/cli/store-commands';
import { Store } from '../../../electron/core/db';
import { ADMIN_PASSWORD, cleanupTempDirs, fakeIO, newStore } from './helpers';

afterAll(cleanupTempDirs);

const ROOT = path.resolve(__dirname, '../../..');
const WRITER = path.join(__dirname, 'crash-writer.ts');
const ROUNDS = 20;

/** Runs the writer, kills it with SIGKILL 50–400 ms after it is ready, returns the committed lines. */
function runAndKill(dataDir: string): Promise<{ committed: [string, string][]; killedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], {
      cwd: ROOT,
      env: { ...process.env, YIYANG_PASSWORD: ADMIN_PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const delay = 50 + Math.floor(Math.random() * 350);
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delay);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited on its own (${code}): ${err}`));
      // A line cut off by the kill is not a reported commit.
      const complete = out.slice(0, out.lastIndexOf('\n') + 1);
      const committed = complete
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => l.split(' ') as [string, string]);
      resolve({ committed, killedAfterMs: delay });
    });
  });
}

describe('crash safety', () => {
  it(`survives ${ROUNDS} SIGKILLs mid-write: check passes and every reported commit is there`, async () => {
    const { store, dataDir } = await newStore();
    store.users.createUserRow({ username: 'assessor-2', role: 'assessor' }, store.actor);
    store.close();
    const all: [string, string][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { committed } = await runAndKill(dataDir);
      all.push(...committed);
      const io = fakeIO({ YIYANG_PASSWORD: ADMIN_PASSWORD });
      expect(await runCheck(['--data', dataDir], io), `round ${round}: ${io.out}${io.err}`).toBe(0);
      const s = await Store.open(dataDir, 'admin', ADMIN_PASSWORD);
      try {
        const missing = all.filter(([p, a]) => !s.persons.peek(p) || s.assessments.get(a)?.status !== 'finalized');
        expect(missing, `round ${round}`).toEqual([]);
        // Nothing half-done: every person the writer made has its finalized assessment.
        const orphans = s.db.prepare("SELECT count(*) AS n FROM persons p WHERE NOT EXISTS (SELECT 1 FROM assessments a WHERE a.person_id = p.id AND a.status = 'finalized')").get() as { n: number };
        expect(orphans.n).toBe(0);
      } finally {
        s.close();
      }
    }
    expect(all.length).toBeGreaterThan(ROUNDS);
    if (process.env.CRASH_VERBOSE) console.log(`committed before kills: ${all.length}`);
  }, 120_000);
});
