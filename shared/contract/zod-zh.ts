import { z } from 'zod';
import type { FieldError } from './errors';

// zod ships a Simplified Chinese error map; every layer that validates with the
// contract's schemas imports this module so no English default reaches a user.
z.config(z.locales.zhCN());

export function pathToString(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: pathToString(issue.path),
    message: issue.message,
  }));
}

/** One line naming the first bad field, for command-line errors and logs. */
export function zodOneLine(error: z.ZodError): string {
  return zodFieldErrors(error)
    .map((f) => (f.path ? `${f.path}: ${f.message}` : f.message))
    .join('; ');
}
