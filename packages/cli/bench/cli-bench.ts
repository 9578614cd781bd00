/**
 * Benchmark: `finops-autopilot analyze` end to end on 10,000 EC2 instances ×
 * 14 days of hourly CPUUtilization read from CSV (3.36 million rows), as a user
 * would run it. Prints the median wall time of several runs and the peak RSS.
 *
 *   pnpm --filter @finops-autopilot/cli bench [-- --resources 10000 --runs 3]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { resources: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } },
});
const count = Number(values.resources);
const runs = Number(values.runs);
const hours = 14 * 24;
const types = ['m5.large', 'm5.xlarge', 'm5.2xlarge', 'm5.4xlarge', 'c5.2xlarge', 'r5.xlarge'];

const directory = mkdtempSync(join(tmpdir(), 'finops-cli-bench-'));
const inventoryPath = join(directory, 'inventory.json');
const metricsPath = join(directory, 'metrics.csv');
const outPath = join(directory, 'recommendations.json');

const inventory = Array.from({ length: count }, (_, index) => ({
  id: `i-${index.toString(16).padStart(8, '0')}`,
  provider: 'aws',
  service: 'ec2',
  region: 'us-east-1',
  type: types[index % types.length],
  tags: { env: index % 3 === 0 ? 'prod' : 'dev' },
}));
writeFileSync(inventoryPath, JSON.stringify(inventory));

const end = Date.parse('2026-01-15T00:00:00Z');
const stream = createWriteStream(metricsPath);
const write = (text: string) =>
  new Promise<void>((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', resolve);
  });
await write('resource_id,timestamp,metric,value\n');
for (let index = 0; index < count; index++) {
  const id = inventory[index]!.id;
  const level = index % 10 < 5 ? 8 : index % 10 < 8 ? 45 : index % 10 === 8 ? 0.5 : 92;
  let chunk = '';
  for (let hour = 0; hour < hours; hour++) {
    const at = new Date(end - (hours - hour) * 3_600_000).toISOString();
    const value = Math.min(
      100,
      level * (0.8 + 0.4 * Math.sin((hour / 24) * 2 * Math.PI) + ((index * 7 + hour) % 5) / 50),
    );
    chunk += `${id},${at},CPUUtilization,${value.toFixed(3)}\n`;
  }
  await write(chunk);
}
await new Promise<void>((resolve) => stream.end(resolve));
const rows = count * hours;
console.log(
  `generated ${count.toLocaleString()} resources, ${rows.toLocaleString()} metric rows (${(statSync(metricsPath).size / 1024 ** 2).toFixed(0)} MiB)`,
);

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const node = [process.execPath, '--import', 'tsx', '--conditions=dev-source', bin];
const args = ['analyze', '--inventory', inventoryPath, '--metrics', metricsPath, '--out', outPath, '--quiet'];
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const samples: number[] = [];
let peakKiB = 0;
for (let run = 0; run < runs; run++) {
  rmSync(outPath, { force: true });
  const started = performance.now();
  const result = timeBin
    ? spawnSync(timeBin, ['-f', 'maxrss_kib=%M', ...node, ...args], { encoding: 'utf8' })
    : spawnSync(node[0]!, [...node.slice(1), ...args], { encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    console.error(result.stderr);
    process.exit(1);
  }
  samples.push(elapsed);
  const rss = /maxrss_kib=(\d+)/.exec(result.stderr ?? '');
  if (rss) peakKiB = Math.max(peakKiB, Number(rss[1]));
}
samples.sort((left, right) => left - right);
const median = samples[Math.floor(samples.length / 2)]! / 1000;
const recommendations = (
  JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(outPath, 'utf8'))) as unknown[]
).length;
console.log(
  `analyze end to end: median ${median.toFixed(2)} s over ${runs} runs (process start, CSV streaming, engine, JSON out); ${recommendations.toLocaleString()} recommendations`,
);
console.log(
  `  ${Math.round(rows / median).toLocaleString()} rows/s; peak RSS ${peakKiB ? `${(peakKiB / 1024).toFixed(0)} MiB` : 'not measured'}`,
);
console.log(`target: ≤ 10 s → ${median <= 10 ? 'met' : 'MISSED'}`);
rmSync(directory, { recursive: true, force: true });
