/**
 * Five wrong passwords for one user name lock that name for five minutes: the hub is a server
 * many people can reach, so guessing must be slow. Kept in memory (a restart forgets it).
 */
export class SignInThrottle {
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly limit = 5,
    private readonly lockMs = 5 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Minutes left while the name is locked, else 0. */
  lockedFor(username: string): number {
    const f = this.failures.get(username);
    if (!f || f.count < this.limit) return 0;
    const left = f.until - this.now();
    if (left <= 0) {
      this.failures.delete(username);
      return 0;
    }
    return Math.ceil(left / 60_000);
  }

  fail(username: string): void {
    const f = this.failures.get(username) ?? { count: 0, until: 0 };
    f.count++;
    if (f.count >= this.limit) f.until = this.now() + this.lockMs;
    this.failures.set(username, f);
  }

  succeed(username: string): void {
    this.failures.delete(username);
  }
}
