import { type RecommendationDraft, recommendationDraftSchema } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import type { HeuristicEngineOptions } from '../options.js';
import { rightsizeRule } from './rightsize-rule.js';
import { daily, recompute, runRule, testContext, testResource } from './test-helpers.js';

const GIB = 1_073_741_824;
const SAME_ARCHITECTURE: HeuristicEngineOptions = { rightsizing: { allowArchitectureChange: false } };

/** Runs the rule and returns its only draft, checked against the schema and its own arithmetic. */
function propose(...args: Parameters<typeof testContext>): RecommendationDraft {
  const output = runRule(rightsizeRule, testContext(...args));
  expect(output.recommendations).toHaveLength(1);
  const draft = output.recommendations[0]!;
  expect(recommendationDraftSchema.safeParse(draft).success).toBe(true);
  const { mismatches, savings } = recompute(draft);
  expect(mismatches).toEqual([]);
  expect(savings).toBeCloseTo(draft.estimatedMonthlySavings, 2);
  return draft;
}

const step = (draft: RecommendationDraft, label: string) =>
  draft.calculation.steps.find((item) => item.label.startsWith(label))?.value;

describe('rightsizeRule: downsizing', () => {
  it('downsizes within the family (m5.2xlarge at p99.5 20% → m5.large)', () => {
    const resource = testResource('m5.2xlarge');
    // p99.5 = 20 (14 daily peaks of 20 over a base of 5).
    // required = 20 ÷ 100 × 8 × 1.2 = 1.92 vCPU ≤ 2 (m5.large); projected 20 × 8 ÷ 2 = 80% ≤ 100 ÷ 1.2 = 83.33%.
    // savings = (0.384 − 0.096) × 730 = 0.288 × 730 = 210.24 USD/month.
    // Not chosen although cheaper: t3.large 0.0832 (burstable), m6a.large 0.0864 (AMD); m6i.large ties at 0.096.
    const draft = propose(resource, [daily(resource.id, 'CPUUtilization', 5, 20)], SAME_ARCHITECTURE);
    expect(draft.action).toEqual({ type: 'resize', from: 'm5.2xlarge', to: 'm5.large' });
    expect(draft.estimatedMonthlySavings).toBe(210.24);
    // Same family (low compatibility risk), but memory is not measured and m5.large has 8 of 32 GiB.
    expect(draft.risk).toBe('medium');
    expect(step(draft, 'required vCPU')).toBe(1.92);
    expect(step(draft, 'projected CPU peak')).toBe(80);
    expect(step(draft, 'target peak utilization')).toBe(83.33);
    expect(step(draft, 'price difference per hour')).toBe(0.288);
    expect(draft.calculation.method).toBe('rightsize.percentile-headroom@1');
    expect(draft.calculation.inputs['priceSnapshotDate']?.value).toBe('2026-07-20');
    expect(draft.calculation.inputs['percentile']?.value).toBe('p99.5');
    expect(draft.calculation.notes).toContain(
      'Memory: not measured (no mem_used_percent or FreeableMemory); not a constraint.',
    );
    expect(draft.calculation.notes?.join(' ')).toMatch(/Burstable t-family types are not targets/);
    // Confidence: mean = (322 × 5 + 14 × 20) ÷ 336 = 5.625; variance = (322 × 0.625² + 14 × 14.375²) ÷ 336
    // = 8.984375; CV = 2.9974 ÷ 5.625 = 0.5329; 0.35 + 0.40 + 0.15 + 0.10 × (1 − 0.2664) = 0.9734 → 0.97;
    // memory not measured and m5.large has less memory: 0.97 − 0.10 = 0.87.
    expect(draft.confidence).toBe(0.87);
    expect(draft.calculation.notes?.join(' ')).toMatch(/confidence lowered by 0\.1 and risk at least medium/);
    expect(draft.evidence[0]).toMatchObject({ metric: 'CPUUtilization', statistic: 'p99.5', value: 20 });
  });

  it('takes p99.5, so a single spike does not block a saving', () => {
    const resource = testResource('m5.2xlarge');
    const series = daily(resource.id, 'CPUUtilization', 5, 20);
    const values = [...series.values];
    values[100] = 100; // one hour at 100%: the largest value; p99.5 is the second largest, 20.
    const draft = propose(resource, [{ ...series, values }], SAME_ARCHITECTURE);
    expect(draft.action).toMatchObject({ to: 'm5.large' });
    expect(draft.calculation.inputs['cpuPeak']?.value).toBe(20);
  });

  it('sizes for a rising trend: half the growth between the halves of the window is added', () => {
    const resource = testResource('m5.2xlarge');
    // Daily peaks of 10% in the first week, 20% in the second: p99.5 of the window = 20,
    // of the earlier half 10, of the recent half 20 (168 points each, 7 peaks each).
    // peak = max(20, 20 + 0.5 × (20 − 10)) = 25; required = 25 ÷ 100 × 8 × 1.2 = 2.4 vCPU > 2 (m5.large)
    // → m5.xlarge (4): 25 × 8 ÷ 4 = 50%. savings = (0.384 − 0.192) × 730 = 140.16.
    const series = daily(resource.id, 'CPUUtilization', 5, 20);
    const values = series.values.map((value, index) => (index < 168 && value === 20 ? 10 : value));
    const draft = propose(resource, [{ ...series, values }], SAME_ARCHITECTURE);
    expect(draft.action).toMatchObject({ to: 'm5.xlarge' });
    expect(draft.calculation.inputs['cpuPeak']?.value).toBe(20);
    expect(draft.calculation.inputs['cpuPeakEarlierHalf']?.value).toBe(10);
    expect(step(draft, 'CPU peak with trend')).toBe(25);
    expect(step(draft, 'required vCPU')).toBe(2.4);
    expect(step(draft, 'projected CPU peak')).toBe(50);
    expect(draft.estimatedMonthlySavings).toBe(140.16);
  });

  it('moves to a newer generation when it is cheaper (m4.2xlarge → m5.large)', () => {
    const resource = testResource('m4.2xlarge');
    // required = 1.92 vCPU and 10 ÷ 100 × 32 × 1.2 = 3.84 GiB; m4.large 0.1, m5.large 0.096 and m6i.large
    // 0.096 fit; m5.large is cheapest (tie with m6i.large broken by name).
    // savings = (0.4 − 0.096) × 730 = 0.304 × 730 = 221.92.
    const series = [daily(resource.id, 'CPUUtilization', 5, 20), daily(resource.id, 'mem_used_percent', 10)];
    const draft = propose(resource, series, SAME_ARCHITECTURE);
    expect(draft.action).toMatchObject({ from: 'm4.2xlarge', to: 'm5.large' });
    expect(draft.estimatedMonthlySavings).toBe(221.92);
    expect(draft.risk).toBe('low');
    expect(draft.calculation.notes?.join(' ')).toMatch(
      /Compatibility \(low risk\): m5\.large is a newer generation/,
    );
    expect(draft.calculation.notes?.join(' ')).toMatch(/ENA and NVMe drivers/);

    // Without generation changes: m4.large, (0.4 − 0.1) × 730 = 219.
    const sameGeneration = propose(resource, series, {
      rightsizing: { allowArchitectureChange: false, allowGenerationChange: false },
    });
    expect(sameGeneration.action).toMatchObject({ to: 'm4.large' });
    expect(sameGeneration.estimatedMonthlySavings).toBe(219);
  });

  it('proposes Graviton when allowed, flagged medium risk, and names the low-risk alternative', () => {
    const resource = testResource('m5.2xlarge');
    // m6g.large (2 vCPU, 0.077) fits 1.92 vCPU: (0.384 − 0.077) × 730 = 0.307 × 730 = 224.11.
    // Alternative without architecture change: m5.large, 210.24.
    const draft = propose(resource, [daily(resource.id, 'CPUUtilization', 5, 20)]);
    expect(draft.action).toMatchObject({ to: 'm6g.large' });
    expect(draft.estimatedMonthlySavings).toBe(224.11);
    expect(draft.risk).toBe('medium');
    const notes = draft.calculation.notes?.join(' ') ?? '';
    expect(notes).toMatch(/Graviton \(arm64\).*built for arm64/);
    expect(notes).toMatch(/Lower-risk alternative: m5\.large \(same-family\) saves 210\.24 USD\/month/);
  });

  it('lets measured memory block a candidate that fits on CPU', () => {
    const resource = testResource('m5.2xlarge');
    // CPU: 1.92 vCPU (m5.large would fit). Memory: 30 ÷ 100 × 32 × 1.2 = 11.52 GiB > 8 (m5.large), ≤ 16 (m5.xlarge).
    // Projected on m5.xlarge: CPU 20 × 8 ÷ 4 = 40%, memory 30 × 32 ÷ 16 = 60%.
    // savings = (0.384 − 0.192) × 730 = 140.16.
    const draft = propose(
      resource,
      [daily(resource.id, 'CPUUtilization', 5, 20), daily(resource.id, 'mem_used_percent', 30)],
      SAME_ARCHITECTURE,
    );
    expect(draft.action).toMatchObject({ to: 'm5.xlarge' });
    expect(step(draft, 'required memory')).toBe(11.52);
    expect(step(draft, 'projected memory peak')).toBe(60);
    expect(step(draft, 'projected CPU peak')).toBe(40);
    expect(draft.estimatedMonthlySavings).toBe(140.16);
    expect(draft.confidence).toBe(0.97); // measured memory: no penalty
  });

  it('lets measured network block a candidate that fits on CPU', () => {
    const resource = testResource('m5.2xlarge');
    // Hourly sums: in 300 GB, out 105 GB → (300000000000 ÷ 3600 + 105000000000 ÷ 3600) × 8 ÷ 10⁹ = 0.9 Gbps;
    // required 0.9 × 1.2 = 1.08 Gbps > 0.75 (m5.large) and 0.781 (m6i.large), ≤ 1.25 (m5.xlarge): 0.9 ÷ 1.25 = 72%.
    // savings = (0.384 − 0.192) × 730 = 140.16.
    const draft = propose(
      resource,
      [
        daily(resource.id, 'CPUUtilization', 5, 20),
        daily(resource.id, 'NetworkIn', 300e9, 300e9, 'Sum'),
        daily(resource.id, 'NetworkOut', 105e9, 105e9, 'Sum'),
      ],
      SAME_ARCHITECTURE,
    );
    expect(draft.action).toMatchObject({ to: 'm5.xlarge' });
    expect(step(draft, 'peak network')).toBe(0.9);
    expect(step(draft, 'required bandwidth')).toBe(1.08);
    expect(step(draft, 'projected network peak')).toBe(72);
    expect(draft.estimatedMonthlySavings).toBe(140.16);
  });

  it('proposes nothing when the saving is under minMonthlySavings', () => {
    const resource = testResource('t3.micro');
    // required = 10 ÷ 100 × 2 × 1.2 = 0.24 vCPU → t3.nano fits; (0.0104 − 0.0052) × 730 = 3.796 → 3.8 < 5.
    const series = [daily(resource.id, 'CPUUtilization', 10)];
    expect(runRule(rightsizeRule, testContext(resource, series)).recommendations).toEqual([]);
    const draft = propose(resource, series, { rightsizing: { minMonthlySavings: 3 } });
    expect(draft.action).toMatchObject({ to: 't3.nano' });
    expect(draft.estimatedMonthlySavings).toBe(3.8);
    // Burstable target: average 10% of 2 vCPU → 10 × 2 ÷ 2 = 10% of t3.nano; its credits are the person's check.
    expect(draft.calculation.notes?.join(' ')).toMatch(
      /Burstable target: average CPU would be about 10% of t3\.nano/,
    );
  });

  it('proposes nothing when the current size is the right one', () => {
    const resource = testResource('m5.large');
    // 70 ÷ 100 × 2 × 1.2 = 1.68 vCPU: no cheaper m5/m6i type has 2 vCPU for less; not saturated (70 < 90).
    const output = runRule(
      rightsizeRule,
      testContext(resource, [daily(resource.id, 'CPUUtilization', 70)], SAME_ARCHITECTURE),
    );
    expect(output).toEqual({ recommendations: [], diagnostics: [] });
  });
});

describe('rightsizeRule: upsizing', () => {
  it('upsizes a CPU-saturated instance as a performance fix, with a negative saving', () => {
    const resource = testResource('m5.xlarge');
    // p99.5 = 95 ≥ 90: required = 95 ÷ 100 × 4 × 1.2 = 4.56 vCPU → m5.2xlarge (8): 95 × 4 ÷ 8 = 47.5%.
    // cost = (0.192 − 0.384) × 730 = −0.192 × 730 = −140.16.
    const draft = propose(resource, [daily(resource.id, 'CPUUtilization', 60, 95)]);
    expect(draft.kind).toBe('rightsize');
    expect(draft.action).toEqual({ type: 'resize', from: 'm5.xlarge', to: 'm5.2xlarge' });
    expect(draft.estimatedMonthlySavings).toBe(-140.16);
    expect(draft.risk).toBe('medium');
    expect(draft.title).toMatch(/^Performance fix: upsize/);
    expect(draft.calculation.method).toBe('rightsize.upsize-saturation@1');
    expect(step(draft, 'required vCPU')).toBe(4.56);
    expect(step(draft, 'projected CPU peak')).toBe(47.5);
  });

  it('upsizes when memory is near full', () => {
    const resource = testResource('m5.xlarge');
    // memory 92% ≥ 90: required = 92 ÷ 100 × 16 × 1.2 = 17.664 GiB → m5.2xlarge (32 GiB); −140.16.
    const draft = propose(resource, [
      daily(resource.id, 'CPUUtilization', 30),
      daily(resource.id, 'mem_used_percent', 92),
    ]);
    expect(draft.action).toMatchObject({ to: 'm5.2xlarge' });
    expect(step(draft, 'required memory')).toBe(17.664);
    expect(draft.estimatedMonthlySavings).toBe(-140.16);
  });

  it('reports a saturated resource with no larger size', () => {
    const resource = testResource('m5.4xlarge'); // m5.metal is not a target
    const output = runRule(rightsizeRule, testContext(resource, [daily(resource.id, 'CPUUtilization', 95)]));
    expect(output.recommendations).toEqual([]);
    expect(output.diagnostics).toMatchObject([{ code: 'saturated-no-larger-size', level: 'warning' }]);
  });
});

describe('rightsizeRule: databases and clusters', () => {
  it('rightsizes RDS with FreeableMemory as the memory constraint', () => {
    const resource = testResource('db.m5.2xlarge');
    // CPU p99.5 15: 15 ÷ 100 × 8 × 1.2 = 1.44 vCPU. Free memory: 26 GiB, 24 GiB at the daily low;
    // the p0.5 of free (rank ⌈0.005 × 336⌉ = 2nd smallest) is 24 GiB → used 32 − 24 = 8 GiB → required 9.6 GiB:
    // db.m5.large and db.m6g.large (8 GiB) are too small; db.t3.medium is burstable; db.m6g.xlarge fits.
    // savings = (0.712 − 0.318) × 730 = 0.394 × 730 = 287.62; Graviton → medium risk.
    const series = [
      daily(resource.id, 'CPUUtilization', 5, 15),
      daily(resource.id, 'FreeableMemory', 26 * GIB, 24 * GIB),
    ];
    const draft = propose(resource, series);
    expect(draft.action).toMatchObject({ from: 'db.m5.2xlarge', to: 'db.m6g.xlarge' });
    expect(step(draft, 'peak memory used')).toBe(8);
    expect(step(draft, 'required memory')).toBe(9.6);
    expect(draft.estimatedMonthlySavings).toBe(287.62);
    expect(draft.risk).toBe('medium');
    expect(draft.calculation.notes?.join(' ')).toMatch(
      /engine version and every extension must support Graviton/,
    );

    // Same architecture: db.m5.xlarge, (0.712 − 0.356) × 730 = 259.88.
    expect(propose(resource, series, SAME_ARCHITECTURE).estimatedMonthlySavings).toBe(259.88);
  });

  it('rightsizes a Redshift cluster per node and multiplies by the node count', () => {
    const resource = testResource('ra3.16xlarge', { spec: { vcpu: 48, memoryGiB: 384, nodes: 2 } });
    // required = 20 ÷ 100 × 48 × 1.2 = 11.52 vCPU per node → ra3.4xlarge (12); ra3.xlplus (4) too small.
    // per hour = (13.04 − 3.26) × 2 = 19.56; savings = 19.56 × 730 = 14278.8.
    const draft = propose(resource, [daily(resource.id, 'CPUUtilization', 8, 20)]);
    expect(draft.action).toMatchObject({ from: 'ra3.16xlarge', to: 'ra3.4xlarge' });
    expect(step(draft, 'price difference per hour')).toBe(19.56);
    expect(draft.estimatedMonthlySavings).toBe(14278.8);
    expect(draft.calculation.inputs['nodes']?.value).toBe(2);
  });
});

describe('rightsizeRule: what it does not touch', () => {
  it('skips accelerated types and unpriced types with a diagnostic', () => {
    const gpu = testResource('g4dn.xlarge');
    const output = runRule(rightsizeRule, testContext(gpu, [daily(gpu.id, 'CPUUtilization', 5)]));
    expect(output.recommendations).toEqual([]);
    expect(output.diagnostics).toMatchObject([{ code: 'rightsize-unsupported-type' }]);

    const unknown = testResource('m5.large', { type: 'm9.large' });
    const missing = runRule(rightsizeRule, testContext(unknown, [daily(unknown.id, 'CPUUtilization', 5)]));
    expect(missing.diagnostics).toMatchObject([{ code: 'no-price' }]);
  });

  it('recomputes the savings from the calculation steps', () => {
    const resource = testResource('m5.2xlarge');
    const draft = propose(resource, [daily(resource.id, 'CPUUtilization', 5, 20)], SAME_ARCHITECTURE);
    const { savings } = recompute(draft);
    expect(savings).toBeCloseTo(draft.estimatedMonthlySavings, 6);
    const inputs = draft.calculation.inputs;
    const byHand = ((inputs['priceBefore']?.value as number) - (inputs['priceAfter']?.value as number)) * 730;
    expect(byHand).toBeCloseTo(draft.estimatedMonthlySavings, 6);
  });
});
