import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import path from 'node:path';
import { StoreError } from './errors';

export type Db = Database.Database;

export const DB_FILE = 'yiyang.db';

export function dbFilePath(dataDir: string): string {
  return path.join(dataDir, DB_FILE);
}

/** SQLite error codes that mean the bytes are not a database we can read with this key. */
const NOT_A_DATABASE = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function sqliteCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/**
 * Opens (or creates) an encrypted database file and sets it up the way every
 * connection must be: ChaCha20-Poly1305 encryption at rest, WAL, full sync on commit so
 * a reported commit survives a power cut, foreign keys, and temporary data only in memory.
 */
export function openDatabase(file: string, key: Buffer, opts: { create?: boolean } = {}): Db {
  if (key.length !== 32) throw new Error('database key must be 32 bytes');
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: !opts.create });
  } catch (err) {
    if (sqliteCode(err) === 'SQLITE_CANTOPEN') throw new StoreError('NOT_INITIALIZED', '数据目录中没有数据库文件');
    throw err;
  }
  try {
    // Named explicitly so a change of the library's default cipher cannot strand old stores.
    db.pragma(`cipher='chacha20'`);
    db.pragma(`hexkey='${key.toString('hex')}'`);
    try {
      // The first read is where a wrong key shows.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      if (NOT_A_DATABASE.has(sqliteCode(err) ?? ''))
        throw new StoreError('WRONG_KEY', '无法用此密钥解密数据库：密钥文件 keys.json 与数据库不匹配，或数据库已损坏');
      throw err;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Sorts and temporary tables that outgrow the cache would otherwise go to etilqs_* files
    // in the temp folder, which the cipher does not cover: names and ID numbers in clear.
    db.pragma('temp_store = MEMORY');
    // 16 MiB of decrypted pages: searches at 100 000 persons stay in memory.
    db.pragma('cache_size = -16384');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** `PRAGMA integrity_check`: ['ok'] when sound, otherwise SQLite's list of problems. */
export function integrityCheck(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check);
}

export function isConstraintError(err: unknown, kind?: 'UNIQUE' | 'FOREIGNKEY' | 'CHECK' | 'TRIGGER'): boolean {
  const code = sqliteCode(err) ?? '';
  if (!code.startsWith('SQLITE_CONSTRAINT')) return false;
  return kind === undefined || code === `SQLITE_CONSTRAINT_${kind}`;
}

/**
 * Writes a copy of the database encrypted under `newKey` to `target` and makes it durable.
 * The live file is never rekeyed in place: this library's in-place rekey cannot run in WAL
 * mode, and a kill in the middle of one in rollback mode was seen to leave a file neither
 * key opens. A copy that is only renamed over the live file once complete cannot.
 */
export function writeRekeyedCopy(db: Db, target: string, oldKey: Buffer, newKey: Buffer): void {
  db.prepare('VACUUM INTO ?').run(target);
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma(`cipher='chacha20'`);
    copy.pragma(`hexkey='${oldKey.toString('hex')}'`);
    // Nobody else knows this file yet: a crash here only leaves a temporary file behind.
    copy.pragma('journal_mode = DELETE');
    copy.pragma(`hexrekey='${newKey.toString('hex')}'`);
    copy.pragma('journal_mode = WAL');
  } finally {
    copy.close();
  }
  const check = openDatabase(target, newKey);
  try {
    const messages = integrityCheck(check);
    if (messages.length !== 1 || messages[0] !== 'ok') throw new StoreError('CORRUPT', `更换密钥后的数据库副本未通过完整性检查：${messages.slice(0, 3).join('；')}`);
  } finally {
    check.close();
  }
  const fd = openSync(target, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
