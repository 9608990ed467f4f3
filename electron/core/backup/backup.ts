import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { APP_META } from '../app/app-meta';
import { dbFilePath } from '../db/database';
import { HOLD_FILE } from '../db/folder-lock';
import { StoreError } from '../db/errors';
import { KEY_FILE_FORMAT, fsyncDir, parseKeyFile, readKeyFile, writeKeyFile, type KeySlot } from '../db/keys';
import { schemaVersion } from '../db/migrations';
import { Store, isEmptyDir, type CheckReport, type OpenOptions } from '../db/store';

/**
 * A backup is one file: this magic line, one JSON header line, then the encrypted
 * database exactly as `VACUUM INTO` wrote it (same key). The key slots travel in the
 * header, so the people who could open the store then can open the backup, and nobody
 * else can.
 */
export const BACKUP_MAGIC = 'YIYANG-BACKUP-1\n';
export const BACKUP_EXT = '.yybak';
const MAX_HEADER = 1 << 20;
const CHUNK = 1 << 20;

export interface BackupHeader {
  format: 1;
  created: string;
  appVersion: string;
  schemaVersion: number;
  storeId: string;
  keys: { format: number; storeId: string; createdAt: string; slots: KeySlot[] };
  dbSha256: string;
  dbBytes: number;
}

export interface BackupInfo {
  file: string;
  created: string;
  bytes: number;
  sha256: string;
}

function copyInto(srcFd: number, dstFd: number, hash: ReturnType<typeof createHash> | null, start: number, length?: number, onChunk?: (copied: number) => void): number {
  const buf = Buffer.allocUnsafe(CHUNK);
  let pos = start;
  let copied = 0;
  for (;;) {
    const want = length === undefined ? CHUNK : Math.min(CHUNK, length - copied);
    if (want <= 0) break;
    const n = readSync(srcFd, buf, 0, want, pos);
    if (n === 0) break;
    hash?.update(buf.subarray(0, n));
    let off = 0;
    while (off < n) off += writeSync(dstFd, buf, off, n - off);
    pos += n;
    copied += n;
    onChunk?.(copied);
  }
  return copied;
}

function sha256File(file: string): { sha256: string; bytes: number } {
  const fd = openSync(file, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, bytes);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}

/**
 * Online backup: `VACUUM INTO` a temporary file next to the target (a consistent
 * snapshot, encrypted with the same key; db.backup() would write plaintext), then the
 * header and those bytes into `outFile`, replaced atomically. Audited as `backup`.
 */
/** The two temporary files a backup into `target` writes before its final rename. */
export function backupTemporaries(target: string): { snapshot: string; partial: string } {
  const rand = randomBytes(6).toString('hex');
  return { snapshot: path.join(path.dirname(target), `.yiyang-snapshot-${rand}.tmp`), partial: `${target}.partial-${rand}` };
}

export interface BackupOptions {
  kind?: 'manual' | 'auto';
  /** Names chosen by the caller beforehand, so it can remove them if the backup is stopped. */
  temporary?: { snapshot: string; partial: string };
  /** The temporary files about to be written (snapshot first), so a cancelled backup leaves none. */
  onTemporary?(paths: string[]): void;
  /** Bytes written of the final file, during the copy after the snapshot. */
  onProgress?(done: number, total: number, phase: string): void;
}

export function createBackup(store: Store, outFile: string, opts: BackupOptions = {}): BackupInfo {
  const target = path.resolve(outFile);
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  const { snapshot, partial } = opts.temporary ?? backupTemporaries(target);
  const kf = readKeyFile(store.dataDir);
  if (!kf) throw new StoreError('CORRUPT', '数据目录中缺少密钥文件 keys.json');
  opts.onTemporary?.([snapshot, partial]);
  try {
    store.db.prepare('VACUUM INTO ?').run(snapshot);
    const { sha256, bytes } = sha256File(snapshot);
    const created = new Date().toISOString();
    const header: BackupHeader = {
      format: 1,
      created,
      appVersion: APP_META.version,
      schemaVersion: schemaVersion(store.db),
      storeId: kf.storeId,
      keys: {
        format: kf.format,
        storeId: kf.storeId,
        createdAt: kf.createdAt,
        // Lockout state belongs to the running store, not to its history.
        slots: kf.slots.map((s) => (s.kind === 'user' ? { ...s, failedAttempts: 0, lockedUntil: null } : s)),
      },
      dbSha256: sha256,
      dbBytes: bytes,
    };
    const out = openSync(partial, 'w', 0o600);
    try {
      writeSync(out, Buffer.from(BACKUP_MAGIC + JSON.stringify(header) + '\n', 'utf8'));
      const src = openSync(snapshot, 'r');
      try {
        copyInto(src, out, null, 0, undefined, (copied) => opts.onProgress?.(copied, bytes, '写入备份文件'));
      } finally {
        closeSync(src);
      }
      fsyncSync(out);
    } finally {
      closeSync(out);
    }
    renameSync(partial, target);
    fsyncDir(dir);
    store.audit.append(store.actor, { action: 'backup', entity: 'store', entityId: kf.storeId, detail: { kind: opts.kind ?? 'manual', bytes, sha256 } });
    return { file: target, created, bytes, sha256 };
  } finally {
    rmSync(snapshot, { force: true });
    rmSync(partial, { force: true });
  }
}

/** Reads and checks the magic and header; `offset` is where the database bytes start. */
export function readBackupHeader(file: string): { header: BackupHeader; offset: number } {
  const bad = (why: string): never => {
    throw new StoreError('CORRUPT', `不是有效的颐养评估备份文件：${why}`);
  };
  if (!existsSync(file)) throw new StoreError('NOT_FOUND', '找不到备份文件');
  const fd = openSync(file, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(Math.min(MAX_HEADER, fstatSync(fd).size));
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const magic = Buffer.from(BACKUP_MAGIC, 'utf8');
  if (!head.subarray(0, magic.length).equals(magic)) bad('文件头不正确');
  const nl = head.indexOf(0x0a, magic.length);
  if (nl < 0) bad('缺少文件说明');
  let header: BackupHeader;
  try {
    header = JSON.parse(head.subarray(magic.length, nl).toString('utf8')) as BackupHeader;
  } catch {
    return bad('文件说明不是有效的 JSON');
  }
  if (header.format !== 1 || typeof header.dbSha256 !== 'string' || !Number.isInteger(header.dbBytes)) bad('文件说明格式不正确');
  parseKeyFile({ ...header.keys, pendingAudit: [] });
  return { header, offset: nl + 1 };
}

export type RestoreCredentials = { username: string; password: string } | { recoveryKey: string };

/**
 * Restores into a new folder (absent or empty): checks the backup's length and SHA-256,
 * writes the database and key slots, signs in, requires `integrity_check` = ok and an
 * intact audit chain, and records the restore. On any failure everything written is
 * removed. Returns the open store; the caller closes it.
 */
export async function restoreBackup(
  fromFile: string,
  dataDir: string,
  credentials: RestoreCredentials,
  opts: OpenOptions = {},
  /** How to run the integrity and audit-chain checks (a worker thread, for a large store); default here. */
  check: (store: Store) => CheckReport | Promise<CheckReport> = (s) => s.check(),
): Promise<Store> {
  const target = path.resolve(dataDir);
  if (!isEmptyDir(target)) throw new StoreError('CONFLICT', '恢复的目标数据目录必须是新的（不存在或为空）');
  const { header, offset } = readBackupHeader(fromFile);
  const existed = existsSync(target);
  // The folder lock stays: the command holding it (restore) removes it itself.
  const cleanup = (): void => {
    if (!existsSync(target)) return;
    for (const f of readdirSync(target)) if (f !== HOLD_FILE) rmSync(path.join(target, f), { recursive: true, force: true });
    if (!existed && readdirSync(target).length === 0) rmSync(target, { recursive: true, force: true });
  };
  let store: Store | undefined;
  try {
    const size = statSync(fromFile).size;
    if (size - offset !== header.dbBytes) throw new StoreError('CORRUPT', '备份文件不完整（长度与记录不符）');
    mkdirSync(target, { recursive: true });
    const hash = createHash('sha256');
    const src = openSync(fromFile, 'r');
    const dst = openSync(dbFilePath(target), 'w', 0o600);
    try {
      copyInto(src, dst, hash, offset, header.dbBytes);
      fsyncSync(dst);
    } finally {
      closeSync(src);
      closeSync(dst);
    }
    if (hash.digest('hex') !== header.dbSha256) throw new StoreError('CORRUPT', '备份文件已损坏（SHA-256 校验不符）');
    writeKeyFile(target, {
      format: KEY_FILE_FORMAT,
      storeId: header.keys.storeId,
      createdAt: header.keys.createdAt,
      slots: parseKeyFile({ ...header.keys, pendingAudit: [] }).slots,
      pendingAudit: [],
    });
    store =
      'recoveryKey' in credentials
        ? await Store.openWithRecoveryKey(target, credentials.recoveryKey, opts)
        : await Store.open(target, credentials.username, credentials.password, opts);
    const report = await check(store);
    if (!report.integrity.ok) throw new StoreError('CORRUPT', `恢复的数据库未通过完整性检查：${report.integrity.messages.slice(0, 3).join('；')}`);
    if (!report.audit.ok) throw new StoreError('CORRUPT', `恢复的数据库审计链断裂（第 ${report.audit.brokenAt} 条）：${report.audit.reason}`);
    store.audit.append(store.actor, {
      action: 'restore',
      entity: 'store',
      entityId: header.storeId,
      detail: { backupCreated: header.created, sha256: header.dbSha256, schemaVersion: header.schemaVersion },
    });
    return store;
  } catch (err) {
    store?.close();
    cleanup();
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Automatic daily backups
// ---------------------------------------------------------------------------

const AUTO_NAME = /^yiyang-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.yybak$/;

/** Local time as it appears in backup file names: `20261201-203000`. */
export function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** When an automatic backup was made, from its file name. */
export function parseStamp(name: string): Date | null {
  const m = AUTO_NAME.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s);
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

/** Automatic backups in the folder, newest first. */
export function listAutoBackups(dataDir: string): string[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => AUTO_NAME.test(f))
    .sort()
    .reverse();
}
