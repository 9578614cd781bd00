import type { CostRecord } from '@finops-autopilot/core';
import type { CostDimension } from '../types.js';
import type { Issues } from './issues.js';
import { DAY_MS, parseIsoMs } from './time.js';

/** Key of a breakdown row or history group whose column is missing or empty. */
export const UNATTRIBUTED = 'Unattributed';

export interface CostScanOptions {
  currency: string;
  nowMs: number;
  /** UTC midnight from which daily totals are kept; earlier records are only validated. */
  fromMs: number;
  /** `[start, end)` of the totals by service and by resource type. */
  breakdown?: { startMs: number; endMs: number };
  /** Keeps daily totals per group as well. */
  groupBy?: CostDimension;
}

/** Totals of one pass over the cost records. Amounts are unrounded sums of EffectiveCost. */
export interface CostScan {
  fromMs: number;
  nowMs: number;
  /** EffectiveCost per UTC day, from `fromMs` to the day of `now` (records starting before `now`). */
  daily: Float64Array;
  /** Records per UTC day. */
  records: Uint32Array;
  /** ChargePeriodStart of the earliest record starting before `now`; Infinity when none. */
  earliestMs: number;
  /** Records starting at or after `now`: not counted anywhere. */
  future: number;
  byService: Map<string, Totals>;
  byResourceType: Map<string, Totals>;
  /** Daily totals per group (with `groupBy`). */
  groups: Map<string, Float64Array>;
}

export interface Totals {
  cost: number;
  records: number;
}

function add(map: Map<string, Totals>, key: string, cost: number): void {
  const totals = map.get(key);
  if (totals) {
    totals.cost += cost;
    totals.records += 1;
  } else map.set(key, { cost, records: 1 });
}

/**
 * One pass over the cost records: validates each (currency, start, cost) and
 * adds its EffectiveCost to the UTC day of its ChargePeriodStart, and to the
 * breakdown and group totals. Each record counts wholly on the day its charge
 * period starts (no pro-rating across days). Problems are collected into
 * `issues`; the caller throws them before using the result.
 */
export function scanCosts(costs: readonly CostRecord[], options: CostScanOptions, issues: Issues): CostScan {
  const { currency, nowMs, fromMs, breakdown, groupBy } = options;
  const days = Math.max(0, Math.ceil((nowMs - fromMs) / DAY_MS));
  const scan: CostScan = {
    fromMs,
    nowMs,
    daily: new Float64Array(days),
    records: new Uint32Array(days),
    earliestMs: Number.POSITIVE_INFINITY,
    future: 0,
    byService: new Map(),
    byResourceType: new Map(),
    groups: new Map(),
  };
  const breakdownStart = breakdown ? breakdown.startMs : Number.POSITIVE_INFINITY;
  const breakdownEnd = breakdown ? breakdown.endMs : Number.NEGATIVE_INFINITY;
  // A year of daily records for 100 resources repeats 365 start strings: parse each once.
  const starts = new Map<unknown, number>();

  for (let index = 0; index < costs.length; index++) {
    const record = costs[index] as CostRecord | null | undefined;
    if (record === null || typeof record !== 'object') {
      issues.add(`costs[${index}]`, 'must be a cost record object');
      continue;
    }
    const text = record.ChargePeriodStart;
    let ms = starts.get(text);
    if (ms === undefined) {
      ms = parseIsoMs(text);
      starts.set(text, ms);
    }
    const cost = record.EffectiveCost;
    let valid = true;
    if (record.BillingCurrency !== currency) {
      issues.add(
        `costs[${index}].BillingCurrency`,
        `is ${JSON.stringify(record.BillingCurrency)} but the figures are in ${currency}: ` +
          'amounts in different currencies are never added (convert them first, or pass `currency`)',
      );
      valid = false;
    }
    if (Number.isNaN(ms)) {
      issues.add(
        `costs[${index}].ChargePeriodStart`,
        `must be an ISO-8601 date-time, got ${JSON.stringify(text)}`,
      );
      valid = false;
    }
    if (typeof cost !== 'number' || !Number.isFinite(cost)) {
      issues.add(`costs[${index}].EffectiveCost`, `must be a finite number, got ${String(cost)}`);
      valid = false;
    }
    if (!valid) continue;

    if (ms >= nowMs) {
      scan.future += 1;
      continue;
    }
    if (ms < scan.earliestMs) scan.earliestMs = ms;
    if (ms >= fromMs) {
      const day = Math.floor((ms - fromMs) / DAY_MS);
      scan.daily[day]! += cost;
      scan.records[day]! += 1;
      if (groupBy) {
        const key = (groupBy === 'service' ? record.ServiceName : record.ResourceType) || UNATTRIBUTED;
        let series = scan.groups.get(key);
        if (!series) {
          series = new Float64Array(days);
          scan.groups.set(key, series);
        }
        series[day]! += cost;
      }
    }
    if (ms >= breakdownStart && ms < breakdownEnd) {
      add(scan.byService, record.ServiceName || UNATTRIBUTED, cost);
      add(scan.byResourceType, record.ResourceType || UNATTRIBUTED, cost);
    }
  }
  return scan;
}

/** Index range `[first, end)` of the days of `scan` that hold records starting in `[startMs, endMs)`. */
export function dayRange(scan: CostScan, startMs: number, endMs: number): [number, number] {
  const first = Math.max(0, Math.floor((startMs - scan.fromMs) / DAY_MS));
  const end = Math.min(scan.daily.length, Math.ceil((Math.min(endMs, scan.nowMs) - scan.fromMs) / DAY_MS));
  return [first, Math.max(first, end)];
}
