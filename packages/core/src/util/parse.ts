import type { z } from 'zod';
import { type InputIssue, InvalidInputError } from '../errors/invalid-input-error.js';

/** Formats a zod issue path as `a.b[2].c`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Turns zod issues into readable `{ path, message }` pairs. */
export function toInputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

/**
 * Parses `value` with `schema`; on failure throws {@link InvalidInputError} naming
 * `subject` and every failing field path with its reason.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new InvalidInputError({ subject, issues: toInputIssues(result.error), cause: result.error });
  return result.data;
}
