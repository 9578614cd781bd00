import { join } from 'node:path';
import { metricSeriesSchema } from '@finops-autopilot/core';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { METRICS_START, metricsCsv, tempDir, writeFiles } from '../test-helpers.js';
import { parseMetricsCsv, readMetricsCsv } from './metrics-csv.js';

const HOUR = 3_600_000;

function lines(text: string) {
  const all = text.split('\n');
  return () => all;
}

async function errorOf(text: string, options: { maxErrors?: number } = {}): Promise<string> {
  try {
    await parseMetricsCsv(lines(text), { displayName: 'metrics.csv', ...options });
  } catch (error) {
    if (error instanceof CliError) {
      expect(error.exitCode).toBe(2);
      return error.message;
    }
    throw error;
  }
  throw new Error('expected the metrics to be rejected');
}

describe('parseMetricsCsv', () => {
  it('reads hourly series per resource and metric, with unit and period', async () => {
    const csv = metricsCsv(
      [
        { resourceId: 'i-1', metric: 'CPUUtilization', value: (index) => index },
        { resourceId: 'i-1', metric: 'NetworkIn', value: (index) => index * 1000 },
        { resourceId: 'vol-1', metric: 'VolumeReadOps', value: () => 7 },
      ],
      48,
    );
    const result = await parseMetricsCsv(lines(csv));
    expect(result.rows).toBe(144);
    expect(result.series.map((series) => [series.resourceId, series.metric, series.unit])).toEqual([
      ['i-1', 'CPUUtilization', 'Percent'],
      ['i-1', 'NetworkIn', 'Bytes'],
      ['vol-1', 'VolumeReadOps', 'Count'],
    ]);
    const cpu = result.series[0]!;
    expect(cpu.periodSeconds).toBe(3600);
    expect(cpu.statistic).toBe('Average');
    expect(cpu.timestamps[0]).toBe(METRICS_START);
    expect(cpu.timestamps[47]).toBe(METRICS_START + 47 * HOUR);
    expect(cpu.values[47]).toBe(47);
    expect(result.end).toBe(METRICS_START + 48 * HOUR);
    for (const series of result.series) expect(metricSeriesSchema.safeParse(series).success).toBe(true);
  });

  it('infers a 5-minute period from the smallest gap, despite missing points', async () => {
    const csv = metricsCsv([{ resourceId: 'i-1', metric: 'CPUUtilization', value: () => 3 }], 288, 5);
    const withGap = csv
      .split('\n')
      .filter((_, index) => index < 10 || index > 20)
      .join('\n');
    const [series] = (await parseMetricsCsv(lines(withGap))).series;
    expect(series!.periodSeconds).toBe(300);
    expect(series!.timestamps).toHaveLength(288 - 11);
  });

  it('sorts rows that come out of order, and takes offsets, CRLF, a BOM, quotes and any column order', async () => {
    const text = [
      '\uFEFFmetric,value,timestamp,resource_id\r',
      'CPUUtilization,3,2026-07-06T02:00:00Z,i-1\r',
      'CPUUtilization,1,2026-07-06T00:00:00Z,"i-1"\r',
      'CPUUtilization,2,2026-07-06T03:00:00+02:00,i-1\r',
      'custom_metric,-4.5,2026-07-06T00:00:00.000Z,i-1\r',
      '',
    ].join('\n');
    const result = await parseMetricsCsv(lines(text));
    const cpu = result.series.find((series) => series.metric === 'CPUUtilization')!;
    expect(cpu.timestamps).toEqual([METRICS_START, METRICS_START + HOUR, METRICS_START + 2 * HOUR]);
    expect(cpu.values).toEqual([1, 2, 3]);
    expect(result.series.find((series) => series.metric === 'custom_metric')).toMatchObject({
      unit: 'None',
      values: [-4.5],
      periodSeconds: 3600,
    });
  });

  it('skips rows of resources not in the inventory, with one warning per resource', async () => {
    const csv = metricsCsv(
      [
        { resourceId: 'i-1', metric: 'CPUUtilization', value: () => 5 },
        { resourceId: 'i-gone', metric: 'CPUUtilization', value: () => 5 },
      ],
      3,
    );
    const result = await parseMetricsCsv(lines(csv), {
      displayName: 'metrics.csv',
      resourceIds: new Set(['i-1']),
    });
    expect(result.series.map((series) => series.resourceId)).toEqual(['i-1']);
    expect(result.skippedRows).toBe(3);
    expect(result.warnings).toEqual([
      'metrics.csv:5: resource "i-gone" is not in the inventory; its 3 rows are skipped',
    ]);
  });
});

describe('parseMetricsCsv: errors name file, line and reason', () => {
  const header = 'resource_id,timestamp,metric,value';
  const row = (time: string, value = '1', id = 'i-1', metric = 'CPUUtilization') =>
    `${id},${time},${metric},${value}`;

  it.each([
    [
      'a non-numeric value',
      [header, row('2026-07-06T00:00:00Z', 'abc')],
      'metrics.csv:2: value "abc" is not a number',
    ],
    ['an empty value', [header, row('2026-07-06T00:00:00Z', '')], 'metrics.csv:2: value "" is not a number'],
    [
      'a bad timestamp',
      [header, row('2026-07-06T00:00:00Z'), row('yesterday')],
      'metrics.csv:3: timestamp "yesterday" is not an ISO-8601 date-time (e.g. 2026-07-01T00:00:00Z)',
    ],
    [
      'a timestamp without zone',
      [header, row('2026-07-06T00:00:00')],
      'metrics.csv:2: timestamp "2026-07-06T00:00:00" has no time zone (add Z for UTC)',
    ],
    [
      'an impossible date',
      [header, row('2026-02-30T00:00:00Z')],
      'metrics.csv:2: timestamp "2026-02-30T00:00:00Z" is not a valid date-time',
    ],
    [
      'an unknown column',
      ['resource_id,timestamp,metric,value,unit'],
      'metrics.csv:1: unknown column "unit" in the header (expected resource_id,timestamp,metric,value)',
    ],
    [
      'a missing column',
      ['resource_id,timestamp,value'],
      'metrics.csv:1: missing column metric (expected resource_id,timestamp,metric,value)',
    ],
    [
      'a wrong column count',
      [header, 'i-1,2026-07-06T00:00:00Z,CPUUtilization'],
      'metrics.csv:2: expected 4 columns, found 3',
    ],
    [
      'an unterminated quote',
      [header, '"i-1,2026-07-06T00:00:00Z,CPUUtilization,1'],
      'metrics.csv:2: unterminated quoted field (fields cannot span lines)',
    ],
    [
      'a CPU above 100 %',
      [header, row('2026-07-06T00:00:00Z', '250')],
      'metrics.csv:2: CPUUtilization value 250 is outside 0..100 (percent)',
    ],
    [
      'an empty file',
      [''],
      'metrics.csv: empty file (expected the header resource_id,timestamp,metric,value)',
    ],
  ])('%s', async (_, rows, message) => {
    expect(await errorOf(rows.join('\n'))).toBe(message);
  });

  it('reports a duplicate timestamp in order at once, with the first line', async () => {
    const text = [
      header,
      row('2026-07-06T00:00:00Z'),
      row('2026-07-06T01:00:00Z'),
      row('2026-07-06T01:00:00Z'),
    ];
    expect(await errorOf(text.join('\n'))).toBe(
      'metrics.csv:4: duplicate timestamp 2026-07-06T01:00:00Z for i-1 CPUUtilization (first at line 3)',
    );
  });

  it('locates a duplicate timestamp out of order with a second pass', async () => {
    const text = [
      header,
      row('2026-07-06T02:00:00Z'),
      row('2026-07-06T00:00:00Z'),
      row('2026-07-06T01:00:00Z', '1', 'i-2'),
      row('2026-07-06T02:00:00.000Z', '3'),
    ];
    expect(await errorOf(text.join('\n'))).toBe(
      'metrics.csv:5: duplicate timestamp 2026-07-06T02:00:00.000Z for i-1 CPUUtilization (first at line 2)',
    );
  });

  it('collects several errors and stops after maxErrors', async () => {
    const text = [
      header,
      ...Array.from({ length: 10 }, (_, index) => row(`2026-07-06T0${index}:00:00Z`, 'x')),
    ];
    const message = await errorOf(text.join('\n'), { maxErrors: 3 });
    expect(message.split('\n')).toEqual([
      'metrics.csv:2: value "x" is not a number',
      'metrics.csv:3: value "x" is not a number',
      'metrics.csv:4: value "x" is not a number',
      'metrics.csv: stopped after 3 errors',
    ]);
  });
});

describe('readMetricsCsv', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('streams a file and reports a missing one as bad input', async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    await writeFiles(temp.dir, {
      'metrics.csv': metricsCsv([{ resourceId: 'i-1', metric: 'CPUUtilization', value: () => 10 }], 24),
    });
    const result = await readMetricsCsv(join(temp.dir, 'metrics.csv'));
    expect(result.series[0]!.values).toHaveLength(24);
    await expect(readMetricsCsv(join(temp.dir, 'nope.csv'), { displayName: 'nope.csv' })).rejects.toThrow(
      'nope.csv: no such file',
    );
    await expect(readMetricsCsv(temp.dir, { displayName: 'dir' })).rejects.toThrow(
      'dir: is a directory, not a file',
    );
  });
});
