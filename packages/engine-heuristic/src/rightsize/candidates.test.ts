import { describe, expect, it } from 'vitest';
import { percentile } from '../shared/stats.js';
import { candidatePlan } from './candidate-plan.js';
import { serviceIndex } from './catalog-index.js';
import { parseTypeName } from './instance-type.js';
import { tailPercentile } from './tail-percentile.js';
import { testCatalog } from './test-helpers.js';

describe('parseTypeName', () => {
  it('reads EC2, RDS and Redshift names', () => {
    expect(parseTypeName('m6g.2xlarge')).toMatchObject({
      prefix: undefined,
      family: 'm6g',
      category: 'm',
      generation: 6,
      attributes: 'g',
      sizeRank: 16,
      impliedArchitecture: 'arm64',
    });
    expect(parseTypeName('db.r5.large')).toMatchObject({
      prefix: 'db',
      category: 'r',
      generation: 5,
      sizeRank: 4,
    });
    expect(parseTypeName('ra3.xlplus')).toMatchObject({ category: 'ra', generation: 3, sizeRank: 12 });
    expect(parseTypeName('m7i-flex.large')).toMatchObject({
      family: 'm7i-flex',
      variant: 'flex',
      attributes: 'i',
    });
    expect(parseTypeName('m5.metal')).toMatchObject({ metal: true, sizeRank: undefined });
    expect(parseTypeName('t3.nano')).toMatchObject({ burstable: true, sizeRank: 0.25 });
    expect(parseTypeName('gp3')).toBeUndefined();
  });

  it('orders sizes nano < micro < small < medium < large < xlarge < 2xlarge', () => {
    const sizes = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '24xlarge'];
    const ranks = sizes.map((size) => parseTypeName(`m5.${size}`)?.sizeRank ?? Number.NaN);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });
});

describe('candidatePlan', () => {
  const prices = testCatalog();
  const plan = (type: string, allowGenerationChange = true, allowArchitectureChange = true) => {
    const index = serviceIndex(prices, type.startsWith('db.') ? 'rds' : 'ec2', 'us-east-1');
    const source = index.byType.get(type)!;
    return candidatePlan(index, source, { allowGenerationChange, allowArchitectureChange });
  };

  it('searches smaller sizes, newer generations of the same vendor and Graviton, cheapest first', () => {
    const m5 = plan('m5.2xlarge');
    expect(m5.cheaper.map((candidate) => `${candidate.type.entry.type}:${candidate.risk}`)).toEqual([
      'm6g.large:medium',
      'm5.large:low',
      'm6i.large:low',
      'm6g.xlarge:medium',
      'm5.xlarge:low',
      'm6i.xlarge:low',
      'm6g.2xlarge:medium',
    ]);
    // Never: older generations (m4), the same generation in another family (m5d), AMD (m6a) for an
    // Intel source, burstable (t3). A target may add a capability (m5d's local disk for an m4).
    expect(plan('m4.2xlarge', true, false).cheaper.map((candidate) => candidate.type.entry.type)).toEqual([
      'm5.large',
      'm6i.large',
      'm4.large',
      'm5d.large',
      'm5.xlarge',
      'm6i.xlarge',
      'm4.xlarge',
      'm5.2xlarge',
      'm6i.2xlarge',
    ]);
    expect(m5.larger.map((candidate) => candidate.type.entry.type)).toEqual(['m5.4xlarge']);
  });

  it('builds each plan once per catalog and options', () => {
    expect(plan('m5.2xlarge')).toBe(plan('m5.2xlarge'));
    expect(plan('m5.2xlarge', true, false)).not.toBe(plan('m5.2xlarge'));
  });

  it('keeps RDS classes among RDS classes', () => {
    expect(plan('db.m5.2xlarge').cheaper.map((candidate) => candidate.type.entry.type)).toEqual([
      'db.m6g.large',
      'db.m5.large',
      'db.m6g.xlarge',
      'db.m5.xlarge',
    ]);
  });
});

describe('tailPercentile', () => {
  it('equals the shared nearest-rank percentile', () => {
    let state = 7;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    for (const count of [1, 2, 3, 30, 336, 4032]) {
      const values = Array.from({ length: count + 10 }, () => Math.round(next() * 1000) / 10);
      for (const p of [0, 0.5, 10, 50, 90, 95, 99, 99.5, 100]) {
        expect(tailPercentile(values, p, 5, 5 + count), `p${p} of ${count}`).toBe(
          percentile(values, p, 5, 5 + count),
        );
      }
    }
  });
});
