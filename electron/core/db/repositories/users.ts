import { randomUUID } from 'node:crypto';
import type { UserRecord } from '../../../../shared/contract';
import { ROLES, type Role } from '../../../../shared/contract/roles';
import type { Actor, AuditEntry, AuditLog } from '../audit';
import { isConstraintError, type Db } from '../database';
import { StoreError, validationError } from '../errors';

export type { UserRecord };

export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  password: string;
}

/** What the users repository needs from the key slots (keys.json); the Store provides it. */
/** An audit row written together with a rekey, on the connection the store moved to. */
export interface RekeyAudit {
  actor: Actor;
  entry: AuditEntry;
}

export interface SlotKeeper {
  /** Wraps the database key with the password into this user's slot (replacing it, clearing lockout). */
  putUserSlot(username: string, password: string): Promise<void>;
  /** Deletes the user's slot and moves the database to a new key. */
  revokeUserSlot(username: string, audit?: RekeyAudit): Promise<unknown>;
  /** A new slot for a new password, and the database moved to a new key. */
  replaceUserSlot(username: string, password: string, audit?: RekeyAudit): Promise<unknown>;
  hasUserSlot(username: string): boolean;
}

export const MIN_PASSWORD_LENGTH = 8;

/** Chinese message when the password is not acceptable, else null. */
export function passwordProblem(password: string): string | null {
  if (typeof password !== 'string' || [...password].length < MIN_PASSWORD_LENGTH) return `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`;
  if (password.length > 256) return '密码不能超过 256 个字符';
  if (password.trim() !== password) return '密码首尾不能有空格';
  return null;
}

export function usernameProblem(username: string): string | null {
  if (typeof username !== 'string' || !/^[\p{L}\p{N}_.-]{2,32}$/u.test(username))
    return '用户名应为 2–32 个字母、汉字、数字或 _ . -';
  return null;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  active: number;
  created_at: string;
  updated_at: string;
}

function fromRow(r: UserRow): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    active: r.active === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class UsersRepo {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly slots: SlotKeeper,
  ) {}

  list(): UserRecord[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(fromRow);
  }

  get(id: string): UserRecord | null {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return r ? fromRow(r) : null;
  }

  getByUsername(username: string): UserRecord | null {
    const r = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return r ? fromRow(r) : null;
  }

  /** Whether the user can sign in at all (has a key slot). */
  hasPassword(username: string): boolean {
    return this.slots.hasUserSlot(username);
  }

  private require(id: string): UserRecord {
    const u = this.get(id);
    if (!u) throw new StoreError('NOT_FOUND', '用户不存在');
    return u;
  }

  private checkNew(input: Omit<NewUser, 'password'>): { username: string; displayName: string; role: Role } {
    const fields = [];
    const username = typeof input.username === 'string' ? input.username.normalize('NFC') : '';
    const up = usernameProblem(username);
    if (up) fields.push({ path: 'username', message: up });
    if (!ROLES.includes(input.role)) fields.push({ path: 'role', message: `角色应为 ${ROLES.join('、')} 之一` });
    const displayName = (input.displayName ?? username).trim();
    if (!displayName || displayName.length > 50) fields.push({ path: 'displayName', message: '显示名称应为 1–50 个字' });
    if (fields.length) throw validationError(fields);
    if (this.getByUsername(username)) throw new StoreError('CONFLICT', '用户名已存在', [{ path: 'username', message: '用户名已存在' }]);
    return { username, displayName, role: input.role };
  }

  /**
   * The account row alone, without a key slot: such an account cannot sign in until an
   * admin sets its password. Used by init (which writes the slot itself) and the seeder.
   */
  createUserRow(input: Omit<NewUser, 'password'>, actor: Actor): UserRecord {
    const u = this.checkNew(input);
    const now = new Date().toISOString();
    const rec: UserRecord = { id: randomUUID(), ...u, active: true, createdAt: now, updatedAt: now };
    this.db
      .transaction(() => {
        try {
          this.db
            .prepare(
              'INSERT INTO users (id, username, display_name, role, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
            )
            .run(rec.id, rec.username, rec.displayName, rec.role, now, now);
        } catch (err) {
          if (isConstraintError(err, 'UNIQUE')) throw new StoreError('CONFLICT', '用户名已存在', [{ path: 'username', message: '用户名已存在' }]);
          throw err;
        }
        this.audit.append(actor, { action: 'user.create', entity: 'user', entityId: rec.id, detail: { role: rec.role } });
      })
      .immediate();
    return rec;
  }

  async createUser(input: NewUser, actor: Actor): Promise<UserRecord> {
    this.checkNew(input);
    const pp = passwordProblem(input.password);
    if (pp) throw validationError([{ path: 'password', message: pp }]);
    const rec = this.createUserRow(input, actor);
    // After the row commits: a crash in between leaves an account an admin can give a password.
    await this.slots.putUserSlot(rec.username, input.password);
    return rec;
  }

  /**
   * A new slot for the new password and a new database key, so the old password opens
   * nothing live even from a copy of keys.json (issue 13). This repository's connection is
   * closed afterwards: the store has moved to a new one (use store.users again).
   */
  async setPassword(userId: string, newPassword: string, actor: Actor): Promise<void> {
    const u = this.require(userId);
    const pp = passwordProblem(newPassword);
    if (pp) throw validationError([{ path: 'password', message: pp }]);
    await this.slots.replaceUserSlot(u.username, newPassword, { actor, entry: { action: 'user.setPassword', entity: 'user', entityId: u.id } });
  }

  private activeAdmins(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1").get() as { n: number }).n;
  }

  setRole(userId: string, role: Role, actor: Actor): UserRecord {
    if (!ROLES.includes(role)) throw validationError([{ path: 'role', message: `角色应为 ${ROLES.join('、')} 之一` }]);
    return this.db
      .transaction(() => {
        const u = this.require(userId);
        if (u.role === role) return u;
        if (u.role === 'admin' && u.active && this.activeAdmins() <= 1)
          throw new StoreError('CONFLICT', '至少需要保留一名启用的管理员');
        this.db.prepare('UPDATE users SET role = ?, updated_at = ? WHERE id = ?').run(role, new Date().toISOString(), userId);
        this.audit.append(actor, { action: 'user.setRole', entity: 'user', entityId: userId, detail: { from: u.role, to: role } });
        return this.require(userId);
      })
      .immediate();
  }

  /**
   * Disabling also deletes the user's key slot and moves the database to a new key, so the
   * old password opens nothing live, not even from a copy of keys.json taken before.
   * Enabling an account without a slot therefore needs a new password.
   */
  async setActive(userId: string, active: boolean, actor: Actor, opts: { password?: string } = {}): Promise<UserRecord> {
    const u = this.require(userId);
    if (u.active === active && (!active || this.slots.hasUserSlot(u.username))) return u;
    if (active && !this.slots.hasUserSlot(u.username)) {
      if (opts.password === undefined)
        throw validationError([{ path: 'password', message: '重新启用账户需要设置新密码' }]);
      const pp = passwordProblem(opts.password);
      if (pp) throw validationError([{ path: 'password', message: pp }]);
    }
    const updated = this.db
      .transaction(() => {
        const cur = this.require(userId);
        if (!active && cur.role === 'admin' && cur.active && this.activeAdmins() <= 1)
          throw new StoreError('CONFLICT', '至少需要保留一名启用的管理员');
        this.db.prepare('UPDATE users SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, new Date().toISOString(), userId);
        this.audit.append(actor, { action: active ? 'user.enable' : 'user.disable', entity: 'user', entityId: userId });
        return this.require(userId);
      })
      .immediate();
    if (!active) await this.slots.revokeUserSlot(u.username);
    else if (opts.password !== undefined) await this.slots.putUserSlot(u.username, opts.password);
    return updated;
  }

  setDisplayName(userId: string, displayName: string, actor: Actor): UserRecord {
    const name = displayName.trim();
    if (!name || name.length > 50) throw validationError([{ path: 'displayName', message: '显示名称应为 1–50 个字' }]);
    return this.db
      .transaction(() => {
        this.require(userId);
        this.db.prepare('UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?').run(name, new Date().toISOString(), userId);
        this.audit.append(actor, { action: 'user.update', entity: 'user', entityId: userId, detail: { fields: ['displayName'] } });
        return this.require(userId);
      })
      .immediate();
  }
}
