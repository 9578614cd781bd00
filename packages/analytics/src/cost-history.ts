import { CalculationBuilder, roundAmount } from './shared/calculation-builder.js';
import { addDailyStep, addHistoryNotes, addWindowInputs } from './shared/daily-step.js';
import { Issues, isArrayInput, readCurrency } from './shared/issues.js';
import { dayRange, scanCosts } from './shared/scan-costs.js';
import { isoString, monthKey, readInstant, utcMonthStart } from './shared/time.js';
import type { CostDimension, CostHistory, CostHistoryMonth, CostHistoryOptions } from './types.js';

const SUBJECT = 'cost history input';
/** Longest history, in calendar months. */
export const MAX_HISTORY_MONTHS = 36;

/**
 * Monthly spend (EffectiveCost) for the last `months` UTC calendar months, the
 * current partial month included, optionally split by service or resource
 * type. Every month in the range has an entry, with 0 and `records: 0` when no
 * cost record falls in it. One pass over the cost records.
 *
 * @throws {InvalidInputError} naming the field: `months` not an integer in
 *   1..36, `groupBy` unknown, `now` not a date, a record in another currency
 *   (never summed), an unparsable `ChargePeriodStart` or a non-finite cost.
 */
export function costHistory(options: CostHistoryOptions): CostHistory {
  const issues = new Issues();
  const nowMs = readInstant(options.now, 'now', issues);
  const currency = readCurrency(options.currency, issues);
  const { months, groupBy } = options;
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > MAX_HISTORY_MONTHS)
    issues.add('months', `must be an integer from 1 to ${MAX_HISTORY_MONTHS}, got ${String(months)}`);
  if (groupBy !== undefined && groupBy !== 'service' && groupBy !== 'resourceType')
    issues.add('groupBy', `must be 'service' or 'resourceType', got ${JSON.stringify(groupBy)}`);
  isArrayInput(options.costs, 'costs', issues);
  issues.throwIfAny(SUBJECT);

  const fromMs = utcMonthStart(nowMs, 1 - months);
  const scan = scanCosts(
    options.costs,
    groupBy ? { currency, nowMs, fromMs, groupBy } : { currency, nowMs, fromMs },
    issues,
  );
  issues.throwIfAny(SUBJECT);

  const column = groupBy === 'service' ? 'ServiceName' : 'ResourceType';
  const builder = new CalculationBuilder(
    'analytics.cost-history@1',
    groupBy
      ? `month total = Σ over ${column} (missing → Unattributed) of Σ EffectiveCost of the cost records whose ChargePeriodStart is in the UTC month; total = Σ month totals`
      : 'month total = Σ EffectiveCost per UTC day of the cost records whose ChargePeriodStart is in the UTC month; total = Σ month totals',
  );
  addWindowInputs(builder, fromMs, nowMs);
  builder.input('months', months, { unit: 'months' });
  if (groupBy) builder.input('groupedBy', column);

  const entries: CostHistoryMonth[] = [];
  for (let index = 0; index < months; index++) {
    const start = utcMonthStart(fromMs, index);
    const next = utcMonthStart(fromMs, index + 1);
    const end = Math.min(next, nowMs);
    const month = monthKey(start);
    const [first, last] = dayRange(scan, start, end);
    let records = 0;
    for (let day = first; day < last; day++) records += scan.records[day]!;
    const entry: CostHistoryMonth = {
      month,
      start: isoString(start),
      end: isoString(end),
      total: 0,
      groups: {},
      records,
      partial: end < next,
    };
    if (groupBy)
      entry.total = addGroupStep(builder, scan.groups, first, last, month, groupBy, entry, currency);
    else entry.total = addDailyStep(builder, scan, start, end, month, currency).value;
    entries.push(entry);
  }
  builder.sum(
    `total over the ${entries.length} months`,
    entries.map((entry) => entry.total),
    currency,
  );
  builder.note(`${entries[entries.length - 1]!.month} is partial: counted up to ${isoString(nowMs)}`);
  addHistoryNotes(builder, scan, fromMs, nowMs);
  return {
    asOf: isoString(nowMs),
    currency,
    groupBy: groupBy ?? null,
    months: entries,
    calculation: builder.build(currency),
  };
}

/** Fills `entry.groups` (largest first; groups without cost in the month left out) and adds the month's step. */
function addGroupStep(
  builder: CalculationBuilder,
  groups: Map<string, Float64Array>,
  first: number,
  last: number,
  month: string,
  groupBy: CostDimension,
  entry: CostHistoryMonth,
  currency: string,
): number {
  const totals: Array<[string, number]> = [];
  for (const [key, daily] of groups) {
    let sum = 0;
    for (let day = first; day < last; day++) sum += daily[day]!;
    const amount = roundAmount(sum);
    if (amount !== 0) totals.push([key, amount]);
  }
  totals.sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0));
  // defineProperty: a key such as `__proto__` stays a plain entry.
  for (const [key, amount] of totals)
    Object.defineProperty(entry.groups, key, {
      value: amount,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  const keys = totals.length > 0 ? totals.map(([key]) => key).join(', ') : 'none';
  return builder.sum(
    `${month}: EffectiveCost by ${groupBy} (${keys})`,
    totals.map(([, amount]) => amount),
    currency,
  );
}
