import type { Calculation } from '@finops-autopilot/core';
import type { Kpi, KpiId, KpiUnit } from '../types.js';
import { type CalculationBuilder, roundAmount } from './calculation-builder.js';
import { type CostScan, dayRange } from './scan-costs.js';
import { DAY_MS, dayKey, isoString } from './time.js';

/** What one window of cost records adds up to. */
export interface WindowSpend {
  value: number;
  records: number;
}

/**
 * Adds a step summing the daily EffectiveCost totals of `[startMs, endMs)`
 * (each rounded to an amount, one term per UTC day, zero days included) and
 * returns the sum with the number of records behind it. `startMs` is a UTC
 * midnight or the first record's start; `endMs` a UTC midnight or `now`.
 */
export function addDailyStep(
  builder: CalculationBuilder,
  scan: CostScan,
  startMs: number,
  endMs: number,
  label: string,
  unit: string,
): WindowSpend {
  const [first, end] = dayRange(scan, startMs, endMs);
  let terms: number[] = [];
  let records = 0;
  let nonZero = false;
  for (let day = first; day < end; day++) {
    const amount = roundAmount(scan.daily[day]!);
    terms.push(amount);
    records += scan.records[day]!;
    if (amount !== 0) nonZero = true;
  }
  let days = 'no day';
  if (end - first === 1) days = dayKey(scan.fromMs + first * DAY_MS);
  else if (end > first)
    days = `${dayKey(scan.fromMs + first * DAY_MS)} … ${dayKey(scan.fromMs + (end - 1) * DAY_MS)}`;
  // A month of "0 + 0 + …" says nothing a single 0 does not.
  if (!nonZero && terms.length > 1) {
    terms = [];
    days += ', all 0';
  }
  const value = builder.sum(`${label}: EffectiveCost per UTC day, ${days}`, terms, unit);
  return { value, records };
}

/** The inputs every spend calculation shows: the column summed and the window. */
export function addWindowInputs(builder: CalculationBuilder, startMs: number, endMs: number): void {
  builder
    .input('column', 'EffectiveCost', {
      source: 'FOCUS cost records',
      description:
        'amortized cost after discounts and credits; each record counts on the UTC day its ChargePeriodStart falls in',
    })
    .input('windowStart', isoString(startMs), { description: 'inclusive' })
    .input('windowEnd', isoString(endMs), { description: 'exclusive' });
}

/** Notes about the input's reach: no records at all, or history starting inside the window. */
export function addHistoryNotes(
  builder: CalculationBuilder,
  scan: CostScan,
  startMs: number,
  endMs: number,
): void {
  if (scan.earliestMs === Number.POSITIVE_INFINITY) builder.note('no cost records before asOf');
  else if (scan.earliestMs >= endMs)
    builder.note(`no cost records in the window: cost history starts ${isoString(scan.earliestMs)}`);
  else if (scan.earliestMs > startMs)
    builder.note(
      `cost history starts ${isoString(scan.earliestMs)}, inside the window: earlier spend is not in the input`,
    );
}

/** A KPI from a finished builder: the value is the calculation's result. */
export function kpiFrom(
  id: KpiId,
  label: string,
  unit: KpiUnit,
  builder: CalculationBuilder,
  resultUnit: string,
): Kpi {
  const calculation: Calculation = builder.build(resultUnit);
  return { id, label, value: calculation.result.value, unit, calculation, notes: builder.notes.slice() };
}

/** A KPI that is undefined for the input: no value, no calculation, and why. */
export function undefinedKpi(id: KpiId, label: string, unit: KpiUnit, notes: string[]): Kpi {
  return { id, label, value: null, unit, calculation: null, notes };
}
