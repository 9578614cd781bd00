/**
 * Test fixtures for the scheduling and storage rules: a price catalog of real
 * us-east-1 list prices, and an analysis that builds rule contexts the way the
 * heuristic engine does, running only these two rules.
 */
import {
  createStaticPriceCatalog,
  type EngineInput,
  type EngineResult,
  evaluateArithmetic,
  type MetricSeries,
  type PriceCatalogEntry,
  type PriceCatalogV1,
  type RecommendationDraft,
  type RecommendationEngineV1,
  type Resource,
} from '@finops-autopilot/core';
import { FIXTURE_NOW } from '@finops-autopilot/core/testing';
import { runRules } from '../heuristic-engine.js';
import { type HeuristicEngineOptions, resolveOptions } from '../options.js';

/** us-east-1 on-demand Linux EC2 and PostgreSQL Single-AZ RDS prices, USD/hour. */
const HOURLY: Array<[service: string, type: string, price: number]> = [
  ['ec2', 'm5.large', 0.096],
  ['ec2', 'm5.xlarge', 0.192],
  ['ec2', 'm5.2xlarge', 0.384],
  ['rds', 'db.m5.large', 0.178],
];

/**
 * us-east-1 EBS list prices: gp2 0.10, gp3 0.08 (+0.005 per IOPS-month above 3,000,
 * +0.04 per MiB/s-month above 125), io1/io2 0.125 (+0.065 per provisioned IOPS-month),
 * st1 0.045, sc1 0.015, standard 0.05 (+0.05 per million requests), per GiB-month.
 */
const EBS_PRICES: Array<Pick<PriceCatalogEntry, 'type' | 'price' | 'extraPrices' | 'attributes'>> = [
  { type: 'gp2', price: 0.1 },
  {
    type: 'gp3',
    price: 0.08,
    extraPrices: { iopsMonth: 0.005, throughputMiBpsMonth: 0.04 },
    attributes: { includedIops: 3000, includedThroughputMiBps: 125 },
  },
  { type: 'io1', price: 0.125, extraPrices: { iopsMonth: 0.065 } },
  { type: 'io2', price: 0.125, extraPrices: { iopsMonth: 0.065 } },
  { type: 'st1', price: 0.045 },
  { type: 'sc1', price: 0.015 },
  { type: 'standard', price: 0.05, extraPrices: { millionRequests: 0.05 } },
];

/** {@link EBS_PRICES} as catalog entries in us-east-1. */
export const EBS_ENTRIES: PriceCatalogEntry[] = EBS_PRICES.map((entry) => ({
  provider: 'aws',
  service: 'ebs',
  region: 'us-east-1',
  unit: 'GiB-month' as const,
  currency: 'USD',
  ...entry,
}));

/** The fixture catalog; `extra` adds entries (e.g. a snapshot price). */
export function testCatalog(extra: PriceCatalogEntry[] = []): PriceCatalogV1 {
  return createStaticPriceCatalog({
    snapshotDate: '2026-07-20',
    name: 'test prices',
    entries: [
      ...HOURLY.map(([service, type, price]) => ({
        provider: 'aws',
        service,
        region: 'us-east-1',
        type,
        price,
        unit: 'hour' as const,
        currency: 'USD',
      })),
      ...EBS_ENTRIES,
      ...extra,
    ],
  });
}

/**
 * Runs the scheduling and storage rules over an input exactly as the heuristic
 * engine dispatches them (it is the engine's own loop), with idle detection and
 * rightsizing turned off.
 */
export function analyzeScheduleAndStorage(
  input: EngineInput,
  options: HeuristicEngineOptions = {},
): EngineResult {
  const resolved = resolveOptions(options);
  return runRules(input, {
    ...resolved,
    idle: { ...resolved.idle, enabled: false },
    rightsizing: { ...resolved.rightsizing, enabled: false },
  });
}

/** An engine of just these two rules, for the engine contract suite. */
export function scheduleAndStorageEngine(options: HeuristicEngineOptions = {}): RecommendationEngineV1 {
  return {
    specificationVersion: 'v1',
    engineId: 'heuristic',
    async analyze(input) {
      return analyzeScheduleAndStorage(input, options);
    },
  };
}

/** An engine input at the fixture time. */
export function engineInput(
  resources: Resource[],
  metrics: MetricSeries[],
  prices: PriceCatalogV1 = testCatalog(),
): EngineInput {
  return { resources, inventory: resources, metrics, prices, now: FIXTURE_NOW };
}

/**
 * Every step of a draft's calculation, re-evaluated: the tolerance is the one
 * the engine contract uses, max(0.01, 0.05% of the value).
 */
export function recomputeSteps(
  draft: RecommendationDraft,
): Array<{ label: string; expression: string; stated: number; recomputed: number; ok: boolean }> {
  return draft.calculation.steps.map((step) => {
    const recomputed = evaluateArithmetic(step.expression);
    const tolerance = Math.max(0.01, Math.abs(step.value) * 0.0005);
    return {
      label: step.label,
      expression: step.expression,
      stated: step.value,
      recomputed,
      ok: Math.abs(recomputed - step.value) <= tolerance,
    };
  });
}
