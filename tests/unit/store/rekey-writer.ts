// Child process of revocation.test.ts: signs in, prints "ready", then changes bob's password
// over and over (each change moves the database to a new key), printing the password after
// each change returned, until the parent kills it with SIGKILL.
import { Store } from '../../../electron/core/db';
import { FAST_KDF } from './helpers';

async function main(): Promise<void> {
  const dataDir = process.argv[2]!;
  const store = await Store.open(dataDir, 'admin', process.env.YIYANG_PASSWORD ?? '', { client: 'rekey-writer', kdf: FAST_KDF });
  const bob = store.users.getByUsername('bob')!;
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const password = `bob-password-${process.pid}-${i}`;
    await store.users.setPassword(bob.id, password, store.actor);
    process.stdout.write(`${password}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
