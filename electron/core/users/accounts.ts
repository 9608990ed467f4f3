import { canAssess, ServiceError, type UserRecord } from '../../../shared/contract';
import type { Role } from '../../../shared/contract/roles';
import { Store } from '../db';
import type { Logger } from '../app/log';
import type { SessionStore, SessionUser } from '../app/sessions';
import { forgetInBackups } from '../backup/revoke';
import { ensureUserCertificate, issueUserCertificate, keepingCaAccess, replaceUserCertificate, rewrapUserCertificate, syncCaPassphrase } from '../signing/user-certificates';

/**
 * Accounts: who may sign in, with which role, and the signing certificate that follows
 * each assessor's password. Handlers and the command line both come here.
 */

/**
 * Certificates follow account changes but must never block them: a failure is logged and
 * the user gets their certificate at the next sign-in (signing says so until then).
 */
async function certificatesFor(logger: Logger, userId: string, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (err) {
    logger.log('warn', 'certificate.issue.failed', { user: userId, error: err instanceof Error ? err.name : 'unknown' });
  }
}

/**
 * Runs a change that moves the database to a new key (disable, reset, password change) with
 * the caller's connection the only one of this process, or refuses (users/sole-connection.ts).
 */
export type Exclusively = <T>(rekeying: () => Promise<T>) => Promise<T>;

/** After a rekey: automatic backups no longer open with the revoked passwords. */
function revokeInBackups(store: Store, logger: Logger, username: string): void {
  try {
    const rewritten = forgetInBackups(store.dataDir, [username]);
    if (rewritten.length) store.audit.append(store.actor, { action: 'backup.revokeSlots', entity: 'store', entityId: store.settings.storeId(), detail: { backups: rewritten.length } });
  } catch (err) {
    logger.log('warn', 'backup.revoke.failed', { error: err instanceof Error ? err.name : 'unknown' });
  }
}

export async function createAccount(store: Store, input: { username: string; displayName?: string; role: Role; password: string }, logger: Logger): Promise<UserRecord> {
  const user = await store.users.createUser(input, store.actor);
  if (user.role === 'admin') await certificatesFor(logger, user.id, () => syncCaPassphrase(store));
  if (canAssess(user.role)) await certificatesFor(logger, user.id, () => issueUserCertificate(store, user, input.password));
  return user;
}

/**
 * Name, role and enabled state. Nobody disables their own account or drops their own
 * administrator role: the person at the keyboard would lock themselves out mid-task.
 * A change of access (role, enabled) ends every session of that user, the caller's own
 * included, since its role snapshot is now stale; a name change alone leaves sessions be.
 */
export async function updateAccount(
  store: Store,
  sessions: SessionStore<Store | null>,
  input: { id: string; displayName?: string; role?: Role; active?: boolean },
  exclusively: Exclusively,
  logger: Logger,
): Promise<UserRecord> {
  let user = store.users.get(input.id);
  if (!user) throw new ServiceError('NOT_FOUND', '没有这个用户');
  if (store.user?.id === input.id) {
    if (input.active === false) throw new ServiceError('BAD_INPUT', '不能停用自己正在使用的账户', [{ path: 'active', message: '不能停用自己的账户' }]);
    if (input.role !== undefined && input.role !== user.role)
      throw new ServiceError('BAD_INPUT', '不能修改自己的角色', [{ path: 'role', message: '不能修改自己的角色，请由其他管理员修改' }]);
  }
  if (input.displayName !== undefined && input.displayName !== user.displayName) user = store.users.setDisplayName(input.id, input.displayName, store.actor);
  const before = user;
  if (input.role !== undefined && input.role !== user.role) user = store.users.setRole(input.id, input.role, store.actor);
  if (input.active !== undefined && input.active !== user.active) {
    const change = () => store.users.setActive(input.id, input.active!, store.actor);
    user = input.active ? await change() : await exclusively(change);
    if (!input.active) revokeInBackups(store, logger, user.username);
  }
  if (user.role !== before.role || user.active !== before.active) {
    sessions.closeUser(input.id);
    // Who holds a copy of the CA passphrase follows who is an active administrator.
    await certificatesFor(logger, input.id, () => syncCaPassphrase(store));
  }
  return user;
}

/** An administrator sets someone's password; their certificate is reissued under it and their sessions end. */
export async function resetAccountPassword(
  store: Store,
  sessions: SessionStore<Store | null>,
  input: { id: string; newPassword: string },
  exclusively: Exclusively,
  logger: Logger,
): Promise<void> {
  if (!store.users.get(input.id)) throw new ServiceError('NOT_FOUND', '没有这个用户');
  // A new password gives its slot a new key pair: the CA passphrase is sealed to it again.
  await exclusively(() => keepingCaAccess(store, () => store.users.setPassword(input.id, input.newPassword, store.actor)));
  const user = store.users.get(input.id);
  if (user) revokeInBackups(store, logger, user.username);
  if (user) await certificatesFor(logger, user.id, () => replaceUserCertificate(store, user, input.newPassword));
  sessions.closeUser(input.id);
}

/** The signed-in user changes their own password; the old one must still open their slot. */
export async function changeOwnPassword(
  store: Store,
  sessions: SessionStore<Store | null>,
  input: { oldPassword: string; newPassword: string },
  keepSession: string | undefined,
  exclusively: Exclusively,
  logger: Logger,
): Promise<void> {
  const me = store.user;
  if (!me) throw new ServiceError('UNAUTHENTICATED', '请先登录');
  // Proves it is the owner at the keyboard, not someone at an unlocked screen.
  const check = await Store.open(store.dataDir, me.username, input.oldPassword, { client: 'app.changePassword' });
  check.close();
  // A changed password is often a suspected leak: the old one must open nothing live.
  await exclusively(() => keepingCaAccess(store, () => store.users.setPassword(me.id, input.newPassword, store.actor)));
  revokeInBackups(store, logger, me.username);
  await certificatesFor(logger, me.id, () => rewrapUserCertificate(store, { id: me.id, displayName: me.displayName, role: me.role }, input.oldPassword, input.newPassword));
  sessions.closeUser(me.id, keepSession);
}

/** Opens the user's own connection; users from before signing existed get their certificate here. */
export async function signIn(dataDir: string, username: string, password: string, logger: Logger): Promise<{ store: Store; user: SessionUser }> {
  const store = await Store.open(dataDir, username, password, { client: 'app' });
  const u = store.user!;
  if (u.role === 'admin') await certificatesFor(logger, u.id, () => syncCaPassphrase(store));
  await certificatesFor(logger, u.id, () => ensureUserCertificate(store, { id: u.id, displayName: u.displayName, role: u.role }, password));
  return { store, user: { userId: u.id, username: u.username, displayName: u.displayName, role: u.role } };
}

/** First run: the store, its institution CA and the first administrator's certificate. */
export async function initStore(
  dataDir: string,
  input: { institutionName: string; adminUsername: string; adminDisplayName?: string; password: string; institutionCode?: string | null },
  logger: Logger,
): Promise<{ recoveryKey: string }> {
  const { store, recoveryKey } = await Store.init(dataDir, {
    institutionName: input.institutionName,
    institutionCode: input.institutionCode ?? null,
    adminUsername: input.adminUsername,
    adminDisplayName: input.adminDisplayName,
    adminPassword: input.password,
  });
  try {
    const admin = store.user!;
    await certificatesFor(logger, admin.id, () => issueUserCertificate(store, { id: admin.id, displayName: admin.displayName }, input.password));
  } finally {
    store.close();
  }
  return { recoveryKey };
}

/** The people who may be named assessor 1 or 2. */
export function assessorsOf(store: Store): { id: string; displayName: string }[] {
  return store.users
    .list()
    .filter((u) => u.active && canAssess(u.role))
    .map((u) => ({ id: u.id, displayName: u.displayName }));
}
