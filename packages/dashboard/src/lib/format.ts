/**
 * The one place where numbers become text. Every amount, percentage, count,
 * duration and date on screen goes through these functions, so the same
 * number always reads the same way (and tests can compare the screen with
 * the API by formatting the API's value with the same function).
 *
 * Locale is fixed (en-US) so the dashboard reads the same on every machine.
 */

export const LOCALE = 'en-US';
/** Shown where a figure is undefined (a ratio over a zero base, a missing value). */
export const NOT_AVAILABLE = '—';

const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string, digits: number, compact: boolean): Intl.NumberFormat {
  const key = `${currency}|${digits}|${compact}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(LOCALE, {
        style: 'currency',
        currency,
        minimumFractionDigits: compact ? 0 : digits,
        maximumFractionDigits: digits,
        ...(compact ? { notation: 'compact' as const } : {}),
      });
    } catch {
      // Not an ISO currency code: plain number, the code appended by the caller.
      format = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits });
    }
    moneyFormats.set(key, format);
  }
  return format;
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export interface MoneyOptions {
  /** Short form for axes and tight spaces: `$9.8K`. */
  compact?: boolean;
  /** Always show cents. By default amounts of 100 or more are whole units. */
  cents?: boolean;
  /** Prefix `+` on positive amounts (changes, savings deltas). */
  signed?: boolean;
}

/**
 * An amount of money: `$4,731`, `$413`, `$29.78`, `-$560`, `$9.8K` (compact).
 * Amounts of 100 or more drop the cents unless `cents` is set.
 */
export function formatMoney(
  value: number | null | undefined,
  currency = 'USD',
  options: MoneyOptions = {},
): string {
  if (!isNumber(value)) return NOT_AVAILABLE;
  const digits = options.compact ? 1 : options.cents || Math.abs(value) < 100 ? 2 : 0;
  const format = moneyFormat(currency, digits, options.compact === true);
  const rounded = Object.is(value, -0) ? 0 : value;
  let text = format.format(rounded);
  if (format.resolvedOptions().style !== 'currency') text = `${text} ${currency}`;
  if (options.signed && rounded > 0) text = `+${text}`;
  return text;
}

/** Monthly amount: `$413.00/mo`. */
export function formatMonthly(value: number | null | undefined, currency = 'USD'): string {
  const text = formatMoney(value, currency);
  return text === NOT_AVAILABLE ? text : `${text}/mo`;
}

export interface PercentOptions {
  /** Fraction digits. @default 1 */
  digits?: number;
  /** Prefix `+` on positive values (changes). */
  signed?: boolean;
}

/** A value already in percent (34.01 → `34.0%`). */
export function formatPercent(value: number | null | undefined, options: PercentOptions = {}): string {
  if (!isNumber(value)) return NOT_AVAILABLE;
  const digits = options.digits ?? 1;
  // Round first so that -0.04 shows as 0.0% (not -0.0%) and the sign follows what is shown.
  const rounded = Number(value.toFixed(digits)) || 0;
  const text = new Intl.NumberFormat(LOCALE, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(rounded);
  return `${options.signed && rounded > 0 ? '+' : ''}${text}%`;
}

/** A ratio from 0 to 1 as a percentage (0.762 → `76.2%`). */
export function formatRatio(value: number | null | undefined, options: PercentOptions = {}): string {
  return formatPercent(isNumber(value) ? value * 100 : value, options);
}

/** A plain count or measure: `1,234`, `3.5`. */
export function formatNumber(value: number | null | undefined, maxDigits = 2): string {
  if (!isNumber(value)) return NOT_AVAILABLE;
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: maxDigits }).format(value);
}

/** A large number in short form: `12.3K`, `4.1G`. */
export function formatCompact(value: number | null | undefined): string {
  if (!isNumber(value)) return NOT_AVAILABLE;
  return new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A duration in milliseconds: `850 ms`, `1.7 s`, `2 min 5 s`, `1 h 4 min`. */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNumber(ms)) return NOT_AVAILABLE;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${formatNumber(ms / 1000, 1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}

/** A rate per minute: `1.5/min`. */
export function formatRate(perMinute: number | null | undefined): string {
  if (!isNumber(perMinute)) return NOT_AVAILABLE;
  return `${formatNumber(perMinute, 2)}/min`;
}

/** Confidence 0..1 as a percentage without decimals: `98%`. */
export function formatConfidence(value: number | null | undefined): string {
  return formatRatio(value, { digits: 0 });
}

function toDate(value: string | number | Date): Date | undefined {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Date and time in UTC, as the server counts: `Jan 15, 2026, 14:05 UTC`. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return NOT_AVAILABLE;
  const date = toDate(value);
  if (!date) return NOT_AVAILABLE;
  const text = new Intl.DateTimeFormat(LOCALE, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
}

/** A day in UTC: `Jan 15`. */
export function formatDay(value: string | number | Date): string {
  const date = toDate(value);
  if (!date) return NOT_AVAILABLE;
  return new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A `YYYY-MM` month: `Aug 2025` (or `Aug` with `short`). */
export function formatMonth(month: string, short = false): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(LOCALE, {
    month: 'short',
    ...(short ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(date);
}

/** How long ago, from `now`: `just now`, `12 s ago`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAgo(value: string | number | Date, now: number = Date.now()): string {
  const date = toDate(value);
  if (!date) return NOT_AVAILABLE;
  const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

const CURRENCY_UNIT = /^[A-Z]{3}$/;
const CURRENCY_PER = /^([A-Z]{3})\/(month|mo|hour|h|year)$/;

/**
 * A value with the unit a calculation gives it: currencies (`USD`, `USD/month`,
 * `USD/hour`), `percent`, `ratio`, and anything else appended as is
 * (`IOPS`, `hours`, `records`).
 */
export function formatWithUnit(value: number | string | boolean | null | undefined, unit?: string): string {
  if (value === null || value === undefined) return NOT_AVAILABLE;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return unit ? `${value} ${unit}` : value;
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  if (!unit || unit === 'None') return formatNumber(value, 6);
  if (CURRENCY_UNIT.test(unit)) return formatMoney(value, unit, { cents: true });
  const per = CURRENCY_PER.exec(unit);
  if (per) {
    const period = per[2] === 'month' || per[2] === 'mo' ? 'mo' : per[2] === 'year' ? 'yr' : 'h';
    const digits = period === 'h' ? 4 : 2;
    const amount = new Intl.NumberFormat(LOCALE, {
      style: 'currency',
      currency: per[1],
      minimumFractionDigits: 2,
      maximumFractionDigits: digits,
    }).format(value);
    return `${amount}/${period}`;
  }
  if (unit === 'percent' || unit === '%' || unit === 'Percent') return formatPercent(value, { digits: 2 });
  if (unit === 'ratio') return `${formatNumber(value, 6)} (${formatRatio(value)})`;
  return `${formatNumber(value, 6)} ${unit}`;
}

/** A KPI value in its unit: money for currency codes, percentages for `percent`. */
export function formatKpiValue(
  value: number | null,
  unit: string,
  options: { signed?: boolean } = {},
): string {
  if (value === null) return NOT_AVAILABLE;
  if (unit === 'percent') return formatPercent(value, { digits: 1, signed: options.signed ?? false });
  if (CURRENCY_UNIT.test(unit)) return formatMoney(value, unit, { signed: options.signed ?? false });
  return formatWithUnit(value, unit);
}

/** A metric value in its CloudWatch unit (`Percent`, `Bytes`, `Count`...). */
export function formatMetric(value: number | null | undefined, unit: string): string {
  if (!isNumber(value)) return NOT_AVAILABLE;
  if (unit === 'Percent') return formatPercent(value, { digits: 1 });
  if (unit === 'Bytes') return formatBytes(value);
  if (unit === 'Bytes/Second') return `${formatBytes(value)}/s`;
  if (unit === 'None' || unit === 'Count') return formatCompact(value);
  return `${formatCompact(value)} ${unit}`;
}

/** Bytes in decimal units: `950 B`, `12.3 MB`, `10.5 GB`. */
export function formatBytes(value: number | null | undefined): string {
  if (!isNumber(value)) return NOT_AVAILABLE;
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let scaled = Math.abs(value);
  let index = 0;
  while (scaled >= 1000 && index < units.length - 1) {
    scaled /= 1000;
    index += 1;
  }
  return `${value < 0 ? '-' : ''}${formatNumber(scaled, index === 0 ? 0 : 1)} ${units[index]}`;
}

/** `pending-approval` → `Pending approval`. */
export function humanize(value: string): string {
  const text = value.replace(/[-_]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
