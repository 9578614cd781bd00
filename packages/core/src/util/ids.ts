import { randomUUID } from 'node:crypto';

/** A new random id with a readable prefix, e.g. `exe_3f2c…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}
