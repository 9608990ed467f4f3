import { ServiceError } from '../../../shared/contract';
import { LOCK_MS, MAX_FAILED_ATTEMPTS } from '../db';
import { formatDateTime } from '../../../shared/util/dates';

/** Wrong secrets typed at signing, per assessor, in this process: the same limit as sign-in. */
export class SigningThrottle {
  private readonly failures = new Map<string, { count: number; lockedUntil: number | null }>();

  constructor(private readonly now: () => number = Date.now) {}

  private lockedUntil(userId: string): number | null {
    const f = this.failures.get(userId);
    if (!f?.lockedUntil) return null;
    if (this.now() >= f.lockedUntil) {
      this.failures.delete(userId);
      return null;
    }
    return f.lockedUntil;
  }

  refuseIfLocked(ids: { assessor1: string; assessor2: string }): void {
    const locked = (['assessor1', 'assessor2'] as const)
      .map((slot, i) => ({ slot, i, until: this.lockedUntil(ids[slot]) }))
      .filter((x) => x.until !== null);
    if (!locked.length) return;
    const first = locked[0]!;
    throw new ServiceError(
      'UNAUTHENTICATED',
      `评估员${first.i + 1}的密码连续输错 ${MAX_FAILED_ATTEMPTS} 次，签名已暂停，请于 ${formatDateTime(new Date(first.until!))} 后再试`,
      locked.map((x) => ({ path: `${x.slot}Secret`, message: '签名已暂停，请稍后再试' })),
    );
  }

  failed(userIds: readonly string[]): void {
    for (const userId of userIds) {
      const f = this.failures.get(userId) ?? { count: 0, lockedUntil: null };
      f.count += 1;
      if (f.count >= MAX_FAILED_ATTEMPTS) {
        f.lockedUntil = this.now() + LOCK_MS;
        f.count = 0;
      }
      this.failures.set(userId, f);
    }
  }

  succeeded(ids: { assessor1: string; assessor2: string }): void {
    this.failures.delete(ids.assessor1);
    this.failures.delete(ids.assessor2);
  }
}
