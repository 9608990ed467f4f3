import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { restoreBackup, stamp, type RestoreCredentials } from '../backup/backup';
import { DB_FILE, KEY_FILE, type Store } from '../db';
import { fsyncDir } from '../db/keys';
import type { CheckReport } from '../db/store';

/** The files that make up the store itself; policies, catalogues and backups beside them stay. */
const STORE_FILES = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, KEY_FILE];

/**
 * Restores a backup into the live data folder, for a folder not yet set up or one whose
 * store cannot be opened. The backup is restored and checked in a staging folder first, so a
 * bad backup or wrong password changes nothing. Only then are the old store's files moved
 * (never deleted) into `damaged-<time>/`, and the restored ones renamed into place, the key
 * file last: until it is there, the folder does not count as set up. Returns the folder the
 * old files went to, or null if there were none.
 */
export async function restoreInPlace(
  backupFile: string,
  dataDir: string,
  credentials: RestoreCredentials,
  check: (store: Store) => CheckReport | Promise<CheckReport>,
  now = new Date(),
): Promise<string | null> {
  const label = stamp(now);
  const staging = path.join(dataDir, `.restoring-${label}`);
  rmSync(staging, { recursive: true, force: true });
  const store = await restoreBackup(backupFile, staging, credentials, { client: 'app.restore' }, check);
  store.close();
  try {
    const old = STORE_FILES.filter((f) => existsSync(path.join(dataDir, f)));
    let setAside: string | null = null;
    if (old.length > 0) {
      setAside = path.join(dataDir, `damaged-${label}`);
      mkdirSync(setAside, { recursive: true });
      // The key file first: a crash from here on leaves a folder that is "not set up", never a mismatched pair.
      for (const f of [KEY_FILE, ...old.filter((f) => f !== KEY_FILE)]) if (old.includes(f)) renameSync(path.join(dataDir, f), path.join(setAside, f));
      fsyncDir(dataDir);
    }
    for (const f of [DB_FILE, `${DB_FILE}-wal`, KEY_FILE]) {
      const from = path.join(staging, f);
      if (existsSync(from)) renameSync(from, path.join(dataDir, f));
    }
    fsyncDir(dataDir);
    return setAside;
  } finally {
    if (existsSync(staging) && readdirSync(staging).every((f) => !STORE_FILES.includes(f) || f.endsWith('-shm'))) rmSync(staging, { recursive: true, force: true });
  }
}
