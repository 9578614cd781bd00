import {
  type Calculation,
  type CostRecord,
  calculationSchema,
  type Recommendation,
  tryEvaluateArithmetic,
} from '@finops-autopilot/core';
import { fixtureRecommendation } from '@finops-autopilot/core/testing';
import type { CostHistory, KpiSummary } from './types.js';

/**
 * A daily (or `hours`-long) FOCUS cost record starting at `start`; a date
 * without a time means UTC midnight.
 */
export function cost(
  start: string,
  amount: number,
  overrides: Partial<CostRecord> = {},
  hours = 24,
): CostRecord {
  const startMs = Date.parse(start);
  return {
    ChargePeriodStart: start,
    ChargePeriodEnd: new Date(startMs + hours * 3_600_000).toISOString(),
    ChargeCategory: 'Usage',
    BilledCost: amount,
    EffectiveCost: amount,
    BillingCurrency: 'USD',
    ServiceName: 'Amazon Elastic Compute Cloud',
    ResourceType: 'instance',
    Tags: {},
    ...overrides,
  };
}

/** One record of `amount` on every UTC day of `[from, to)` (dates `YYYY-MM-DD`). */
export function dailyCosts(
  from: string,
  to: string,
  amount: number,
  overrides: Partial<CostRecord> = {},
): CostRecord[] {
  const records: CostRecord[] = [];
  for (let ms = Date.parse(from); ms < Date.parse(to); ms += 86_400_000)
    records.push(cost(new Date(ms).toISOString(), amount, overrides));
  return records;
}

/** A recommendation with the given status, kind and savings. */
export function recommendation(
  status: Recommendation['status'],
  estimatedMonthlySavings: number,
  overrides: Partial<Recommendation> = {},
): Recommendation {
  return fixtureRecommendation({ status, estimatedMonthlySavings, ...overrides });
}

/** Every calculation of a KPI summary (null ones left out), by where it sits. */
export function summaryCalculations(summary: KpiSummary): Array<[string, Calculation]> {
  const found: Array<[string, Calculation]> = [];
  for (const [name, kpi] of Object.entries(summary.kpis))
    if (kpi.calculation) found.push([name, kpi.calculation]);
  found.push(['breakdown.byService', summary.breakdown.calculations.byService]);
  found.push(['breakdown.byResourceType', summary.breakdown.calculations.byResourceType]);
  return found;
}

export function historyCalculations(history: CostHistory): Array<[string, Calculation]> {
  return [['costHistory', history.calculation]];
}

/**
 * Checks one calculation the way a reader would: it parses with core's
 * `calculationSchema`, and every step's expression re-evaluates to the stated
 * value — within half a unit of the last decimal shown (0.005 for percentages,
 * 0.0000005 otherwise). Returns the problems found.
 */
export function checkCalculation(name: string, calculation: Calculation): string[] {
  const problems: string[] = [];
  const parsed = calculationSchema.safeParse(calculation);
  if (!parsed.success) problems.push(`${name}: does not parse: ${JSON.stringify(parsed.error.issues)}`);
  for (const step of calculation.steps) {
    const recomputed = tryEvaluateArithmetic(step.expression);
    if (recomputed === undefined) {
      problems.push(`${name} "${step.label}": "${step.expression}" is not arithmetic`);
      continue;
    }
    const tolerance = (step.unit === 'percent' ? 0.005 : 5e-7) + 1e-9 * Math.abs(step.value);
    if (Math.abs(recomputed - step.value) > tolerance)
      problems.push(`${name} "${step.label}": ${step.expression} = ${recomputed}, stated ${step.value}`);
  }
  return problems;
}

/** A deep-frozen copy-free view: any mutation of the value throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  }
  return value;
}
