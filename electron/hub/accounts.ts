import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { ServiceError, type DistrictRole, type MethodOutput } from '../../shared/contract';
import { appendHubAudit } from './audit';

/**
 * The hub's own accounts: district admins and district managers sign in to `hub serve` with
 * these, never with a station's users. Only a scrypt hash of each password is kept.
 */
export type HubUser = MethodOutput<'hub.users'>[number];

const KDF = { N: 1 << 15, r: 8, p: 1, keyLen: 32, maxmem: 64 * 1024 * 1024 } as const;

function derive(password: string, salt: Buffer, p: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KDF.keyLen, { N: p.N, r: p.r, p: p.p, maxmem: KDF.maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash, so they can grow. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, KDF);
  return ['scrypt', KDF.N, KDF.r, KDF.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: DistrictRole;
  active: boolean;
  created_at: Date;
  password_hash: string;
}

function view(r: UserRow): HubUser {
  return { id: r.id, username: r.username, displayName: r.display_name, role: r.role, active: r.active, createdAt: new Date(r.created_at).toISOString() };
}

export async function listHubUsers(client: pg.ClientBase): Promise<HubUser[]> {
  const r = await client.query<UserRow>('SELECT * FROM hub_users ORDER BY role, username');
  return r.rows.map(view);
}

export async function findHubUser(client: pg.ClientBase, username: string): Promise<(HubUser & { passwordHash: string }) | null> {
  const r = await client.query<UserRow>('SELECT * FROM hub_users WHERE username = $1', [username]);
  const row = r.rows[0];
  return row ? { ...view(row), passwordHash: row.password_hash } : null;
}

async function inTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

export async function createHubUser(
  client: pg.ClientBase,
  actor: string,
  input: { username: string; displayName: string; role: DistrictRole; password: string },
): Promise<HubUser> {
  const hash = await hashPassword(input.password);
  return inTransaction(client, async () => {
    const r = await client.query<UserRow>(
      `INSERT INTO hub_users (id, username, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO NOTHING RETURNING *`,
      [randomUUID(), input.username, input.displayName, input.role, hash],
    );
    const row = r.rows[0];
    if (!row) throw new ServiceError('CONFLICT', `用户名 ${input.username} 已被使用`, [{ path: 'username', message: '该用户名已被使用' }]);
    await appendHubAudit(client, actor, { action: 'user.create', entity: 'hub_user', entityId: row.id, detail: { role: row.role } });
    return view(row);
  });
}

/** Name, role, active; the last active district admin can be neither demoted nor disabled. */
export async function updateHubUser(
  client: pg.ClientBase,
  actor: string,
  input: { id: string; displayName?: string | undefined; role?: DistrictRole | undefined; active?: boolean | undefined },
): Promise<HubUser> {
  return inTransaction(client, async () => {
    // Two admins changing each other at once must not both succeed in leaving none.
    await client.query('LOCK TABLE hub_users IN SHARE ROW EXCLUSIVE MODE');
    const before = (await client.query<UserRow>('SELECT * FROM hub_users WHERE id = $1', [input.id])).rows[0];
    if (!before) throw new ServiceError('NOT_FOUND', '没有这个用户');
    const role = input.role ?? before.role;
    const active = input.active ?? before.active;
    if (before.role === 'districtAdmin' && before.active && (role !== 'districtAdmin' || !active)) {
      const others = await client.query("SELECT count(*)::int AS n FROM hub_users WHERE role = 'districtAdmin' AND active AND id <> $1", [input.id]);
      if (others.rows[0].n === 0) throw new ServiceError('CONFLICT', '至少要保留一名启用的区县管理员');
    }
    const r = await client.query<UserRow>('UPDATE hub_users SET display_name = $2, role = $3, active = $4 WHERE id = $1 RETURNING *', [
      input.id,
      input.displayName ?? before.display_name,
      role,
      active,
    ]);
    await appendHubAudit(client, actor, {
      action: 'user.update',
      entity: 'hub_user',
      entityId: input.id,
      detail: { ...(input.role ? { role } : {}), ...(input.active !== undefined ? { active } : {}), ...(input.displayName ? { renamed: true } : {}) },
    });
    return view(r.rows[0]!);
  });
}

export async function setHubPassword(client: pg.ClientBase, actor: string, id: string, password: string, action: 'user.resetPassword' | 'session.changePassword'): Promise<void> {
  const hash = await hashPassword(password);
  await inTransaction(client, async () => {
    const r = await client.query('UPDATE hub_users SET password_hash = $2 WHERE id = $1', [id, hash]);
    if (r.rowCount === 0) throw new ServiceError('NOT_FOUND', '没有这个用户');
    await appendHubAudit(client, actor, { action, entity: 'hub_user', entityId: id, detail: {} });
  });
}

/** `hub init`: the first district admin, when the hub has none yet. */
export async function ensureFirstAdmin(client: pg.ClientBase, username: string, displayName: string, password: string): Promise<boolean> {
  const r = await client.query("SELECT 1 FROM hub_users WHERE role = 'districtAdmin' LIMIT 1");
  if (r.rowCount) return false;
  await client.query('INSERT INTO hub_users (id, username, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)', [
    randomUUID(),
    username,
    displayName,
    'districtAdmin',
    await hashPassword(password),
  ]);
  return true;
}
