import { closeSync, existsSync, fsyncSync, openSync, readSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fsyncDir } from '../db/keys';
import { BACKUP_EXT, BACKUP_MAGIC, backupsDir, readBackupHeader, type BackupHeader } from './backup';

const CHUNK = 1 << 20;

/**
 * After a rekey that revoked `usernames`: the backups in the data folder's backups/ still
 * carry those users' slots in their headers, and the old database key opens them. Each such
 * backup is rewritten without those slots (header replaced, database bytes copied as they
 * are, then renamed over the old file), so the revoked passwords open none of them. Copies
 * taken elsewhere before (a USB stick) cannot be recalled: the README says so.
 * Returns the names of the backups rewritten.
 */
export function forgetInBackups(dataDir: string, usernames: readonly string[]): string[] {
  const dir = backupsDir(dataDir);
  if (!usernames.length || !existsSync(dir)) return [];
  const revoked = new Set(usernames);
  const rewritten: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith(BACKUP_EXT)).sort()) {
    const file = path.join(dir, name);
    let parsed: { header: BackupHeader; offset: number };
    try {
      parsed = readBackupHeader(file);
    } catch {
      continue; // not ours to touch: a damaged or foreign file stays as it is
    }
    const { header, offset } = parsed;
    const slots = header.keys.slots.filter((s) => !(s.kind === 'user' && revoked.has(s.username)));
    if (slots.length === header.keys.slots.length) continue;
    replaceHeader(file, { ...header, keys: { ...header.keys, slots } }, offset);
    rewritten.push(name);
  }
  return rewritten;
}

function replaceHeader(file: string, header: BackupHeader, offset: number): void {
  const partial = `${file}.partial-${randomBytes(6).toString('hex')}`;
  try {
    const src = openSync(file, 'r');
    const out = openSync(partial, 'w', 0o600);
    try {
      writeSync(out, Buffer.from(BACKUP_MAGIC + JSON.stringify(header) + '\n', 'utf8'));
      const buf = Buffer.allocUnsafe(CHUNK);
      for (let pos = offset; ; ) {
        const n = readSync(src, buf, 0, CHUNK, pos);
        if (n === 0) break;
        for (let off = 0; off < n; ) off += writeSync(out, buf, off, n - off);
        pos += n;
      }
      fsyncSync(out);
    } finally {
      closeSync(src);
      closeSync(out);
    }
    renameSync(partial, file);
    fsyncDir(path.dirname(file));
  } finally {
    rmSync(partial, { force: true });
  }
}
