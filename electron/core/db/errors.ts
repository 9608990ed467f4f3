import { ServiceError, type ErrorCode, type FieldError } from '../../../shared/contract/errors';

export type StoreErrorCode =
  | 'WRONG_PASSWORD'
  | 'ACCOUNT_LOCKED'
  | 'UNKNOWN_USER'
  | 'NOT_INITIALIZED'
  | 'ALREADY_INITIALIZED'
  | 'NEWER_DATABASE'
  | 'WRONG_KEY'
  | 'CORRUPT'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'IMMUTABLE'
  | 'FORBIDDEN';

/**
 * An expected failure of the store. `message` is Chinese, fit to show as is, and never
 * holds a password, a key or personal data.
 */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly fields?: FieldError[],
    /** Machine-readable facts, e.g. `existingId` of a duplicate, `lockedUntil`. */
    readonly details?: Readonly<Record<string, string | number | null>>,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export class NewerDatabaseError extends StoreError {
  constructor(
    readonly databaseVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      'NEWER_DATABASE',
      `数据库由更新版本的颐养评估创建（数据库版本 ${databaseVersion}，本程序最高支持版本 ${supportedVersion}），请升级程序后再打开`,
      undefined,
      { databaseVersion, supportedVersion },
    );
    this.name = 'NewerDatabaseError';
  }
}

/** One message for unknown user and wrong password alike: the caller must not learn which. */
export const WRONG_CREDENTIALS_MESSAGE = '用户名或密码错误';

/** How each store failure crosses the contract. */
export const STORE_TO_API_CODE: Readonly<Record<StoreErrorCode, ErrorCode>> = {
  WRONG_PASSWORD: 'UNAUTHENTICATED',
  ACCOUNT_LOCKED: 'UNAUTHENTICATED',
  UNKNOWN_USER: 'NOT_FOUND',
  NOT_INITIALIZED: 'CONFLICT',
  ALREADY_INITIALIZED: 'CONFLICT',
  NEWER_DATABASE: 'INTERNAL',
  WRONG_KEY: 'INTERNAL',
  CORRUPT: 'INTERNAL',
  VALIDATION: 'BAD_INPUT',
  CONFLICT: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  IMMUTABLE: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
};

export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}

/** A StoreError as the dispatcher's ServiceError; anything else is returned unchanged. */
export function toServiceError(err: unknown): unknown {
  if (!(err instanceof StoreError)) return err;
  return new ServiceError(STORE_TO_API_CODE[err.code], err.message, err.fields);
}

/** Exit status of a command line failure: 2 bad input, 3 not signed in, 4 a role without access, 1 the rest. */
export function exitCodeFor(err: unknown): number {
  if (!(err instanceof StoreError)) return 1;
  if (err.code === 'VALIDATION') return 2;
  if (err.code === 'WRONG_PASSWORD' || err.code === 'ACCOUNT_LOCKED' || err.code === 'UNKNOWN_USER') return 3;
  if (err.code === 'FORBIDDEN') return 4;
  return 1;
}

export function validationError(fields: FieldError[], message?: string): StoreError {
  const first = fields[0];
  const line = message ?? (first ? (first.path ? `${first.path}：${first.message}` : first.message) : '输入有误');
  return new StoreError('VALIDATION', fields.length > 1 && !message ? `${line}（另有 ${fields.length - 1} 处错误）` : line, fields);
}
