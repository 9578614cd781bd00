import { join } from 'node:path';
import { HOURS_PER_MONTH } from '@finops-autopilot/core';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { tempDir, writeFiles } from '../test-helpers.js';
import { parseInventory, readInventory } from './inventory.js';

const ec2 = { id: 'i-0abc', provider: 'aws', service: 'ec2', region: 'us-east-1', type: 'm5.xlarge' };
const gp2 = {
  id: 'vol-1',
  provider: 'aws',
  service: 'ebs',
  region: 'us-east-1',
  type: 'gp2',
  sizeGiB: 500,
  attachedTo: 'i-0abc',
};

function errorOf(text: string): CliError {
  try {
    parseInventory(text, { displayName: 'inv.json' });
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected the inventory to be rejected');
}

describe('parseInventory: minimal records', () => {
  it('completes an EC2 instance from the catalog', () => {
    const [resource] = parseInventory(JSON.stringify([ec2]));
    expect(resource).toMatchObject({
      ...ec2,
      kind: 'compute-instance',
      state: 'running',
      tags: {},
      account: '',
      spec: { vcpu: 4, memoryGiB: 16, architecture: 'x86_64' },
      hourlyPrice: 0.192,
      currency: 'USD',
    });
  });

  it('prices a gp2 volume per month / 730 with its baseline IOPS, in-use when attached', () => {
    const [, volume] = parseInventory(JSON.stringify([ec2, gp2]));
    expect(volume).toMatchObject({ kind: 'block-volume', state: 'in-use', attachedTo: 'i-0abc' });
    expect(volume!.spec).toEqual({ storageGiB: 500, iops: 1500 });
    expect(volume!.hourlyPrice).toBeCloseTo(50 / HOURS_PER_MONTH, 12);
    expect(volume).not.toHaveProperty('sizeGiB');
  });

  it('marks unattached volumes available and prices provisioned IOPS and gp3 throughput', () => {
    const resources = parseInventory(
      JSON.stringify([
        { id: 'vol-io1', service: 'ebs', type: 'io1', sizeGiB: 100, iops: 5000 },
        { id: 'vol-gp3', service: 'ebs', type: 'gp3', sizeGiB: 100, throughputMBps: 250 },
      ]),
    );
    expect(resources[0]).toMatchObject({ state: 'available', spec: { storageGiB: 100, iops: 5000 } });
    expect(resources[0]!.hourlyPrice! * HOURS_PER_MONTH).toBeCloseTo(12.5 + 5000 * 0.065, 6);
    expect(resources[1]!.spec).toEqual({ storageGiB: 100, iops: 3000, throughputMBps: 250 });
  });

  it('takes region and provider from the defaults, RDS and Redshift kinds from the service', () => {
    const resources = parseInventory(
      JSON.stringify([
        { id: 'db-1', service: 'rds', type: 'db.m5.large' },
        { id: 'dw-1', service: 'redshift', type: 'ra3.4xlarge', nodes: 2 },
      ]),
      { defaultRegion: 'us-east-1' },
    );
    expect(resources[0]).toMatchObject({ provider: 'aws', region: 'us-east-1', kind: 'database-instance' });
    expect(resources[0]!.spec.vcpu).toBe(2);
    expect(resources[1]).toMatchObject({ kind: 'data-warehouse', spec: { nodes: 2 } });
    expect(resources[1]!.hourlyPrice).toBeCloseTo(2 * 3.26, 9);
  });

  it('turns AWS-style tag lists into a tag record', () => {
    const [resource] = parseInventory(JSON.stringify([{ ...ec2, tags: [{ Key: 'env', Value: 'prod' }] }]));
    expect(resource!.tags).toEqual({ env: 'prod' });
  });
});

describe('parseInventory: full records', () => {
  it('keeps spec, price and state as given', () => {
    const full = {
      ...ec2,
      kind: 'compute-instance',
      state: 'stopped',
      tags: { team: 'data' },
      spec: { vcpu: 4, memoryGiB: 16 },
      hourlyPrice: 0.15,
      currency: 'USD',
      name: 'etl',
    };
    expect(parseInventory(JSON.stringify([full]))[0]).toEqual({ ...full, account: '' });
  });

  it('accepts other services when kind, spec and price are given', () => {
    const other = { id: 'x', provider: 'gcp', service: 'gce', region: 'europe-west1', type: 'e2-standard-4' };
    const [resource] = parseInventory(
      JSON.stringify([{ ...other, kind: 'compute-instance', spec: { vcpu: 4 }, hourlyPrice: 0.13 }]),
    );
    expect(resource).toMatchObject({ ...other, hourlyPrice: 0.13 });
  });
});

describe('parseInventory: errors', () => {
  it('names the array index and reason of every invalid record', () => {
    const error = errorOf(
      JSON.stringify([
        ec2,
        { ...ec2, type: 'm5.large' },
        5,
        { ...ec2, id: 'i-1', type: 'm5.xxl' },
        { ...ec2, id: 'i-2', region: 'eu-west-1' },
        { id: 'vol-2', service: 'ebs', type: 'gp9', sizeGiB: 10 },
        { id: 'vol-3', service: 'ebs', type: 'gp2' },
        { id: 'vol-4', service: 'ebs', type: 'io1', sizeGiB: 10 },
        { id: 's3-1', service: 's3', type: 'bucket' },
        { service: 'ec2', type: 'm5.large' },
        { ...ec2, id: 'i-3', tags: { env: 1 } },
        { id: 'vol-5', service: 'ebs', type: 'gp2', sizeGiB: -5 },
      ]),
    );
    expect(error.exitCode).toBe(2);
    expect(error.message.split('\n')).toEqual([
      'inv.json: [1].id: duplicate id "i-0abc" (first at [0])',
      'inv.json: [2]: expected a resource object, found number 5',
      expect.stringMatching(
        /^inv\.json: \[3\]\.type: unknown ec2 instance type "m5\.xxl" in us-east-1; m5 types there: m5\.large, /,
      ),
      'inv.json: [4].region: no ec2 prices for region "eu-west-1" (regions: us-east-1)',
      expect.stringMatching(
        /^inv\.json: \[5\]\.type: unknown ebs volume type "gp9" in us-east-1 \(types there: .*gp3/,
      ),
      'inv.json: [6].sizeGiB: is required for an ebs volume (size in GiB)',
      'inv.json: [7].iops: io1 volumes need the provisioned IOPS to be priced',
      expect.stringMatching(
        /^inv\.json: \[8\]\.service: unknown service "s3" \(expected ec2, rds, redshift, ebs;/,
      ),
      'inv.json: [9].id: is required',
      expect.stringMatching(/^inv\.json: \[10\]\.tags\.env: .*expected string/),
      'inv.json: [11].sizeGiB: must be a positive number, got -5',
    ]);
  });

  it('gives line and column of malformed JSON', () => {
    expect(errorOf('[\n  {"id": "x",}\n]').message).toBe(
      "inv.json: 2:14: malformed JSON: expected a double-quoted property name, found '}'",
    );
    expect(errorOf('[\n  {"id": "x"} x\n]').message).toBe(
      "inv.json: 2:15: malformed JSON: expected ',' or ']', found 'x'",
    );
    expect(errorOf('[{"id": "x"}').message).toBe(
      "inv.json: 1:13: malformed JSON: expected ',' or ']', found end of input",
    );
  });

  it('rejects empty files and non-arrays', () => {
    expect(errorOf('  \n').message).toBe('inv.json: empty file (expected a JSON array of resources)');
    expect(errorOf('{"resources": []}').message).toBe(
      'inv.json: expected a JSON array of resources, found an object',
    );
  });

  it('lists at most 50 problems', () => {
    const records = Array.from({ length: 60 }, (_, index) => ({ ...ec2, id: `i-${index}`, type: 'nope' }));
    const lines = errorOf(JSON.stringify(records)).message.split('\n');
    expect(lines).toHaveLength(51);
    expect(lines[50]).toBe('… and 10 more');
  });
});

describe('readInventory', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('reads a file and names it as given in messages', async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    await writeFiles(temp.dir, { 'inv.json': [ec2, gp2] });
    expect(await readInventory(join(temp.dir, 'inv.json'))).toHaveLength(2);
    await expect(
      readInventory(join(temp.dir, 'missing.json'), { displayName: 'missing.json' }),
    ).rejects.toThrow('missing.json: no such file');
  });
});
