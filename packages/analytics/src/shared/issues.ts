import { type InputIssue, InvalidInputError } from '@finops-autopilot/core';

/** Issues listed one by one in an error; the rest are counted. */
const MAX_LISTED = 10;

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Collects input problems and throws them together: one bad record among
 * 36,500 names its index and field, and 36,500 bad records do not build a
 * 36,500-line message.
 */
export class Issues {
  readonly list: InputIssue[] = [];
  private more = 0;

  add(path: string, message: string): void {
    if (this.list.length < MAX_LISTED) this.list.push({ path, message });
    else this.more += 1;
  }

  get count(): number {
    return this.list.length + this.more;
  }

  /** @throws {InvalidInputError} naming every collected field, when there is any. */
  throwIfAny(subject: string): void {
    if (this.count === 0) return;
    const issues = this.list.slice();
    if (this.more > 0) issues.push({ path: '', message: `and ${this.more} more issues of the same kinds` });
    throw new InvalidInputError({ subject, issues });
  }
}

/** The `currency` option: a 3-letter ISO 4217 code, `USD` when absent. */
export function readCurrency(value: unknown, issues: Issues): string {
  if (value === undefined) return 'USD';
  if (typeof value === 'string' && CURRENCY.test(value)) return value;
  issues.add('currency', `must be a 3-letter ISO 4217 code such as "USD", got ${JSON.stringify(value)}`);
  return 'USD';
}

/** Checks that `value` is an array; adds an issue naming `path` otherwise. */
export function isArrayInput(value: unknown, path: string, issues: Issues): value is readonly unknown[] {
  if (Array.isArray(value)) return true;
  issues.add(path, `must be an array, got ${value === null ? 'null' : typeof value}`);
  return false;
}
