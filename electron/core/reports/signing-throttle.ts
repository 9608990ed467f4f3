import { ServiceError } from '../../../shared/contract';
import { clearAttempts, lockedUntil, MAX_FAILED_ATTEMPTS, reserveAttempt, type Store } from '../db';
import { formatDateTime } from '../../../shared/util/dates';

type Slot = 'assessor1' | 'assessor2';
const SLOTS: readonly Slot[] = ['assessor1', 'assessor2'];

/**
 * Wrong secrets typed at signing count against the same persisted limit as sign-in (issue
 * 13: a per-process counter let guesses go on after a restart, and never touched the
 * sign-in lockout). Each assessor's attempt is counted before the secret is tried, as at
 * sign-in, so guesses sent at once cannot pass the limit together.
 */
export class SigningAttempt {
  private readonly usernames: Partial<Record<Slot, string>> = {};
  private readonly locksNow = new Set<Slot>();

  private constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Refuses when either assessor is locked out; otherwise counts this attempt for both. */
  static begin(store: Store, ids: Record<Slot, string>, now: () => number = Date.now): SigningAttempt {
    const attempt = new SigningAttempt(store, now);
    for (const slot of SLOTS) {
      const u = store.users.get(ids[slot]);
      if (u) attempt.usernames[slot] = u.username;
    }
    attempt.refuseIfLocked();
    const at = new Date(now());
    for (const slot of SLOTS) {
      const name = attempt.usernames[slot];
      if (name && reserveAttempt(store.dataDir, name, at)?.locksNow) attempt.locksNow.add(slot);
    }
    return attempt;
  }

  private refuseIfLocked(): void {
    const at = new Date(this.now());
    const locked = SLOTS.map((slot, i) => ({ slot, i, until: this.usernames[slot] ? lockedUntil(this.store.dataDir, this.usernames[slot], at) : null })).filter(
      (x) => x.until !== null,
    );
    if (!locked.length) return;
    const first = locked[0]!;
    throw new ServiceError(
      'UNAUTHENTICATED',
      `评估员${first.i + 1}的密码连续输错 ${MAX_FAILED_ATTEMPTS} 次，签名已暂停，请于 ${formatDateTime(first.until!)} 后再试`,
      locked.map((x) => ({ path: `${x.slot}Secret`, message: '签名已暂停，请稍后再试' })),
    );
  }

  /** The secrets that opened clear their count; when a wrong one was the last allowed, the pause is said at once. */
  settle(wrongUserIds: readonly string[], ids: Record<Slot, string>): void {
    for (const slot of SLOTS) {
      const name = this.usernames[slot];
      if (name && !wrongUserIds.includes(ids[slot])) clearAttempts(this.store.dataDir, name);
    }
    if (SLOTS.some((slot) => this.locksNow.has(slot) && wrongUserIds.includes(ids[slot]))) this.refuseIfLocked();
  }
}
