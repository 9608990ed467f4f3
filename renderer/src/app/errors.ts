import type { FieldError } from '../../../shared/contract';
import { ApiCallError } from '../api/client';

/** A message fit for a toast: the service's own Chinese message, or a generic one. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiCallError) return err.error.message;
  return err instanceof Error ? err.message : '操作失败';
}

export function fieldErrors(err: unknown): FieldError[] {
  return err instanceof ApiCallError ? (err.error.fields ?? []) : [];
}
