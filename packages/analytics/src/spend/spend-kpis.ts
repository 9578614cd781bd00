import { HOURS_PER_MONTH } from '@finops-autopilot/core';
import {
  CalculationBuilder,
  formatNumber,
  PERCENT_DIGITS,
  roundAmount,
  roundTo,
} from '../shared/calculation-builder.js';
import {
  addDailyStep,
  addHistoryNotes,
  addWindowInputs,
  kpiFrom,
  undefinedKpi,
} from '../shared/daily-step.js';
import type { CostScan } from '../shared/scan-costs.js';
import {
  DAY_MS,
  HOUR_MS,
  isoString,
  monthKey,
  utcDayStart,
  utcMonthStart,
  utcYearStart,
} from '../shared/time.js';
import type { Kpi } from '../types.js';

/** Days of trailing spend behind the monthly run-rate. */
export const RUN_RATE_DAYS = 30;

export interface SpendContext {
  scan: CostScan;
  nowMs: number;
  currency: string;
}

/** Spend of the current UTC calendar month, from its first instant up to `now`. */
export function monthlySpendKpi({ scan, nowMs, currency }: SpendContext): Kpi {
  const start = utcMonthStart(nowMs);
  const monthDays = (utcMonthStart(nowMs, 1) - start) / DAY_MS;
  const elapsedDays = roundTo((nowMs - start) / DAY_MS, 2);
  const builder = new CalculationBuilder(
    'analytics.month-to-date-spend@1',
    'monthlySpend = Σ EffectiveCost of the cost records whose ChargePeriodStart is in [first instant of the UTC month, asOf), added per UTC day',
  );
  addWindowInputs(builder, start, nowMs);
  const { records } = addDailyStep(builder, scan, start, nowMs, monthKey(start), currency);
  builder
    .input('records', records, { unit: 'records', source: 'cost records counted' })
    .input('daysElapsed', elapsedDays, { unit: 'days' })
    .input('daysInMonth', monthDays, { unit: 'days' })
    .note(`${monthKey(start)} is partial: ${elapsedDays} of ${monthDays} days elapsed`);
  addHistoryNotes(builder, scan, start, nowMs);
  if (scan.future > 0)
    builder.note(`${scan.future} cost records start at or after asOf and are not counted in any figure`);
  return kpiFrom('monthly-spend', 'Spend this month (to date)', currency, builder, currency);
}

/** Spend of one complete UTC calendar month, `offset` months before the current one. */
export function calendarMonthSpend(context: SpendContext, offset: number): CalculationBuilder {
  const { scan, nowMs, currency } = context;
  const start = utcMonthStart(nowMs, -offset);
  const end = utcMonthStart(nowMs, 1 - offset);
  const builder = new CalculationBuilder(
    'analytics.calendar-month-spend@1',
    'monthSpend = Σ EffectiveCost of the cost records whose ChargePeriodStart is in the UTC calendar month, added per UTC day',
  );
  addWindowInputs(builder, start, end);
  const { records } = addDailyStep(builder, scan, start, end, monthKey(start), currency);
  builder.input('records', records, { unit: 'records', source: 'cost records counted' });
  if (records === 0) builder.note(`no cost records in ${monthKey(start)}`);
  addHistoryNotes(builder, scan, start, end);
  return builder;
}

/** Spend of the last complete UTC calendar month. */
export function lastMonthSpendKpi(context: SpendContext): Kpi {
  const builder = calendarMonthSpend(context, 1);
  return kpiFrom('last-month-spend', 'Spend last month', context.currency, builder, context.currency);
}

/** Spend from January 1 (UTC) of `now`'s year up to `now`: one step per month, then their sum. */
export function ytdSpendKpi({ scan, nowMs, currency }: SpendContext): Kpi {
  const start = utcYearStart(nowMs);
  const builder = new CalculationBuilder(
    'analytics.year-to-date-spend@1',
    'ytdSpend = Σ over the months so far of (Σ EffectiveCost per UTC day), for the cost records whose ChargePeriodStart is in [January 1 (UTC), asOf)',
  );
  addWindowInputs(builder, start, nowMs);
  const monthTotals: number[] = [];
  let records = 0;
  for (let month = start; month < nowMs; month = utcMonthStart(month, 1)) {
    const spend = addDailyStep(
      builder,
      scan,
      month,
      Math.min(utcMonthStart(month, 1), nowMs),
      monthKey(month),
      currency,
    );
    monthTotals.push(spend.value);
    records += spend.records;
  }
  builder.sum(`year to date: the ${monthTotals.length} month totals above`, monthTotals, currency);
  builder.input('records', records, { unit: 'records', source: 'cost records counted' });
  addHistoryNotes(builder, scan, start, nowMs);
  return kpiFrom('ytd-spend', 'Spend year to date', currency, builder, currency);
}

/**
 * Monthly run-rate: EffectiveCost of the last 30 complete UTC days, per hour,
 * × 730 h. When cost history starts later, the window starts at the first
 * record; when it started today, the window runs from the first record to now.
 */
export function runRateKpi({ scan, nowMs, currency }: SpendContext): Kpi {
  const label = 'Monthly run-rate';
  if (scan.earliestMs === Number.POSITIVE_INFINITY)
    return undefinedKpi('monthly-run-rate', label, currency, ['no cost records before asOf: no run-rate']);
  const today = utcDayStart(nowMs);
  const end = scan.earliestMs < today ? today : nowMs;
  const start = Math.max(today - RUN_RATE_DAYS * DAY_MS, scan.earliestMs);
  const hours = roundTo((end - start) / HOUR_MS, 6);
  if (hours <= 0)
    return undefinedKpi('monthly-run-rate', label, currency, [
      `cost history starts ${isoString(scan.earliestMs)}, too close to asOf for a run-rate`,
    ]);
  const unit = `${currency}/month`;
  const builder = new CalculationBuilder(
    'analytics.run-rate@1',
    `monthlyRunRate = Σ EffectiveCost with ChargePeriodStart in the window ÷ window hours × ${HOURS_PER_MONTH}; ` +
      `window = the ${RUN_RATE_DAYS} complete UTC days before asOf's day, shorter when cost history starts later`,
  );
  addWindowInputs(builder, start, end);
  const spend = addDailyStep(builder, scan, start, end, 'window', currency);
  builder
    .input('records', spend.records, { unit: 'records', source: 'cost records counted' })
    .input('windowHours', hours, { unit: 'h' })
    .input('hoursPerMonth', HOURS_PER_MONTH, {
      unit: 'h',
      source: '8,760 h a year ÷ 12, as cloud prices are quoted',
    });
  builder.step(
    'scaled to a month',
    `${formatNumber(spend.value)} / ${formatNumber(hours)} × ${HOURS_PER_MONTH}`,
    roundAmount((spend.value / hours) * HOURS_PER_MONTH),
    unit,
  );
  if (end === nowMs)
    builder.note(
      `cost history starts today (${isoString(scan.earliestMs)}): the run-rate extrapolates ${hours} h`,
    );
  else if (start > today - RUN_RATE_DAYS * DAY_MS)
    builder.note(
      `cost history starts ${isoString(scan.earliestMs)}: the window is ${roundTo(hours / 24, 2)} days, not ${RUN_RATE_DAYS}`,
    );
  return kpiFrom('monthly-run-rate', label, currency, builder, unit);
}

/** Change of the last complete UTC month against the month before it, in percent. */
export function monthOverMonthKpi(context: SpendContext): Kpi {
  const { scan, nowMs, currency } = context;
  const id = 'month-over-month';
  const label = 'Month over month';
  const lastStart = utcMonthStart(nowMs, -1);
  const previousStart = utcMonthStart(nowMs, -2);
  const builder = new CalculationBuilder(
    'analytics.month-over-month@1',
    'monthOverMonth = (last − previous) ÷ previous × 100, where last is the EffectiveCost of the last complete UTC month and previous that of the month before',
  );
  addWindowInputs(builder, previousStart, utcMonthStart(nowMs));
  const last = addDailyStep(builder, scan, lastStart, utcMonthStart(nowMs), monthKey(lastStart), currency);
  const previous = addDailyStep(builder, scan, previousStart, lastStart, monthKey(previousStart), currency);
  const missing = [last, previous].flatMap((spend, index) =>
    spend.records === 0 ? [monthKey(index === 0 ? lastStart : previousStart)] : [],
  );
  if (missing.length > 0)
    return undefinedKpi(id, label, 'percent', [
      `no cost records for ${missing.join(' and ')}: no change to show`,
    ]);
  if (previous.value <= 0)
    return undefinedKpi(id, label, 'percent', [
      `${monthKey(previousStart)} cost ${formatNumber(previous.value)} ${currency}: a change relative to it is undefined`,
    ]);
  builder
    .input('lastMonth', monthKey(lastStart))
    .input('lastMonthRecords', last.records, { unit: 'records' })
    .input('previousMonth', monthKey(previousStart))
    .input('previousMonthRecords', previous.records, { unit: 'records' });
  builder.step(
    'change',
    `(${formatNumber(last.value)} − ${formatNumber(previous.value)}) / ${formatNumber(previous.value)} × 100`,
    roundTo(((last.value - previous.value) / previous.value) * 100, PERCENT_DIGITS),
    'percent',
  );
  if (scan.earliestMs > previousStart)
    builder.note(
      `cost history starts ${isoString(scan.earliestMs)}, inside ${monthKey(previousStart)}: that month is incomplete and the change overstated`,
    );
  return kpiFrom(id, label, 'percent', builder, 'percent');
}
