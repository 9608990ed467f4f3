import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { StoreError } from './errors';

/**
 * Locks between processes on one data folder, with the operating system's own file locks
 * (fcntl on Linux and macOS, LockFileEx on Windows) as SQLite takes them on a small file of
 * its own that holds nothing: the OS drops them when the process ends, however it ends, so
 * a crash never leaves a stale lock behind. No native module beyond the one we ship.
 *
 * - `holdDataFolder`: one app, server or writing command per folder, for its whole life.
 * - `withKeyFileLock`: every read-modify-write of keys.json, briefly, across all processes
 *   (the app and any reading command), so no update is lost (issue 13: several servers on
 *   one folder lost 3 of 30 new key slots and let 8 wrong passwords through instead of 5).
 */

/** The folder lock, held for a process's life; its holder removes it when it empties the folder. */
export const HOLD_FILE = 'yiyang.lock';

/** Files in the data folder that are locks, not data: a folder holding only these is still empty. */
export const LOCK_FILES: readonly string[] = [HOLD_FILE, 'keys.lock'];

export interface FolderHold {
  release(): void;
}

/** Thrown when another process holds the folder: its message is the one line to show. */
export class FolderBusyError extends StoreError {
  constructor(dataDir: string) {
    super('CONFLICT', `数据目录 ${dataDir} 正被另一个颐养评估程序使用（同一数据目录同时只能由一个程序写入），请先关闭它`);
    this.name = 'FolderBusyError';
  }
}

function lockDb(file: string, timeoutMs: number): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  return new Database(file, { timeout: timeoutMs });
}

/** Nothing is ever written to these files: no journal file beside them either. */
const NO_JOURNAL = 'PRAGMA journal_mode = MEMORY;';

const isBusy = (err: unknown): boolean => typeof err === 'object' && err !== null && 'code' in err && String((err as { code: unknown }).code).startsWith('SQLITE_BUSY');

/**
 * Holds the folder until `release` or the end of the process. A second holder (another
 * process, or a second hold in this one) gets FolderBusyError at once.
 */
export function holdDataFolder(dataDir: string): FolderHold {
  const db = lockDb(path.join(dataDir, HOLD_FILE), 0);
  try {
    // In exclusive locking mode SQLite keeps the lock a write took until the connection closes.
    db.exec(`${NO_JOURNAL} PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;`);
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new FolderBusyError(dataDir);
    throw err;
  }
  let held = true;
  return {
    release() {
      if (held) db.close();
      held = false;
    },
  };
}

/**
 * Runs `fn` (synchronous: it cannot yield to another caller of this process meanwhile)
 * while no other process changes keys.json; waits up to 10 s for one that is.
 */
export function withKeyFileLock<T>(dataDir: string, fn: () => T): T {
  const db = lockDb(path.join(dataDir, 'keys.lock'), 10_000);
  try {
    db.exec(`${NO_JOURNAL} BEGIN EXCLUSIVE;`);
    try {
      return fn();
    } finally {
      db.exec('COMMIT');
    }
  } catch (err) {
    if (isBusy(err)) throw new StoreError('CONFLICT', '密钥文件 keys.json 正被另一个程序修改，请稍后重试');
    throw err;
  } finally {
    db.close();
  }
}
