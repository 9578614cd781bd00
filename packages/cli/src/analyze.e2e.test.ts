import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOURS_PER_MONTH } from '@finops-autopilot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsCsv, noise, runBin, tempDir, writeFiles } from './test-helpers.js';

// The real bin with the real heuristic engine, on a small generated account:
// an m5.2xlarge at ~10 % CPU for 14 days and a 500 GiB gp2 volume attached to it.
const HOURS = 14 * 24;
let dir = '';
let cleanup: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, {
    'inv.json': [
      { id: 'i-0big', provider: 'aws', service: 'ec2', region: 'us-east-1', type: 'm5.2xlarge' },
      {
        id: 'vol-0data',
        provider: 'aws',
        service: 'ebs',
        region: 'us-east-1',
        type: 'gp2',
        sizeGiB: 500,
        attachedTo: 'i-0big',
      },
    ],
    'metrics.csv': metricsCsv(
      [
        {
          resourceId: 'i-0big',
          metric: 'CPUUtilization',
          value: (index) => Math.round(1000 + 150 * noise(index)) / 100,
        },
        {
          resourceId: 'i-0big',
          metric: 'NetworkIn',
          value: (index) => Math.round(4e7 * (1.1 + noise(index, 2))),
        },
        {
          resourceId: 'i-0big',
          metric: 'NetworkOut',
          value: (index) => Math.round(2e7 * (1.1 + noise(index, 3))),
        },
        {
          resourceId: 'vol-0data',
          metric: 'VolumeReadOps',
          value: (index) => Math.round(90_000 * (1.1 + noise(index, 4))),
        },
        {
          resourceId: 'vol-0data',
          metric: 'VolumeWriteOps',
          value: (index) => Math.round(40_000 * (1.1 + noise(index, 5))),
        },
      ],
      HOURS,
    ),
  });
});
afterAll(async () => cleanup?.());

interface OutputRecommendation {
  key: string;
  resourceId: string;
  kind: string;
  action: { type: string; from?: string; to?: string };
  estimatedMonthlySavings: number;
  currency: string;
  confidence: number;
  risk: string;
  engine: string;
  title: string;
  calculation: { method: string; formula: string; steps: unknown[] };
}

describe('finops-autopilot analyze with the heuristic engine', () => {
  it('rightsizes the over-provisioned instance and moves the gp2 volume to a cheaper tier', async () => {
    const run = await runBin(['analyze', '--inventory', 'inv.json', '--metrics', 'metrics.csv'], dir);
    expect(run.code, run.stderr).toBe(0);
    const recommendations = JSON.parse(run.stdout) as OutputRecommendation[];

    const rightsize = recommendations.find((item) => item.kind === 'rightsize');
    expect(rightsize).toMatchObject({
      resourceId: 'i-0big',
      action: { type: 'resize', from: 'm5.2xlarge', to: expect.any(String) },
      currency: 'USD',
      engine: 'heuristic',
    });
    expect(rightsize!.action.to).not.toBe('m5.2xlarge');
    expect(rightsize!.estimatedMonthlySavings).toBeGreaterThan(0);
    expect(rightsize!.estimatedMonthlySavings).toBeLessThan(0.384 * HOURS_PER_MONTH);
    expect(rightsize!.key).toBe(`i-0big|rightsize|resize:${rightsize!.action.to}`);
    expect(rightsize!.calculation.steps.length).toBeGreaterThan(0);

    const storage = recommendations.find((item) => item.kind === 'storage-tier');
    expect(storage).toMatchObject({ resourceId: 'vol-0data', action: { from: 'gp2' } });
    expect(storage!.estimatedMonthlySavings).toBeGreaterThan(0);

    const total = recommendations.reduce((sum, item) => sum + item.estimatedMonthlySavings, 0);
    const summary = run.stderr.trimEnd().split('\n').at(-1);
    expect(summary).toBe(
      `2 resources, ${recommendations.length} recommendation${recommendations.length === 1 ? '' : 's'}, ` +
        `total USD ${total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}/month`,
    );
  });

  it('writes CSV and a table to --out', async () => {
    const csv = await runBin(
      ['analyze', '-i', 'inv.json', '-m', 'metrics.csv', '-f', 'csv', '-o', 'recs.csv'],
      dir,
    );
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe('');
    const rows = (await readFile(join(dir, 'recs.csv'), 'utf8')).trimEnd().split('\n');
    expect(rows[0]).toMatch(
      /^resource_id,kind,action,from,to,estimated_monthly_savings,currency,confidence,risk,title,/,
    );
    expect(rows.some((row) => row.startsWith('i-0big,rightsize,resize,m5.2xlarge,'))).toBe(true);
    expect(rows.some((row) => row.startsWith('vol-0data,storage-tier,'))).toBe(true);

    const table = await runBin(
      ['analyze', '-i', 'inv.json', '-m', 'metrics.csv', '-f', 'table', '-o', 'recs.txt'],
      dir,
    );
    expect(table.code, table.stderr).toBe(0);
    const text = await readFile(join(dir, 'recs.txt'), 'utf8');
    expect(text).toMatch(/^RESOURCE\s+KIND\s+ACTION/);
    expect(text).toMatch(/m5\.2xlarge → \S+/);
    expect(text).toMatch(/\nTOTAL \$[\d,]+\.\d\d\/month \(\d+ recommendations?\)\n$/);
  });
});
