/**
 * Fixtures shared by the rightsizing and idle tests: a small price catalog of
 * real us-east-1 list prices, hourly series with known percentiles, and a rule
 * context built the way the engine builds it.
 */
import {
  createStaticPriceCatalog,
  evaluateArithmetic,
  type MetricSeries,
  type PriceCatalogEntry,
  type PriceCatalogV1,
  type RecommendationDraft,
  type Resource,
} from '@finops-autopilot/core';
import { FIXTURE_NOW, fixtureHourlySeries, fixtureResource } from '@finops-autopilot/core/testing';
import { type HeuristicEngineOptions, resolveOptions } from '../options.js';
import { ResourceMetrics } from '../shared/metrics-view.js';
import { isProduction, type Rule, type RuleContext, type RuleOutput } from '../shared/resource-context.js';

type Row = [
  type: string,
  vcpu: number,
  memoryGiB: number,
  usdPerHour: number,
  extra?: Partial<PriceCatalogEntry>,
];

const arm = { architecture: 'arm64' } as const;
/** us-east-1 on-demand Linux (EC2), PostgreSQL Single-AZ (RDS) and per-node (Redshift) list prices. */
const ROWS: Record<string, Row[]> = {
  ec2: [
    ['m4.large', 2, 8, 0.1],
    ['m4.xlarge', 4, 16, 0.2],
    ['m4.2xlarge', 8, 32, 0.4],
    // networkGbps: the EC2 baseline bandwidths of m5 (0.75, 1.25, 2.5, 5 Gbps) and m6i (0.781, 1.562, 3.125).
    ['m5.large', 2, 8, 0.096, { networkGbps: 0.75 }],
    ['m5.xlarge', 4, 16, 0.192, { networkGbps: 1.25 }],
    ['m5.2xlarge', 8, 32, 0.384, { networkGbps: 2.5 }],
    ['m5.4xlarge', 16, 64, 0.768, { networkGbps: 5 }],
    ['m5.metal', 96, 384, 4.608],
    ['m5d.large', 2, 8, 0.113],
    ['m6i.large', 2, 8, 0.096, { networkGbps: 0.781 }],
    ['m6i.xlarge', 4, 16, 0.192, { networkGbps: 1.562 }],
    ['m6i.2xlarge', 8, 32, 0.384, { networkGbps: 3.125 }],
    ['m6a.large', 2, 8, 0.0864],
    ['m6g.large', 2, 8, 0.077, arm],
    ['m6g.xlarge', 4, 16, 0.154, arm],
    ['m6g.2xlarge', 8, 32, 0.308, arm],
    ['t3.nano', 2, 0.5, 0.0052],
    ['t3.micro', 2, 1, 0.0104],
    ['t3.small', 2, 2, 0.0208],
    ['t3.large', 2, 8, 0.0832],
    ['g4dn.xlarge', 4, 16, 0.526, { attributes: { gpuCount: 1 } }],
  ],
  rds: [
    ['db.m5.large', 2, 8, 0.178],
    ['db.m5.xlarge', 4, 16, 0.356],
    ['db.m5.2xlarge', 8, 32, 0.712],
    ['db.m6g.large', 2, 8, 0.159, arm],
    ['db.m6g.xlarge', 4, 16, 0.318, arm],
    ['db.t3.medium', 2, 4, 0.072],
  ],
  redshift: [
    ['dc2.large', 2, 15, 0.25],
    ['ra3.xlplus', 4, 32, 1.086],
    ['ra3.4xlarge', 12, 96, 3.26],
    ['ra3.16xlarge', 48, 384, 13.04],
  ],
};

/** A catalog of {@link ROWS} in us-east-1, snapshot 2026-07-20. */
export function testCatalog(): PriceCatalogV1 {
  const entries: PriceCatalogEntry[] = [];
  for (const [service, rows] of Object.entries(ROWS)) {
    for (const [type, vcpu, memoryGiB, price, extra] of rows) {
      entries.push({
        provider: 'aws',
        service,
        region: 'us-east-1',
        type,
        vcpu,
        memoryGiB,
        architecture: 'x86_64',
        price,
        unit: 'hour',
        currency: 'USD',
        ...extra,
      });
    }
  }
  return createStaticPriceCatalog({ snapshotDate: '2026-07-20', entries, name: 'test prices' });
}

/** A resource priced and sized from {@link ROWS}. */
export function testResource(type: string, overrides: Partial<Resource> = {}): Resource {
  const service = type.startsWith('db.') ? 'rds' : /^(ra|dc)\d/.test(type) ? 'redshift' : 'ec2';
  const row = ROWS[service]!.find(([name]) => name === type)!;
  const nodes = overrides.spec?.nodes ?? 1;
  return fixtureResource({
    id: `${service}-${type}`,
    service,
    kind: service === 'ec2' ? 'compute-instance' : service === 'rds' ? 'database-instance' : 'data-warehouse',
    type,
    spec: { vcpu: row[1], memoryGiB: row[2], architecture: row[4]?.architecture ?? 'x86_64' },
    hourlyPrice: Math.round(row[3] * nodes * 1e6) / 1e6,
    ...overrides,
  });
}

/**
 * 14 days of hourly values: `base` everywhere, `peak` at 14:00 UTC every day
 * (14 peak hours). With 336 points, p99.5 is the 335th smallest value
 * (rank ⌈0.995 × 336⌉ = 335), so p99.5 = `peak` as long as at least two hours peak.
 */
export function daily(
  resourceId: string,
  metric: string,
  base: number,
  peak = base,
  statistic: MetricSeries['statistic'] = 'Average',
): MetricSeries {
  const series = fixtureHourlySeries({
    resourceId,
    metric,
    shape: (hourOfWeek) => (hourOfWeek % 24 === 14 ? peak : base),
  });
  return { ...series, statistic };
}

/** A rule context as the engine builds it, at {@link FIXTURE_NOW}. */
export function testContext(
  resource: Resource,
  series: readonly MetricSeries[],
  options: HeuristicEngineOptions = {},
  attached: readonly Resource[] = [],
  prices: PriceCatalogV1 = testCatalog(),
): RuleContext {
  const resolved = resolveOptions(options);
  const now = Date.parse(FIXTURE_NOW);
  const windowStart = now - resolved.lookbackDays * 86_400_000;
  return {
    resource,
    metrics: new ResourceMetrics(series, windowStart, now + 1),
    prices,
    attached,
    attachedTo: undefined,
    now,
    windowStart,
    options: resolved,
    engineId: 'heuristic',
    isProduction: isProduction(resource, resolved.productionTags),
  };
}

/** Runs one rule on one context. */
export function runRule(rule: Rule, context: RuleContext): RuleOutput {
  const output: RuleOutput = { recommendations: [], diagnostics: [] };
  rule(context, output);
  return output;
}

/**
 * Recomputes every step of a draft's calculation with `evaluateArithmetic`:
 * returns the steps whose stated value is off by more than max(0.01, 0.05%),
 * and the recomputed last step (the savings).
 */
export function recompute(draft: RecommendationDraft): { mismatches: string[]; savings: number } {
  const mismatches: string[] = [];
  let last = Number.NaN;
  for (const step of draft.calculation.steps) {
    last = evaluateArithmetic(step.expression);
    if (Math.abs(last - step.value) > Math.max(0.01, 0.0005 * Math.abs(step.value))) {
      mismatches.push(`${step.label}: ${step.expression} = ${last}, stated ${step.value}`);
    }
  }
  return { mismatches, savings: last };
}
