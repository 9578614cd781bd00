import {
  type Recommendation,
  type RecommendationStatus,
  recommendationStatusSchema,
} from '@finops-autopilot/core';
import type { Issues } from '../shared/issues.js';

/**
 * Statuses whose estimated savings count as identified: still-live proposals
 * (core's `LIVE_STATUSES`). `failed` is included: a failed execution may be
 * retried and the waste it targets is still there.
 */
export const IDENTIFIED_STATUSES = [
  'open',
  'pending-approval',
  'approved',
  'failed',
] as const satisfies readonly RecommendationStatus[];

/** Statuses whose measured savings count as realized. */
export const REALIZED_STATUSES = ['verified'] as const satisfies readonly RecommendationStatus[];

/** Executed but not yet proven: in neither identified nor realized savings, shown in the notes. */
export const IN_FLIGHT_STATUSES = [
  'executing',
  'executed',
] as const satisfies readonly RecommendationStatus[];

const KNOWN_STATUSES: ReadonlySet<string> = new Set(recommendationStatusSchema.options);
const IDENTIFIED: ReadonlySet<string> = new Set(IDENTIFIED_STATUSES);
const IN_FLIGHT: ReadonlySet<string> = new Set(IN_FLIGHT_STATUSES);

export interface KindTotals {
  sum: number;
  count: number;
}

/** Totals of one pass over the recommendations. Sums are unrounded. */
export interface SavingsScan {
  /** Positive estimated savings of live recommendations, per kind. */
  identified: Map<string, KindTotals>;
  /** Live recommendations per status (all of them, whatever their saving). */
  liveByStatus: Map<string, number>;
  /** Live recommendations with a negative saving (upsizes): their count and monthly cost (positive). */
  upsizes: KindTotals;
  /** Live recommendations with a zero saving. */
  zero: number;
  /** Measured savings of verified recommendations, per kind. */
  realized: Map<string, KindTotals>;
  /** Verified recommendations without `realizedMonthlySavings`. */
  verifiedUnmeasured: number;
  /** Verified recommendations whose measured saving is negative (cost went up). */
  realizedNegative: number;
  /** Executing or executed recommendations: count and positive estimated savings. */
  inFlight: KindTotals;
}

function add(map: Map<string, KindTotals>, key: string, amount: number): void {
  const totals = map.get(key);
  if (totals) {
    totals.sum += amount;
    totals.count += 1;
  } else map.set(key, { sum: amount, count: 1 });
}

/** One pass over the recommendations: validates currency, status and savings, and adds them up. */
export function scanRecommendations(
  recommendations: readonly Recommendation[],
  currency: string,
  issues: Issues,
): SavingsScan {
  const scan: SavingsScan = {
    identified: new Map(),
    liveByStatus: new Map(),
    upsizes: { sum: 0, count: 0 },
    zero: 0,
    realized: new Map(),
    verifiedUnmeasured: 0,
    realizedNegative: 0,
    inFlight: { sum: 0, count: 0 },
  };
  for (let index = 0; index < recommendations.length; index++) {
    const recommendation = recommendations[index] as Recommendation | null | undefined;
    if (recommendation === null || typeof recommendation !== 'object') {
      issues.add(`recommendations[${index}]`, 'must be a recommendation object');
      continue;
    }
    const { status, estimatedMonthlySavings: estimated, realizedMonthlySavings: realized } = recommendation;
    let valid = true;
    if (recommendation.currency !== currency) {
      issues.add(
        `recommendations[${index}].currency`,
        `is ${JSON.stringify(recommendation.currency)} but the figures are in ${currency}: amounts in different currencies are never added`,
      );
      valid = false;
    }
    if (!KNOWN_STATUSES.has(status)) {
      issues.add(
        `recommendations[${index}].status`,
        `is not a recommendation status: ${JSON.stringify(status)}`,
      );
      valid = false;
    }
    if (typeof estimated !== 'number' || !Number.isFinite(estimated)) {
      issues.add(
        `recommendations[${index}].estimatedMonthlySavings`,
        `must be a finite number, got ${String(estimated)}`,
      );
      valid = false;
    }
    if (realized !== undefined && (typeof realized !== 'number' || !Number.isFinite(realized))) {
      issues.add(
        `recommendations[${index}].realizedMonthlySavings`,
        `must be a finite number, got ${String(realized)}`,
      );
      valid = false;
    }
    if (!valid) continue;

    if (IDENTIFIED.has(status)) {
      scan.liveByStatus.set(status, (scan.liveByStatus.get(status) ?? 0) + 1);
      if (estimated > 0) add(scan.identified, recommendation.kind, estimated);
      else if (estimated < 0) {
        scan.upsizes.sum -= estimated;
        scan.upsizes.count += 1;
      } else scan.zero += 1;
    } else if (status === 'verified') {
      if (realized === undefined) scan.verifiedUnmeasured += 1;
      else {
        add(scan.realized, recommendation.kind, realized);
        if (realized < 0) scan.realizedNegative += 1;
      }
    } else if (IN_FLIGHT.has(status)) {
      scan.inFlight.count += 1;
      if (estimated > 0) scan.inFlight.sum += estimated;
    }
  }
  return scan;
}
