/**
 * A second process on a data folder, for folder-lock.test.ts. Prints `ready`, waits for a
 * line on stdin, then:
 *   hold DIR          holds the folder until killed
 *   slots DIR K N     adds key slots u<K>-0 … u<K>-(N-1), each after a failed sign-in
 *   guess DIR N       tries N wrong admin passwords at once
 * and prints one JSON line with what happened.
 */
import { createInterface } from 'node:readline';
import { Store, holdDataFolder, isStoreError } from '../../../electron/core/db';
import { ADMIN_PASSWORD } from './helpers';

const [mode, dir, a, b] = process.argv.slice(2) as [string, string, string?, string?];

async function go(): Promise<unknown> {
  if (mode === 'hold') {
    holdDataFolder(dir);
    return { held: true };
  }
  if (mode === 'slots') {
    const store = await Store.open(dir, 'admin', ADMIN_PASSWORD);
    const n = Number(b);
    for (let i = 0; i < n; i++) {
      await Store.open(dir, `nobody-${a}-${i}`, 'wrong-password-1').catch(() => undefined);
      await store.putUserSlot(`u${a}-${i}`, 'slot-password-1');
    }
    store.close();
    return { done: n };
  }
  if (mode === 'guess') {
    const codes = await Promise.all(
      Array.from({ length: Number(a) }, (_, i) =>
        Store.open(dir, 'admin', `wrong-password-${i}`).then(
          (s) => (s.close(), 'OPENED'),
          (e: unknown) => (isStoreError(e) ? e.code : String(e)),
        ),
      ),
    );
    return { codes };
  }
  throw new Error(`unknown mode ${mode}`);
}

process.stdout.write('ready\n');
const rl = createInterface({ input: process.stdin });
rl.once('line', () => {
  go().then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      if (mode !== 'hold') process.exit(0);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
});
