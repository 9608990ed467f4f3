/** Every failure crosses a transport as this shape, whichever transport carried it. */
export const ERROR_CODES = [
  'BAD_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** Dotted path of the field, e.g. `items.B.2.4` or `person.idNumber`. */
  path: string;
  /** Plain Chinese, shown next to the field. */
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by services for an expected failure; the dispatcher turns it into an ApiError. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
