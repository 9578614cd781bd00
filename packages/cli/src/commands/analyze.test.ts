import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createThresholdEngine } from '@finops-autopilot/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { METRICS_START, memoryIo, metricsCsv, noise, tempDir, writeFiles } from '../test-helpers.js';
import { runAnalyze } from './analyze.js';
import { parseAnalyzeArgs } from './analyze-args.js';

const HOURS = 14 * 24;
const inventory = [
  { id: 'i-big', provider: 'aws', service: 'ec2', region: 'us-east-1', type: 'm5.2xlarge' },
  { id: 'i-new', provider: 'aws', service: 'ec2', region: 'us-east-1', type: 'm5.large' },
  {
    id: 'vol-1',
    provider: 'aws',
    service: 'ebs',
    region: 'us-east-1',
    type: 'gp2',
    sizeGiB: 500,
    attachedTo: 'i-big',
  },
];
// i-big: ~10 % CPU for 14 days; i-other-account: not in the inventory; i-new: only 36 hours.
const metrics =
  metricsCsv(
    [
      {
        resourceId: 'i-big',
        metric: 'CPUUtilization',
        value: (index) => Math.round(1000 + 200 * noise(index)) / 100,
      },
      { resourceId: 'i-other-account', metric: 'CPUUtilization', value: () => 30 },
    ],
    HOURS,
  ) +
  metricsCsv([{ resourceId: 'i-new', metric: 'CPUUtilization', value: () => 30 }], 36).replace(
    /^[^\n]*\n/,
    '',
  );

const engine = createThresholdEngine({ minHours: 48 });

describe('analyze (with an injected engine)', () => {
  let dir = '';
  let cleanup: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    await writeFiles(dir, { 'inv.json': inventory, 'metrics.csv': metrics });
  });
  afterEach(async () => cleanup?.());

  const run = async (...args: string[]) => {
    const io = memoryIo(dir);
    const code = await main(args, io, { analyze: { engine } });
    return { code, stdout: io.out(), stderr: io.err() };
  };

  it('prints JSON recommendations, diagnostics, warnings and a summary', async () => {
    const { code, stdout, stderr } = await run(
      'analyze',
      '--inventory',
      'inv.json',
      '--metrics',
      'metrics.csv',
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      key: 'i-big|rightsize|resize:m5.large',
      resourceId: 'i-big',
      kind: 'rightsize',
      action: { type: 'resize', from: 'm5.2xlarge', to: 'm5.large' },
      currency: 'USD',
      engine: 'threshold',
    });
    expect(out[0]!['estimatedMonthlySavings']).toBeGreaterThan(0);
    expect(stderr.split('\n')).toEqual([
      'metrics.csv:338: resource "i-other-account" is not in the inventory; its 336 rows are skipped',
      'i-new: 36.0 h of CPUUtilization; 48 h needed',
      expect.stringMatching(/^3 resources, 1 recommendation, total USD \d+\.\d\d\/month$/),
      '',
    ]);
  });

  it('leaves diagnostics out with --quiet and prints a table or CSV on request', async () => {
    const table = await run('analyze', '-i', 'inv.json', '-m', 'metrics.csv', '--format', 'table', '--quiet');
    expect(table.stdout).toMatch(/^RESOURCE\s+KIND/);
    expect(table.stdout).toMatch(/m5\.2xlarge → m5\.large/);
    expect(table.stderr).not.toContain('i-new');
    const csv = await run('analyze', '-i', 'inv.json', '-m', 'metrics.csv', '-f', 'csv');
    expect(csv.stdout.split('\n')[1]).toMatch(/^i-big,rightsize,resize,m5\.2xlarge,m5\.large,\d+\.\d\d,USD,/);
  });

  it('writes --out atomically and nothing to stdout', async () => {
    const { code, stdout } = await run(
      'analyze',
      '-i',
      'inv.json',
      '-m',
      'metrics.csv',
      '--out',
      'out/../recs.json',
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(JSON.parse(await readFile(join(dir, 'recs.json'), 'utf8'))).toHaveLength(1);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects an --out in a missing directory before analyzing (exit code 2)', async () => {
    const { code, stderr } = await run(
      'analyze',
      '-i',
      'inv.json',
      '-m',
      'metrics.csv',
      '-o',
      'nowhere/recs.json',
    );
    expect(code).toBe(2);
    expect(stderr).toBe('finops-autopilot analyze: --out: directory "nowhere" does not exist\n');
  });

  it('analyzes at the latest metric timestamp + one period unless --now is given', async () => {
    const parsed = parseAnalyzeArgs(['-i', 'inv.json', '-m', 'metrics.csv'], { ...memoryIo(dir) });
    if (parsed === 'help') throw new Error('unexpected help');
    expect((await runAnalyze(parsed, { engine })).now).toBe(
      new Date(METRICS_START + HOURS * 3_600_000).toISOString(),
    );
    const at = parseAnalyzeArgs(
      ['-i', 'inv.json', '-m', 'metrics.csv', '--now', '2026-07-30T00:00:00+02:00'],
      memoryIo(dir),
    );
    if (at === 'help') throw new Error('unexpected help');
    expect((await runAnalyze(at, { engine })).now).toBe('2026-07-29T22:00:00.000Z');
  });

  it.each([
    [['--inventory', 'missing.json', '-m', 'metrics.csv'], 'missing.json: no such file'],
    [['-i', 'inv.json', '-m', 'missing.csv'], 'missing.csv: no such file'],
    [
      ['-i', 'bad.json', '-m', 'metrics.csv'],
      'bad.json: [0].type: unknown ec2 instance type "m5.xxl" in us-east-1;',
    ],
    [['-i', 'inv.json', '-m', 'bad.csv'], 'bad.csv:3: value "abc" is not a number'],
    [
      ['-i', 'inv.json', '-m', 'metrics.csv', '--headroom', 'lots'],
      'finops-autopilot analyze: --headroom: "lots" is not a number',
    ],
    [
      ['-i', 'inv.json', '-m', 'metrics.csv', '--format', 'xml'],
      '--format: must be one of json, csv, table, got "xml"',
    ],
    [
      ['-i', 'inv.json', '-m', 'metrics.csv', '--now', 'today'],
      '--now: date-time "today" is not an ISO-8601 date-time',
    ],
    [['-i', 'inv.json', '-m', 'metrics.csv', '--rules', 'rightsize,magic'], '--rules: unknown rule "magic"'],
    [['-i', 'inv.json'], '--metrics FILE is required'],
    [['-m', 'metrics.csv', '-i'], "finops-autopilot analyze: option '-i' needs a value"],
    [['-i', 'inv.json', '-m', 'metrics.csv', '--quiet=yes'], "option '--quiet' does not take a value"],
    [
      ['-i', 'inv.json', '-m', 'metrics.csv', '--bogus'],
      "finops-autopilot analyze: unknown option '--bogus'",
    ],
  ])('exits 2 and writes nothing for %j', async (args, message) => {
    await writeFiles(dir, {
      'bad.json': [{ id: 'i-1', service: 'ec2', type: 'm5.xxl' }],
      'bad.csv':
        'resource_id,timestamp,metric,value\ni-big,2026-07-06T00:00:00Z,CPUUtilization,1\ni-big,2026-07-06T01:00:00Z,CPUUtilization,abc\n',
    });
    const { code, stdout, stderr } = await run('analyze', ...args, '--out', 'never.json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });
});

describe('main', () => {
  it('prints help and version, and rejects unknown commands with exit code 2', async () => {
    const help = memoryIo();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out()).toMatch(/^Usage: finops-autopilot <command>/);
    const analyzeHelp = memoryIo();
    expect(await main(['analyze', '--help'], analyzeHelp)).toBe(0);
    for (const option of [
      '--inventory',
      '--metrics',
      '--region',
      '--format',
      '--out',
      '--now',
      '--percentile',
      '--headroom',
      '--lookback-days',
      '--min-hours',
      '--timezone',
    ]) {
      expect(analyzeHelp.out()).toContain(option);
    }
    expect(analyzeHelp.out()).toContain('(default: p99.5)');
    const scheduleHelp = memoryIo();
    expect(await main(['help', 'schedule'], scheduleHelp)).toBe(0);
    expect(scheduleHelp.out()).toContain('--default-tz TZ');
    const version = memoryIo();
    expect(await main(['--version'], version)).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
    const unknown = memoryIo();
    expect(await main(['optimize'], unknown)).toBe(2);
    expect(unknown.err()).toMatch(
      /^finops-autopilot: unknown command 'optimize'.*\n\nUsage: finops-autopilot <command>/s,
    );
    const none = memoryIo();
    expect(await main([], none)).toBe(2);
    expect(none.err()).toMatch(/^Usage:/);
  });
});
