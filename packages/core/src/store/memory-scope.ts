import { InvalidInputError } from '../errors/invalid-input-error.js';
import type { TenantDraft, TenantState } from './memory-tenant-state.js';

/** How repositories reach one tenant's data: committed state or a transaction's draft. */
export interface TenantScope {
  readonly tenantId: string;
  /** The state reads see; `undefined` when the tenant does not exist. Throws once unusable. */
  read(): TenantState | undefined;
  /** Applies `mutate` atomically. `mutate` must check everything before its first change. */
  write<T>(mutate: (draft: TenantDraft) => T): Promise<T>;
}

/** One table of the scope's current state, or `undefined` when the tenant does not exist. */
export function rowsOf<K extends keyof TenantState>(scope: TenantScope, name: K): TenantState[K] | undefined {
  return scope.read()?.[name];
}

/** Deep copy of an incoming value, so no caller keeps a reference into the store. */
export function copyIn<T>(value: T, subject: string): T {
  try {
    return structuredClone(value);
  } catch (error) {
    throw new InvalidInputError({
      subject,
      issues: [{ path: '', message: 'must be plain data (no functions, symbols or class instances)' }],
      cause: error,
    });
  }
}

/** Deep copy of an outgoing value, so mutating it never changes the store. */
export function copyOut<T>(value: T): T {
  return structuredClone(value);
}

export function byId(left: { id: string }, right: { id: string }): number {
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

/** Newest first by the given time (compared as instants), ties by id ascending. */
export function newestFirst<T extends { id: string }>(
  timeOf: (row: T) => string,
): (left: T, right: T) => number {
  return (left, right) => Date.parse(timeOf(right)) - Date.parse(timeOf(left)) || byId(left, right);
}
