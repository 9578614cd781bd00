import type { Issues } from './issues.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * ISO-8601 as accepted in strings: a date (`2026-07-20`, read as UTC midnight),
 * or a date-time with `Z` or an offset. A date-time without a zone is refused:
 * JavaScript reads it in the machine's local time zone.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/**
 * Reads an instant given as a `Date` or an ISO-8601 string. Returns epoch
 * milliseconds, or adds an issue naming `path` and returns NaN. Strings must be
 * ISO-8601 (`2026-07-20`, `2026-07-20T12:00:00Z`, `…+02:00`): other formats are
 * parsed differently by different engines.
 */
export function readInstant(value: unknown, path: string, issues: Issues): number {
  let ms = Number.NaN;
  if (value instanceof Date) ms = value.getTime();
  else ms = parseIsoMs(value);
  if (Number.isFinite(ms)) return ms;
  issues.add(
    path,
    `must be a valid Date or an ISO-8601 string with a time zone (e.g. 2026-07-20T12:00:00Z), got ${describe(value)}`,
  );
  return Number.NaN;
}

/** Epoch milliseconds of an ISO-8601 string; NaN for anything else. */
export function parseIsoMs(value: unknown): number {
  return typeof value === 'string' && ISO_DATE.test(value) ? Date.parse(value) : Number.NaN;
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'an invalid Date';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return value === null ? 'null' : typeof value;
}

/** UTC midnight of the day holding `ms`. */
export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Start (UTC) of the calendar month holding `ms`, moved by `offset` months. */
export function utcMonthStart(ms: number, offset = 0): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1);
}

/** Start (UTC) of January 1 of the year holding `ms`. */
export function utcYearStart(ms: number): number {
  return Date.UTC(new Date(ms).getUTCFullYear(), 0, 1);
}

/** `YYYY-MM` of the UTC month holding `ms`. */
export function monthKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** `YYYY-MM-DD` of the UTC day holding `ms`. */
export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO-8601 UTC timestamp. */
export function isoString(ms: number): string {
  return new Date(ms).toISOString();
}
