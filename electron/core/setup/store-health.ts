import { existsSync } from 'node:fs';
import { dbFilePath, isStoreError, readKeyFile, type StoreError } from '../db';

export interface StoreProblem {
  message: string;
  /** A backup may replace what is there: not for a store of a newer version (upgrade instead). */
  restorable: boolean;
}

/**
 * What can be seen wrong with a data folder before anyone signs in: a key file that does
 * not parse, one of the two files without the other. Damage inside the database only shows
 * at a sign-in (the key is needed to read it): `StoreHealth.noteSignInFailure` records it.
 */
export function inspectDataFolder(dataDir: string): StoreProblem | null {
  const hasDb = existsSync(dbFilePath(dataDir));
  try {
    const keys = readKeyFile(dataDir);
    if (!keys) return hasDb ? { message: '数据目录中缺少密钥文件 keys.json，无法打开数据库', restorable: true } : null;
  } catch (err) {
    if (isStoreError(err)) return asProblem(err);
    throw err;
  }
  return hasDb ? null : { message: '数据目录中缺少数据库文件 yiyang.db', restorable: true };
}

function asProblem(err: StoreError): StoreProblem {
  return { message: err.message, restorable: err.code !== 'NEWER_DATABASE' };
}

/** The folder's problem as the app knows it: seen on disk, or met by a sign-in whose password was right. */
export class StoreHealth {
  private metAtSignIn: StoreProblem | null = null;

  constructor(private readonly dataDir: string) {}

  problem(): StoreProblem | null {
    return inspectDataFolder(this.dataDir) ?? this.metAtSignIn;
  }

  /** A sign-in failed: if the password opened its key slot but the database would not open, the store is damaged. */
  noteSignInFailure(err: unknown): void {
    if (isStoreError(err, 'WRONG_KEY') || isStoreError(err, 'CORRUPT') || isStoreError(err, 'NEWER_DATABASE')) this.metAtSignIn = asProblem(err);
  }

  /** A restore put a good store in place. */
  cleared(): void {
    this.metAtSignIn = null;
  }
}
