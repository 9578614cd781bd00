import { type RecommendationDraft, recommendationDraftSchema } from '@finops-autopilot/core';
import { fixtureResource } from '@finops-autopilot/core/testing';
import { describe, expect, it } from 'vitest';
import { daily, recompute, runRule, testContext, testResource } from '../rightsize/test-helpers.js';
import { idleRule } from './idle-rule.js';

/** Runs the rule and returns its only draft, checked against the schema and its own arithmetic. */
function propose(...args: Parameters<typeof testContext>): RecommendationDraft {
  const output = runRule(idleRule, testContext(...args));
  expect(output.recommendations).toHaveLength(1);
  const draft = output.recommendations[0]!;
  expect(recommendationDraftSchema.safeParse(draft).success).toBe(true);
  const { mismatches, savings } = recompute(draft);
  expect(mismatches).toEqual([]);
  expect(savings).toBeCloseTo(draft.estimatedMonthlySavings, 2);
  return draft;
}

const volume = fixtureResource({
  id: 'vol-data',
  service: 'ebs',
  kind: 'block-volume',
  type: 'gp3',
  spec: { storageGiB: 100 },
  hourlyPrice: 8 / 730,
  attachedTo: 'ec2-m5.large',
});

describe('idleRule', () => {
  it('stops an idle EC2 instance with network data, and names the volumes still billed', () => {
    const resource = testResource('m5.large');
    // CPU max 1.5 ≤ 2. Network per hour = (1000000 ÷ 3600 + 500000 ÷ 3600) × 3600 = 1500000 ≤ 5000000.
    // savings = 0.096 × 730 = 70.08. Flat CPU: CV 0 → confidence min(0.99, 0.35 + 0.40 + 0.15 + 0.10) = 0.99.
    const draft = propose(
      resource,
      [
        daily(resource.id, 'CPUUtilization', 1.5),
        daily(resource.id, 'NetworkIn', 1_000_000, 1_000_000, 'Sum'),
        daily(resource.id, 'NetworkOut', 500_000, 500_000, 'Sum'),
      ],
      {},
      [volume],
    );
    expect(draft.kind).toBe('idle');
    expect(draft.action).toEqual({ type: 'stop' });
    expect(draft.risk).toBe('high');
    expect(draft.estimatedMonthlySavings).toBe(70.08);
    expect(draft.confidence).toBe(0.99);
    expect(draft.calculation.method).toBe('idle.max-threshold@1');
    expect(draft.calculation.steps.map((step) => [step.expression, step.value])).toEqual([
      ['(1000000 ÷ 3600 + 500000 ÷ 3600) × 3600', 1_500_000],
      ['0.096 × 730', 70.08],
    ]);
    expect(draft.calculation.notes?.join(' ')).toMatch(
      /Still billed while stopped, not in the savings: attached volumes vol-data \(gp3, 100 GiB\), about 8 USD\/month/,
    );
    expect(draft.evidence.map((item) => `${item.metric} ${item.statistic} ${item.value}`)).toEqual([
      'CPUUtilization max 1.5',
      'NetworkIn max 1000000',
      'NetworkOut max 500000',
    ]);
  });

  it('without network data decides on CPU alone, with lower confidence, and says so', () => {
    const resource = testResource('m5.large');
    // Same CPU: 0.99 − 0.10 = 0.89; savings 0.096 × 730 = 70.08.
    const draft = propose(resource, [daily(resource.id, 'CPUUtilization', 1.5)]);
    expect(draft.estimatedMonthlySavings).toBe(70.08);
    expect(draft.confidence).toBe(0.89);
    expect(draft.summary).toMatch(/network not measured/);
    expect(draft.calculation.notes?.join(' ')).toMatch(
      /Network not measured: the verdict rests on CPU alone/,
    );
  });

  it('is not fooled by a quiet CPU with traffic, or by a single busy hour', () => {
    const resource = testResource('m5.large');
    const cpu = daily(resource.id, 'CPUUtilization', 1.5);
    // (4000000 ÷ 3600 + 2000000 ÷ 3600) × 3600 = 6000000 > 5000000.
    const busyNetwork = [
      cpu,
      daily(resource.id, 'NetworkIn', 1_000_000, 4_000_000, 'Sum'),
      daily(resource.id, 'NetworkOut', 500_000, 2_000_000, 'Sum'),
    ];
    expect(runRule(idleRule, testContext(resource, busyNetwork)).recommendations).toEqual([]);
    // The max, not a percentile: one hour at 2.5% > 2% means someone used it.
    const values = [...cpu.values];
    values[200] = 2.5;
    expect(runRule(idleRule, testContext(resource, [{ ...cpu, values }])).recommendations).toEqual([]);
  });

  it('pauses an idle Redshift cluster, priced for all its nodes', () => {
    const resource = testResource('dc2.large', { spec: { vcpu: 2, memoryGiB: 15, nodes: 2 } });
    // hourlyPrice covers the cluster: 0.25 × 2 = 0.5 USD/h; savings = 0.5 × 730 = 365.
    const draft = propose(resource, [daily(resource.id, 'CPUUtilization', 0.5, 1)]);
    expect(draft.action).toEqual({ type: 'stop' });
    expect(draft.title).toMatch(/^Pause idle Redshift cluster/);
    expect(draft.estimatedMonthlySavings).toBe(365);
    expect(draft.calculation.inputs['nodes']?.value).toBe(2);
    expect(draft.calculation.notes?.join(' ')).toMatch(/managed storage/);
  });

  it('prices from the catalog × nodes when the resource has no hourly price', () => {
    const resource = testResource('dc2.large', { spec: { vcpu: 2, memoryGiB: 15, nodes: 3 } });
    const unpriced = { ...resource, hourlyPrice: undefined };
    // 0.25 × 3 × 730 = 547.5.
    const draft = propose(unpriced, [daily(resource.id, 'CPUUtilization', 0.5)]);
    expect(draft.calculation.steps.at(-1)?.expression).toBe('0.25 × 3 × 730');
    expect(draft.estimatedMonthlySavings).toBe(547.5);
  });

  it('does not stop a database that has connections; stops one that has none', () => {
    const resource = testResource('db.m5.large');
    const cpu = daily(resource.id, 'CPUUtilization', 1);
    const connected = [cpu, daily(resource.id, 'DatabaseConnections', 0, 3)];
    expect(runRule(idleRule, testContext(resource, connected)).recommendations).toEqual([]);
    // No connection: 0.178 × 730 = 129.94; connections are an activity signal, so no confidence penalty.
    const draft = propose(resource, [cpu, daily(resource.id, 'DatabaseConnections', 0)]);
    expect(draft.title).toMatch(/^Stop idle database/);
    expect(draft.estimatedMonthlySavings).toBe(129.94);
    expect(draft.confidence).toBe(0.99);
    expect(draft.calculation.notes?.join(' ')).toMatch(/after 7 days/);
  });
});
