import { type EngineInput, EXCLUDE_TAG } from '../contracts/v1/engine-v1.js';
import type { PriceCatalogV1 } from '../contracts/v1/price-catalog-v1.js';
import type { MetricSummary } from '../contracts/v1/store-v1.js';
import { createStaticPriceCatalog } from '../prices/static-price-catalog.js';
import { recommendationKey } from '../recommendation/recommendation-key.js';
import type { Approval } from '../schemas/approval.js';
import type { AuditEvent } from '../schemas/audit-event.js';
import type { Execution } from '../schemas/execution.js';
import type { MetricSeries } from '../schemas/metric-series.js';
import type { Recommendation } from '../schemas/recommendation.js';
import { type Resource, resourceSchema } from '../schemas/resource.js';
import type { Tenant } from '../schemas/tenant.js';

/** A fixed instant all fixtures are dated at. */
export const FIXTURE_NOW = '2026-01-15T12:00:00.000Z';

let counter = 0;
/** Unique ids for fixtures within one process. */
export function fixtureId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter.toString().padStart(6, '0')}`;
}

export function fixtureTenant(overrides: Partial<Tenant> = {}): Tenant {
  return { id: fixtureId('tenant'), name: 'Fixture tenant', createdAt: FIXTURE_NOW, ...overrides };
}

export function fixtureResource(overrides: Partial<Resource> = {}): Resource {
  return resourceSchema.parse({
    id: fixtureId('i'),
    provider: 'fake',
    account: '111122223333',
    region: 'us-east-1',
    service: 'ec2',
    kind: 'compute-instance',
    type: 'm5.xlarge',
    state: 'running',
    tags: { env: 'dev' },
    spec: { vcpu: 4, memoryGiB: 16, architecture: 'x86_64' },
    hourlyPrice: 0.192,
    ...overrides,
  });
}

/** A valid rightsize recommendation m5.xlarge → m5.large with a checkable calculation. */
export function fixtureRecommendation(overrides: Partial<Recommendation> = {}): Recommendation {
  const resourceId = overrides.resourceId ?? fixtureId('i');
  const action = overrides.action ?? { type: 'resize' as const, from: 'm5.xlarge', to: 'm5.large' };
  const kind = overrides.kind ?? 'rightsize';
  const savings = overrides.estimatedMonthlySavings ?? 70.08;
  return {
    id: fixtureId('rec'),
    key: recommendationKey({ resourceId, kind, action }),
    resourceId,
    provider: 'fake',
    service: 'ec2',
    resourceKind: 'compute-instance',
    region: 'us-east-1',
    account: '111122223333',
    resourceTags: { env: 'dev' },
    kind,
    action,
    title: `Resize ${resourceId} from m5.xlarge to m5.large`,
    estimatedMonthlySavings: savings,
    currency: 'USD',
    confidence: 0.9,
    risk: 'low',
    engine: 'fixture',
    calculation: {
      method: 'fixture.price-difference@1',
      inputs: {
        priceFrom: { value: 0.192, unit: 'USD/h' },
        priceTo: { value: 0.096, unit: 'USD/h' },
        hoursPerMonth: { value: 730, unit: 'h' },
      },
      formula: 'savings = (priceFrom − priceTo) × hoursPerMonth',
      steps: [
        { label: 'monthly savings', expression: '(0.192 − 0.096) × 730', value: savings, unit: 'USD/month' },
      ],
      result: { value: savings, unit: 'USD/month' },
    },
    evidence: [],
    status: 'open',
    executionMode: null,
    policyRuleId: null,
    premise: 'fixture',
    createdAt: FIXTURE_NOW,
    updatedAt: FIXTURE_NOW,
    ...overrides,
  };
}

export function fixtureApproval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: fixtureId('apr'),
    recommendationId: fixtureId('rec'),
    policyRuleId: 'fixture-rule',
    stages: [{ name: 'review', roles: ['approver', 'admin'], approvals: 1 }],
    distinctApprovers: true,
    currentStage: 0,
    status: 'pending',
    decisions: [],
    createdAt: FIXTURE_NOW,
    updatedAt: FIXTURE_NOW,
    ...overrides,
  };
}

export function fixtureExecution(overrides: Partial<Execution> = {}): Execution {
  const preState = fixtureResource();
  return {
    id: fixtureId('exe'),
    recommendationId: fixtureId('rec'),
    resourceId: preState.id,
    idempotencyKey: fixtureId('key'),
    status: 'succeeded',
    actor: { id: 'policy', type: 'system' },
    plan: {
      resourceId: preState.id,
      action: { type: 'resize', from: 'm5.xlarge', to: 'm5.large' },
      steps: ['stop', 'modify instance type', 'start'],
      preState,
      warnings: [],
      reversible: true,
    },
    startedAt: FIXTURE_NOW,
    finishedAt: FIXTURE_NOW,
    ...overrides,
  };
}

export function fixtureAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: fixtureId('aud'),
    tenantId: 'default',
    at: FIXTURE_NOW,
    actor: { id: 'alice', type: 'user', role: 'approver' },
    action: 'recommendation.approve',
    subject: { type: 'recommendation', id: fixtureId('rec') },
    details: {},
    ...overrides,
  };
}

/** A CPU summary over the 14 days before {@link FIXTURE_NOW}. */
export function fixtureMetricSummary(overrides: Partial<MetricSummary> = {}): MetricSummary {
  return {
    resourceId: fixtureId('i'),
    metric: 'CPUUtilization',
    window: { start: '2026-01-01T12:00:00.000Z', end: FIXTURE_NOW },
    points: 336,
    mean: 12.5,
    p95: 31.2,
    max: 48.9,
    updatedAt: FIXTURE_NOW,
    ...overrides,
  };
}

/**
 * An hourly series ending at `end`, shaped by `shape(hourOfWeek)` (0 = Monday 00:00 UTC).
 * Deterministic: same arguments, same series.
 */
export function fixtureHourlySeries(options: {
  resourceId: string;
  metric?: string;
  end?: string;
  hours?: number;
  shape: (hourOfWeek: number, index: number) => number;
}): MetricSeries {
  const { resourceId, metric = 'CPUUtilization', end = FIXTURE_NOW, hours = 14 * 24, shape } = options;
  const hour = 3_600_000;
  const endMs = Math.floor(Date.parse(end) / hour) * hour;
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let index = 0; index < hours; index++) {
    const at = endMs - (hours - index) * hour;
    const date = new Date(at);
    const hourOfWeek = ((date.getUTCDay() + 6) % 7) * 24 + date.getUTCHours();
    timestamps.push(at);
    values.push(shape(hourOfWeek, index));
  }
  return {
    resourceId,
    metric,
    unit: metric === 'CPUUtilization' ? 'Percent' : 'None',
    statistic: 'Average',
    periodSeconds: 3600,
    timestamps,
    values,
  };
}

/** Real us-east-1 on-demand Linux prices (USD/hour) of a few EC2 types, for fixture catalogs. */
export const FIXTURE_EC2_PRICES: ReadonlyArray<{
  type: string;
  vcpu: number;
  memoryGiB: number;
  price: number;
  arm?: boolean;
}> = [
  { type: 'm5.large', vcpu: 2, memoryGiB: 8, price: 0.096 },
  { type: 'm5.xlarge', vcpu: 4, memoryGiB: 16, price: 0.192 },
  { type: 'm5.2xlarge', vcpu: 8, memoryGiB: 32, price: 0.384 },
  { type: 'm5.4xlarge', vcpu: 16, memoryGiB: 64, price: 0.768 },
  { type: 'm6g.large', vcpu: 2, memoryGiB: 8, price: 0.077, arm: true },
  { type: 'm6g.xlarge', vcpu: 4, memoryGiB: 16, price: 0.154, arm: true },
];

/** A price catalog of {@link FIXTURE_EC2_PRICES} in us-east-1 (provider `fake`). */
export function fixturePriceCatalog(): PriceCatalogV1 {
  return createStaticPriceCatalog({
    snapshotDate: '2026-07-20',
    name: 'fixture prices',
    entries: FIXTURE_EC2_PRICES.map((entry) => ({
      provider: 'fake',
      service: 'ec2',
      region: 'us-east-1',
      type: entry.type,
      family: entry.type.split('.')[0],
      size: entry.type.split('.')[1],
      vcpu: entry.vcpu,
      memoryGiB: entry.memoryGiB,
      architecture: entry.arm ? ('arm64' as const) : ('x86_64' as const),
      price: entry.price,
      unit: 'hour' as const,
      currency: 'USD',
    })),
  });
}

/**
 * An engine input with a known answer: an over-provisioned m5.2xlarge (~10% CPU),
 * a busy m5.xlarge (~80%), an idle m5.large (~0.5%), and an over-provisioned
 * m5.4xlarge tagged to be excluded.
 */
export function fixtureEngineInput(): EngineInput {
  const make = (
    id: string,
    type: string,
    tags: Record<string, string>,
    level: number,
  ): [Resource, MetricSeries] => {
    const price = FIXTURE_EC2_PRICES.find((entry) => entry.type === type)!;
    const resource = fixtureResource({
      id,
      type,
      tags,
      spec: { vcpu: price.vcpu, memoryGiB: price.memoryGiB, architecture: 'x86_64' },
      hourlyPrice: price.price,
    });
    const series = fixtureHourlySeries({
      resourceId: id,
      shape: (hourOfWeek, index) =>
        level * (1 + 0.2 * Math.sin((hourOfWeek / 24) * 2 * Math.PI)) + (index % 3) * 0.01,
    });
    return [resource, series];
  };
  const pairs = [
    make('i-overprovisioned', 'm5.2xlarge', { env: 'dev' }, 10),
    make('i-busy', 'm5.xlarge', { env: 'prod' }, 80),
    make('i-idle', 'm5.large', { env: 'test' }, 0.5),
    make('i-excluded', 'm5.4xlarge', { env: 'dev', [EXCLUDE_TAG]: 'true' }, 5),
  ];
  const resources = pairs.map(([resource]) => resource);
  return {
    resources,
    inventory: resources,
    metrics: pairs.map(([, series]) => series),
    prices: fixturePriceCatalog(),
    now: FIXTURE_NOW,
  };
}
