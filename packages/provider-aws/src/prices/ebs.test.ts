import { calculationSchema, NoSuchPriceError } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import { createAwsPriceCatalog, ebsMonthlyCost } from './catalog.js';

describe('ebsMonthlyCost', () => {
  it('prices 500 GiB gp2 vs gp3 (hand-computed: 500 × 0.10 = 50, 500 × 0.08 = 40)', () => {
    const gp2 = ebsMonthlyCost({ type: 'gp2', sizeGiB: 500 });
    const gp3 = ebsMonthlyCost({ type: 'gp3', sizeGiB: 500 });
    expect(gp2.monthlyCost).toBe(50);
    expect(gp2.iops).toBe(1500); // 3 IOPS/GiB × 500
    expect(gp3.monthlyCost).toBe(40);
    expect(gp3.iops).toBe(3000); // included baseline, more than gp2's 1,500
    expect(gp3.throughputMBps).toBe(125);
    expect(gp2.monthlyCost - gp3.monthlyCost).toBe(10);

    expect(gp2.calculation.steps).toEqual([
      { label: 'storage', expression: '500 × 0.1', value: 50, unit: 'USD/month' },
      {
        label: 'baseline IOPS (included)',
        expression: 'min(16000, max(100, 3 × 500))',
        value: 1500,
        unit: 'IOPS',
      },
      { label: 'total', expression: '50', value: 50, unit: 'USD/month' },
    ]);
    expect(gp3.calculation.steps.map((step) => [step.label, step.expression, step.value])).toEqual([
      ['storage', '500 × 0.08', 40],
      ['billable IOPS', 'max(0, 3000 − 3000)', 0],
      ['IOPS', '0 × 0.005', 0],
      ['billable throughput', 'max(0, 125 − 125)', 0],
      ['throughput', '0 × 0.04', 0],
      ['total', '40 + 0 + 0', 40],
    ]);
    for (const cost of [gp2, gp3]) {
      expect(calculationSchema.safeParse(cost.calculation).success).toBe(true);
      expect(cost.calculation.result).toEqual({ value: cost.monthlyCost, unit: 'USD/month' });
    }
    expect(gp3.calculation.inputs['storagePrice']).toMatchObject({
      value: 0.08,
      unit: 'USD/GiB-month',
      source: 'aws prices ebs us-east-1, taken on or after 2021-03-31',
    });
  });

  it('bills gp3 IOPS above 3,000 and throughput above 125 MiB/s', () => {
    // 500 × 0.08 + (6,000 − 3,000) × 0.005 + (250 − 125) × 0.04 = 40 + 15 + 5
    const cost = ebsMonthlyCost({ type: 'gp3', sizeGiB: 500, iops: 6000, throughputMBps: 250 });
    expect(cost.monthlyCost).toBe(60);
    expect(cost.calculation.steps.at(-1)).toEqual({
      label: 'total',
      expression: '40 + 15 + 5',
      value: 60,
      unit: 'USD/month',
    });
  });

  it('reproduces the infracost golden file it was derived from', () => {
    // gp3: 40 GB, 4,000 IOPS, 130 MB/s → $3.20 + $5.00 + $0.20; io1: 30 GB, 300 IOPS → $3.75 + $19.50
    expect(
      ebsMonthlyCost({ type: 'gp3', sizeGiB: 40, iops: 4000, throughputMBps: 130 }).monthlyCost,
    ).toBeCloseTo(8.4, 9);
    expect(ebsMonthlyCost({ type: 'io1', sizeGiB: 30, iops: 300 }).monthlyCost).toBeCloseTo(23.25, 9);
    expect(ebsMonthlyCost({ type: 'st1', sizeGiB: 40 }).monthlyCost).toBeCloseTo(1.8, 9);
    expect(ebsMonthlyCost({ type: 'sc1', sizeGiB: 50 }).monthlyCost).toBeCloseTo(0.75, 9);
    expect(
      ebsMonthlyCost({ type: 'standard', sizeGiB: 20, monthlyMillionRequests: 1 }).monthlyCost,
    ).toBeCloseTo(1.05, 9);
  });

  it('prices io1 and io2 per provisioned IOPS-month', () => {
    // 500 × 0.125 + 10,000 × 0.065 = 62.5 + 650
    const io1 = ebsMonthlyCost({ type: 'io1', sizeGiB: 500, iops: 10_000 });
    expect(io1.monthlyCost).toBe(712.5);
    expect(io1.iops).toBe(10_000);
    expect(io1.calculation.steps.map((step) => step.value)).toEqual([62.5, 650, 712.5]);
    expect(io1.calculation.formula).toBe(
      'storage = sizeGiB × storagePrice; iopsCost = iops × iopsPrice; monthlyCost = storage + iopsCost',
    );
    expect(ebsMonthlyCost({ type: 'io2', sizeGiB: 500, iops: 10_000 }).monthlyCost).toBe(712.5);
    expect(ebsMonthlyCost({ type: 'io2', sizeGiB: 500, iops: 40_000 }).calculation.notes?.[0]).toMatch(
      /above 32,000.*overstated/,
    );
    // Same volume on gp3: 500 × 0.08 + 7,000 × 0.005 = 40 + 35
    expect(ebsMonthlyCost({ type: 'gp3', sizeGiB: 500, iops: 10_000 }).monthlyCost).toBe(75);
  });

  it('applies the gp2 baseline limits (min 100, max 16,000 IOPS)', () => {
    expect(ebsMonthlyCost({ type: 'gp2', sizeGiB: 10 }).iops).toBe(100);
    expect(ebsMonthlyCost({ type: 'gp2', sizeGiB: 6000 }).iops).toBe(16_000);
    const big = ebsMonthlyCost({ type: 'gp2', sizeGiB: 6000 });
    expect(big.monthlyCost).toBe(600);
    expect(big.calculation.notes).toBeUndefined();
    expect(ebsMonthlyCost({ type: 'gp2', sizeGiB: 100, iops: 3000 }).calculation.notes).toContain(
      'gp2 IOPS cannot be provisioned: 3000 requested, the baseline is 300.',
    );
  });

  it('prices HDD and magnetic volumes by size only', () => {
    expect(ebsMonthlyCost({ type: 'st1', sizeGiB: 500 }).monthlyCost).toBe(22.5);
    expect(ebsMonthlyCost({ type: 'sc1', sizeGiB: 500 }).monthlyCost).toBe(7.5);
    const standard = ebsMonthlyCost({ type: 'standard', sizeGiB: 500 });
    expect(standard.monthlyCost).toBe(25);
    expect(standard.calculation.notes).toEqual([
      'Plus 0.05 USD per million I/O requests (usage-based, not included).',
    ]);
    expect(ebsMonthlyCost({ type: 'st1', sizeGiB: 500, throughputMBps: 300 }).calculation.notes).toEqual([
      'Only gp3 bills provisioned throughput; throughputMBps ignored for st1.',
    ]);
  });

  it('is also a catalog method and accepts another catalog', () => {
    const catalog = createAwsPriceCatalog();
    expect(catalog.ebsMonthlyCost({ type: 'gp3', sizeGiB: 500 }).monthlyCost).toBe(40);
    expect(ebsMonthlyCost({ type: 'gp3', sizeGiB: 500 }, catalog).monthlyCost).toBe(40);
  });

  it('rejects bad input and unknown types or regions', () => {
    expect(() => ebsMonthlyCost({ type: 'io1', sizeGiB: 500 })).toThrow(
      /iops: io1 volumes need the provisioned IOPS/,
    );
    expect(() => ebsMonthlyCost({ type: 'gp3', sizeGiB: 0 })).toThrow(
      /sizeGiB: must be a positive number of GiB/,
    );
    expect(() => ebsMonthlyCost({ type: 'gp3', sizeGiB: 10, iops: -1 })).toThrow(
      /iops: must be a non-negative/,
    );
    expect(() => ebsMonthlyCost({ type: 'gp4', sizeGiB: 10 })).toThrow(NoSuchPriceError);
    expect(() => ebsMonthlyCost({ type: 'gp4', sizeGiB: 10 })).toThrow(
      '[aws bundled prices] has no ebs type "gp4" in us-east-1 (types there: gp2, gp3, io1, io2, sc1, st1, standard)',
    );
    expect(() => ebsMonthlyCost({ type: 'gp3', sizeGiB: 10, region: 'eu-west-1' })).toThrow(
      '[aws bundled prices] has no ebs prices for region "eu-west-1" (regions: us-east-1)',
    );
  });
});
