import { FinopsError, NoSuchPriceError, priceCatalogEntrySchema } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import { createAwsPriceCatalog } from './catalog.js';
import { RDS_ENGINES } from './data.js';
import { parseInstanceType } from './instance-type.js';

const prices = createAwsPriceCatalog();
const US_EAST_1 = 'us-east-1';

function lookupError(lookup: { service: string; region: string; type: string }): NoSuchPriceError {
  try {
    prices.lookup(lookup);
  } catch (error) {
    if (error instanceof NoSuchPriceError) return error;
    throw error;
  }
  throw new Error(`expected no price for ${JSON.stringify(lookup)}`);
}

describe('createAwsPriceCatalog: EC2', () => {
  it('prices m5.xlarge in us-east-1 as in the Karpenter price file, with its specs', () => {
    expect(prices.lookup({ service: 'ec2', region: US_EAST_1, type: 'm5.xlarge' })).toMatchObject({
      provider: 'aws',
      service: 'ec2',
      region: US_EAST_1,
      type: 'm5.xlarge',
      family: 'm5',
      generation: 5,
      size: 'xlarge',
      architecture: 'x86_64',
      vcpu: 4,
      memoryGiB: 16,
      price: 0.192,
      unit: 'hour',
      currency: 'USD',
      attributes: { snapshotDate: '2026-07-20', operatingSystem: 'Linux/UNIX', tenancy: 'shared' },
    });
  });

  it('prices Graviton and burstable types, marked arm64', () => {
    expect(prices.lookup({ service: 'ec2', region: US_EAST_1, type: 'm7g.large' })).toMatchObject({
      price: 0.0816,
      architecture: 'arm64',
      vcpu: 2,
      memoryGiB: 8,
    });
    expect(prices.lookup({ service: 'ec2', region: US_EAST_1, type: 't4g.micro' })).toMatchObject({
      price: 0.0084,
      architecture: 'arm64',
      attributes: { burstable: true },
    });
  });

  it('keeps only priced types and agrees with the name-based architecture hint', () => {
    const entries = prices.list({ service: 'ec2', region: US_EAST_1 });
    expect(entries).toHaveLength(1367);
    for (const entry of entries) {
      expect(priceCatalogEntrySchema.safeParse(entry).success).toBe(true);
      expect(entry.price).toBeGreaterThan(0);
      const parsed = parseInstanceType(entry.type);
      expect(entry.family).toBe(parsed.family);
      if (entry.architecture) expect(parsed.architecture, entry.type).toBe(entry.architecture);
    }
    expect(prices.regions({ service: 'ec2' })).toEqual([US_EAST_1]);
  });

  it('lists a family smallest first', () => {
    expect(
      prices.familyTypes({ service: 'ec2', region: US_EAST_1, family: 'm5' }).map((entry) => entry.type),
    ).toEqual([
      'm5.large',
      'm5.xlarge',
      'm5.2xlarge',
      'm5.4xlarge',
      'm5.8xlarge',
      'm5.12xlarge',
      'm5.16xlarge',
      'm5.24xlarge',
      'm5.metal',
    ]);
  });
});

describe('createAwsPriceCatalog: RDS', () => {
  it('prices PostgreSQL by default, in other regions too', () => {
    expect(prices.rdsEngine).toBe('PostgreSQL');
    expect(prices.lookup({ service: 'rds', region: 'eu-west-1', type: 'db.m5.large' })).toMatchObject({
      type: 'db.m5.large',
      family: 'm5',
      size: 'large',
      vcpu: 2,
      memoryGiB: 8,
      architecture: 'x86_64',
      price: 0.197,
      unit: 'hour',
      attributes: { engine: 'PostgreSQL', deploymentOption: 'Single-AZ', snapshotDate: '2021-08-03' },
    });
    expect(prices.lookup({ service: 'rds', region: US_EAST_1, type: 'db.m5.large' }).price).toBe(0.178);
  });

  it('prices other engines through the option, withRdsEngine and rdsPrices', () => {
    const mysql = createAwsPriceCatalog({ rdsEngine: 'MySQL' });
    expect(mysql.lookup({ service: 'rds', region: 'eu-west-1', type: 'db.m5.large' })).toMatchObject({
      price: 0.189,
      attributes: { engine: 'MySQL' },
    });
    expect(
      prices
        .withRdsEngine('Aurora PostgreSQL')
        .lookup({ service: 'rds', region: 'sa-east-1', type: 'db.r6g.large' }),
    ).toMatchObject({ price: 0.537, architecture: 'arm64', attributes: { engine: 'Aurora PostgreSQL' } });
    expect(prices.withRdsEngine('PostgreSQL')).toBe(prices);
    expect(prices.rdsPrices({ region: 'ap-east-1', type: 'db.r6g.large' })).toEqual({
      'Aurora MySQL': 0.345,
      'Aurora PostgreSQL': 0.345,
    });
    expect(prices.rdsPrices({ region: 'mars-1', type: 'db.m5.large' })).toEqual({});
    expect(prices.rdsEngines).toEqual(RDS_ENGINES);
  });

  it('covers 23 regions and has the per-engine region list', () => {
    expect(prices.regions({ service: 'rds' })).toHaveLength(23);
    expect(prices.list({ service: 'rds', region: US_EAST_1 }).length).toBeGreaterThan(50);
    for (const entry of prices.list({ service: 'rds', region: US_EAST_1 })) {
      if (entry.architecture)
        expect(parseInstanceType(entry.type).architecture, entry.type).toBe(entry.architecture);
    }
  });

  it('rejects an unknown engine', () => {
    // @ts-expect-error not an engine
    expect(() => createAwsPriceCatalog({ rdsEngine: 'Oracle' })).toThrow(
      /unknown engine "Oracle".*PostgreSQL/,
    );
  });
});

describe('createAwsPriceCatalog: Redshift and EBS', () => {
  it('prices Redshift per node-hour', () => {
    expect(prices.lookup({ service: 'redshift', region: US_EAST_1, type: 'dc2.large' })).toMatchObject({
      price: 0.25,
      unit: 'hour',
      vcpu: 2,
      memoryGiB: 15,
      attributes: { pricedPer: 'node' },
    });
    expect(prices.lookup({ service: 'redshift', region: US_EAST_1, type: 'ra3.4xlarge' })).toMatchObject({
      price: 3.26,
      family: 'ra3',
      extraPrices: { managedStorageGiBMonth: 0.024 },
    });
    expect(prices.lookup({ service: 'redshift', region: US_EAST_1, type: 'ra3.16xlarge' }).price).toBe(13.04);
  });

  it('prices EBS per GiB-month with extra dimensions and included baselines', () => {
    expect(prices.lookup({ service: 'ebs', region: US_EAST_1, type: 'gp3' })).toMatchObject({
      price: 0.08,
      unit: 'GiB-month',
      extraPrices: { iopsMonth: 0.005, throughputMiBpsMonth: 0.04 },
      attributes: { includedIops: 3000, includedThroughputMiBps: 125 },
    });
    expect(prices.lookup({ service: 'ebs', region: US_EAST_1, type: 'gp2' })).toMatchObject({
      price: 0.1,
      attributes: { baselineIopsPerGiB: 3, minBaselineIops: 100, maxBaselineIops: 16000 },
    });
    expect(prices.lookup({ service: 'ebs', region: US_EAST_1, type: 'io2' })).toMatchObject({
      price: 0.125,
      extraPrices: { iopsMonth: 0.065 },
    });
    expect(prices.lookup({ service: 'ebs', region: US_EAST_1, type: 'standard' }).extraPrices).toEqual({
      millionRequests: 0.05,
    });
    expect(
      prices
        .list({ service: 'ebs', region: US_EAST_1 })
        .map((entry) => entry.type)
        .sort(),
    ).toEqual(['gp2', 'gp3', 'io1', 'io2', 'sc1', 'st1', 'standard']);
  });
});

describe('createAwsPriceCatalog: snapshot dates', () => {
  it('exposes every service date and uses the oldest as snapshotDate', () => {
    expect(prices.snapshotDates).toEqual({
      ec2: '2026-07-20',
      rds: '2021-08-03',
      redshift: '2021-04-16',
      ebs: '2021-03-31',
    });
    expect(prices.snapshotDate).toBe('2021-03-31');
    expect(prices.snapshots.ec2.exact).toBe(true);
    expect(prices.snapshots.ebs.exact).toBe(false);
    expect(prices.snapshots.rds.source).toContain('vantage-sh/ec2instances.info@14ede5a');
  });
});

describe('createAwsPriceCatalog: missing prices', () => {
  it('names the missing service and lists the services', () => {
    const error = lookupError({ service: 'lambda', region: US_EAST_1, type: 'x' });
    expect(FinopsError.isInstance(error) && error.code).toBe('NO_SUCH_PRICE');
    expect(error.message).toBe(
      '[aws bundled prices] has no prices for service "lambda" (services: ec2, rds, redshift, ebs)',
    );
    expect(prices.find({ service: 'lambda', region: US_EAST_1, type: 'x' })).toBeUndefined();
    expect(prices.list({ service: 'lambda', region: US_EAST_1 })).toEqual([]);
    expect(prices.regions({ service: 'lambda' })).toEqual([]);
  });

  it('names the missing region and lists the regions, for every service', () => {
    for (const [service, type] of [
      ['ec2', 'm5.large'],
      ['redshift', 'dc2.large'],
      ['ebs', 'gp3'],
    ] as const) {
      const error = lookupError({ service, region: 'eu-west-1', type });
      expect(error).toMatchObject({ service, region: 'eu-west-1', type });
      expect(error.message).toBe(
        `[aws bundled prices] has no ${service} prices for region "eu-west-1" (regions: us-east-1)`,
      );
    }
    const rds = lookupError({ service: 'rds', region: 'mars-1', type: 'db.m5.large' });
    expect(rds.message).toMatch(
      /^\[aws bundled prices, RDS PostgreSQL\] has no rds prices for region "mars-1" \(regions: af-south-1, .*us-west-2\)$/,
    );
  });

  it('names the missing type and what exists', () => {
    expect(lookupError({ service: 'ec2', region: US_EAST_1, type: 'm5.huge' }).message).toBe(
      '[aws bundled prices] has no ec2 type "m5.huge" in us-east-1; m5 types there: ' +
        'm5.large, m5.xlarge, m5.2xlarge, m5.4xlarge, m5.8xlarge, m5.12xlarge, m5.16xlarge, m5.24xlarge, m5.metal',
    );
    expect(lookupError({ service: 'ec2', region: US_EAST_1, type: 'zz9.large' }).message).toMatch(
      /^\[aws bundled prices\] has no ec2 type "zz9.large" in us-east-1 \(1367 ec2 types there, e\.g\. a1\.medium, /,
    );
    expect(lookupError({ service: 'ebs', region: US_EAST_1, type: 'gp9' }).message).toBe(
      '[aws bundled prices] has no ebs type "gp9" in us-east-1 (types there: gp2, gp3, io1, io2, sc1, st1, standard)',
    );
    expect(lookupError({ service: 'redshift', region: US_EAST_1, type: 'ra3.xlplus' }).message).toBe(
      '[aws bundled prices] has no redshift type "ra3.xlplus" in us-east-1; ra3 types there: ra3.4xlarge, ra3.16xlarge',
    );
    expect(lookupError({ service: 'redshift', region: US_EAST_1, type: 'dc9.large' }).message).toBe(
      '[aws bundled prices] has no redshift type "dc9.large" in us-east-1; no dc9 types there, "dc" families there: dc2',
    );
  });

  it('tells which engines or regions price an RDS class that is missing for this engine', () => {
    expect(lookupError({ service: 'rds', region: 'ap-east-1', type: 'db.r6g.large' }).message).toBe(
      '[aws bundled prices, RDS PostgreSQL] has no rds type "db.r6g.large" in ap-east-1: ' +
        'db.r6g.large is priced there only for Aurora MySQL, Aurora PostgreSQL (use withRdsEngine or rdsPrices)',
    );
    expect(lookupError({ service: 'rds', region: 'af-south-1', type: 'db.r6g.large' }).message).toMatch(
      /has no rds type "db\.r6g\.large" in af-south-1: db\.r6g\.large is priced for PostgreSQL in ap-northeast-1, .*us-west-2$/,
    );
    expect(lookupError({ service: 'rds', region: US_EAST_1, type: 'db.m7g.large' }).message).toMatch(
      /has no rds type "db\.m7g\.large" in us-east-1; no m7g types there, "m" families there: .*m5.*m6g/,
    );
  });
});

describe('createAwsPriceCatalog: loading', () => {
  it('reads nothing until first use', () => {
    const catalog = createAwsPriceCatalog({ dataDir: new URL('./no-such-folder/', import.meta.url) });
    expect(catalog.rdsEngine).toBe('PostgreSQL');
    expect(() => catalog.lookup({ service: 'ec2', region: US_EAST_1, type: 'm5.large' })).toThrow(/ENOENT/);
  });

  it('shares the parsed data between catalogs', () => {
    const a = createAwsPriceCatalog().lookup({ service: 'ec2', region: US_EAST_1, type: 'm5.large' });
    const b = createAwsPriceCatalog().lookup({ service: 'ec2', region: US_EAST_1, type: 'm5.large' });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
