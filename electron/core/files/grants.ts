import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ServiceError } from '../../../shared/contract';
import type { FilePurpose } from '../../../shared/desktop/files';

export { FILE_PURPOSES, type FilePurpose } from '../../../shared/desktop/files';

const TTL_MS = 10 * 60_000;

/**
 * Paths chosen in a native dialog, handed to the page as opaque one-time tokens. Only the
 * Electron main process creates grants (over the core's port, a channel the page cannot
 * write to), so a file the core reads or writes for the page is always one a person chose
 * in a dialog: the page never names a path.
 */
export class FileGrants {
  private readonly grants = new Map<string, { file: string; purpose: FilePurpose; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  grant(file: string, purpose: FilePurpose): string {
    if (!path.isAbsolute(file)) throw new Error('a granted file must be an absolute path');
    const token = randomBytes(16).toString('hex');
    this.grants.set(token, { file, purpose, expires: this.now() + TTL_MS });
    return token;
  }

  /** The chosen path, once: a second use, a stale token or one of another purpose is refused. */
  take(token: string, purpose: FilePurpose): string {
    const g = this.grants.get(token);
    this.grants.delete(token);
    for (const [t, other] of this.grants) if (other.expires <= this.now()) this.grants.delete(t);
    if (!g || g.purpose !== purpose || g.expires <= this.now()) throw new ServiceError('BAD_INPUT', '所选文件已失效，请重新选择');
    return g.file;
  }
}
