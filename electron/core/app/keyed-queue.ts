/**
 * Runs jobs one at a time per key, in arrival order. Sign-in reads the lockout count before
 * a ~0.1 s key derivation, so parallel attempts for one name must not overlap; the same
 * holds for two first-run set-ups (a double click).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}
