import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { Role } from '../../../shared/contract/roles';
import { formatDateTime } from '../../../shared/util/dates';
import { AuditLog, RECOVERY_ACTOR, verifyAuditChain, type Actor, type AuditVerification } from './audit';
import { AssessmentsRepo } from './repositories/assessments';
import { CertificatesRepo } from './repositories/certificates';
import { dbFilePath, integrityCheck, openDatabase, type Db } from './database';
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
  keyFilePath,
  readKeyFile,
  slotAad,
  unwrapKey,
  wrapKey,
  writeKeyFile,
  type KdfParams,
  type KeyFile,
  type PendingAuditEntry,
} from './keys';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion, type MigrationOutcome } from './migrations';
import { HandwritingRepo } from './repositories/handwriting';
import { PersonsRepo } from './repositories/persons';
import { SETTING_KEYS, SettingsRepo } from './repositories/settings';
import { UsersRepo, passwordProblem, usernameProblem, type SlotKeeper } from './repositories/users';

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

export interface CheckReport {
  ok: boolean;
  integrity: { ok: boolean; messages: string[] };
  version: { ok: boolean; current: number; latest: number };
  audit: AuditVerification;
}

/** Failed sign-ins kept while the database is closed; beyond this the oldest are dropped. */
const MAX_PENDING = 1000;
const LOGIN_ENTITY = 'login-attempt';


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
  return withKeyFileLock(dataDir, () => {
    const kf = readKeyFile(dataDir);
    if (!kf) return undefined;
    const before = JSON.stringify(kf);
    const r = change(kf);
    if (JSON.stringify(kf) !== before) writeKeyFile(dataDir, kf);
    return r;
  });
}

/**
 * The encrypted store of one data folder: the database (`yiyang.db`) and its key slots
 * (`keys.json`). Every change that matters runs in a transaction together with its audit
 * row. One Store is one signed-in connection; `close()` forgets the key.
 */
export class Store implements SlotKeeper {
  readonly audit: AuditLog;
  readonly settings: SettingsRepo;
  readonly users: UsersRepo;
  readonly persons: PersonsRepo;
  readonly assessments: AssessmentsRepo;
  readonly certificates: CertificatesRepo;
  readonly handwriting: HandwritingRepo;
  /** Who this connection acts as in the audit log. */
  readonly actor: Actor;
  private closed = false;

  private constructor(
    readonly dataDir: string,
    readonly db: Db,
    private readonly dbKey: Buffer,
    /** The signed-in user; null when opened with the recovery key. */
    readonly user: StoreUser | null,
    readonly migration: MigrationOutcome,
    private readonly kdf: KdfParams,
  ) {
    this.actor = user ? { userId: user.id, username: user.username } : RECOVERY_ACTOR;
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
    const [adminSlot, recoverySlot] = await Promise.all([
      wrapKey(dbKey, opts.adminPassword, slotAad({ kind: 'user', username }), kdf),
      wrapKey(dbKey, recovery.bytes, slotAad({ kind: 'recovery' }), kdf),
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
      return { store: new Store(dataDir, db, dbKey, user, migration, kdf), recoveryKey: recovery.text };
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
    const reserved = updateKeyFile(dataDir, (fresh) => {
      const s = findUserSlot(fresh, name);
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
    if (reserved?.lockedUntil && !reserved.locksNow) {
      recordPending(dataDir, { at: at.toISOString(), action: 'login.locked', actorName: name, detail: { attempt: randomUUID() } });
      throw lockedError(new Date(reserved.lockedUntil));
    }
    const key = await unwrapKey(slot, password, slotAad({ kind: 'user', username: name }));
    if (!key) {
      const locked = !!reserved?.locksNow;
      recordPending(dataDir, { at: at.toISOString(), action: 'login.failed', actorName: name, detail: { reason: 'wrongPassword', locked, attempt: randomUUID() } });
      if (locked) throw lockedError(new Date(reserved!.lockedUntil!));
      throw new StoreError('WRONG_PASSWORD', WRONG_CREDENTIALS_MESSAGE);
    }
    const { db, migration } = Store.openDb(dataDir, key);
    const row = db.prepare('SELECT id, username, display_name, role, active FROM users WHERE username = ?').get(name) as
      | { id: string; username: string; display_name: string; role: Role; active: number }
      | undefined;
    if (!row || row.active !== 1) {
      db.close();
      key.fill(0);
      recordPending(dataDir, { at: now().toISOString(), action: 'login.failed', actorName: name, detail: { reason: 'inactive', attempt: randomUUID() } });
      throw new StoreError('WRONG_PASSWORD', WRONG_CREDENTIALS_MESSAGE);
    }
    const user: StoreUser = { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
    const store = new Store(dataDir, db, key, user, migration, opts.kdf ?? DEFAULT_KDF);
    store.afterLogin('login', { client: opts.client ?? null }, (k) => {
      const s = findUserSlot(k, name);
      if (s) {
        s.failedAttempts = 0;
        s.lockedUntil = null;
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
    const key = bytes ? await unwrapKey(slot, bytes, slotAad({ kind: 'recovery' })) : null;
    if (!key) {
      recordPending(dataDir, {
        at: now().toISOString(),
        action: 'login.failed',
        actorName: RECOVERY_ACTOR.username,
        detail: { reason: 'wrongRecoveryKey', attempt: randomUUID() },
      });
      throw new StoreError('WRONG_PASSWORD', '恢复密钥不正确');
    }
    const { db, migration } = Store.openDb(dataDir, key);
    const store = new Store(dataDir, db, key, null, migration, opts.kdf ?? DEFAULT_KDF);
    store.afterLogin('login.recovery', { client: opts.client ?? null });
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

  private static openDb(dataDir: string, key: Buffer): { db: Db; migration: MigrationOutcome } {
    const file = dbFilePath(dataDir);
    if (!existsSync(file)) throw new StoreError('CORRUPT', '数据目录中缺少数据库文件');
    const db = openDatabase(file, key);
    try {
      return { db, migration: migrate(db) };
    } catch (err) {
      db.close();
      throw err;
    }
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
    const wrapped = await wrapKey(this.dbKey, password, slotAad({ kind: 'user', username }), this.kdf);
    Store.requireKeyFile(this.dataDir);
    const slot = { ...wrapped, kind: 'user' as const, username, failedAttempts: 0, lockedUntil: null };
    updateKeyFile(this.dataDir, (kf) => {
      const i = kf.slots.findIndex((s) => s.kind === 'user' && s.username === username);
      if (i >= 0) kf.slots[i] = slot;
      else kf.slots.push(slot);
    });
  }

  removeUserSlot(username: string): void {
    Store.requireKeyFile(this.dataDir);
    updateKeyFile(this.dataDir, (kf) => {
      kf.slots = kf.slots.filter((s) => !(s.kind === 'user' && s.username === username));
    });
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
    const wrapped = await wrapKey(this.dbKey, recovery.bytes, slotAad({ kind: 'recovery' }), this.kdf);
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
    this.db.close();
    this.dbKey.fill(0);
  }
}

/** True when the folder does not exist or is empty: the only places restore and init write to. */
export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).every((f) => LOCK_FILES.includes(f));
}
