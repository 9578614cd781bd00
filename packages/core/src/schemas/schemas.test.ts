import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import {
  fixtureApproval,
  fixtureAuditEvent,
  fixtureExecution,
  fixtureRecommendation,
  fixtureResource,
  fixtureTenant,
} from '../testing/fixtures.js';
import { parseWith } from '../util/parse.js';
import { approvalSchema } from './approval.js';
import { auditEventSchema } from './audit-event.js';
import { costRecordSchema } from './cost-record.js';
import { executionSchema } from './execution.js';
import { metricSeriesSchema } from './metric-series.js';
import { policySchema } from './policy.js';
import { priceCatalogEntrySchema } from './price-catalog-entry.js';
import { recommendationDraftSchema, recommendationSchema } from './recommendation.js';
import { resourceSchema } from './resource.js';
import { tenantSchema } from './tenant.js';

/** Parses and returns the readable error message, or fails the test when parsing succeeds. */
function errorOf(schema: Parameters<typeof parseWith>[0], value: unknown, subject = 'value'): string {
  try {
    parseWith(schema, value, subject);
  } catch (error) {
    expect(InvalidInputError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected the value to be rejected');
}

describe('Resource', () => {
  it('accepts the minimal record and fills defaults', () => {
    const resource = resourceSchema.parse({
      id: 'i-0abc',
      provider: 'aws',
      region: 'us-east-1',
      service: 'ec2',
      kind: 'compute-instance',
      type: 'm5.xlarge',
    });
    expect(resource).toMatchObject({ state: 'running', tags: {}, spec: {}, currency: 'USD', account: '' });
  });

  it('names the field and the reason when rejecting', () => {
    const message = errorOf(resourceSchema, { ...fixtureResource(), spec: { vcpu: -2 } }, 'Resource');
    expect(message).toMatch(/^Invalid Resource: /);
    expect(message).toContain('spec.vcpu');
    expect(message).toMatch(/too small|>0|greater than 0/i);
    expect(errorOf(resourceSchema, { ...fixtureResource(), id: '' })).toContain('id: must not be empty');
    expect(errorOf(resourceSchema, { ...fixtureResource(), tags: { env: 3 } })).toContain('tags.env');
    expect(errorOf(resourceSchema, { ...fixtureResource(), currency: 'usd' })).toContain(
      'currency: must be a 3-letter',
    );
  });
});

describe('MetricSeries', () => {
  const valid = {
    resourceId: 'i-1',
    metric: 'CPUUtilization',
    periodSeconds: 3600,
    timestamps: [1, 2],
    values: [3, 4],
  };
  it('accepts a valid series', () => {
    expect(metricSeriesSchema.parse(valid).statistic).toBe('Average');
  });
  it('rejects mismatched lengths, unordered timestamps and non-numbers', () => {
    expect(errorOf(metricSeriesSchema, { ...valid, values: [1] })).toContain(
      'values: has 1 values for 2 timestamps',
    );
    expect(errorOf(metricSeriesSchema, { ...valid, timestamps: [2, 1] })).toContain(
      'timestamps[1]: timestamps must be strictly ascending',
    );
    expect(errorOf(metricSeriesSchema, { ...valid, values: [1, Number.NaN] })).toContain('values[1]');
    expect(errorOf(metricSeriesSchema, { ...valid, periodSeconds: 0 })).toContain('periodSeconds');
  });
});

describe('CostRecord', () => {
  const valid = {
    ChargePeriodStart: '2026-01-01T00:00:00Z',
    ChargePeriodEnd: '2026-01-02T00:00:00Z',
    BilledCost: 4.6,
    EffectiveCost: 4.6,
    BillingCurrency: 'USD',
    ServiceName: 'Amazon Elastic Compute Cloud',
    ResourceId: 'i-1',
  };
  it('accepts FOCUS columns', () => {
    expect(costRecordSchema.parse(valid)).toMatchObject({ ChargeCategory: 'Usage', Tags: {} });
  });
  it('rejects a period that ends before it starts, and a bad date', () => {
    expect(errorOf(costRecordSchema, { ...valid, ChargePeriodEnd: '2025-12-31T00:00:00Z' })).toContain(
      'ChargePeriodEnd: ChargePeriodEnd must be after ChargePeriodStart',
    );
    expect(errorOf(costRecordSchema, { ...valid, ChargePeriodStart: 'yesterday' })).toContain(
      'ChargePeriodStart: must be an ISO-8601 date-time',
    );
    expect(errorOf(costRecordSchema, { ...valid, BilledCost: 'ten' })).toContain('BilledCost');
  });
});

describe('PriceCatalogEntry', () => {
  it('rejects negative prices and unknown units', () => {
    const entry = {
      provider: 'aws',
      service: 'ec2',
      region: 'us-east-1',
      type: 'm5.large',
      price: 0.096,
      unit: 'hour',
      currency: 'USD',
    };
    expect(priceCatalogEntrySchema.parse(entry).price).toBe(0.096);
    expect(errorOf(priceCatalogEntrySchema, { ...entry, price: -1 })).toContain('price');
    expect(errorOf(priceCatalogEntrySchema, { ...entry, unit: 'day' })).toContain('unit');
  });
});

describe('Recommendation', () => {
  it('accepts the fixture', () => {
    expect(recommendationSchema.parse(fixtureRecommendation()).status).toBe('open');
  });
  it('checks the action against the kind', () => {
    const message = errorOf(
      recommendationSchema,
      fixtureRecommendation({ kind: 'rightsize', action: { type: 'stop' } }),
    );
    expect(message).toContain('action.type: "stop" is not an action of kind "rightsize" (expected resize)');
  });
  it('checks the fields of known action types', () => {
    const message = errorOf(
      recommendationSchema,
      fixtureRecommendation({ action: { type: 'resize', from: 'm5.xlarge' } as never }),
    );
    expect(message).toContain('action');
  });
  it('accepts an open-set kind with a custom action', () => {
    const draft = {
      ...fixtureRecommendation(),
      kind: 'commitment',
      action: { type: 'buy-savings-plan', to: '1yr' },
    };
    expect(recommendationDraftSchema.parse(draft).kind).toBe('commitment');
  });
  it('requires the calculation result to match its last step', () => {
    const recommendation = fixtureRecommendation();
    const broken = {
      ...recommendation,
      calculation: { ...recommendation.calculation, result: { value: 1, unit: 'USD/month' } },
    };
    expect(errorOf(recommendationSchema, broken)).toContain(
      'calculation.result.value: result.value must equal the value of the last step',
    );
  });
  it('rejects confidence outside 0..1 and an unknown status', () => {
    expect(errorOf(recommendationSchema, fixtureRecommendation({ confidence: 1.5 }))).toContain('confidence');
    expect(errorOf(recommendationSchema, { ...fixtureRecommendation(), status: 'done' })).toContain('status');
  });
});

describe('Policy', () => {
  it('rejects a hitl outcome without stages and duplicate rule ids', () => {
    const message = errorOf(policySchema, {
      id: 'p',
      name: 'P',
      rules: [
        { id: 'a', outcome: { mode: 'hitl' } },
        { id: 'a', outcome: { mode: 'autonomous' } },
      ],
      fallback: { mode: 'autonomous' },
    });
    expect(message).toContain('rules[0].outcome.stages: a hitl outcome needs at least one approval stage');
    expect(message).toContain('rules[1].id: duplicate rule id "a"');
  });
  it('rejects an unknown role', () => {
    expect(
      errorOf(policySchema, {
        id: 'p',
        name: 'P',
        rules: [],
        fallback: { mode: 'hitl', stages: [{ name: 's', roles: ['boss'] }] },
      }),
    ).toContain('fallback.stages[0].roles[0]');
  });
});

describe('Approval, Execution, AuditEvent, Tenant', () => {
  it('accept their fixtures', () => {
    expect(approvalSchema.parse(fixtureApproval()).status).toBe('pending');
    expect(executionSchema.parse(fixtureExecution()).status).toBe('succeeded');
    expect(auditEventSchema.parse(fixtureAuditEvent()).action).toBe('recommendation.approve');
    expect(tenantSchema.parse(fixtureTenant()).name).toBe('Fixture tenant');
  });
  it('reject bad values with the field path', () => {
    expect(errorOf(approvalSchema, { ...fixtureApproval(), status: 'maybe' })).toContain('status');
    expect(errorOf(executionSchema, { ...fixtureExecution(), idempotencyKey: '' })).toContain(
      'idempotencyKey: must not be empty',
    );
    expect(
      errorOf(auditEventSchema, { ...fixtureAuditEvent(), actor: { id: 'x', type: 'robot' } }),
    ).toContain('actor.type');
    expect(errorOf(tenantSchema, { ...fixtureTenant(), id: 'Has Spaces' })).toContain(
      'id: must be lowercase',
    );
  });
});
