import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsCsv, runBin, tempDir, writeFiles } from './test-helpers.js';

// The real bin in a child process, run from the repository root as `pnpm finops-autopilot` does.
let dir = '';
let cleanup: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, {
    'inv.json': [{ id: 'i-0abc', provider: 'aws', service: 'ec2', region: 'us-east-1', type: 'm5.xlarge' }],
    'bad-type.json': [
      { id: 'i-0abc', provider: 'aws', service: 'ec2', region: 'us-east-1', type: 'm5.xlarge' },
      { id: 'i-0def', provider: 'aws', service: 'ec2', region: 'us-east-1', type: 'm5.xxl' },
    ],
    'malformed.json': '[\n  {"id": "i-0abc", "service": "ec2" "type": "m5.xlarge"}\n]\n',
    'metrics.csv': metricsCsv([{ resourceId: 'i-0abc', metric: 'CPUUtilization', value: () => 10 }], 48),
    'bad-value.csv':
      'resource_id,timestamp,metric,value\ni-0abc,2026-07-06T00:00:00Z,CPUUtilization,12\ni-0abc,2026-07-06T01:00:00Z,CPUUtilization,abc\n',
  });
});
afterAll(async () => cleanup?.());

describe('finops-autopilot schedule parse', () => {
  it('prints the parsed offhours tag as JSON', async () => {
    const run = await runBin(['schedule', 'parse', 'off=[(M-F,19),(U,18)];on=[(M-F,7)];tz=pt'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      off: [
        { days: [0, 1, 2, 3, 4], hour: 19 },
        { days: [6], hour: 18 },
      ],
      on: [{ days: [0, 1, 2, 3, 4], hour: 7 }],
      tz: 'pt',
    });
  });

  it('uses --default-tz for tags without tz=', async () => {
    const run = await runBin(['schedule', 'parse', 'off=(M-F,19)', '--default-tz', 'utc'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ tz: 'utc' });
  });

  it('exits 2 with the reason for an invalid tag', async () => {
    const run = await runBin(['schedule', 'parse', 'off=[(M-X,19)]'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('off=[(M-X,19)]: unknown day "x"');
  });

  it('exits 2 with usage for a missing tag', async () => {
    const run = await runBin(['schedule', 'parse'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing the offhours tag');
    expect(run.stderr).toContain('Usage: finops-autopilot schedule parse');
  });
});

describe('finops-autopilot analyze: bad input exits 2 and writes nothing', () => {
  it.each([
    ['a missing file', ['-i', 'nope.json', '-m', 'metrics.csv'], 'nope.json: no such file'],
    [
      'malformed JSON',
      ['-i', 'malformed.json', '-m', 'metrics.csv'],
      "malformed.json: 2:37: malformed JSON: expected ',' or '}', found '\"'",
    ],
    [
      'an unknown instance type',
      ['-i', 'bad-type.json', '-m', 'metrics.csv'],
      'bad-type.json: [1].type: unknown ec2 instance type "m5.xxl" in us-east-1',
    ],
    [
      'a non-numeric value',
      ['-i', 'inv.json', '-m', 'bad-value.csv'],
      'bad-value.csv:3: value "abc" is not a number',
    ],
    [
      'a bad option value',
      ['-i', 'inv.json', '-m', 'metrics.csv', '--lookback-days', 'two'],
      '--lookback-days: "two" is not a number',
    ],
    [
      'an out-of-range option',
      ['-i', 'inv.json', '-m', 'metrics.csv', '--headroom', '9'],
      '--headroom: must be between 0 and 5, got 9',
    ],
    [
      'an unknown percentile',
      ['-i', 'inv.json', '-m', 'metrics.csv', '--percentile', 'p42'],
      '--percentile: must be one of',
    ],
  ])('%s', async (_, args, message) => {
    const run = await runBin(['analyze', ...args, '--out', 'out.json'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });
});

describe('finops-autopilot', () => {
  it('prints help and version, and exits 2 with usage for an unknown command', async () => {
    const help = await runBin(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('analyze');
    const version = await runBin(['--version'], dir);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const unknown = await runBin(['frobnicate'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(unknown.stderr).toContain('Usage: finops-autopilot <command>');
  });
});
