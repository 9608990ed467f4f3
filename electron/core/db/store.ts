import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '../../../shared/contract/roles';
import { formatDateTime } from '../../../shared/util/dates';
import { AuditLog, RECOVERY_ACTOR, verifyAuditChain, type Actor, type AuditVerification } from './audit';
import { AssessmentsRepo } from './repositories/assessments';
import { CertificatesRepo } from './repositories/certificates';
import { dbFilePath, integrityCheck, openDatabase, writeRekeyedCopy, type Db } from './database';
import { LOCK_FILES, withKeyFileLock } from './folder-lock';
import { StoreError, WRONG_CREDENTIALS_MESSAGE, validationError } from './errors';
import {
  DEFAULT_KDF,
  LOCK_MS,
  MAX_FAILED_ATTEMPTS,
  KEY_FILE_FORMAT,
  burnKdf,
  decodeRecoveryKey,
  findRecoverySlot,
  findUserSlot,
  generateRecoveryKey,
  fsyncDir,
  keyFilePath,
  makeSlot,
  makeSlotKeys,
  openSlot,
  unsealKey,
  readKeyFile,
  sealKey,
  slotAad,
  writeKeyFile,
  type KdfParams,
  type KeyFile,
  type KeySlot,
  type PendingAuditEntry,
  type SealedKey,
  type SlotIdentity,
} from './keys';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion, type MigrationOutcome } from './migrations';
import { HandwritingRepo } from './repositories/handwriting';
import { PersonsRepo } from './repositories/persons';
import { SETTING_KEYS, SettingsRepo } from './repositories/settings';
import { UsersRepo, passwordProblem, usernameProblem, type RekeyAudit, type SlotKeeper } from './repositories/users';

export interface StoreUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface InitOptions {
  institutionName: string;
  institutionCode?: string | null;
  institutionAddress?: string | null;
  adminUsername: string;
  adminPassword: string;
  adminDisplayName?: string;
  /** Cheaper scrypt for tests only. */
  kdf?: KdfParams;
}

export interface OpenOptions {
  /** Clock for lockout decisions (tests). */
  now?: () => Date;
  /** Recorded with the login: `cli.check`, `app`, … */
  client?: string;
  kdf?: KdfParams;
}

/**
 * What one of this process's worker threads needs to open its own connection as the same
 * user: the data folder, the database key and who acts. It is passed to a worker in memory
 * and never written, logged or sent anywhere else.
 */
export interface WorkerAccess {
  dataDir: string;
  keyHex: string;
  user: StoreUser | null;
}

/**
 * Writes `target` as a copy of the database under `newKey`. While it runs no one else may
 * write (the copy would miss it): the caller keeps every other call out meanwhile.
 */
export type RekeyCopier = (db: Db, target: string, oldKey: Buffer, newKey: Buffer) => void | Promise<void>;

/** What a rekey changed, for the person who asked for it. */
export interface RekeyOutcome {
  /** Users whose slot predates sealed slots: it could not follow the new key; an administrator sets them a new password. */
  lostUsers: string[];
  /** The recovery slot predates sealed slots: a new recovery key must be made. */
  recoveryLost: boolean;
}

export interface CheckReport {
  ok: boolean;
  integrity: { ok: boolean; messages: string[] };
  version: { ok: boolean; current: number; latest: number };
  audit: AuditVerification;
}

/** Failed sign-ins kept while the database is closed; beyond this the oldest are dropped. */
const MAX_PENDING = 1000;
const LOGIN_ENTITY = 'login-attempt';

/** Whose copy a recovery-key session opens among secrets sealed for administrators. */
const RECOVERY_HOLDER = '#recovery';
const sealAad = (purpose: string, holder: string) => Buffer.from(`yiyang:sealed:1:${purpose}:${holder}`, 'utf8');

/** Open connections of this process, per data folder: a rekey needs to be the only one. */
const openStores = new Map<string, Set<Store>>();

const slotAadOf = (s: KeySlot) => slotAad(s.kind === 'user' ? { kind: 'user', username: s.username } : { kind: 'recovery' });


function lockedError(until: Date): StoreError {
  return new StoreError('ACCOUNT_LOCKED', `密码连续输错 ${MAX_FAILED_ATTEMPTS} 次，账户已锁定，请于 ${formatDateTime(until)} 后再试`, undefined, {
    lockedUntil: until.toISOString(),
  });
}

/**
 * Records a failed sign-in in keys.json. Re-reads the file first: the caller's copy may
 * be stale after an await, and writing it back could undo a password change made by
 * another process meanwhile.
 */
function recordPending(dataDir: string, entry: Omit<PendingAuditEntry, 'detail'> & { detail: PendingAuditEntry['detail'] }, mutate?: (kf: KeyFile) => void): void {
  updateKeyFile(dataDir, (kf) => {
    mutate?.(kf);
    kf.pendingAudit.push(entry);
    if (kf.pendingAudit.length > MAX_PENDING) kf.pendingAudit.splice(0, kf.pendingAudit.length - MAX_PENDING);
  });
}

/**
 * Reads keys.json, lets `change` edit it and writes it back, with no other process in
 * between (withKeyFileLock): the only way keys.json is changed once a folder exists.
 * Returns what `change` returned; nothing is written when the file is missing.
 */
function updateKeyFile<T>(dataDir: string, change: (kf: KeyFile) => T): T | undefined {
  return withKeyFileLock(dataDir, () => changeKeyFile(dataDir, change));
}

/** updateKeyFile for a caller that already holds the key-file lock. */
function changeKeyFile<T>(dataDir: string, change: (kf: KeyFile) => T): T | undefined {
  const kf = readKeyFile(dataDir);
  if (!kf) return undefined;
  const before = JSON.stringify(kf);
  const r = change(kf);
  if (JSON.stringify(kf) !== before) writeKeyFile(dataDir, kf);
  return r;
}

/**
 * The last step of a rekey, once the database file is under the new key: every slot's new
 * sealed key becomes its key; slots that could not follow (from before sealed slots) go.
 * Caller holds the key-file lock.
 */
function finishRekey(dataDir: string): RekeyOutcome {
  const outcome: RekeyOutcome = { lostUsers: [], recoveryLost: false };
  changeKeyFile(dataDir, (kf) => {
    // Already finished (by whoever opened first after a crash): nothing to promote, nothing to drop.
    if (!kf.slots.some((s) => s.next)) return;
    kf.slots = kf.slots.filter((s) => {
      if (s.next) {
        s.sealed = s.next;
        delete s.next;
        return true;
      }
      if (s.kind === 'user') outcome.lostUsers.push(s.username);
      else outcome.recoveryLost = true;
      return false;
    });
  });
  return outcome;
}

/** What counting one more attempt found: locked already, or this attempt is the last before the lock. */
export interface AttemptReservation {
  lockedUntil: string | null;
  locksNow: boolean;
}

/**
 * Counts an attempt at `username`'s secret before it is tried, in keys.json under the lock,
 * so attempts at once (in one process or several) cannot pass the limit together; sign-in
 * and signing share the count. A right secret clears it again (clearAttempts).
 */
export function reserveAttempt(dataDir: string, username: string, at: Date): AttemptReservation | undefined {
  return updateKeyFile(dataDir, (fresh) => {
    const s = findUserSlot(fresh, username);
    if (!s) return { lockedUntil: null, locksNow: false };
    if (s.lockedUntil && at.getTime() < Date.parse(s.lockedUntil)) return { lockedUntil: s.lockedUntil, locksNow: false };
    if (s.lockedUntil) {
      // An expired lock starts a fresh count.
      s.lockedUntil = null;
      s.failedAttempts = 0;
    }
    s.failedAttempts += 1;
    if (s.failedAttempts < MAX_FAILED_ATTEMPTS) return { lockedUntil: null, locksNow: false };
    s.lockedUntil = new Date(at.getTime() + LOCK_MS).toISOString();
    s.failedAttempts = 0;
    return { lockedUntil: s.lockedUntil, locksNow: true };
  });
}

/** A right secret: the count starts again and any lock is lifted. */
export function clearAttempts(dataDir: string, username: string): void {
  updateKeyFile(dataDir, (kf) => {
    const s = findUserSlot(kf, username);
    if (s) {
      s.failedAttempts = 0;
      s.lockedUntil = null;
    }
  });
}

/** When `username` may try a secret again, or null when now. */
export function lockedUntil(dataDir: string, username: string, at: Date): Date | null {
  const kf = readKeyFile(dataDir);
  const s = kf ? findUserSlot(kf, username) : undefined;
  return s?.lockedUntil && at.getTime() < Date.parse(s.lockedUntil) ? new Date(s.lockedUntil) : null;
}

/** A rekey's copy and its journal or WAL, left by one that was cut off before its rename. */
const REKEY_TEMP = /^yiyang\.db\.rekey-[0-9a-f]+(-journal|-wal|-shm)?$/;

/**
 * The encrypted store of one data folder: the database (`yiyang.db`) and its key slots
 * (`keys.json`). Every change that matters runs in a transaction together with its audit
 * row. One Store is one signed-in connection; `close()` forgets the key.
 */
export class Store implements SlotKeeper {
  // Not readonly: a rekey moves the store onto a new connection (see rekey()).
  db!: Db;
  audit!: AuditLog;
  settings!: SettingsRepo;
  users!: UsersRepo;
  persons!: PersonsRepo;
  assessments!: AssessmentsRepo;
  certificates!: CertificatesRepo;
  handwriting!: HandwritingRepo;
  /** Who this connection acts as in the audit log. */
  readonly actor: Actor;
  private closed = false;
  /** The signed-in slot's key pair (see sealForAdministrators); null for a slot from before. */
  private identity: SlotIdentity | null = null;
  /** Writes a rekey's copy (writeRekeyedCopy); the app runs it in a worker thread (useRekeyCopier). */
  private copier: RekeyCopier = (db, target, oldKey, newKey) => writeRekeyedCopy(db, target, oldKey, newKey);

  private constructor(
    readonly dataDir: string,
    db: Db,
    private dbKey: Buffer,
    /** The signed-in user; null when opened with the recovery key. */
    readonly user: StoreUser | null,
    readonly migration: MigrationOutcome,
    private readonly kdf: KdfParams,
  ) {
    this.actor = user ? { userId: user.id, username: user.username } : RECOVERY_ACTOR;
    this.bind(db);
    const key = path.resolve(dataDir);
    openStores.set(key, (openStores.get(key) ?? new Set()).add(this));
  }

  /** A rekey's copy is the long part (about 45 s for a 1 GB store): the app has a worker thread write it. */
  useRekeyCopier(copier: RekeyCopier): void {
    this.copier = copier;
  }

  /** scrypt cost for secrets this store wraps (key slots, signing keys): cheaper only in tests. */
  get kdfParams(): KdfParams {
    return this.kdf;
  }

  private bind(db: Db): void {
    this.db = db;
    this.audit = new AuditLog(db);
    this.settings = new SettingsRepo(db, this.audit);
    this.users = new UsersRepo(db, this.audit, this);
    this.persons = new PersonsRepo(db, this.audit, () => this.settings.getReassessmentIntervalMonths());
    this.assessments = new AssessmentsRepo(db, this.audit, () => this.settings.getInstitution().code);
    this.certificates = new CertificatesRepo(db, this.audit);
    this.handwriting = new HandwritingRepo(db);
  }

  static isInitialized(dataDir: string): boolean {
    return existsSync(keyFilePath(dataDir));
  }

  /**
   * First run: a random database key, the schema, the institution, the first admin, and
   * a recovery key returned once (it is stored nowhere in clear).
   */
  static async init(dataDir: string, opts: InitOptions): Promise<{ store: Store; recoveryKey: string }> {
    const fields = [];
    if (!opts.institutionName?.trim()) fields.push({ path: 'institution', message: '请填写机构名称' });
    const up = usernameProblem(opts.adminUsername);
    if (up) fields.push({ path: 'admin', message: up });
    const pp = passwordProblem(opts.adminPassword);
    if (pp) fields.push({ path: 'password', message: pp });
    if (opts.institutionCode && !/^[A-Za-z0-9]{1,20}$/.test(opts.institutionCode))
      fields.push({ path: 'institutionCode', message: '机构代码只能包含字母和数字，最多 20 位' });
    if (fields.length) throw validationError(fields);

    const dbFile = dbFilePath(dataDir);
    if (existsSync(keyFilePath(dataDir)) || existsSync(dbFile))
      throw new StoreError('ALREADY_INITIALIZED', '该数据目录已经初始化过，不能再次初始化');
    mkdirSync(dataDir, { recursive: true });

    const kdf = opts.kdf ?? DEFAULT_KDF;
    const dbKey = randomBytes(32);
    const recovery = generateRecoveryKey();
    const username = opts.adminUsername.normalize('NFC');
    const [{ slot: adminSlot, identity }, recoverySlot] = await Promise.all([
      makeSlot(dbKey, opts.adminPassword, slotAad({ kind: 'user', username }), kdf),
      makeSlotKeys(dbKey, recovery.bytes, slotAad({ kind: 'recovery' }), kdf),
    ]);
    const now = new Date().toISOString();
    const storeId = randomUUID();
    let db: Db | undefined;
    try {
      db = openDatabase(dbFile, dbKey, { create: true });
      const migration = migrate(db);
      const audit = new AuditLog(db);
      const settings = new SettingsRepo(db, audit);
      const adminId = randomUUID();
      const actor: Actor = { userId: adminId, username };
      db.transaction(() => {
        settings.put(SETTING_KEYS.storeId, storeId);
        settings.put(SETTING_KEYS.name, opts.institutionName.trim());
        settings.put(SETTING_KEYS.code, opts.institutionCode ? opts.institutionCode.toUpperCase() : null);
        settings.put(SETTING_KEYS.address, opts.institutionAddress?.trim() || null);
        db!
          .prepare('INSERT INTO users (id, username, display_name, role, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)')
          .run(adminId, username, opts.adminDisplayName?.trim() || username, 'admin', now, now);
        audit.append(actor, { action: 'store.init', entity: 'store', entityId: storeId, detail: { schemaVersion: migration.to } });
        audit.append(actor, { action: 'user.create', entity: 'user', entityId: adminId, detail: { role: 'admin' } });
      }).immediate();
      // keys.json last: its presence is what "initialised" means.
      writeKeyFile(dataDir, {
        format: KEY_FILE_FORMAT,
        storeId,
        createdAt: now,
        slots: [
          { ...adminSlot, kind: 'user', username, failedAttempts: 0, lockedUntil: null },
          { ...recoverySlot, kind: 'recovery', createdAt: now },
        ],
        pendingAudit: [],
      });
      const user: StoreUser = { id: adminId, username, displayName: opts.adminDisplayName?.trim() || username, role: 'admin' };
      const store = new Store(dataDir, db, dbKey, user, migration, kdf);
      store.identity = identity;
      return { store, recoveryKey: recovery.text };
    } catch (err) {
      db?.close();
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, keyFilePath(dataDir)]) rmSync(f, { force: true });
      throw err;
    }
  }

  /** Signs in: unwraps the key with the user's password, opens and migrates the database. */
  static async open(dataDir: string, username: string, password: string, opts: OpenOptions = {}): Promise<Store> {
    const now = opts.now ?? (() => new Date());
    const kf = Store.requireKeyFile(dataDir);
    const name = (username ?? '').normalize('NFC');
    const slot = findUserSlot(kf, name);
    if (!slot) {
      await burnKdf(password);
      recordPending(dataDir, { at: now().toISOString(), action: 'login.failed', actorName: null, detail: { reason: 'unknownUser', attempt: randomUUID() } });
      throw new StoreError('WRONG_PASSWORD', WRONG_CREDENTIALS_MESSAGE);
    }
    // Each attempt is counted before the password is tried, with no other process in between:
    // guesses made at once, in one process or several, cannot pass the limit together. A
    // right password clears the count again (afterLogin).
    const at = now();
    const reserved = reserveAttempt(dataDir, name, at);
    if (reserved?.lockedUntil && !reserved.locksNow) {
      recordPending(dataDir, { at: at.toISOString(), action: 'login.locked', actorName: name, detail: { attempt: randomUUID() } });
      throw lockedError(new Date(reserved.lockedUntil));
    }
    const opened = await openSlot(slot, password, slotAad({ kind: 'user', username: name }));
    if (!opened) {
      const locked = !!reserved?.locksNow;
      recordPending(dataDir, { at: at.toISOString(), action: 'login.failed', actorName: name, detail: { reason: 'wrongPassword', locked, attempt: randomUUID() } });
      if (locked) throw lockedError(new Date(reserved!.lockedUntil!));
      throw new StoreError('WRONG_PASSWORD', WRONG_CREDENTIALS_MESSAGE);
    }
    const { db, migration, key } = Store.openDbWith(dataDir, opened.keys);
    const row = db.prepare('SELECT id, username, display_name, role, active FROM users WHERE username = ?').get(name) as
      | { id: string; username: string; display_name: string; role: Role; active: number }
      | undefined;
    if (!row || row.active !== 1) {
      db.close();
      key.fill(0);
      opened.identity?.privateKey.fill(0);
      recordPending(dataDir, { at: now().toISOString(), action: 'login.failed', actorName: name, detail: { reason: 'inactive', attempt: randomUUID() } });
      throw new StoreError('WRONG_PASSWORD', WRONG_CREDENTIALS_MESSAGE);
    }
    const user: StoreUser = { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
    const kdf = opts.kdf ?? DEFAULT_KDF;
    const store = new Store(dataDir, db, key, user, migration, kdf);
    // A slot from before sealed slots is remade now, while its password is at hand.
    const upgraded = slot.publicKey ? null : await makeSlot(key, password, slotAad({ kind: 'user', username: name }), kdf);
    store.identity = upgraded?.identity ?? opened.identity;
    store.afterLogin('login', { client: opts.client ?? null }, (k) => {
      const s = findUserSlot(k, name);
      if (s) {
        s.failedAttempts = 0;
        s.lockedUntil = null;
        if (upgraded && !s.publicKey) Object.assign(s, upgraded.slot);
      }
    });
    return store;
  }

  /** Opens with the recovery key: no user is signed in; used to reset a password. */
  static async openWithRecoveryKey(dataDir: string, recoveryKey: string, opts: OpenOptions = {}): Promise<Store> {
    const now = opts.now ?? (() => new Date());
    const kf = Store.requireKeyFile(dataDir);
    const slot = findRecoverySlot(kf);
    if (!slot) throw new StoreError('CORRUPT', '密钥文件中没有恢复密钥');
    const bytes = decodeRecoveryKey(recoveryKey);
    const opened = bytes ? await openSlot(slot, bytes, slotAad({ kind: 'recovery' })) : null;
    if (!bytes || !opened) {
      recordPending(dataDir, {
        at: now().toISOString(),
        action: 'login.failed',
        actorName: RECOVERY_ACTOR.username,
        detail: { reason: 'wrongRecoveryKey', attempt: randomUUID() },
      });
      throw new StoreError('WRONG_PASSWORD', '恢复密钥不正确');
    }
    const { db, migration, key } = Store.openDbWith(dataDir, opened.keys);
    const kdf = opts.kdf ?? DEFAULT_KDF;
    const store = new Store(dataDir, db, key, null, migration, kdf);
    const upgraded = slot.publicKey ? null : await makeSlot(key, bytes, slotAad({ kind: 'recovery' }), kdf);
    store.identity = upgraded?.identity ?? opened.identity;
    store.afterLogin('login.recovery', { client: opts.client ?? null }, (k) => {
      const s = findRecoverySlot(k);
      if (upgraded && s && !s.publicKey) Object.assign(s, upgraded.slot);
    });
    return store;
  }

  private static requireKeyFile(dataDir: string): KeyFile {
    const kf = readKeyFile(dataDir);
    if (!kf) {
      if (existsSync(dbFilePath(dataDir))) throw new StoreError('CORRUPT', '数据目录中缺少密钥文件 keys.json，无法打开数据库');
      throw new StoreError('NOT_INITIALIZED', '该数据目录尚未初始化，请先运行 yiyang init');
    }
    return kf;
  }

  /**
   * Opens the database with the first of `keys` that fits: the slot's current key, or the
   * new one of a rekey that was cut off after the file switched (then keys.json catches up).
   */
  private static openDbWith(dataDir: string, keys: Buffer[]): { db: Db; migration: MigrationOutcome; key: Buffer } {
    // Under the key-file lock, so no connection opens while a rekey switches the file over.
    return withKeyFileLock(dataDir, () => Store.openDbWithLocked(dataDir, keys));
  }

  private static openDbWithLocked(dataDir: string, keys: Buffer[]): { db: Db; migration: MigrationOutcome; key: Buffer } {
    const file = dbFilePath(dataDir);
    if (!existsSync(file)) throw new StoreError('CORRUPT', '数据目录中缺少数据库文件');
    for (let i = 0; i < keys.length; i++) {
      let db: Db;
      try {
        db = openDatabase(file, keys[i]!);
      } catch (err) {
        if (i < keys.length - 1 && err instanceof StoreError && err.code === 'WRONG_KEY') continue;
        throw err;
      }
      try {
        const migration = migrate(db);
        if (i > 0) finishRekey(dataDir);
        for (const [j, k] of keys.entries()) if (j !== i) k.fill(0);
        return { db, migration, key: keys[i]! };
      } catch (err) {
        db.close();
        throw err;
      }
    }
    throw new StoreError('WRONG_KEY', '无法用此密钥解密数据库');
  }

  /**
   * Writes the failed sign-ins kept in keys.json and this login to the audit log in one
   * transaction, then clears them from keys.json. Each pending entry carries an attempt id
   * so that a crash between the two steps does not record it twice.
   */
  private afterLogin(action: string, detail: Record<string, string | null>, adjust?: (kf: KeyFile) => void): void {
    const kf = Store.requireKeyFile(this.dataDir);
    const pending = kf.pendingAudit;
    const seen = this.db.prepare('SELECT 1 FROM audit_log WHERE entity = ? AND entity_id = ?');
    this.db
      .transaction(() => {
        for (const p of pending) {
          const attempt = typeof p.detail['attempt'] === 'string' ? p.detail['attempt'] : randomUUID();
          if (seen.get(LOGIN_ENTITY, attempt)) continue;
          const { attempt: _a, ...rest } = p.detail;
          this.audit.append(
            { userId: null, username: p.actorName ?? '(unknown)' },
            { action: p.action, entity: LOGIN_ENTITY, entityId: attempt, detail: rest, at: p.at },
          );
        }
        this.audit.append(this.actor, { action, entity: 'user', entityId: this.user?.id ?? null, detail });
      })
      .immediate();
    // Fresh under the lock: entries added meanwhile by another process stay for its next sign-in.
    const key = (p: PendingAuditEntry) => `${p.at}\u0000${p.action}\u0000${String(p.detail['attempt'] ?? '')}`;
    const writtenKeys = new Set(pending.map(key));
    updateKeyFile(this.dataDir, (fresh) => {
      fresh.pendingAudit = fresh.pendingAudit.filter((p) => !writtenKeys.has(key(p)));
      adjust?.(fresh);
    });
  }

  /** For the core's worker threads only (backups, checks, bulk work): see WorkerAccess. */
  workerAccess(): WorkerAccess {
    this.assertOpen();
    return { dataDir: this.dataDir, keyHex: this.dbKey.toString('hex'), user: this.user };
  }

  /**
   * A second connection from a worker thread, as the user who started the work. No sign-in
   * is recorded (the session that started it already was), and the schema must already be
   * current: the connection that opened the store migrated it.
   */
  static attach(access: WorkerAccess): Store {
    const key = Buffer.from(access.keyHex, 'hex');
    const file = dbFilePath(access.dataDir);
    if (!existsSync(file)) throw new StoreError('CORRUPT', '数据目录中缺少数据库文件');
    const db = openDatabase(file, key);
    const version = schemaVersion(db);
    if (version !== LATEST_SCHEMA_VERSION) {
      db.close();
      throw new StoreError('CONFLICT', `数据库版本 ${version} 与程序版本 ${LATEST_SCHEMA_VERSION} 不符`);
    }
    return new Store(access.dataDir, db, key, access.user, { from: version, to: version, applied: [] }, DEFAULT_KDF);
  }

  // -- SlotKeeper ------------------------------------------------------------

  async putUserSlot(username: string, password: string): Promise<void> {
    this.assertOpen();
    const wrapped = await makeSlotKeys(this.dbKey, password, slotAad({ kind: 'user', username }), this.kdf);
    Store.requireKeyFile(this.dataDir);
    const slot = { ...wrapped, kind: 'user' as const, username, failedAttempts: 0, lockedUntil: null };
    updateKeyFile(this.dataDir, (kf) => {
      const i = kf.slots.findIndex((s) => s.kind === 'user' && s.username === username);
      if (i >= 0) kf.slots[i] = slot;
      else kf.slots.push(slot);
    });
  }

  /** The user's slot goes and the database moves to a new key, so no copy of the old slot opens it. */
  async revokeUserSlot(username: string, audit?: RekeyAudit): Promise<RekeyOutcome> {
    return this.rekey({ drop: [username], ...(audit ? { audit } : {}) });
  }

  /** A new password for a user, and a new database key, so the old password opens nothing live. */
  async replaceUserSlot(username: string, password: string, audit?: RekeyAudit): Promise<RekeyOutcome> {
    return this.rekey({ put: { username, password }, ...(audit ? { audit } : {}) });
  }

  /**
   * Moves the database to a new random key (issue 13: disabling a user or resetting a
   * password must revoke what the old slot opened). Every remaining slot gets the new key
   * sealed to its public key, without anyone's password; `drop` slots go; `put` gets a new
   * slot. Crash-safe in three steps, each leaving a key that opens the store:
   *  1. a copy of the database under the new key is written and synced beside the live one;
   *  2. keys.json: dropped slots go, every other slot carries the new key as `next` too;
   *  3. under the key-file lock, with no other connection open: the copy is renamed over the
   *     live file, and `next` becomes each slot's key (a sign-in after a crash between the
   *     rename and this finishes it).
   * The caller makes sure this is the only connection of this process (other sessions and
   * worker connections closed); another process's open connection makes it refuse.
   */
  async rekey(change: { drop?: string[]; put?: { username: string; password: string }; audit?: RekeyAudit } = {}): Promise<RekeyOutcome> {
    this.assertOpen();
    const others = [...(openStores.get(path.resolve(this.dataDir)) ?? [])].filter((s) => s !== this);
    if (others.length) throw new StoreError('CONFLICT', '还有其他已登录的连接在使用数据库，无法更换数据库密钥');
    const put = change.put;
    const putAad = put ? slotAad({ kind: 'user', username: put.username }) : null;
    const made = put ? await makeSlot(this.dbKey, put.password, putAad!, this.kdf) : null;
    const fresh = made?.slot ?? null;
    const drop = new Set(change.drop ?? []);
    const file = dbFilePath(this.dataDir);
    for (const f of readdirSync(this.dataDir)) if (REKEY_TEMP.test(f)) rmSync(path.join(this.dataDir, f), { force: true });
    const tmp = `${file}.rekey-${randomBytes(6).toString('hex')}`;
    const newKey = randomBytes(32);
    const oldKey = this.dbKey;
    try {
      await this.copier(this.db, tmp, oldKey, newKey);
      this.assertOpen();
      updateKeyFile(this.dataDir, (kf) => {
        kf.slots = kf.slots.filter((s) => !(s.kind === 'user' && drop.has(s.username)));
        if (fresh && put) {
          const slot = { ...fresh, kind: 'user' as const, username: put.username, failedAttempts: 0, lockedUntil: null };
          const i = kf.slots.findIndex((s) => s.kind === 'user' && s.username === put.username);
          if (i >= 0) kf.slots[i] = slot;
          else kf.slots.push(slot);
        }
        for (const s of kf.slots) if (s.publicKey) s.next = sealKey(newKey, s.publicKey, slotAadOf(s));
      });
    } catch (err) {
      rmSync(tmp, { force: true });
      newKey.fill(0);
      throw err;
    }
    const outcome = withKeyFileLock(this.dataDir, () => {
      const giveUp = (err: StoreError): never => {
        if (!this.db.open) this.bind(openDatabase(file, oldKey));
        rmSync(tmp, { force: true });
        changeKeyFile(this.dataDir, (kf) => kf.slots.forEach((s) => delete s.next));
        throw err;
      };
      // Checked again: a connection opened while the copy was written would miss the switch.
      if ([...(openStores.get(path.resolve(this.dataDir)) ?? [])].some((s) => s !== this))
        giveUp(new StoreError('CONFLICT', '还有其他已登录的连接在使用数据库，无法更换数据库密钥'));
      this.db.close();
      // The last connection to close removes the WAL: one still there is another process's.
      if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0)
        giveUp(new StoreError('CONFLICT', '另一个程序（例如命令行）正打开着数据库，无法更换数据库密钥，请关闭它后再试'));
      try {
        rmSync(`${file}-wal`, { force: true });
        rmSync(`${file}-shm`, { force: true });
        renameSync(tmp, file);
      } catch (err) {
        giveUp(new StoreError('CONFLICT', `无法替换数据库文件，数据库密钥未更换：${err instanceof Error ? err.message : String(err)}`));
      }
      fsyncDir(this.dataDir);
      const done = finishRekey(this.dataDir);
      this.bind(openDatabase(file, newKey));
      return done;
    });
    this.dbKey = newKey;
    oldKey.fill(0);
    if (made && put && put.username === this.user?.username) {
      // My own password changed: my slot's key pair is the new one now.
      this.identity?.privateKey.fill(0);
      this.identity = made.identity;
    } else made?.identity.privateKey.fill(0);
    this.transaction(() => {
      if (change.audit) this.audit.append(change.audit.actor, change.audit.entry);
      this.audit.append(this.actor, {
        action: 'store.rekey',
        entity: 'store',
        entityId: this.settings.storeId(),
        detail: { dropped: drop.size, replaced: put ? 1 : 0, lostUsers: outcome.lostUsers.length, recoveryLost: outcome.recoveryLost },
      });
    });
    return outcome;
  }

  /**
   * Seals `secret` to every active administrator's slot and the recovery slot (issue 13 #6:
   * the institution CA's passphrase, readable before by every role). Only those slots'
   * owners can open it again, and only while signed in (unsealForMe).
   */
  sealForAdministrators(secret: Buffer, purpose: string): Record<string, SealedKey> {
    const admins = new Set((this.db.prepare("SELECT username FROM users WHERE role = 'admin' AND active = 1").all() as { username: string }[]).map((r) => r.username));
    const copies: Record<string, SealedKey> = {};
    for (const s of Store.requireKeyFile(this.dataDir).slots) {
      if (!s.publicKey) continue;
      const holder = s.kind === 'user' ? s.username : RECOVERY_HOLDER;
      if (s.kind === 'user' && !admins.has(s.username)) continue;
      copies[holder] = sealKey(secret, s.publicKey, sealAad(purpose, holder));
    }
    return copies;
  }

  /** The secret sealed for this signed-in slot by sealForAdministrators, or null when there is none for it. */
  unsealForMe(copies: Record<string, SealedKey>, purpose: string): Buffer | null {
    if (!this.identity) return null;
    if (this.user && !this.users.get(this.user.id)?.active) return null;
    const holder = this.user ? this.user.username : RECOVERY_HOLDER;
    const copy = copies[holder];
    return copy ? unsealKey(copy, this.identity.privateKey, this.identity.publicKey, sealAad(purpose, holder)) : null;
  }

  hasUserSlot(username: string): boolean {
    const kf = readKeyFile(this.dataDir);
    return !!kf && !!findUserSlot(kf, username);
  }

  // -- Store operations -----------------------------------------------------------

  /** Runs `fn` in one write transaction; repository calls inside it nest as savepoints. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** A new recovery key replaces the old one, which stops working. Returned once. */
  async rotateRecoveryKey(): Promise<string> {
    this.assertOpen();
    const recovery = generateRecoveryKey();
    const wrapped = await makeSlotKeys(this.dbKey, recovery.bytes, slotAad({ kind: 'recovery' }), this.kdf);
    Store.requireKeyFile(this.dataDir);
    updateKeyFile(this.dataDir, (kf) => {
      kf.slots = [...kf.slots.filter((s) => s.kind !== 'recovery'), { ...wrapped, kind: 'recovery', createdAt: new Date().toISOString() }];
    });
    this.audit.append(this.actor, { action: 'recoveryKey.rotate', entity: 'store', entityId: this.settings.storeId() });
    return recovery.text;
  }

  /** Integrity check, schema version, audit chain. */
  check(): CheckReport {
    const messages = integrityCheck(this.db);
    const integrityOk = messages.length === 1 && messages[0] === 'ok';
    const current = schemaVersion(this.db);
    const audit = verifyAuditChain(this.db);
    const versionOk = current === LATEST_SCHEMA_VERSION;
    return {
      ok: integrityOk && versionOk && audit.ok,
      integrity: { ok: integrityOk, messages },
      version: { ok: versionOk, current, latest: LATEST_SCHEMA_VERSION },
      audit,
    };
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    openStores.get(path.resolve(this.dataDir))?.delete(this);
    this.db.close();
    this.dbKey.fill(0);
    this.identity?.privateKey.fill(0);
  }
}

/** True when the folder does not exist or is empty: the only places restore and init write to. */
export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).every((f) => LOCK_FILES.includes(f));
}
